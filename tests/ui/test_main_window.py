"""The main window end to end: open, select, decide, save, reopen, cancel, errors, menus."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from ito_desktop.core.session import Decision, beside_review_path
from ito_desktop.core.settings import Settings
from ito_desktop.ui.dialogs.error_dialog import ErrorDialog
from ito_desktop.ui.dialogs.password_dialog import PasswordDialog
from ito_desktop.ui.dialogs.settings_dialog import SettingsDialog
from ito_desktop.ui.findings.findings_model import ClauseIdRole, StatusRole
from ito_desktop.ui.library.library_menu import LibraryProblemsDialog
from ito_desktop.ui.review.jobs import JobRunner
from ito_desktop.ui.window.main_window import MainWindow
from tests.core.ingest.pdf_factory import PASSWORD, write_encrypted

MakeWindow = Callable[..., MainWindow]


def finding_rows(window: MainWindow) -> dict[str, str]:
    """Visible finding rows of the findings panel: clause id -> effective status."""
    return {
        str(index.data(ClauseIdRole)): str(index.data(StatusRole))
        for index in window.findings_panel.finding_indexes()
    }


def click_finding(window: MainWindow, clause_id: str) -> None:
    tree = window.findings_panel.tree
    index = next(
        i for i in window.findings_panel.finding_indexes() if i.data(ClauseIdRole) == clause_id
    )
    tree.scrollTo(index)
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )


def open_review(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Open ``path`` (synchronously with the fake runner) and let the staged GUI work finish."""
    window.open_file(path)
    qtbot.waitUntil(window.is_settled, timeout=5000)


DialogT = TypeVar("DialogT", bound=QDialog)


def only_dialog(window: MainWindow, kind: type[DialogT]) -> DialogT:
    """The one dialog of ``kind`` the window opened (its type checked here, once)."""
    dialogs = [d for d in window.dialogs if isinstance(d, kind)]
    assert len(dialogs) == 1, window.dialogs
    return dialogs[0]


def test_open_sample_from_the_welcome_screen(
    qtbot: QtBot, make_window: MakeWindow, private_user_dirs: Path
) -> None:
    window = make_window()
    window.show()
    assert window.stack.currentWidget() is window.welcome
    QTest.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.is_settled, timeout=5000)
    review = window.controller.review
    assert review is not None
    # The sample is copied to the user data folder: review files never land in the install.
    assert review.path.is_relative_to(private_user_dirs)
    assert window.stack.currentWidget() is window.review_area
    rows = finding_rows(window)
    assert len(rows) == len(review.result.library.entries) == 40
    assert rows["governing_law"] == "present"
    assert rows["source_code_escrow"] == "missing"
    assert "sample_msa.docx" in window.windowTitle()
    assert window.status.file_label.text() == "sample_msa.docx"
    assert "clauses" in window.status.clauses_label.text()
    # Evidence and risks are painted on the next turn of the event loop.
    qtbot.waitUntil(lambda: bool(window.document_view.highlights()), timeout=2000)
    kinds = {h.kind.value for h in window.document_view.highlights()}
    assert {"present", "risk"} <= kinds <= {"present", "weak", "risk"}


def test_clicking_a_finding_selects_its_evidence(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_docx)
    review = window.controller.review
    assert review is not None
    # A finding without risks (a risky one is shown at its risky sentence instead).
    finding = review.finding("confidentiality")
    assert finding is not None
    assert not finding.risks
    click_finding(window, "confidentiality")
    assert window.selected == "confidentiality"
    evidence = finding.evidence[0]
    assert evidence.text.strip()
    assert evidence.text in window.document_view.selected_text()
    assert window.details_panel.finding is finding


