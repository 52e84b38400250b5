"""PageView: renders sample pages off the GUI thread, draws evidence boxes, reports bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget
from pytestqt.qtbot import QtBot

from ito_desktop.core.effective import EffectiveStatus
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.model import Document
from ito_desktop.ui.page.page_canvas import MARGIN
from ito_desktop.ui.page.page_render import PageImageCache, render_page
from ito_desktop.ui.page.page_view import ZOOM_BASE, PageView
from tests.conftest import SAMPLES

SAMPLE_PDF = SAMPLES / "sample_msa.pdf"
WAIT_MS = 10_000


@pytest.fixture(scope="module")
def document() -> Document:
    return read_document(SAMPLE_PDF)


@pytest.fixture
def view(qtbot: QtBot) -> PageView:
    widget = PageView()
    qtbot.addWidget(widget)
    widget.resize(640, 820)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _wheel(modifiers: Qt.KeyboardModifier) -> QWheelEvent:
    centre = QPointF(100, 100)
    return QWheelEvent(
        centre,
        centre,
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )


def _rendered(view: PageView) -> bool:
    image = view.rendered_image()
    return image is not None and not image.isNull()


def test_renders_the_first_page(view: PageView, qtbot: QtBot) -> None:
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS) as loaded:
        view.set_pdf(SAMPLE_PDF)
    assert loaded.args == [22]
    assert view.page_count() == 22
    assert view.current_page() == 1
    qtbot.waitUntil(lambda: _rendered(view), timeout=WAIT_MS)
    image = view.rendered_image()
    assert image is not None
    # Fit width: the page fills the viewport's width, and it is mostly white paper with ink.
    assert image.width() / image.devicePixelRatio() == pytest.approx(
        view.scroll_area.viewport().width() - 32, abs=2
    )
    dark = sum(
        image.pixelColor(x, y).lightness() < 100
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    )
    assert dark > 50
    assert view.page_total.text() == "of 22"
    assert view.page_box.value() == 1
    assert view.message() == ""


def test_show_spans_moves_to_the_page_and_scrolls_the_box_into_view(
    view: PageView, qtbot: QtBot, document: Document
) -> None:
    view.set_pdf(SAMPLE_PDF)
    qtbot.waitUntil(lambda: _rendered(view), timeout=WAIT_MS)
    start = document.text.index("Supplier shall notify Customer within seven")
    spans = document.spans(start, start + 180)
    (span,) = spans
    assert span.page is not None
    assert span.page > 1
    assert span.boxes
    with qtbot.waitSignal(view.pageChanged, timeout=WAIT_MS) as changed:
        view.show_spans(spans, "WEAK · Security incident notification", EffectiveStatus.WEAK)
    assert changed.args == [span.page]
    assert view.current_page() == span.page
    assert view.boxes() == list(span.boxes)
    assert view.canvas.label() == "WEAK · Security incident notification"
    qtbot.waitUntil(lambda: _rendered(view), timeout=WAIT_MS)
    # The first box is inside the visible part of the scroll area.
    first = view.canvas.box_rect(span.boxes[0]).toRect()
    top_left = view.canvas.mapTo(view.scroll_area.viewport(), first.topLeft())
    visible = QRect(top_left, first.size()).intersected(view.scroll_area.viewport().rect())
    assert visible.height() == first.height()
    # Another page shows no boxes; coming back shows them again.
    view.next_page()
    assert view.boxes() == []
    view.previous_page()
    assert view.boxes() == list(span.boxes)


def test_boxes_requested_while_opening_are_applied_once_open(
    view: PageView, qtbot: QtBot, document: Document
) -> None:
    spans = document.spans(document.clauses[-1].start, document.clauses[-1].end)
    span = spans[0]
    assert span.page is not None
    view.set_pdf(SAMPLE_PDF)
    view.show_spans(spans, "Schedule")
    qtbot.waitUntil(lambda: view.current_page() == span.page, timeout=WAIT_MS)
    assert view.boxes() == list(span.boxes)


def test_navigation_and_zoom_controls(view: PageView, qtbot: QtBot) -> None:
    view.set_pdf(SAMPLE_PDF)
    qtbot.waitUntil(lambda: _rendered(view), timeout=WAIT_MS)
    assert not view.previous_button.isEnabled()
    with qtbot.waitSignal(view.pageChanged, timeout=WAIT_MS):
        QTest.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.current_page() == 2
    view.page_box.setValue(22)
    assert view.current_page() == 22
    assert not view.next_button.isEnabled()
    fitted = view.zoom_percent()
    assert view.fit_button.isChecked()
    QTest.mouseClick(view.zoom_in_button, Qt.MouseButton.LeftButton)
    assert view.zoom_percent() > fitted
    assert not view.fit_button.isChecked()
    assert view.zoom_label.text() == f"{view.zoom_percent()}%"
    qtbot.waitUntil(lambda: _rendered(view), timeout=WAIT_MS)
    view.fit_width()
    assert view.zoom_percent() == fitted
    # Ctrl+wheel zooms; a plain wheel scrolls the page as usual.
    before = view.zoom_percent()
    QApplication.sendEvent(view.scroll_area.viewport(), _wheel(Qt.KeyboardModifier.ControlModifier))
    assert view.zoom_percent() > before
    zoomed = view.zoom_percent()
    QApplication.sendEvent(view.scroll_area.viewport(), _wheel(Qt.KeyboardModifier.NoModifier))
    assert view.zoom_percent() == zoomed


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"%PDF-1.4\nthis is not really a PDF\n", "damaged"), (b"PK\x03\x04zip", "not a PDF")],
)
def test_a_corrupt_pdf_shows_a_message(
    view: PageView, qtbot: QtBot, tmp_path: Path, content: bytes, expected: str
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(content)
    with qtbot.waitSignal(view.failed, timeout=WAIT_MS) as failed:
        view.set_pdf(broken)
    assert expected in failed.args[0]
    assert "broken.pdf" in view.message()
    assert view.stack.currentWidget() is view.message_label
    assert view.message_label.text() == view.message()
    assert view.page_count() == 0
    assert view.current_page() == 0
    assert not view.toolbar.isVisible()


def test_a_missing_file_shows_a_message(view: PageView, qtbot: QtBot, tmp_path: Path) -> None:
    with qtbot.waitSignal(view.failed, timeout=WAIT_MS):
        view.set_pdf(tmp_path / "gone.pdf")
    assert "gone.pdf was not found" in view.message()


def test_an_encrypted_pdf_needs_its_password(view: PageView, qtbot: QtBot, tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Confidential schedule")
    pdf.set_encryption(owner_password="owner-secret", user_password="open-sesame")
    locked = tmp_path / "locked.pdf"
    pdf.output(str(locked))
    with qtbot.waitSignal(view.failed, timeout=WAIT_MS):
        view.set_pdf(locked)
    assert "password-protected" in view.message()
    with qtbot.waitSignal(view.failed, timeout=WAIT_MS):
        view.set_pdf(locked, password="wrong")
    assert "does not open" in view.message()
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.set_pdf(locked, password="open-sesame")
    qtbot.waitUntil(lambda: _rendered(view), timeout=WAIT_MS)


def test_clear_shows_the_placeholder(view: PageView, qtbot: QtBot) -> None:
    view.set_pdf(SAMPLE_PDF)
    qtbot.waitUntil(lambda: _rendered(view), timeout=WAIT_MS)
    view.clear()
    assert view.page_count() == 0
    assert view.rendered_image() is None
    assert "PDF" in view.message()


@pytest.mark.usefixtures("qapp")
def test_render_page_copies_pixels_and_the_cache_evicts_oldest() -> None:
    image = render_page(SAMPLE_PDF, None, 1, 0.5)
    assert image.format() == QImage.Format.Format_RGB32
    assert (image.width(), image.height()) == (298, 421)  # A4 at half a pixel per point
    assert image.pixelColor(2, 2).name() == "#ffffff"
    cache = PageImageCache(max_bytes=image.sizeInBytes() * 2)
    for page in (1, 2, 3):
        cache.put(page, 0.5, image.copy())
    assert len(cache) == 2
    assert cache.get(1, 0.5) is None
    assert cache.get(3, 0.5) is not None
    assert cache.any_for(2) is not None


def test_a_range_printed_across_two_pages_draws_each_part_on_its_own_page(
    view: PageView, qtbot: QtBot, document: Document
) -> None:
    block = next(b for b in document.blocks if len({line.page for line in b.lines}) == 2)
    first, second = document.spans(block.start, block.end)
    assert first.page is not None
    assert second.page == first.page + 1
    assert first.boxes + second.boxes == tuple(line.box for line in block.lines)
    view.set_pdf(SAMPLE_PDF)
    view.show_spans((first, second), "PRESENT · Limitation of liability", EffectiveStatus.PRESENT)
    qtbot.waitUntil(lambda: view.current_page() == first.page, timeout=WAIT_MS)
    assert view.boxes() == list(first.boxes)
    view.next_page()
    assert view.boxes() == list(second.boxes)


def test_fit_width_follows_the_viewport_when_its_hidden_tab_is_shown(qtbot: QtBot) -> None:
    # The page loads in a background tab (as in the main window) and is then shown: it must
    # fit the width the viewport has then, not the size it had while hidden.
    tabs = QTabWidget()
    view = PageView()
    tabs.addTab(QLabel("Contract text"), "Contract text")
    tabs.addTab(view, "Original page")
    qtbot.addWidget(tabs)
    tabs.resize(700, 820)
    tabs.show()
    qtbot.waitExposed(tabs)
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.set_pdf(SAMPLE_PDF)
    qtbot.waitUntil(lambda: _rendered(view), timeout=WAIT_MS)  # rendered while hidden
    hidden_zoom = view.zoom_percent()
    tabs.setCurrentWidget(view)
    # Fitted while hidden to the width the tab gives it: nothing to render again.
    assert view.zoom_percent() == hidden_zoom
    assert _rendered(view)
    viewport = view.scroll_area.viewport().width()
    assert viewport > 600
    page_width = view.canvas.width() - 2 * MARGIN
    assert page_width == pytest.approx(viewport - 2 * MARGIN, abs=2)
    # An A4 page (595 pt) across ~640 px: about 80% of its printed size (it was 19%).
    assert view.zoom_percent() == round((viewport - 2 * MARGIN) / 595.3 / ZOOM_BASE * 100)
    assert view.zoom_label.text() == f"{view.zoom_percent()}%"
    # Resizing the window re-fits; a chosen zoom is kept.
    tabs.resize(900, 820)
    qtbot.waitUntil(lambda: view.scroll_area.viewport().width() > 800, timeout=WAIT_MS)
    assert view.canvas.width() - 2 * MARGIN == pytest.approx(
        view.scroll_area.viewport().width() - 2 * MARGIN, abs=2
    )
    view.zoom_in()
    zoomed = view.zoom_percent()
    tabs.resize(700, 820)
    qtbot.waitUntil(lambda: view.scroll_area.viewport().width() < 700, timeout=WAIT_MS)
    assert view.zoom_percent() == zoomed
