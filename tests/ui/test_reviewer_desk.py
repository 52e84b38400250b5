"""The reviewer's desk: decisions seen in the list, controls on top, the risky sentence shown.

Each test drives the real window with clicks and keys, then reads what the reviewer sees.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from ito_desktop.core.findings import Finding
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import Decision
from ito_desktop.core.settings import load_settings
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.csv_export import CsvExporter
from ito_desktop.ui.dialogs.export_dialog import ExportDialog
from ito_desktop.ui.dialogs.settings_dialog import SettingsDialog
from ito_desktop.ui.findings.findings_model import ClauseIdRole, Column, MarkersRole
from ito_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import click_finding, open_review

MakeWindow = Callable[..., MainWindow]
RISKY = "termination_for_convenience"  # a high risk in the sample
RISKY_TITLE = "Termination for convenience"


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, sample_docx: Path) -> MainWindow:
    window = make_window()
    window.show()
    window.activateWindow()
    open_review(qtbot, window, sample_docx)
    return window


def row(window: MainWindow, clause_id: str, column: Column) -> object:
    """What the findings list shows for ``clause_id`` in ``column`` (through the filter)."""
    index = next(
        i for i in window.findings_panel.finding_indexes() if i.data(ClauseIdRole) == clause_id
    )
    return index.siblingAtColumn(column)


def where(widget: QWidget, window: MainWindow) -> QPoint:
    return widget.mapTo(window, QPoint(0, 0))


# --- item 10: the reviewer's work is visible in the list, in Details and in the exports ------


def test_risk_accepted_shows_in_list_details_and_exports(qtbot: QtBot, window: MainWindow) -> None:
    click_finding(window, RISKY)
    risk_cell = row(window, RISKY, Column.RISK)
    assert risk_cell.data() == "High"
    assert not window.details_panel.accepted_badge.isVisible()
    qtbot.mouseClick(
        window.details_panel.review.radios[Decision.RISK_ACCEPTED], Qt.MouseButton.LeftButton
    )
    # The list: the Risk column says it was accepted, and the clause carries a decision mark.
    risk_cell = row(window, RISKY, Column.RISK)
    assert risk_cell.data() == "Accepted"
    assert str(risk_cell.data(Qt.ItemDataRole.AccessibleTextRole)).startswith("Risk accepted")
    assert row(window, RISKY, Column.CLAUSE).data(MarkersRole) == ("decided",)
    # Details: a "Risk accepted" badge beside the status, and the risks titled as accepted.
    panel = window.details_panel
    assert panel.accepted_badge.isVisible()
    assert panel.risks.isVisible()
    assert "accepted" in panel.decision_label.text()
    # A note adds a note mark.
    panel.review.note.setFocus()
    QTest.keyClicks(panel.review.note, "Accepted by legal")
    panel.flush_note()
    assert row(window, RISKY, Column.CLAUSE).data(MarkersRole) == ("decided", "note")
    assert "Your note: Accepted by legal" in str(
        row(window, RISKY, Column.CLAUSE).data(Qt.ItemDataRole.ToolTipRole)
    )
    # The exports made from the window's review say it too.
    review = window.controller.review
    assert review is not None
    text = CsvExporter().render(review.result, review.session, ExportOptions())
    exported = {r["Clause"]: r for r in csv.DictReader(io.StringIO(text))}[RISKY_TITLE]
    assert exported["Risk severity"] == "Accepted (high)"
    assert "Risk accepted by the reviewer (high)" in exported["Issue / why it matters"]
    assert exported["Reviewer note"] == "Accepted by legal"


def test_a_decision_marks_the_row_and_clearing_it_removes_the_mark(
    window: MainWindow,
) -> None:
    click_finding(window, "confidentiality")
    assert row(window, "confidentiality", Column.CLAUSE).data(MarkersRole) == ()
    window.commands.decisions[Decision.MISSING].trigger()
    assert row(window, "confidentiality", Column.CLAUSE).data(MarkersRole) == ("decided",)
    window.commands.decisions[None].trigger()
    assert row(window, "confidentiality", Column.CLAUSE).data(MarkersRole) == ()


# --- item 12: the review controls at the top of Details; deciding moves nothing -------------


def test_review_controls_are_at_the_top_and_do_not_move_when_deciding(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_finding(window, RISKY)
    QTest.qWait(20)  # Details lays itself out on the next turn of the event loop
    panel = window.details_panel
    review = panel.review
    assert review.isVisible()
    # Above every section of guidance, evidence and risks, without scrolling.
    assert where(review, window).y() < where(panel.sections, window).y()
    viewport = panel.scroll_area.viewport()
    bottom = review.mapTo(viewport, QPoint(0, review.height()))
    assert bottom.y() <= viewport.height()
    radios = review.radios
    before = {decision: where(radio, window) for decision, radio in radios.items()}
    note_before = where(review.note, window)
    for decision in (Decision.MISSING, Decision.RISK_ACCEPTED, None, Decision.PRESENT):
        qtbot.mouseClick(radios[decision], Qt.MouseButton.LeftButton)
        QTest.qWait(20)  # the panel re-lays out on the next turn too
        assert {d: where(r, window) for d, r in radios.items()} == before, decision
        assert where(review.note, window) == note_before
    for line in ("line one", "line two", "line three", "line four"):
        QTest.keyClicks(review.note, line)
        QTest.keyClick(review.note, Qt.Key.Key_Return)
    assert where(review.note, window) == note_before
    assert {d: where(r, window) for d, r in radios.items()} == before


# --- item 13: the reviewer's name, remembered in Settings, on exports and Word comments ------


def test_reviewer_name_from_settings_is_on_exports_and_word_comments(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_settings()
    dialog = next(d for d in window.dialogs if isinstance(d, SettingsDialog))
    dialog.reviewer_edit.setFocus()
    QTest.keyClicks(dialog.reviewer_edit, "  Dana   Reviewer ")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert window.controller.settings.reviewer_name == "Dana Reviewer"
    saved, _ = load_settings()
    assert saved.reviewer_name == "Dana Reviewer"  # remembered for the next session
    # The export dialog is prefilled; the Word comments carry the name as their author.
    out = tmp_path / "annotated.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: (str(out), ""))
    seen: list[str] = []

    def export_from_the_dialog() -> None:  # File > Export… runs its dialog modally
        export = QApplication.activeModalWidget()
        assert isinstance(export, ExportDialog)
        seen.append(export.reviewer.text())
        export.select_format("annotated-docx")
        export.export_button.click()

    QTimer.singleShot(0, export_from_the_dialog)
    window.export_action.trigger()
    assert seen == ["Dana Reviewer"]
    assert out.exists()
    authors = {comment.author for comment in docx.Document(str(out)).comments}
    assert authors == {"Dana Reviewer"}


# --- item 14: a risk finding is shown at its risky sentence, not at the clause's evidence -----

LIABILITY = "limitation_of_liability"  # evidence 15.2, the high risk fires on 15.3


def test_clicking_a_risk_finding_selects_the_risky_sentence(window: MainWindow) -> None:
    review = window.controller.review
    assert review is not None
    finding = review.finding(LIABILITY)
    assert finding is not None
    risk = finding.risks[0]
    assert risk.text.strip()
    assert risk.text not in finding.evidence[0].text  # a different sentence from the evidence
    click_finding(window, LIABILITY)
    selected = window.document_view.selected_text()
    assert risk.text.strip()[:60] in " ".join(selected.split())
    assert finding.evidence[0].text.strip()[:60] not in selected
    # Details' "Show in document" still goes to the evidence.
    window.details_panel.showEvidence.emit(0)
    assert finding.evidence[0].text.strip()[:60] in window.document_view.selected_text()
    # Once the risk is accepted, the finding is shown at its evidence again.
    window.commands.decisions[Decision.RISK_ACCEPTED].trigger()
    click_finding(window, "confidentiality")
    click_finding(window, LIABILITY)
    assert finding.evidence[0].text.strip()[:60] in window.document_view.selected_text()


def liability_on_pdf(
    qtbot: QtBot, make_window: MakeWindow, sample_pdf: Path
) -> tuple[MainWindow, ReviewResult, Finding]:
    """A shown window with the sample PDF reviewed, and its limitation of liability finding."""
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_pdf)
    review = window.controller.review
    assert review is not None
    finding = review.finding(LIABILITY)
    assert finding is not None
    return window, review.result, finding


def test_pdf_page_boxes_the_risky_sentence(
    qtbot: QtBot, make_window: MakeWindow, sample_pdf: Path
) -> None:
    window, result, finding = liability_on_pdf(qtbot, make_window, sample_pdf)
    risk = finding.risks[0]
    assert risk.start is not None
    assert risk.end is not None
    window.findings_panel.tree.setFocus()
    click_finding(window, LIABILITY)
    qtbot.waitUntil(lambda: window.page_view.current_page() == risk.page, timeout=10000)
    document = result.document
    lines = [
        line.box
        for block in document.blocks
        for line in block.lines
        if line.page == risk.page and line.end > risk.start and line.start < risk.end
    ]
    assert sorted(window.page_view.boxes(), key=lambda b: b.top) == sorted(
        lines, key=lambda b: b.top
    )
    assert window.page_view.canvas.label().startswith("RISK · Limitation of liability")


def test_evidence_printed_across_two_pages_is_boxed_on_both(
    qtbot: QtBot, make_window: MakeWindow, sample_pdf: Path
) -> None:
    window, result, finding = liability_on_pdf(qtbot, make_window, sample_pdf)
    evidence = finding.evidence[0]  # 15.2: the foot of page 13 and the head of page 14
    first, second = evidence.spans(result.document)
    assert (first.page, second.page) == (13, 14)
    # With its risk accepted, the finding is shown at this evidence.
    click_finding(window, LIABILITY)
    window.commands.decisions[Decision.RISK_ACCEPTED].trigger()
    click_finding(window, "confidentiality")
    click_finding(window, LIABILITY)
    window.commands.show_page.trigger()
    page_view = window.page_view
    qtbot.waitUntil(lambda: page_view.current_page() == first.page, timeout=10000)
    label = f"Limitation of liability · {evidence.clause_number}"
    assert page_view.boxes() == list(first.boxes)
    assert page_view.canvas.label() == label
    assert f"<b>{label}</b>" in page_view.legend.text()  # it is this page's numbered mark
    # The rest of the sentence is boxed on the next page, and named there too.
    QTest.mouseClick(page_view.next_button, Qt.MouseButton.LeftButton)
    assert page_view.current_page() == second.page
    assert page_view.boxes() == list(second.boxes)
    assert f"<b>{label}</b>" in page_view.legend.text()
    QTest.mouseClick(page_view.next_button, Qt.MouseButton.LeftButton)
    assert page_view.boxes() == []


# --- item 15: the PDF page shows every finding on it; no label covers the text --------------


def test_pdf_page_shows_every_finding_on_it_and_no_tag_covers_text(
    qtbot: QtBot, make_window: MakeWindow, sample_pdf: Path
) -> None:
    window = make_window()
    window.show()
    open_review(qtbot, window, sample_pdf)
    review = window.controller.review
    assert review is not None
    click_finding(window, LIABILITY)
    window.commands.show_page.trigger()
    page_view = window.page_view
    risk = review.finding(LIABILITY).risks[0]  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page_view.current_page() == risk.page, timeout=10000)
    regions = page_view.regions_on_page()
    assert len({region.clause_id for region in regions}) >= 3  # not only the selected one
    canvas = page_view.canvas
    marks = canvas.marks()
    assert [mark.number for mark in marks] == list(range(1, len(regions) + 1))
    assert page_view.legend.isVisible()
    assert "Limitation of liability" in page_view.legend.text()
    assert "Term and renewal" in page_view.legend.text()
    # No tag (the selected one included) lies over any printed line of the page.
    lines = [
        canvas.box_rect(line.box).adjusted(1.5, 1.5, -1.5, -1.5)
        for block in review.result.document.blocks
        for line in block.lines
        if line.page == risk.page
    ]
    tags = canvas.tag_rects()
    assert canvas.label_rect() in tags.values()
    for number, tag in tags.items():
        assert not any(tag.intersects(line) for line in lines), number
        assert not any(tag.intersects(other) for n, other in tags.items() if n != number), number
    # Clicking another finding's box on the page selects that finding, on this page.
    taken = {box for r in regions if r.clause_id == LIABILITY for box in r.boxes}
    other = next(r for r in regions if not taken & set(r.boxes))
    centre = canvas.box_rect(other.boxes[0]).center().toPoint()
    page_view.scroll_area.ensureVisible(centre.x(), centre.y())
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre)
    assert window.selected == other.clause_id
    assert page_view.current_page() == risk.page
    assert set(page_view.boxes()) == set(other.boxes)


# --- item 18: a 1366x768 laptop: twelve rows of findings, Details readable -------------------


@pytest.mark.parametrize("free_height", [728, 700])  # no title bar / a window manager's one
def test_laptop_screen_shows_twelve_findings_and_readable_details(
    qtbot: QtBot,
    make_window: MakeWindow,
    sample_docx: Path,
    monkeypatch: pytest.MonkeyPatch,
    free_height: int,
) -> None:
    # A 1366x768 screen less its task bar (and, on the second run, a window title bar).
    monkeypatch.setattr(
        QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1366, free_height + 40)
    )
    window = make_window()
    assert window.width() <= 1366 - 16
    assert window.height() <= free_height
    window.show()
    qtbot.waitExposed(window)
    open_review(qtbot, window, sample_docx)
    window.commands.reset_layout.trigger()
    click_finding(window, RISKY)
    QTest.qWait(50)
    assert window.findings_panel.visible_rows() >= 12
    panel = window.details_panel
    viewport = panel.scroll_area.viewport()
    # The title, the status and every review control are in view without scrolling...
    for widget in (
        panel.title_label,
        panel.badge,
        *panel.review.radios.values(),
        panel.review.note,
        panel.review.done,
    ):
        bottom = widget.mapTo(viewport, QPoint(0, widget.height()))
        assert 0 <= bottom.y() <= viewport.height(), widget
    # ...and the explanation starts in view too (its first heading), at a readable width.
    first_section = panel.sections.mapTo(viewport, QPoint(0, 0))
    assert first_section.y() + 24 <= viewport.height()
    assert viewport.width() >= 400
