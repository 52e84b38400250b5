"""Tests run the CLI in-process: its log and the user folders must be the test's, not the user's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ito_desktop.cli.main import main
from ito_desktop.core.library.loader import bundled_library_dir, user_library_dir
from ito_desktop.core.logsetup import LOG_FILE, log_folder
from ito_desktop.core.session import fallback_review_path
from ito_desktop.core.settings import settings_path

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the user folders follow XDG only on Linux"
)


def test_every_user_folder_is_the_tests_own(private_user_dirs: Path, tmp_path: Path) -> None:
    for path in (
        log_folder(),
        settings_path(),
        user_library_dir(),
        fallback_review_path(tmp_path / "contract.docx"),
    ):
        assert path.is_relative_to(private_user_dirs), path


def test_the_cli_logs_into_the_private_folder(
    private_user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["library", "validate", str(bundled_library_dir())]) == 0
    assert capsys.readouterr().out.strip().endswith(": OK")
    log = log_folder() / LOG_FILE
    assert log.is_relative_to(private_user_dirs / "state")
    assert "ito-review" in log.read_text(encoding="utf-8")
