"""A contract in a read-only folder: it is analysed, nothing is written beside it, the review
file goes to the user data folder, and an export into that folder fails with one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.badinput.cli_runner import run_cli, tree_digest, without_dac_override
from tests.badinput.make_corpus import SAMPLE_DOCX

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="the user data folder is redirected with XDG_DATA_HOME, which only Linux reads",
)

SAVE_REVIEW = """
import sys
from pathlib import Path
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.session import Decision, ReviewSession, save_session
document = read_document(Path(sys.argv[1]))
session = ReviewSession(document.path, document.sha256)
session.set_decision("insurance", Decision.NOT_APPLICABLE)
session.set_note("insurance", "Covered by the group policy.")
print(save_session(session))
"""


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str], list[str]]]:
    """A contract in a read-only folder, an environment with its own data folder, the prefix."""
    folder = tmp_path / "read only"
    folder.mkdir()
    contract = Path(shutil.copyfile(SAMPLE_DOCX, folder / "contract.docx"))
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    folder.chmod(0o555)
    try:
        yield contract, env, without_dac_override()
    finally:
        folder.chmod(0o755)


def test_analysis_writes_nothing_beside_the_contract(
    locked: tuple[Path, dict[str, str], list[str]],
) -> None:
    contract, env, prefix = locked
    before = tree_digest(contract.parent)
    run = run_cli(["analyze", str(contract), "--no-user-library"], prefix=prefix, env=env)
    assert run.returncode == 0, run.stderr
    assert "Summary:" in run.stdout
    assert tree_digest(contract.parent) == before
    assert sorted(p.name for p in contract.parent.iterdir()) == ["contract.docx"]


def test_export_into_the_read_only_folder_is_one_line(
    locked: tuple[Path, dict[str, str], list[str]],
) -> None:
    contract, env, prefix = locked
    target = contract.parent / "issues.xlsx"
    run = run_cli(["analyze", str(contract), "--no-user-library", "--format", "xlsx", "-o",
                   str(target)], prefix=prefix, env=env)
    assert run.returncode == 2
    line = run.error_line()
    assert "issues.xlsx" in line
    assert "Permission denied" in line
    assert not target.exists()
    assert sorted(p.name for p in contract.parent.iterdir()) == ["contract.docx"]


def test_review_file_falls_back_to_the_user_data_folder(
    locked: tuple[Path, dict[str, str], list[str]],
) -> None:
    contract, env, prefix = locked
    saved = subprocess.run([*prefix, sys.executable, "-c", SAVE_REVIEW, str(contract)],
                           capture_output=True, text=True, env=env, timeout=120, check=False)
    assert saved.returncode == 0, saved.stderr
    review_file = Path(saved.stdout.strip())
    assert review_file.is_relative_to(Path(env["XDG_DATA_HOME"]))
    assert review_file.is_file()
    assert sorted(p.name for p in contract.parent.iterdir()) == ["contract.docx"]

    run = run_cli(["analyze", str(contract), "--no-user-library", "--with-review", "--format",
                   "json", "--include-not-applicable"], prefix=prefix, env=env)
    assert run.returncode == 0, run.stderr
    items = {item["clause_id"]: item for item in json.loads(run.stdout)["review"]["items"]}
    assert items["insurance"]["note"] == "Covered by the group policy."
    assert items["insurance"]["decision"] == "not_applicable"