def test_override_is_saved_restored_and_survives_a_changed_contract(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_docx)
    click_finding(window, "insurance")
    radio = window.details_panel.review.radios[Decision.NOT_APPLICABLE]
    QTest.mouseClick(radio, Qt.MouseButton.LeftButton)
    assert finding_rows(window)["insurance"] == "not_applicable"
    review_file = beside_review_path(sample_docx)
    qtbot.waitUntil(review_file.exists, timeout=3000)
    saved = json.loads(review_file.read_text("utf-8"))
    assert saved["items"] == [
        {**saved["items"][0], "clause_id": "insurance", "decision": "not_applicable"}
    ]
    qtbot.waitUntil(lambda: "saved" in window.status.save_label.text(), timeout=3000)
    assert (
        sample_docx.read_bytes()
        == (Path(__file__).parents[2] / "resources" / "samples" / "sample_msa.docx").read_bytes()
    )

    window.close()
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_docx)
    assert finding_rows(window)["insurance"] == "not_applicable"
    click_finding(window, "insurance")
    assert window.details_panel.review.radios[Decision.NOT_APPLICABLE].isChecked()
    assert not window.message_bar.isVisible()

    window.close_review()
    with zipfile.ZipFile(sample_docx, "a") as package:  # new bytes, same contract text
        package.comment = b"edited after the review"
    open_review(qtbot, window, sample_docx)
    assert window.message_bar.isVisible()
    assert any("contract has changed" in m for m in window.message_bar.messages())
    assert finding_rows(window)["insurance"] == "not_applicable"


def test_cancelling_a_long_analysis_shows_nothing(
    qtbot: QtBot,
    make_window: MakeWindow,
    long_contract: Path,
    analysis_waits_for_cancel: None,
) -> None:
    runner = JobRunner(QThreadPool())
    window = make_window(runner=runner)
    window.show()
    with qtbot.waitSignal(window.controller.progressChanged, timeout=10000):
        window.open_file(long_contract)
    assert window.status.job_running()
    assert window.status.cancel_button.isVisible()
    QTest.mouseClick(window.status.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=20000)
    assert runner.wait(20000)
    qtbot.wait(50)
    assert not window.status.job_running()
    assert window.stack.currentWidget() is window.welcome
    assert window.controller.review is None
    assert window.dialogs == []
    assert not window.message_bar.isVisible()


def test_thread_pool_open_shows_the_review(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = make_window(runner=JobRunner(QThreadPool()))
    window.show()
    with qtbot.waitSignal(window.controller.reviewOpened, timeout=30000):
        window.open_file(sample_docx)
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert len(finding_rows(window)) == 40
    assert not window.status.job_running()


def test_corrupt_file_shows_the_error_dialog(make_window: MakeWindow, tmp_path: Path) -> None:
    window = make_window()
    window.show()
    corrupt = tmp_path / "broken.docx"
    corrupt.write_bytes(b"PK\x03\x04" + b"not a zip" * 50)
    window.open_file(corrupt)
    dialog = only_dialog(window, ErrorDialog)
    assert dialog.message() == (
        "broken.docx is not a Word document (it may be damaged or a renamed file)."
    )
    assert str(corrupt) in dialog.details_text()
    assert dialog.isVisible()
    dialog.reject()
    assert window.dialogs == []
    assert window.stack.currentWidget() is window.welcome


def test_error_dialog_factory_can_be_replaced(make_window: MakeWindow, tmp_path: Path) -> None:
    window = make_window()
    shown: list[tuple[BaseException, Path | None]] = []

    def record(error: BaseException, parent: object, path: Path | None) -> QDialog:
        shown.append((error, path))
        return QDialog()

    window.error_dialog_factory = record
    window.open_file(tmp_path / "missing.pdf")
    assert shown[0][1] == tmp_path / "missing.pdf"
    assert "does not exist" in str(shown[0][0])
    for dialog in list(window.dialogs):
        dialog.reject()


def test_unexpected_errors_reach_the_same_dialog(make_window: MakeWindow) -> None:
    window = make_window()
    try:
        raise RuntimeError("a bug")
    except RuntimeError as error:
        window.show_error(error)
    dialog = only_dialog(window, ErrorDialog)
    assert "RuntimeError: a bug" in dialog.details_text()
    dialog.reject()


def test_encrypted_pdf_prompts_for_its_password(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    window.show()
    locked = write_encrypted(tmp_path / "locked.pdf")
    open_review(qtbot, window, locked)
    dialog = only_dialog(window, PasswordDialog)
    assert not dialog.retry_label.isVisible()
    QTest.keyClicks(dialog.password_edit, "not-it")
    QTest.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Open), Qt.MouseButton.LeftButton
    )
    retry = only_dialog(window, PasswordDialog)
    assert retry.retry_label.isVisible()
    QTest.keyClicks(retry.password_edit, PASSWORD)
    QTest.mouseClick(
        retry.buttons.button(QDialogButtonBox.StandardButton.Open), Qt.MouseButton.LeftButton
    )
    assert window.dialogs == []
    review = window.controller.review
    assert review is not None
    assert review.path == locked
    assert not [d for d in window.dialogs if isinstance(d, ErrorDialog)]


