"""Scanned contracts in the app (issue 13): OCR progress and Cancel, an image on the page view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from benchmarks.scanned import image_only_pdf
from ito_desktop.core.settings import Settings
from ito_desktop.ui.details.details_cards import OCR_NOTE
from ito_desktop.ui.review.jobs import JobRunner
from ito_desktop.ui.review.review_controller import ReviewController
from tests.conftest import SAMPLES

if TYPE_CHECKING:
    from ito_desktop.ui.window.main_window import MainWindow


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    path = tmp_path / "scan" / "scanned.pdf"
    path.parent.mkdir()
    path.write_bytes(image_only_pdf(SAMPLES / "sample_msa.pdf", 150, pages=[0, 1, 2]))
    return path


def test_ocr_reports_each_page_and_cancel_stops_it(qtbot: QtBot, scan: Path) -> None:
    runner = JobRunner(QThreadPool())
    controller = ReviewController(runner, Settings())
    messages: list[str] = []
    busy: list[bool] = []
    opened: list[object] = []
    failed: list[BaseException] = []
    controller.busyChanged.connect(lambda flag, _label: busy.append(flag))
    controller.reviewOpened.connect(opened.append)
    controller.failed.connect(lambda error, _path: failed.append(error))

    def progress(_fraction: float, message: str) -> None:
        messages.append(message)
        if message.startswith("Recognising page 1 of 3"):
            controller.cancel()

    controller.progressChanged.connect(progress)
    controller.open_file(scan)
    qtbot.waitUntil(lambda: busy == [True, False], timeout=60000)
    assert runner.wait(20000)
    qtbot.wait(50)
    assert "Recognising page 1 of 3 (OCR)" in messages
    assert "Recognising page 3 of 3 (OCR)" not in messages
    assert opened == []
    assert failed == []  # cancelling is silent
    controller.deleteLater()


def test_a_scanned_page_opened_as_an_image_shows_with_its_highlight(
    qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    pdf = pdfium.PdfDocument(str(SAMPLES / "sample_msa.pdf"))
    path = tmp_path / "page-3.png"
    pdf[2].render(scale=150 / 72, grayscale=True).to_pil().save(path)
    window = make_window()
    window.show()
    window.open_file(path)
    qtbot.waitUntil(lambda: window.controller.review is not None, timeout=60000)
    qtbot.waitUntil(window.is_settled, timeout=30000)
    review = window.controller.review
    assert review is not None
    document = review.result.document
    assert document.format == "image"
    assert window.commands.show_page.isEnabled()
    present = [f for f in review.result.findings if f.evidence]
    assert present
    finding = present[0]
    assert finding.evidence[0].ocr
    window.show_finding(finding.clause_id)
    qtbot.waitUntil(lambda: window.page_view.rendered_image() is not None, timeout=15000)
    assert window.page_view.rendered_image() is not None
    wheres = [block.where.text() for block in window.details_panel.evidence.blocks.items]
    assert any(OCR_NOTE in text for text in wheres), wheres


def test_a_multi_page_tiff_shows_each_page_with_its_highlight(
    qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    from tests.core.ingest.test_ocr_tiff import scanned_tiff

    path = scanned_tiff(tmp_path / "scan.tif", [0, 1, None])
    window = make_window()
    window.show()
    window.open_file(path)
    qtbot.waitUntil(lambda: window.controller.review is not None, timeout=90000)
    qtbot.waitUntil(window.is_settled, timeout=30000)
    review = window.controller.review
    assert review is not None
    assert review.result.document.pages == 3
    qtbot.waitUntil(lambda: window.page_view.page_count() == 3, timeout=15000)
    on_two = [f for f in review.result.findings if f.evidence and f.evidence[0].page == 2]
    assert on_two
    window.show_finding(on_two[0].clause_id)
    qtbot.waitUntil(lambda: window.page_view.rendered_image() is not None, timeout=15000)
    assert window.page_view.current_page() == 2
    assert window.page_view.boxes()
    image = window.page_view.rendered_image()
    assert image is not None
    # A page of the sample (A4), not the letter-size blank sheet after it.
    assert abs(image.height() / image.width() - 1754 / 1241) < 0.01
