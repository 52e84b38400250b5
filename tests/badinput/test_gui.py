"""The desktop app on bad input: the same sentence as the command line, in a dialog; the
password prompt says the file is encrypted; Help > Open log folder; errors reach the log."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from ito_desktop.core.errors import ItoError
from ito_desktop.core.logsetup import reset_logging, setup_logging
from ito_desktop.core.settings import Settings
from ito_desktop.ui.dialogs.error_dialog import error_sentence
from tests.badinput.cli_runner import ERROR_PREFIX, CliRun
from tests.badinput.make_corpus import SPECS, Case, Outcome
from tests.core.ingest.pdf_factory import PASSWORD
from tests.ui.fakes import FakeRunner

if TYPE_CHECKING:
    from ito_desktop.ui.window.main_window import MainWindow

# Encrypted PDFs are not errors in the window: it asks for the password (tested below).
ASKS_PASSWORD = {"encrypted_pdf", "encrypted_pdf_wrong_password"}
ERROR_CASES = [
    pytest.param(spec.name, id=spec.name, marks=[pytest.mark.heavy] if spec.heavy else [])
    for spec in SPECS
    if spec.outcome is Outcome.ERROR and spec.name not in ASKS_PASSWORD
]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """A main window with private user folders and a synchronous job runner."""
    from ito_desktop.ui.window.main_window import MainWindow

    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt"))
    runner = FakeRunner()
    made = MainWindow(runner=runner, settings=Settings())
    qtbot.addWidget(made)
    yield made
    for dialog in list(made.dialogs):
        dialog.reject()
    made.close()
    QApplication.processEvents()
    runner.deleteLater()


def _record_errors(window: MainWindow) -> list[BaseException]:
    shown: list[BaseException] = []

    def record(error: BaseException, parent: QWidget, path: Path | None) -> QDialog:
        shown.append(error)
        return QDialog()

    window.error_dialog_factory = record
    return shown


@pytest.mark.parametrize("name", ERROR_CASES)
def test_gui_says_what_the_cli_says(
    name: str,
    window: MainWindow,
    bad_corpus: dict[str, Case],
    json_runs: dict[str, Future[tuple[CliRun, str, str]]],
) -> None:
    case = bad_corpus[name]
    shown = _record_errors(window)
    window.open_file(case.path, case.args[1] if case.args else None)
    assert len(shown) == 1, shown
    sentence = error_sentence(shown[0])
    assert isinstance(shown[0], ItoError), repr(shown[0])
    cli_line = json_runs[name].result()[0].error_line()
    assert f"{ERROR_PREFIX}{sentence}" == cli_line
    assert window.stack.currentWidget() is window.welcome


def _password_dialog(window: MainWindow) -> QDialog:
    dialogs = [d for d in window.dialogs if d.objectName() == "passwordDialog"]
    assert len(dialogs) == 1, window.dialogs
    return dialogs[0]


def test_encrypted_pdf_asks_for_the_password_and_says_it_is_encrypted(
    window: MainWindow, bad_corpus: dict[str, Case], qtbot: QtBot
) -> None:
    path = bad_corpus["encrypted_pdf"].path
    shown = _record_errors(window)
    window.open_file(path)
    dialog = _password_dialog(window)
    intro = dialog.findChild(QLabel, "passwordIntro")
    assert intro is not None
    assert "“encrypted.pdf” is encrypted" in intro.text()
    retry = dialog.findChild(QLabel, "passwordRetry")
    assert retry is not None
    assert not retry.isVisibleTo(dialog)

    dialog.password_edit.setText("wrong")  # type: ignore[attr-defined]
    dialog.accept()
    again = _password_dialog(window)
    retry = again.findChild(QLabel, "passwordRetry")
    assert retry is not None
    assert retry.isVisibleTo(again)

    with qtbot.waitSignal(window.controller.reviewOpened, timeout=30000):
        again.password_edit.setText(PASSWORD)  # type: ignore[attr-defined]
        again.accept()
    assert shown == []


def test_help_opens_the_log_folder(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from ito_desktop.core.logsetup import log_folder

    opened: list[QUrl] = []

    def opener(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", opener)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert isinstance(help_menu, QMenu)
    action = next(a for a in help_menu.actions() if a.text() == "Open &log folder")
    action.trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [log_folder()]
    assert log_folder().is_dir()


def test_log_folder_that_cannot_be_shown_is_named(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ito_desktop.ui.window.log_folder import open_log_folder

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    folder = open_log_folder(window, opener=lambda url: False)
    assert told == [f"The log folder could not be opened by the system. It is:\n{folder}"]


def test_unexpected_errors_are_logged_with_their_traceback(tmp_path: Path) -> None:
    from ito_desktop.ui.window.log_folder import logged

    path = setup_logging(folder=tmp_path)
    assert path is not None
    shown: list[BaseException] = []
    show: Callable[[BaseException], None] = logged(shown.append)
    try:
        try:
            raise ValueError("a bug in a view")
        except ValueError as error:
            show(error)
        show(ItoError("contract.pdf is damaged."))
    finally:
        logging.getLogger("ito_desktop").handlers[0].flush()
        reset_logging()
    assert len(shown) == 2
    text = path.read_text(encoding="utf-8")
    assert "ERROR ito_desktop.ui.window.log_folder" in text
    assert "Traceback (most recent call last)" in text
    assert "ValueError: a bug in a view" in text
    assert "INFO ito_desktop.ui.window.log_folder" in text
