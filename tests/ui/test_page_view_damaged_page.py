"""A multi-page TIFF with one damaged page in the page view: that page is a note (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from pytestqt.qtbot import QtBot

from ito_desktop.ui.page.page_render import UnreadablePage, page_failure
from ito_desktop.ui.page.page_view import PageView
from tests.core.ingest.test_ocr_tiff import scanned_tiff, with_damaged_pages

WAIT_MS = 10_000


def _damaged_scan(folder: Path) -> Path:
    """Four pages; page 2's strip offsets lie past the end of the file."""
    scan = scanned_tiff(folder / "whole.tif", [None, 0, None, 1])
    path = folder / "scan.tif"
    path.write_bytes(with_damaged_pages(scan, {1: (273, 1 << 30)}))
    return path


def _drawn(view: PageView) -> bool:
    image = view.rendered_image()
    return image is not None and not image.isNull()


def test_the_damaged_page_is_a_note_and_the_others_stay_viewable(
    qtbot: QtBot, tmp_path: Path
) -> None:
    view = PageView()
    qtbot.addWidget(view)
    view.resize(640, 820)
    view.show()
    qtbot.waitExposed(view)
    failures: list[str] = []
    view.failed.connect(failures.append)
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS) as loaded:
        view.set_pdf(_damaged_scan(tmp_path))
    assert loaded.args == [4]
    qtbot.waitUntil(lambda: _drawn(view), timeout=WAIT_MS)

    view.next_page()  # onto the damaged page
    assert view.current_page() == 2
    qtbot.waitUntil(lambda: view.canvas.pending_text().startswith("Page 2 could not"))
    note = view.canvas.pending_text()
    assert note.startswith(
        "Page 2 could not be read, so it is not shown.\nThe file is damaged here: its tag 273"
    )
    assert note.endswith("The other pages can be viewed as usual.")
    assert view.rendered_image() is None
    # The view itself stays: no message replaces it, navigation goes on.
    assert view.message() == ""
    assert view.stack.currentWidget() is view.scroll_area
    assert view.next_button.isEnabled()

    view.next_page()
    qtbot.waitUntil(lambda: _drawn(view), timeout=WAIT_MS)
    assert view.current_page() == 3
    assert view.canvas.pending_text() == ""
    view.previous_page()  # back to the note, without asking for the page again
    assert view.canvas.pending_text() == note
    view.set_page(4)
    qtbot.waitUntil(lambda: _drawn(view), timeout=WAIT_MS)
    view.set_page(1)
    qtbot.waitUntil(lambda: _drawn(view), timeout=WAIT_MS)
    assert failures == []


def test_only_a_page_of_a_multi_page_image_is_noted_alone(tmp_path: Path) -> None:
    # A PDF that stops opening, or a one-page image that cannot be decoded, is the whole
    # document's fault: the view's message says so instead of a note on every page.
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(b"not a pdf at all")
    assert page_failure(pdf, 3, pdfium.PdfiumError("Failed to load document")) is None
    png = tmp_path / "scan.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n broken")
    assert page_failure(png, 1, ValueError("Unable to read image data")) is None
    scan = _damaged_scan(tmp_path)
    damaged = page_failure(scan, 2, UnreadablePage(2, "its tag 273 points past the end"))
    assert damaged is not None
    assert damaged.startswith("Page 2 could not be read")
    undecodable = page_failure(scan, 4, ValueError("Unsupported compression"))
    assert undecodable is not None
    assert "(Unsupported compression)" in undecodable
    assert page_failure(tmp_path / "gone.tif", 2, UnreadablePage(2, "x")) is None