def test_dropping_a_file_on_the_window_opens_it(make_window: MakeWindow, sample_docx: Path) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_docx))])
    event = QDropEvent(
        QPointF(300, 300),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    review = window.controller.review
    assert review is not None
    assert review.path == sample_docx


def test_library_validate_lists_errors_of_a_broken_folder(
    make_window: MakeWindow, broken_library_dir: Path
) -> None:
    window = make_window(settings=Settings(library_folder=str(broken_library_dir)))
    library_menu = window.commands.library_menu
    assert library_menu is not None
    library_menu.validate_action.trigger()
    dialog = only_dialog(window, LibraryProblemsDialog)
    problems = dialog.model.problems()
    assert {(p.file, p.entry, p.field) for p in problems} >= {
        ("legal.yaml", "governing_law", "importance"),
        ("legal.yaml", "governing_law", "examples"),
    }
    assert all(p.folder == str(broken_library_dir) for p in problems)
    dialog.reject()


def test_opening_with_a_broken_library_lists_its_problems(
    qtbot: QtBot, make_window: MakeWindow, broken_library_dir: Path, sample_docx: Path
) -> None:
    window = make_window(settings=Settings(library_folder=str(broken_library_dir)))
    open_review(qtbot, window, sample_docx)
    dialog = only_dialog(window, LibraryProblemsDialog)
    assert any(p.entry == "governing_law" for p in dialog.model.problems())
    dialog.reject()


def test_settings_dialog_rethresholds_the_open_review(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_docx)
    present_before = sum(s == "present" for s in finding_rows(window).values())
    window.commands.settings.trigger()
    dialog = only_dialog(window, SettingsDialog)
    dialog.present_spin.setValue(0.97)
    dialog.weak_spin.setValue(0.96)
    QTest.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert window.controller.settings.present_threshold == 0.97
    qtbot.waitUntil(window.is_settled, timeout=5000)
    present_after = sum(s == "present" for s in finding_rows(window).values())
    assert present_after < present_before


def test_theme_is_applied_live(make_window: MakeWindow) -> None:
    window = make_window()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.commands.settings.trigger()
    dialog = only_dialog(window, SettingsDialog)
    try:
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findText("Dark"))
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 100
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findText("Light"))
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    finally:
        dialog.reject()


