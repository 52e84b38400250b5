"""``ito-review library validate``: every problem of an entry, and warnings for thin entries."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ito_desktop.cli.main import main
from ito_desktop.core.errors import LibraryProblem
from ito_desktop.core.library.loader import MIN_EXAMPLES, validate_folder
from tests.core.library.broken_library import CLI_LINES, write_broken_library

GOOD = {
    "id": "escrow_test",
    "title": "Escrow",
    "importance": "optional",
    "description": "Why it matters.",
    "headings": ["Source Code Escrow"],
    "key_terms": [["escrow"], ["source code"]],
    "examples": [
        "The Supplier shall deposit the source code with the escrow agent.",
        "The source code shall be held in escrow and updated on every release.",
        "The escrow agent shall release the source code if the Supplier becomes insolvent.",
    ],
    "guidance": {"preferred": "P", "fallback": "F", "sample_wording": "S"},
}


def _write(folder: Path, *entries: dict[str, object]) -> Path:
    data = {"category": "legal", "entries": list(entries)}
    (folder / "legal.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return folder


def test_an_invalid_id_does_not_hide_the_entrys_other_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = dict(
        GOOD,
        id="Source-Code-Escrow",
        title="",
        importance="critical",
        headings="Escrow",
        key_terms=[],
        guidance=None,
    )
    folder = _write(tmp_path, broken)

    assert main(["library", "validate", str(folder)]) == 2

    err = capsys.readouterr().err
    fields = ["id", "title", "importance", "headings", "key_terms", "guidance"]
    for field in fields:
        assert f"legal.yaml: entry 'Source-Code-Escrow': field '{field}'" in err, field
    assert "6 problems in" in err


def test_an_entry_with_fewer_examples_than_schema_asks_is_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thin = dict(GOOD, examples=GOOD["examples"][:2])  # type: ignore[index]
    folder = _write(tmp_path, thin)
    warnings: list[LibraryProblem] = []

    assert validate_folder(folder, warnings) == []  # it still loads
    assert len(warnings) == 1
    assert "entry 'escrow_test': field 'examples': 2 of the 3" in str(warnings[0])

    assert main(["library", "validate", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "warning: legal.yaml: entry 'escrow_test': field 'examples'" in err
    assert "OK, with 1 warning" in out
    assert main(["library", "validate", "--strict", str(folder)]) == 2
    assert "1 warning in" in capsys.readouterr().err


def test_a_complete_entry_gives_no_warning(tmp_path: Path) -> None:
    assert len(GOOD["examples"]) == MIN_EXAMPLES  # type: ignore[arg-type]
    warnings: list[LibraryProblem] = []
    assert validate_folder(_write(tmp_path, GOOD), warnings) == []
    assert warnings == []


def test_the_lines_for_a_broken_library_are_the_one_line_form_of_each_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_broken_library(tmp_path / "company")

    assert main(["library", "validate", str(folder)]) == 2

    out, err = capsys.readouterr()
    assert out == ""
    tally = f"6 problems and 2 warnings in {folder}"
    assert err.splitlines() == [*CLI_LINES, tally]
