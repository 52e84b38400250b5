"""Every bad input through ``ito-review analyze``: one clear line or a warning, never worse.

Each case runs in a child process with a time limit; its peak memory is measured and must
stay under 1 GB, and the input's bytes must be the same afterwards.
"""

from __future__ import annotations

import json
from concurrent.futures import Future

import pytest

from tests.badinput.cli_runner import MEMORY_LIMIT, CliRun
from tests.badinput.conftest import analyze
from tests.badinput.make_corpus import SPECS, Case, Outcome

PARAMS = [
    pytest.param(spec.name, id=spec.name, marks=[pytest.mark.heavy] if spec.heavy else [])
    for spec in SPECS
]


@pytest.mark.parametrize("name", PARAMS)
def test_bad_input_gets_a_plain_answer(
    name: str, bad_corpus: dict[str, Case], json_runs: dict[str, Future[tuple[CliRun, str, str]]]
) -> None:
    case = bad_corpus[name]
    run, before, after = json_runs[name].result()
    assert after == before, "the input was modified"
    assert "Traceback" not in run.stderr + run.stdout
    if run.peak_bytes is not None:
        assert run.peak_bytes < MEMORY_LIMIT, f"peak memory {run.peak_bytes / 1e6:.0f} MB"
    if case.secret:
        assert case.secret not in run.stdout + run.stderr
    if case.outcome is Outcome.ERROR:
        assert run.returncode == 2, run.stderr or run.stdout[:500]
        line = run.error_line()
        assert case.path.name in line
        for words in case.says:
            assert words in line
        assert run.stdout == ""
        return
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    document = json.loads(run.stdout)["document"]
    assert document["path"] == str(case.path)
    assert document["clauses"] > 0
    # The cases are small files: the "short document" notice is expected and not the subject.
    warnings = [w for w in document["warnings"] if " is short (" not in w]
    if case.outcome is Outcome.WARNING:
        assert any(all(words in warning for words in case.says) for warning in warnings), warnings
    else:
        assert warnings == []


def test_warnings_are_printed_with_the_table(bad_corpus: dict[str, Case]) -> None:
    case = bad_corpus["broken_xref_pdf"]
    run = analyze(case)
    assert run.returncode == 0, run.stderr
    assert "Warning: broken-xref.pdf is damaged (its cross-reference table is broken)" in run.stdout
    assert "Summary:" in run.stdout


def test_every_case_has_its_input(bad_corpus: dict[str, Case]) -> None:
    """The corpus holds what it says: real bytes for every case but the missing file."""
    for case in bad_corpus.values():
        if case.name == "missing_file":
            assert not case.path.exists()
        elif case.name == "folder":
            assert case.path.is_dir()
        elif not case.name.startswith("empty"):
            assert case.path.stat().st_size > 0, case.name