def test_keyboard_steps_through_findings_and_marks_them(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = make_window()
    window.show()
    window.activateWindow()
    open_review(qtbot, window, sample_docx)
    window.commands.next_finding.trigger()
    first = window.selected
    assert first is not None
    window.commands.next_finding.trigger()
    second = window.selected
    assert second not in (None, first)
    window.commands.previous_finding.trigger()
    assert window.selected == first
    window.commands.decisions[Decision.MISSING].trigger()
    assert finding_rows(window)[first] == "missing"
    window.commands.done.trigger()
    review = window.controller.review
    assert review is not None
    item = review.session.items[first]
    assert item.decision is Decision.MISSING
    assert item.done
    window.commands.decisions[None].trigger()
    assert review.session.items[first].decision is None


def test_layout_and_recent_files_are_remembered(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_docx)
    window.resize(760, 560)
    size = window.size()
    window.details_dock.hide()
    window.close()
    assert QSettings().value("window/geometry") is not None

    again = make_window(settings=window.controller.settings)
    again.show()
    # The offscreen screen is 800 pixels wide, so only the height is restored exactly.
    assert again.height() == size.height() == 560
    assert not again.details_dock.isVisible()
    assert again.welcome.recent_files() == [str(sample_docx)]
    again.commands.reset_layout.trigger()
    assert again.details_dock.isVisible()


def test_close_returns_to_the_welcome_screen(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_docx)
    window.commands.close.trigger()
    assert window.stack.currentWidget() is window.welcome
    assert window.findings_panel.finding_indexes() == []
    assert not window.commands.next_finding.isEnabled()
    assert window.windowTitle() == "ITO Review"


def test_pdf_page_follows_the_selected_finding(
    qtbot: QtBot, make_window: MakeWindow, sample_pdf: Path
) -> None:
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_pdf)
    assert window.commands.show_page.isEnabled()
    assert window.review_area.currentWidget() is window.document_view
    click_finding(window, "confidentiality")
    review = window.controller.review
    assert review is not None
    finding = review.finding("confidentiality")
    assert finding is not None
    assert not finding.risks  # shown at its evidence, not at a risky sentence
    evidence = finding.evidence[0]
    qtbot.waitUntil(lambda: window.page_view.current_page() == evidence.page, timeout=10000)
    boxes = window.page_view.boxes()
    assert boxes
    # Only the boxes printed on that page: every one lies inside the page's lines of 11.1.
    document = review.result.document
    lines = [
        line
        for block in document.blocks
        for line in block.lines
        if line.page == evidence.page and line.end > evidence.start and line.start < evidence.end
    ]
    assert sorted(boxes, key=lambda b: b.top) == sorted((x.box for x in lines), key=lambda b: b.top)
    hidden_zoom = window.page_view.zoom_percent()
    window.commands.show_page.trigger()
    assert window.review_area.currentWidget() is window.page_view
    # The page was fitted, while its tab was hidden, to the width the tab gives it.
    page_view = window.page_view
    assert page_view.zoom_percent() == hidden_zoom
    viewport = page_view.scroll_area.viewport()
    assert page_view.canvas.width() == pytest.approx(viewport.width(), abs=2)
    window.review_area.setCurrentWidget(window.document_view)
    assert not window.commands.show_page.isChecked()


def test_docx_has_no_page_tab(qtbot: QtBot, make_window: MakeWindow, sample_docx: Path) -> None:
    window = make_window()
    open_review(qtbot, window, sample_docx)
    assert not window.commands.show_page.isEnabled()
    assert window.review_area.count() == 1
    assert window.review_area.tabBar().isHidden()


