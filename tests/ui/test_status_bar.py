"""The status bar: long file names and job labels are shortened, never widen the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from ito_desktop.core.model import Block, Document
from ito_desktop.ui.window.status_bar import ReviewStatusBar

LONG_NAME = "NORTHWIND_MUTUAL_2026-03-02_EX-10.8-MASTER SERVICES AGREEMENT (signed copy, final).pdf"
OTHER_NAME = "CORVEX_TECHNOLOGY_SERVICES_2026_APPLICATION MANAGEMENT AND HOSTING SCHEDULES.docx"


def document(path: Path) -> Document:
    text = "1. Services. The Supplier shall provide the Services."
    return Document(path, "pdf", "0" * 64, "", text, (Block(text, end=len(text)),), pages=17)


def test_long_names_are_shortened_and_the_window_keeps_its_width(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    status = ReviewStatusBar()
    window.setStatusBar(status)
    window.resize(1000, 600)
    window.show()
    qtbot.waitExposed(window)

    # A review is open and the next contract is being opened: both names show at once.
    status.show_review(document(Path("/contracts") / LONG_NAME))
    status.set_save_state(f"Review saved to {LONG_NAME}.itoreview.json")
    status.start_job(f"Opening {OTHER_NAME}")
    QApplication.processEvents()

    assert window.width() == 1000  # a plain QLabel asked for its whole text and grew it
    assert status.file_label.text() == LONG_NAME  # the text itself is kept
    assert status.file_label.toolTip() == str(Path("/contracts") / LONG_NAME)
    for label in (status.file_label, status.job_label, status.save_label):
        shown = label.shown_text()
        assert "…" in shown, label.objectName()
        assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
        assert label.toolTip()
    # Shortened in the middle: the start and the extension stay readable.
    assert status.file_label.shown_text().startswith("NORTHWIND")
    assert status.file_label.shown_text().endswith(".pdf")

    status.stop_job()
    status.show_review(document(Path("/contracts/sample_msa.pdf")))
    status.set_save_state("Review saved to sample_msa.pdf.itoreview.json")
    QApplication.processEvents()
    for label in (status.file_label, status.save_label):  # room again: shown whole
        assert label.shown_text() == label.text()
    assert status.pages_label.text() == "17 pages"
