"""Dialogs and small widgets: errors, passwords, settings, library problems, notices, welcome."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from ito_desktop.core.errors import CorruptDocument, EncryptedDocument, LibraryProblem
from ito_desktop.core.settings import Settings, Theme
from ito_desktop.ui.dialogs.error_dialog import ErrorDialog, error_details
from ito_desktop.ui.dialogs.password_dialog import PasswordDialog
from ito_desktop.ui.dialogs.settings_dialog import SettingsDialog
from ito_desktop.ui.library.library_menu import (
    LibraryProblemsDialog,
    LibraryProblemsModel,
    about_library_html,
    validate_layers,
)
from ito_desktop.ui.window.excepthook import ExceptHook
from ito_desktop.ui.window.message_bar import Level, MessageBar
from ito_desktop.ui.window.welcome_view import WelcomeView

# -- error dialog -----------------------------------------------------------------------------


def test_error_dialog_shows_the_sentence_and_copyable_details(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "contract.docx"
    error = CorruptDocument(
        "contract.docx is damaged: the Word package cannot be opened.",
        path=path,
        details="zipfile.BadZipFile: File is not a zip file",
    )
    dialog = ErrorDialog(error)
    qtbot.addWidget(dialog)
    assert dialog.message() == "contract.docx is damaged: the Word package cannot be opened."
    assert dialog.windowTitle() == "This file cannot be opened"
    details = dialog.details_text()
    assert "ito_desktop.core.errors.CorruptDocument" in details
    assert f"File: {path}" in details
    assert "File is not a zip file" in details
    assert "Traceback" not in details  # typed errors are not bugs

    assert not dialog.details_edit.isVisibleTo(dialog)
    QTest.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details_edit.isVisibleTo(dialog)
    assert dialog.details_edit.isReadOnly()
    QTest.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("contract.docx is damaged")
    assert "File is not a zip file" in copied


def test_unexpected_error_gets_a_calm_sentence_and_a_traceback(qtbot: QtBot) -> None:
    lookup: dict[str, int] = {}
    try:
        lookup["missing"]
    except KeyError as caught:
        error = caught
    dialog = ErrorDialog(error)
    qtbot.addWidget(dialog)
    assert "Something unexpected went wrong" in dialog.message()
    assert dialog.windowTitle() == "Unexpected error"
    assert "Traceback (most recent call last)" in dialog.details_text()
    assert "KeyError: 'missing'" in dialog.details_text()


def test_error_details_name_the_file_given_by_the_caller(tmp_path: Path) -> None:
    details = error_details(ValueError("bad"), tmp_path / "x.pdf")
    assert f"File: {tmp_path / 'x.pdf'}" in details
    assert "Message: bad" in details


# -- excepthook -------------------------------------------------------------------------------


def test_excepthook_sends_thread_errors_to_the_dialog_in_the_gui_thread(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[tuple[BaseException, bool]] = []
    gui = threading.current_thread()
    hook = ExceptHook(lambda e: shown.append((e, threading.current_thread() is gui)))
    hook.install()
    try:

        def boom() -> None:
            raise RuntimeError("worker exploded")

        thread = threading.Thread(target=boom)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    finally:
        hook.uninstall()
    error, in_gui_thread = shown[0]
    assert str(error) == "worker exploded"
    assert in_gui_thread
    assert "worker exploded" in capsys.readouterr().err


def test_excepthook_survives_a_failing_dialog(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken_show(error: BaseException) -> None:
        raise RuntimeError("dialog broke")

    hook = ExceptHook(broken_show)
    try:
        raise ValueError("first failure")
    except ValueError as error:
        hook.handle(ValueError, error, error.__traceback__)
    qtbot.wait(20)
    err = capsys.readouterr().err
    assert "first failure" in err
    assert "dialog broke" in err


# -- password ---------------------------------------------------------------------------------


def test_password_dialog(qtbot: QtBot) -> None:
    dialog = PasswordDialog("locked.pdf", wrong=True)
    qtbot.addWidget(dialog)
    assert dialog.retry_label.isVisibleTo(dialog)
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    QTest.keyClicks(dialog.password_edit, "open-sesame")
    assert dialog.password() == "open-sesame"
    assert not PasswordDialog("a.pdf").retry_label.isVisibleTo(dialog)


# -- settings ---------------------------------------------------------------------------------


def ok_button(dialog: SettingsDialog) -> QPushButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_settings_dialog_rejects_weak_above_present(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert ok_button(dialog).isEnabled()
    dialog.weak_spin.setValue(0.7)
    dialog.present_spin.setValue(0.6)
    assert not ok_button(dialog).isEnabled()
    assert dialog.threshold_error.isVisibleTo(dialog)
    assert "weak threshold must be below" in dialog.threshold_error.text()
    dialog.present_spin.setValue(0.8)
    assert ok_button(dialog).isEnabled()
    assert not dialog.threshold_error.isVisibleTo(dialog)
    edited = dialog.settings()
    assert (edited.present_threshold, edited.weak_threshold) == (0.8, 0.7)


def test_settings_dialog_validates_the_library_folder(
    qtbot: QtBot, tmp_path: Path, broken_library_dir: Path
) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "nowhere"))
    dialog.validate()
    assert not ok_button(dialog).isEnabled()
    assert "is not a folder" in dialog.library_error.text()

    dialog.folder_edit.setText(str(broken_library_dir))
    dialog.validate()
    assert not ok_button(dialog).isEnabled()
    text = dialog.library_error.text()
    assert "legal.yaml: entry 'governing_law': field 'importance'" in text
    assert "broken.yaml (line" in text

    dialog.folder_edit.clear()
    dialog.validate()
    assert ok_button(dialog).isEnabled()


def test_settings_dialog_previews_theme_and_restores_it_on_cancel(qtbot: QtBot) -> None:
    previews: list[Theme] = []
    dialog = SettingsDialog(Settings(theme=Theme.LIGHT), preview_theme=previews.append)
    qtbot.addWidget(dialog)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData(Theme.DARK))
    assert previews == [Theme.DARK]
    assert dialog.settings().theme is Theme.DARK
    dialog.reject()
    assert previews == [Theme.DARK, Theme.LIGHT]


# -- library problems -------------------------------------------------------------------------


def test_library_problems_are_records_with_a_one_line_form() -> None:
    problem = LibraryProblem("legal.yaml", "bad regex", "governing_law", "risk_rules[0].pattern")
    assert (
        str(problem)
        == "legal.yaml: entry 'governing_law': field 'risk_rules[0].pattern': bad regex"
    )
    broken = LibraryProblem(r"C:\lib\x.yaml", "not valid YAML: oops", line=3)
    assert broken.location == r"C:\lib\x.yaml (line 3)"
    assert str(broken) == r"C:\lib\x.yaml (line 3): not valid YAML: oops"
    assert (
        str(LibraryProblem("a.yaml", "expected a mapping", "#2"))
        == "a.yaml: entry #2: expected a mapping"
    )


def test_library_problems_dialog_lists_every_error(
    qtbot: QtBot, qtmodeltester: object, broken_library_dir: Path
) -> None:
    folder = broken_library_dir
    problems = validate_layers([folder])
    dialog = LibraryProblemsDialog([folder], problems)
    qtbot.addWidget(dialog)
    model = dialog.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    rows = [
        tuple(model.data(model.index(r, c)) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]
    assert ("legal.yaml", "governing_law", "importance") in [row[:3] for row in rows]
    assert ("legal.yaml", "governing_law", "examples") in [row[:3] for row in rows]
    assert any(str(row[0]).startswith("broken.yaml (line") for row in rows)
    assert all(row[4] == str(folder) for row in rows)
    assert f"{len(rows)} problems found" in dialog.summary.text()
    dialog.copy_to_clipboard()
    assert "entry 'governing_law': field 'importance'" in QGuiApplication.clipboard().text()


def test_empty_problems_model(qtmodeltester: object) -> None:
    qtmodeltester.check(LibraryProblemsModel([]))  # type: ignore[attr-defined]


def test_about_library_names_version_and_layers() -> None:
    from ito_desktop.core.library.loader import load_library

    library = load_library(include_user_layer=False)
    text = about_library_html(library)
    assert library.name in text
    assert library.version in text
    assert str(library.layers[0]) in text


# -- message bar and welcome ------------------------------------------------------------------


def test_message_bar_collects_notices_without_duplicates(qtbot: QtBot) -> None:
    bar = MessageBar()
    qtbot.addWidget(bar)
    assert bar.isHidden()
    bar.show_messages(["The contract has changed."], Level.WARNING)
    bar.show_messages(["The contract has changed.", "Pages 4-6 have no text layer."])
    assert bar.messages() == ["The contract has changed.", "Pages 4-6 have no text layer."]
    assert "Pages 4-6" in bar.text.text()
    with qtbot.waitSignal(bar.dismissed):
        QTest.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert bar.messages() == []
    assert bar.isHidden()


def test_welcome_view_signals(qtbot: QtBot, tmp_path: Path) -> None:
    view = WelcomeView()
    qtbot.addWidget(view)
    existing = tmp_path / "a.docx"
    existing.write_bytes(b"x")
    view.set_recent_files([str(existing), str(tmp_path / "gone.pdf")])
    assert view.recent_files() == [str(existing), str(tmp_path / "gone.pdf")]
    assert "not found" in view.recent_list.item(1).text()
    with qtbot.waitSignal(view.sampleRequested):
        QTest.mouseClick(view.sample_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.openRequested):
        QTest.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.fileRequested) as blocker:
        view.recent_list.itemClicked.emit(view.recent_list.item(0))
    assert blocker.args == [existing]


def test_drop_zone_opens_the_dropped_file(qtbot: QtBot, tmp_path: Path) -> None:
    view = WelcomeView()
    qtbot.addWidget(view)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "dropped.pdf"))])
    event = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(view.fileRequested) as blocker:
        view.drop_zone.dropEvent(event)
    assert blocker.args == [tmp_path / "dropped.pdf"]


def test_encrypted_docx_is_not_a_password_prompt(tmp_path: Path) -> None:
    from ito_desktop.ui.review.review_controller import needs_password

    pdf = EncryptedDocument("x.pdf is encrypted; supply the password.", password_opens=True)
    assert needs_password(pdf)
    docx = EncryptedDocument("x.docx is password-protected (encrypted). Remove the password…")
    assert not needs_password(docx)
    unsupported = EncryptedDocument("x.pdf uses an encryption scheme", details="FPDF_ERR_SECURITY")
    assert not needs_password(unsupported)


def test_library_check_lists_thin_entries_as_warnings(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.cli.test_library_validate import GOOD, _write

    folder = _write(tmp_path, dict(GOOD, examples=GOOD["examples"][:1]))  # type: ignore[index]
    problems = validate_layers([folder])
    dialog = LibraryProblemsDialog([folder], problems)
    qtbot.addWidget(dialog)
    assert [(p.entry, p.field, p.warning) for p in problems] == [("escrow_test", "examples", True)]
    assert "No problems found." in dialog.summary.text()
    assert "1 warning" in dialog.summary.text()
    assert str(dialog.model.data(dialog.model.index(0, 3))).startswith("Warning: 1 of the 3")