def test_library_menu_opens_folders_and_names_the_review_library(
    qtbot: QtBot,
    make_window: MakeWindow,
    sample_docx: Path,
    private_user_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    opened: list[Path] = []
    # No file manager in tests.
    monkeypatch.setattr(window.library_actions, "open_folder", opened.append)
    menu = window.commands.library_menu
    assert menu is not None
    assert not menu.about_action.isEnabled()
    menu.open_folder_action.trigger()
    assert opened[0].is_dir()
    assert opened[0].is_relative_to(private_user_dirs)  # the personal layer, made on demand
    menu.open_bundled_action.trigger()
    assert (opened[1] / "library.yaml").is_file()

    open_review(qtbot, window, sample_docx)
    assert menu.about_action.isEnabled()
    menu.about_action.trigger()
    box = window.dialogs[-1]
    review = window.controller.review
    assert review is not None
    text = box.text()  # type: ignore[attr-defined]
    assert review.result.library.name in text
    assert f"Version <b>{review.result.library.version}</b>" in text
    box.reject()


def test_damaged_review_file_is_set_aside_with_a_notice(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    review_file = beside_review_path(sample_docx)
    review_file.write_text("{ not json", encoding="utf-8")
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_docx)
    assert window.dialogs == []  # a notice in the bar, not a modal dialog
    assert window.message_bar.isVisible()
    (message,) = window.message_bar.messages()
    assert "was damaged" in message
    assert "set aside" in message
    assert not review_file.exists()
    assert review_file.with_name(review_file.name + ".corrupt").exists()


def test_read_only_folder_saves_in_the_user_data_folder_and_says_so(
    qtbot: QtBot,
    make_window: MakeWindow,
    sample_docx: Path,
    private_user_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ito_desktop.core.session as session_module

    monkeypatch.setattr(session_module, "folder_is_writable", lambda folder: False)
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_docx)
    click_finding(window, "insurance")
    QTest.mouseClick(
        window.details_panel.review.radios[Decision.MISSING], Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: bool(window.message_bar.messages()), timeout=3000)
    review = window.controller.review
    assert review is not None
    assert review.review_path is not None
    assert review.review_path.is_relative_to(private_user_dirs)
    assert not beside_review_path(sample_docx).exists()
    assert str(review.review_path) in window.message_bar.messages()[0]


def click_done_box(window: MainWindow, clause_id: str) -> None:
    """Click the check box drawn in a finding's Done cell (not just anywhere in the row)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from ito_desktop.ui.findings.findings_model import Column

    tree = window.findings_panel.tree
    row = next(
        i for i in window.findings_panel.finding_indexes() if i.data(ClauseIdRole) == clause_id
    )
    cell = row.siblingAtColumn(Column.DONE)
    tree.scrollTo(cell)
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.rect = tree.visualRect(cell)
    tree.itemDelegate().initStyleOption(option, cell)  # type: ignore[attr-defined]
    box = tree.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, tree)
    assert box.isValid()
    assert option.rect.contains(box.center())
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def saved_done(window: MainWindow, contract: Path) -> list[tuple[str, bool]]:
    """(clause id, done) of each item in the review file, after the window's pending write."""
    window.controller.flush()
    saved = json.loads(beside_review_path(contract).read_text("utf-8"))
    return [(item["clause_id"], item["done"]) for item in saved["items"]]


def test_done_box_in_the_list_ticks_the_finding_and_saves_it(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_docx)
    click_done_box(window, "insurance")
    assert saved_done(window, sample_docx) == [("insurance", True)]
    assert window.selected == "insurance"
    assert window.details_panel.review.done.isChecked()
    assert window.commands.done.isChecked()
    assert "39 of 40" in window.details_panel.remaining_label.text()
    click_done_box(window, "insurance")  # and off again
    assert saved_done(window, sample_docx) == [("insurance", False)]
    assert not window.details_panel.review.done.isChecked()


def test_space_in_the_list_ticks_the_current_finding_done(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_docx)
    click_finding(window, "governing_law")
    QTest.keyClick(window.findings_panel.tree, Qt.Key.Key_Space)
    assert saved_done(window, sample_docx) == [("governing_law", True)]
    assert window.details_panel.review.done.isChecked()


def test_closing_a_contract_takes_its_warning_bar_away(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    short = tmp_path / "cover_page.txt"  # a short document: the reader warns about it
    short.write_text("1. Governing law\n\nThis agreement is governed by English law.\n", "utf-8")
    window = make_window()
    window.show()
    open_review(qtbot, window, short)
    assert window.message_bar.isVisible()
    window.commands.close.trigger()
    assert window.stack.currentWidget() is window.welcome
    assert not window.message_bar.isVisible()
    assert window.message_bar.messages() == []
    open_review(qtbot, window, short)  # the same warning comes back with the contract
    assert window.message_bar.isVisible()


def test_a_missing_finding_points_nowhere_and_says_not_found(
    qtbot: QtBot, make_window: MakeWindow, sample_pdf: Path
) -> None:
    """Issue 11, item 5: the previous finding's evidence must not stay selected or boxed."""
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_pdf)
    click_finding(window, "limitation_of_liability")
    assert window.document_view.selected_text()
    qtbot.waitUntil(lambda: bool(window.page_view.boxes()), timeout=10000)
    click_finding(window, "insurance")  # missing in the sample
    assert window.details_panel.finding is not None
    assert window.details_panel.finding.clause_id == "insurance"
    assert window.document_view.selected_text() == ""
    assert not window.document_view.is_flashing()
    assert window.page_view.boxes() == []
    assert "Not found in this contract" in window.details_panel.looked_for.not_found.text()
    assert window.details_panel.looked_for.not_found.isVisibleTo(window.details_panel)
    click_finding(window, "limitation_of_liability")  # and back: its evidence again
    assert window.document_view.selected_text()
