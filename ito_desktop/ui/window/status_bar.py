"""The status bar: file, pages, clauses, review-file state, and the running job with Cancel."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStatusBar,
    QStyleOption,
    QWidget,
)

from ito_desktop.core.model import Document
from ito_desktop.core.plural import count as plural

# How many characters a shortened label keeps room for; the rest shows as "…" in the middle.
# The file name keeps more: when space is short, the job and review-file labels give way.
_SHORTEST_FILE_NAME = 40
_SHORTEST_LABEL = 12


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" rather than widening the window.

    A plain QLabel asks for its whole text as its minimum width; in the status bar a long file
    name beside "Opening <another long name>" made the main window grow past its size.
    """

    def __init__(self, shortest: int = _SHORTEST_LABEL, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shortest = shortest  # characters
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        room = self.fontMetrics().averageCharWidth() * self.shortest
        return QSize(min(hint.width(), room), hint.height())

    def shown_text(self) -> str:
        """The text as drawn at the current width."""
        room = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawItemText(
            painter, self.contentsRect(), int(self.alignment()), option.palette,
            self.isEnabled(), self.shown_text(), self.foregroundRole(),
        )


class ReviewStatusBar(QStatusBar):
    """Permanent labels for the open contract; a progress bar and Cancel while a job runs."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.file_label = ElidedLabel(_SHORTEST_FILE_NAME)
        self.file_label.setObjectName("fileLabel")
        self.pages_label = QLabel()
        self.clauses_label = QLabel()
        self.save_label = ElidedLabel()
        self.save_label.setObjectName("saveLabel")
        self.job_label = ElidedLabel()
        self.job_label.setObjectName("jobLabel")
        self.progress = QProgressBar()
        self.progress.setObjectName("jobProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(180)
        self.progress.setMaximumHeight(14)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip("Stop reading and analysing")
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.addWidget(self.file_label)
        self.addWidget(self.pages_label)
        self.addWidget(self.clauses_label)
        self.addPermanentWidget(self.job_label)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.cancel_button)
        self.addPermanentWidget(self.save_label)
        self.stop_job()
        self.clear_review()

    def show_review(self, document: Document) -> None:
        self.file_label.setText(document.path.name)
        self.file_label.setToolTip(str(document.path))
        pages = document.pages
        self.pages_label.setText(
            plural(pages, "page") if pages else document.format.upper()
        )
        count = len(document.clauses)
        self.clauses_label.setText(plural(count, "clause"))
        for label in (self.file_label, self.pages_label, self.clauses_label):
            label.setVisible(True)

    def clear_review(self) -> None:
        for label in (self.file_label, self.pages_label, self.clauses_label, self.save_label):
            label.clear()
            label.setVisible(False)

    def set_save_state(self, text: str) -> None:
        self.save_label.setText(text)
        self.save_label.setToolTip(text)
        self.save_label.setVisible(bool(text))

    def start_job(self, label: str) -> None:
        self.job_label.setText(label)
        self.job_label.setToolTip(label)
        self.progress.setValue(0)
        for widget in (self.job_label, self.progress, self.cancel_button):
            widget.setVisible(True)

    def set_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.job_label.setText(message)

    def stop_job(self) -> None:
        for widget in (self.job_label, self.progress, self.cancel_button):
            widget.setVisible(False)

    def job_running(self) -> bool:
        return self.progress.isVisibleTo(self)
