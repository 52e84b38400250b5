"""Feeds a long contract into the view slice by slice from an idle timer."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QFont

from ito_desktop.core.model import Document
from ito_desktop.ui.document.doc_builder import BuiltDocument, TextDocumentBuilder

# About a screenful and a half of blocks first, then slices that build and lay out in ~20 ms:
# Qt lays a document out lazily in steps that double in size, which on a 100-page contract
# means single steps of 100-200 ms; appending in slices keeps every step small.
FIRST_SLICE = 120
SLICE = 90


class DocumentLoader(QObject):
    """Owns the builder of one document; emits ``grew`` after each slice, ``finished`` once."""

    grew = Signal()
    finished = Signal()

    def __init__(
        self, document: Document, font: QFont, margin: float, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._builder = TextDocumentBuilder(document, font, margin)
        self._builder.build_more(FIRST_SLICE)
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    @property
    def built(self) -> BuiltDocument:
        return self._builder.built

    def start(self) -> None:
        """Continue in the background (call once the document is on screen)."""
        if self._builder.done:
            self.finished.emit()
        else:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def is_done(self) -> bool:
        return self._builder.done

    def loaded_until(self) -> int:
        return self._builder.loaded_until()

    def ensure(self, offset: int) -> None:
        """Build now, without waiting for the timer, until ``offset`` is in the view."""
        if self._builder.done or offset < self._builder.loaded_until():
            return
        while not self._builder.done and offset >= self._builder.loaded_until():
            self._builder.build_more(SLICE * 4)
        self._after_slice()

    def finish(self) -> None:
        self.ensure(len(self._builder.document.text))

    def _step(self) -> None:
        self._builder.build_more(SLICE)
        self._after_slice()

    def _after_slice(self) -> None:
        self.grew.emit()
        if self._builder.done:
            self._timer.stop()
            self.finished.emit()
