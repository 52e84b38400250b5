"""DocumentView on the sample contract: structure, exact selections, clicks, find, highlights."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor, QTextTable
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from ito_desktop.core.findings import Status
from ito_desktop.core.ingest.base import ReadResult, assemble
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.ingest.segment import segment
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.model import Block, BlockKind, Document
from ito_desktop.core.review import ReviewResult, review_document
from ito_desktop.ui.common.highlight import Highlight, HighlightKind, highlight_background
from ito_desktop.ui.document.document_view import DocumentView
from tests.conftest import SAMPLES

FORMATS = ("docx", "pdf")


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    return {fmt: read_document(SAMPLES / f"sample_msa.{fmt}") for fmt in FORMATS}


@pytest.fixture(scope="module")
def pdf_review(documents: dict[str, Document]) -> ReviewResult:
    return review_document(documents["pdf"], load_library(include_user_layer=False))


@pytest.fixture
def view(qtbot: QtBot) -> DocumentView:
    widget = DocumentView()
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _load(view: DocumentView, qtbot: QtBot, document: Document) -> None:
    """Show ``document`` and let the idle-time loader put all of it in the view."""
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.set_document(document)
    assert view.is_loaded()


def _block_starting(document: Document, prefix: str) -> Block:
    return next(block for block in document.blocks if block.text.startswith(prefix))


def _tables(view: DocumentView) -> list[list[list[str]]]:
    """Every QTextTable of the view as rows of cell texts."""
    tables = []
    for frame in view.editor.document().rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            rows = []
            for r in range(frame.rows()):
                cells = []
                for c in range(frame.columns()):
                    cell = frame.cellAt(r, c)
                    cursor = QTextCursor(view.editor.document())
                    cursor.setPosition(cell.firstPosition())
                    cursor.setPosition(cell.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
                    cells.append(cursor.selectedText())
                rows.append(cells)
            tables.append(rows)
    return tables


def _view_selection(view: DocumentView) -> str:
    """What the QTextEdit itself has selected, paragraph breaks as newlines."""
    return view.editor.textCursor().selectedText().replace("\u2029", "\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_shows_numbered_clauses_as_in_the_original(
    view: DocumentView, documents: dict[str, Document], fmt: str, qtbot: QtBot
) -> None:
    document = documents[fmt]
    _load(view, qtbot, document)
    plain = view.editor.toPlainText()
    clause = _block_starting(document, "17.2")
    assert clause.text in plain
    assert "11. Confidentiality" in plain or "11.\tConfidentiality" in plain


@pytest.mark.parametrize("fmt", FORMATS)
def test_tables_become_real_tables_with_their_cells(
    view: DocumentView, documents: dict[str, Document], fmt: str, qtbot: QtBot
) -> None:
    _load(view, qtbot, documents[fmt])
    tables = _tables(view)
    service_levels = next(t for t in tables if t[0] == ["Service", "Measure", "Target", "Credit"])
    assert [
        "Application Management Services",
        "Priority 1 incidents resolved",
        "95% within 4 hours",
        "5%",
    ] in service_levels
    rates = next(t for t in tables if t[0] == ["Role", "Day rate (GBP, excluding VAT)"])
    assert ["Solution Architect", "1,150"] in rates
    # Cell joints (" | ") live in Document.text only, never in the view.
    assert "Service | Measure" not in view.editor.toPlainText()


def test_page_markers_for_pdf_only(
    view: DocumentView, documents: dict[str, Document], qtbot: QtBot
) -> None:
    _load(view, qtbot, documents["pdf"])
    built = view.built_document()
    assert built is not None
    assert [page for page, _ in built.page_markers] == list(range(1, 23))
    plain = view.editor.toPlainText()
    assert "Page 3" in plain
    # The marker sits right before the first block printed on its page.
    first_on_3 = next(block for block in documents["pdf"].blocks if block.page == 3)
    marker_position = dict(built.page_markers)[3]
    assert view.view_position(first_on_3.start) > marker_position
    _load(view, qtbot, documents["docx"])
    built = view.built_document()
    assert built is not None
    assert built.page_markers == []
    assert "Page 3" not in view.editor.toPlainText()


def test_show_range_selects_exactly_each_evidence(
    view: DocumentView, documents: dict[str, Document], pdf_review: ReviewResult
) -> None:
    document = documents["pdf"]
    view.set_document(document)
    evidence = [item for finding in pdf_review.findings for item in finding.evidence]
    assert len(evidence) > 20
    for item in evidence:
        view.show_range(item.start, item.end, flash=False)
        assert view.selected_text() == item.text
        if document.blocks[document.block_index_at(item.start)].kind is not BlockKind.TABLE_ROW:
            assert _view_selection(view) == item.text


def test_show_range_inside_a_table_and_after_a_page_marker(
    view: DocumentView, documents: dict[str, Document]
) -> None:
    document = documents["pdf"]
    view.set_document(document)
    row = next(block for block in document.blocks if "Priority 1 incidents" in block.text)
    cell = "Priority 1 incidents resolved"
    start = row.start + row.text.index(cell)
    view.show_range(start, start + len(cell), flash=False)
    assert view.selected_text() == cell
    assert _view_selection(view) == cell
    table = view.editor.textCursor().currentTable()
    assert table is not None
    assert table.cellAt(view.editor.textCursor()).column() == 1

    view.show_range(row.start, row.end, flash=False)  # the whole row, joints included
    assert view.selected_text() == row.text

    first_on_page = next(block for block in document.blocks if block.page == 12)
    view.show_range(first_on_page.start, first_on_page.end, flash=False)
    assert view.selected_text() == first_on_page.text
    assert _view_selection(view) == first_on_page.text
    assert "Page 12" not in _view_selection(view)


def test_a_selection_made_in_the_view_maps_back_to_document_text(
    view: DocumentView, documents: dict[str, Document]
) -> None:
    document = documents["pdf"]
    view.set_document(document)
    first = _block_starting(document, "17.2")
    second = document.blocks[document.blocks.index(first) + 1]
    cursor = QTextCursor(view.editor.document())
    cursor.setPosition(view.view_position(first.start + 5))
    cursor.setPosition(view.view_position(second.end, end=True), QTextCursor.MoveMode.KeepAnchor)
    view.editor.setTextCursor(cursor)
    assert view.selected_text() == document.text[first.start + 5 : second.end]
    assert view.selected_range() == (first.start + 5, second.end)


def test_clicking_a_clause_emits_its_id(
    view: DocumentView, documents: dict[str, Document], qtbot: QtBot
) -> None:
    document = documents["docx"]
    view.set_document(document)
    for prefix, expected in (("17.2", "c-17-2"), ("11.1", "c-11-1")):
        block = _block_starting(document, prefix)
        middle = len(block.text) // 2
        middle += re.search(r"[a-z]{4}", block.text[middle:]).start() + 2  # type: ignore[union-attr]
        offset = block.start + middle  # inside a word of the clause body
        view.show_range(offset, offset, flash=False)
        rect = view.editor.rect_for(view.view_position(offset))
        with qtbot.waitSignal(view.clauseSelected, timeout=2000) as signal:
            QTest.mouseClick(view.editor.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert signal.args == [expected]
        assert document.clause_at(offset).id == expected  # type: ignore[union-attr]


def test_clicking_the_same_clause_again_still_reports_it(
    view: DocumentView, documents: dict[str, Document], qtbot: QtBot
) -> None:
    document = documents["docx"]
    view.set_document(document)
    block = _block_starting(document, "17.2")
    offset = block.start + 10
    view.show_range(offset, offset, flash=False)
    point: QPoint = view.editor.rect_for(view.view_position(offset)).center()
    QTest.mouseClick(view.editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
    with qtbot.waitSignal(view.clauseSelected, timeout=2000) as signal:
        QTest.mouseClick(view.editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == ["c-17-2"]


def test_programmatic_show_range_does_not_report_a_clause(
    view: DocumentView, documents: dict[str, Document], qtbot: QtBot
) -> None:
    view.set_document(documents["docx"])
    block = _block_starting(documents["docx"], "17.2")
    with qtbot.assertNotEmitted(view.clauseSelected):
        view.show_range(block.start, block.end)


def test_find_counts_matches_and_f3_moves(
    view: DocumentView, documents: dict[str, Document], qtbot: QtBot
) -> None:
    document = documents["pdf"]
    view.set_document(document)
    view.editor.setFocus()
    view.activateWindow()
    QTest.keyClick(view.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.find_bar.isVisible()
    QTest.keyClicks(view.find_bar.line, "service CREDIT")
    total = len(re.findall("service credit", document.text, re.IGNORECASE))
    assert total > 3
    assert len(view.find_matches()) == total
    assert view.find_bar.count.text() == f"1 of {total}"
    assert view.selected_text().lower() == "service credit"
    first = view.selected_range()
    QTest.keyClick(view.find_bar.line, Qt.Key.Key_F3)
    assert view.find_bar.count.text() == f"2 of {total}"
    assert view.selected_range() == view.find_matches()[1] != first
    QTest.keyClick(view.find_bar.line, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert view.find_bar.count.text() == f"1 of {total}"
    QTest.keyClick(view.find_bar.line, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert view.find_bar.count.text() == f"{total} of {total}"  # wraps around
    painted = len(view.editor.extraSelections())
    assert painted >= total
    QTest.keyClick(view.find_bar.line, Qt.Key.Key_Escape)
    assert not view.find_bar.isVisible()
    assert len(view.editor.extraSelections()) == painted - total


def test_find_reports_no_matches(view: DocumentView, documents: dict[str, Document]) -> None:
    view.set_document(documents["docx"])
    view.open_find()
    view.find_bar.line.setText("zebra crossing")
    assert view.find_matches() == []
    assert view.find_bar.count.text() == "No matches"
    assert not view.find_bar.next_button.isEnabled()


def _highlights(result: ReviewResult) -> list[Highlight]:
    highlights = []
    for finding in result.findings:
        if finding.status in (Status.PRESENT, Status.WEAK) and finding.evidence:
            item = finding.evidence[0]
            kind = HighlightKind(finding.status.value)
            label = f"{finding.status.value.upper()} · {finding.title}"
            highlights.append(Highlight(item.start, item.end, kind, label, finding.clause_id))
        for risk in finding.risks:
            if risk.start is not None and risk.end is not None:
                label = f"RISK · {finding.title}"
                highlights.append(
                    Highlight(risk.start, risk.end, HighlightKind.RISK, label, finding.clause_id)
                )
    return highlights


def test_highlights_paint_backgrounds_and_labelled_margin_tags(
    view: DocumentView, documents: dict[str, Document], pdf_review: ReviewResult, qtbot: QtBot
) -> None:
    _load(view, qtbot, documents["pdf"])
    highlights = _highlights(pdf_review)
    kinds = {item.kind for item in highlights}
    assert {HighlightKind.PRESENT, HighlightKind.RISK} <= kinds
    view.set_highlights(highlights)
    selections = view.editor.extraSelections()
    # One painted range per distinct (start, end); the most serious kind colours it.
    assert len(selections) >= len({(item.start, item.end) for item in highlights})
    palette = view.editor.palette()
    for kind in kinds:
        colour = highlight_background(kind, palette)
        assert any(s.format.background().color() == colour for s in selections)
    risk = next(item for item in highlights if item.kind is HighlightKind.RISK)
    painted = [
        s
        for s in selections
        if s.cursor.selectionStart() == view.view_position(risk.start)
        and s.format.background().color() == highlight_background(HighlightKind.RISK, palette)
    ]
    assert painted
    assert painted[0].format.underlineStyle() != painted[0].format.UnderlineStyle.NoUnderline

    labels = view.margin_labels()
    assert {label.word for label in labels} <= {"Present", "Weak", "Risk"}
    assert "Risk" in {label.word for label in labels}
    risk_label = next(
        label for label in labels if label.start == risk.start and label.word == "Risk"
    )
    assert risk_label.detail == risk.label.split(" · ", 1)[1]
    assert risk_label.tooltip == risk.label
    assert risk_label.clause_id == risk.clause_id

    # The gutter paints the tag of a highlight that is in view, level with its first line.
    view.show_range(risk.start, risk.end, flash=False)
    view.editor.gutter.repaint()
    placed = {id(label): rect for rect, label in view.editor.gutter.placed()}
    assert id(risk_label) in placed
    line_top = view.editor.rect_for(view.view_position(risk.start)).top()
    assert abs(placed[id(risk_label)].top() - line_top) < 80
    assert risk.label in view.tooltip_at(view.view_position(risk.start) + 1)


def test_clicking_a_margin_tag_selects_its_range(
    view: DocumentView, documents: dict[str, Document], pdf_review: ReviewResult, qtbot: QtBot
) -> None:
    _load(view, qtbot, documents["pdf"])
    highlights = _highlights(pdf_review)
    view.set_highlights(highlights)
    target = highlights[len(highlights) // 2]
    view.show_range(target.start, target.start, flash=False)
    view.editor.gutter.repaint()
    rect, label = next(
        (rect, label) for rect, label in view.editor.gutter.placed() if label.start == target.start
    )
    with qtbot.waitSignal(view.highlightActivated, timeout=2000) as signal:
        QTest.mouseClick(view.editor.gutter, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert signal.args == [label.clause_id]
    assert view.selected_range() == (label.start, label.end)


def test_flash_runs_for_about_a_second_then_leaves_the_selection(
    view: DocumentView, documents: dict[str, Document], qtbot: QtBot
) -> None:
    document = documents["docx"]
    view.set_document(document)
    block = _block_starting(document, "17.2")
    view.show_range(block.start, block.end)
    assert view.is_flashing()
    assert len(view.editor.extraSelections()) == 1
    qtbot.waitUntil(lambda: not view.is_flashing(), timeout=3000)
    assert view.editor.extraSelections() == []
    assert view.selected_text() == block.text


def test_clear_and_exact_offsets_with_wide_characters(qtbot: QtBot, view: DocumentView) -> None:
    blocks = [
        Block("1. Scope 𝔸 of 🙂 services", kind=BlockKind.HEADING),
        Block(
            "Fees | 𝔹 100 | Notes",
            kind=BlockKind.TABLE_ROW,
            cells=("Fees", "𝔹 100", "Notes"),
            table=0,
        ),
        Block("1.1 The supplier shall provide the 🙂 services.", kind=BlockKind.PARAGRAPH),
    ]
    result = ReadResult(blocks=blocks)
    document = segment(assemble(Path("wide.txt"), "txt", "0" * 64, result))
    view.set_document(document)
    for needle in ("of 🙂 services", "𝔹 100", "the 🙂 services."):
        start = document.text.index(needle)
        view.show_range(start, start + len(needle), flash=False)
        assert view.selected_text() == needle
        assert _view_selection(view) == needle
    view.clear()
    assert view.editor.toPlainText() == ""
    assert view.selected_text() == ""
    assert view.margin_labels() == []


def test_gutter_goes_compact_in_a_narrow_view(
    view: DocumentView, documents: dict[str, Document], pdf_review: ReviewResult, qtbot: QtBot
) -> None:
    _load(view, qtbot, documents["pdf"])
    view.set_highlights(_highlights(pdf_review))
    assert not view.editor.gutter.is_compact()
    wide_left = view.editor.text_left()
    view.resize(560, 700)
    qtbot.waitUntil(view.editor.gutter.is_compact)
    assert view.editor.text_left() < wide_left
    first = view.margin_labels()[0]
    view.show_range(first.start, first.end, flash=False)
    view.editor.gutter.repaint()
    rect, _ = view.editor.gutter.placed()[0]
    assert rect.right() <= view.editor.text_left()
    view.resize(1200, 700)
    qtbot.waitUntil(lambda: not view.editor.gutter.is_compact())


def test_moving_the_cursor_with_the_keyboard_reports_the_new_clause(
    view: DocumentView, documents: dict[str, Document], qtbot: QtBot
) -> None:
    document = documents["docx"]
    view.set_document(document)
    block = _block_starting(document, "17.2")
    view.show_range(block.start, block.start, flash=False)
    view.editor.setFocus()
    seen: list[str] = []
    view.clauseSelected.connect(seen.append)
    for _ in range(6):
        QTest.keyClick(view.editor, Qt.Key.Key_Down)
    offset = view.document_offset(view.editor.textCursor().position())
    expected = document.clause_at(offset)
    assert expected is not None
    assert expected.id != "c-17-2"  # six lines down is past the clause
    assert seen[-1] == expected.id
    assert len(seen) == len(set(seen))  # reported once per clause entered, not per keystroke


def test_a_long_contract_arrives_in_slices_and_highlights_follow(
    view: DocumentView, documents: dict[str, Document], pdf_review: ReviewResult, qtbot: QtBot
) -> None:
    document = documents["pdf"]
    highlights = _highlights(pdf_review)
    view.set_document(document)
    assert not view.is_loaded()  # only the first screenfuls are built synchronously
    view.set_highlights(highlights)
    early_labels = len(view.margin_labels())
    slices: list[int] = []
    view.contentGrew.connect(slices.append)
    qtbot.waitUntil(view.is_loaded, timeout=10_000)
    assert len(slices) >= 3
    assert slices == sorted(slices)
    assert slices[-1] == len(document.text)
    labels = view.margin_labels()
    assert early_labels < len(labels)
    assert {label.start for label in labels} == {item.start for item in highlights}
    assert len(view.editor.extraSelections()) >= len({(h.start, h.end) for h in highlights})


def test_show_range_far_ahead_builds_the_text_it_needs(
    view: DocumentView, documents: dict[str, Document]
) -> None:
    document = documents["pdf"]
    view.set_document(document)
    last = document.blocks[-1]
    assert not view.is_loaded()
    view.show_range(last.start, last.end, flash=False)
    assert view.selected_text() == last.text
    assert _view_selection(view) == last.text
