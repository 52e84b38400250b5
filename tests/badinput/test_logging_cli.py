"""The command line's log: every run leaves a trace, no contract text above DEBUG, --verbose."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from ito_desktop.cli import main as cli
from ito_desktop.core import logsetup
from ito_desktop.core.ingest.registry import read_document
from tests.badinput.cli_runner import run_cli
from tests.badinput.make_corpus import SAMPLE_DOCX, Case

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the log folder is redirected with XDG_STATE_HOME"
)


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}


def _log_text(tmp_path: Path) -> str:
    files = sorted((tmp_path / "state").rglob("ito-review.log*"))
    assert files, "no log file was written"
    return "".join(file.read_text(encoding="utf-8") for file in files)


def _contract_phrases() -> list[str]:
    """Stretches of the sample's own wording, long enough to be unmistakable."""
    document = read_document(SAMPLE_DOCX)
    phrases = []
    for block in document.blocks:
        words = block.text.split()
        if len(words) >= 8:
            phrases.append(" ".join(words[2:8]))
    return phrases


def test_a_run_is_logged_without_contract_text(tmp_path: Path, bad_corpus: dict[str, Case]) -> None:
    env = _env(tmp_path)
    assert run_cli(["analyze", str(SAMPLE_DOCX), "--no-user-library"], env=env).returncode == 0
    refused = bad_corpus["scanned_pdf"].path
    run = run_cli(["analyze", str(refused), "--no-user-library"], env=env)
    assert run.returncode == 2
    text = _log_text(tmp_path)
    assert re.search(r"INFO ito_desktop\.cli \[\d+\]: ito-review [\d.]+: analyze", text)
    assert "read sample_msa.docx: docx" in text
    assert "not read: scanned.pdf has no text layer" in text
    assert "DEBUG" not in text
    phrases = _contract_phrases()
    assert len(phrases) > 100
    leaked = [phrase for phrase in phrases if phrase in text]
    assert leaked == []


def test_verbose_echoes_the_log_to_stderr(tmp_path: Path, bad_corpus: dict[str, Case]) -> None:
    refused = bad_corpus["random_pdf"].path
    run = run_cli(["analyze", str(refused), "--verbose"], env=_env(tmp_path))
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert lines[-1] == (
        "ito-review: error: random.pdf is not a PDF file (it does not start like one)."
    )
    assert any(line.startswith("ito-review: DEBUG: ") and "first bytes" in line for line in lines)
    assert "DEBUG" in _log_text(tmp_path)
    # The flag works before the command as well.
    again = run_cli(["-v", "analyze", str(refused)], env=_env(tmp_path))
    assert again.returncode == 2
    assert len(again.stderr.strip().splitlines()) > 1


def test_an_unexpected_error_is_one_line_and_a_traceback_in_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken_review(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    real_setup = logsetup.setup_logging
    monkeypatch.setattr(cli, "review", broken_review)
    monkeypatch.setattr(
        cli, "setup_logging", lambda verbose=False: real_setup(verbose=verbose, folder=tmp_path)
    )
    try:
        assert cli.main(["analyze", str(SAMPLE_DOCX), "--no-user-library"]) == 2
    finally:
        logsetup.reset_logging()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "sample_msa.docx: unexpected error (RuntimeError: simulated bug)" in err[0]
    assert str(tmp_path / "ito-review.log") in err[0]
    log_text = (tmp_path / "ito-review.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log_text
    assert "RuntimeError: simulated bug" in log_text


def test_a_multi_line_message_is_printed_as_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "broken.yaml").write_text("entries:\n  - id: x\n    title: \"\x08\"\n", "utf-8")
    monkeypatch.setattr(cli, "setup_logging", lambda verbose=False: None)
    code = cli.main(["analyze", str(SAMPLE_DOCX), "--no-user-library", "--library", str(library)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "broken.yaml" in err
