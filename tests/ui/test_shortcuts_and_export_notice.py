"""Help > Keyboard shortcuts (F1), and "Open" / "Show in folder" after an export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from ito_desktop.ui.dialogs.export_dialog import ExportDialog, export_notice
from ito_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from tests.ui.test_export_dialog import SaveAs
from tests.ui.test_main_window import MakeWindow, only_dialog, open_review


def test_f1_lists_every_menu_shortcut_and_the_lists_own_keys(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = make_window()
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    open_review(qtbot, window, sample_docx)
    help_menu = window.menuBar().actions()[-1].menu()
    assert "Keyboard shortcuts" in [a.text().replace("&", "") for a in help_menu.actions()]  # type: ignore[union-attr]

    QTest.keyClick(window, Qt.Key.Key_F1)

    dialog = only_dialog(window, ShortcutsDialog)
    rows = dialog.rows()
    for expected in (
        ("Review", "Mark missing", "Ctrl+2"),
        ("Review", "Mark done", "Ctrl+D"),
        ("View", "Next finding needing attention", "F8"),
        ("View", "Previous finding needing attention", "Shift+F8"),
        ("File", "Export", "Ctrl+E"),
        ("Help", "Keyboard shortcuts", "F1"),
        ("Findings list", "Tick or untick Done", "Space"),
    ):
        assert expected in rows
    listed = {keys for _, _, keys in rows}
    in_menus = [
        action
        for top in window.menuBar().actions()
        if isinstance(top.menu(), QMenu)
        for action in top.menu().actions()  # type: ignore[union-attr]
    ]
    for action in in_menus:
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if shortcut:
            assert any(shortcut in keys for keys in listed), action.text()
    dialog.reject()


def test_after_an_export_open_and_show_in_folder(
    qtbot: QtBot,
    make_window: MakeWindow,
    sample_docx: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    open_review(qtbot, window, sample_docx)
    out = tmp_path / "exports" / "issues.xlsx"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(out))

    def run(dialog: ExportDialog) -> int:  # a modal exec() would block the test
        dialog.select_format("xlsx")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(ExportDialog, "exec", run)
    notice = export_notice(window.export_action)
    opened: list[Path] = []
    revealed: list[Path] = []
    notice.opener = lambda path: bool(opened.append(path)) or True
    notice.revealer = lambda path: bool(revealed.append(path)) or True
    assert not notice.isVisible()

    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)

    assert out.exists()
    assert notice.isVisible()
    assert "issues.xlsx" in notice.label.text()
    qtbot.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(notice.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [out]
    assert revealed == [out]
    window.close_review()
    assert not notice.isVisible()  # it was about the review that closed
