"""The log file: where it goes, what level reaches it, rotation, and failing quietly."""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ito_desktop.core import logsetup
from ito_desktop.core.logsetup import reset_logging, setup_logging

log = logging.getLogger("ito_desktop.tests.logsetup")


@pytest.fixture(autouse=True)
def _clean_logging() -> Iterator[None]:
    yield
    reset_logging()


def test_info_goes_to_the_file_and_debug_only_when_verbose(tmp_path: Path) -> None:
    path = setup_logging(folder=tmp_path)
    assert path == tmp_path / "ito-review.log"
    log.info("read contract.pdf: 3 pages")
    log.debug("quoted text from the contract")
    text = path.read_text(encoding="utf-8")
    assert "INFO ito_desktop.tests.logsetup" in text
    assert "read contract.pdf: 3 pages" in text
    assert "quoted text" not in text

    stream = io.StringIO()
    setup_logging(folder=tmp_path, verbose=True, stream=stream)
    log.debug("now with details")
    assert "now with details" in path.read_text(encoding="utf-8")
    assert "ito-review: DEBUG: ito_desktop.tests.logsetup: now with details" in stream.getvalue()


def test_setting_up_twice_does_not_double_lines(tmp_path: Path) -> None:
    setup_logging(folder=tmp_path)
    path = setup_logging(folder=tmp_path)
    assert path is not None
    log.warning("once")
    assert path.read_text(encoding="utf-8").count("once") == 1


def test_the_file_rotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logsetup, "MAX_BYTES", 2_000)
    path = setup_logging(folder=tmp_path)
    assert path is not None
    for index in range(100):
        log.info("line %d of a long session", index)
    assert (tmp_path / "ito-review.log.1").exists()
    assert not (tmp_path / "ito-review.log.4").exists()  # three backups at most
    assert path.stat().st_size <= 2_000


def test_python_warnings_reach_the_log_not_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = setup_logging(folder=tmp_path)
    assert path is not None
    logging.getLogger("py.warnings").warning("a library complained")
    assert "a library complained" in path.read_text(encoding="utf-8")
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_no_log_folder_means_no_log_and_no_noise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should be", encoding="utf-8")
    assert setup_logging(folder=blocker / "log") is None
    log.warning("nowhere to go")
    assert capsys.readouterr().err == ""


def test_a_log_file_that_fails_later_goes_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = setup_logging(folder=tmp_path)
    assert path is not None
    log.info("first")
    path.unlink()
    os.mkdir(path)  # the handler's next rollover or reopen cannot use this name
    handler = next(h for h in logging.getLogger("ito_desktop").handlers
                   if isinstance(h, logging.FileHandler))
    handler.close()  # force a reopen on the next record
    log.info("second")
    assert capsys.readouterr().err == ""


def test_default_folder_is_the_platform_log_folder() -> None:
    folder = logsetup.log_folder()
    assert "ITO Review" in str(folder)
