"""A clause-library folder is data: no YAML tag builds a Python object, no alias bomb hangs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.badinput.cli_runner import MEMORY_LIMIT, run_cli
from tests.badinput.make_corpus import SAMPLE_DOCX

ENTRY = """category: legal
entries:
  - id: {id}
    title: {title}
    importance: required
    description: A test entry.
    headings: [Test]
    key_terms: [[test]]
    examples: [The parties test.]
"""


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\ncategory: legal\nentries:\n  - id: bomb\n    title: *a9\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (ENTRY.format(id="evil", title='!!python/object/apply:os.system ["touch {marker}"]'),
         "could not determine a constructor"),
        (ENTRY.format(id="evil", title="!!python/name:os.system"),
         "could not determine a constructor"),
        (_alias_bomb(), "bomb"),
    ],
    ids=["object_apply", "python_name", "alias_bomb"],
)
def test_hostile_library_is_refused_in_one_line(tmp_path: Path, content: str, expected: str
                                                ) -> None:
    marker = tmp_path / "marker"
    library = tmp_path / "library"
    library.mkdir()
    (library / "evil.yaml").write_text(content.replace("{marker}", str(marker)), "utf-8")
    run = run_cli(["analyze", str(SAMPLE_DOCX), "--no-user-library", "--library", str(library)],
                  timeout=60)
    assert not marker.exists(), "a YAML tag ran a command"
    assert run.returncode == 2
    line = run.error_line()
    assert "evil.yaml" in line
    assert expected in line
    if run.peak_bytes is not None:
        assert run.peak_bytes < MEMORY_LIMIT
