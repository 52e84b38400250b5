"""The contract as structured text, with finding highlights, gutter labels and find."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ito_desktop.core.model import Document
from ito_desktop.ui.common.highlight import Highlight
from ito_desktop.ui.document.doc_builder import BuiltDocument
from ito_desktop.ui.document.doc_flash import SelectionFlash
from ito_desktop.ui.document.doc_highlights import (
    Selection,
    find_selections,
    highlight_selections,
    margin_labels,
)
from ito_desktop.ui.document.doc_loader import DocumentLoader
from ito_desktop.ui.document.doc_offsets import OffsetMap
from ito_desktop.ui.document.doc_text_view import DOCUMENT_MARGIN, ContractTextView, MarginLabel
from ito_desktop.ui.document.find_bar import FindBarView, find_all


class DocumentView(QWidget):
    """Read-only view of a Document; every position in its API is a Document.text offset.

    Long contracts arrive in slices (see DocumentLoader): the first screen at once, the rest
    from an idle timer. Anything that needs text further on (show_range, find) builds up to it
    on the spot; highlights are painted as their text arrives.
    """

    clauseSelected = Signal(str)  # Clause.id under a click or the keyboard cursor
    highlightActivated = Signal(str)  # library clause id of a gutter label the user clicked
    loaded = Signal()  # the whole document is in the view
    contentGrew = Signal(int)  # Document.text offset up to which the view holds the text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: Document | None = None
        self._loader: DocumentLoader | None = None
        self._offsets = OffsetMap()
        self._highlights: list[Highlight] = []
        self._selections: dict[str, list[Selection]] = {}
        self._shown: tuple[int, int, int, int] | None = None  # view start/end, doc start/end
        self._programmatic = False
        self._last_clause: str | None = None
        self._emitted_in_click = False
        self._matches: list[tuple[int, int]] = []
        self._match = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.find_bar = FindBarView(self)
        self.find_bar.hide()
        self.editor = ContractTextView(self)
        self.editor.setPlaceholderText("No contract open.")
        self.editor.tooltip_provider = self.tooltip_at
        layout.addWidget(self.find_bar)
        layout.addWidget(self.editor, 1)
        self._flash = SelectionFlash(self.editor, self._set_flash, self)
        self.editor.cursorPositionChanged.connect(self._cursor_moved)
        self.editor.pressed.connect(self._pressed)
        self.editor.clicked.connect(self._clicked)
        self.editor.labelClicked.connect(self._label_clicked)
        self.find_bar.searchChanged.connect(self._search)
        self.find_bar.nextRequested.connect(self.find_next)
        self.find_bar.previousRequested.connect(self.find_previous)
        self.find_bar.closed.connect(self._find_closed)
        self.find_action = self._action("Find…", QKeySequence.StandardKey.Find, self.open_find)
        self.find_next_action = self._action("Find next", "F3", self.find_next)
        self.find_previous_action = self._action("Find previous", "Shift+F3", self.find_previous)

    def _action(self, text: str, keys: object, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))  # type: ignore[call-overload]
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- content ---------------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        """Show ``document``; highlights and find results are reset."""
        loader = DocumentLoader(document, self.editor.font(), DOCUMENT_MARGIN, self)
        loader.built.text_document.setParent(self)
        self._drop_content()
        self._document, self._loader, self._offsets = document, loader, loader.built.offsets
        self._set_editor_document(loader.built.text_document)
        self.editor.verticalScrollBar().setValue(0)
        loader.grew.connect(self._grew)
        loader.finished.connect(self.loaded)
        loader.start()
        if self.find_bar.isVisible() and self.find_bar.text():
            self._search(self.find_bar.text())

    def clear(self) -> None:
        """Show nothing (the placeholder)."""
        self._drop_content()
        self._document, self._offsets = None, OffsetMap()
        empty = QTextDocument(self)
        empty.setDocumentMargin(DOCUMENT_MARGIN)
        self._set_editor_document(empty)

    def _set_editor_document(self, text_document: QTextDocument) -> None:
        old = self.editor.document()
        ours = old is not None and old.parent() is self  # Qt deletes its own default document
        self._programmatic = True
        try:
            self.editor.setDocument(text_document)
        finally:
            self._programmatic = False
        if ours:
            old.deleteLater()

    def _drop_content(self) -> None:
        if self._loader is not None:
            self._loader.stop()
            self._loader.deleteLater()
            self._loader = None
        self._flash.stop()
        self.editor.setPalette(QPalette())
        self._highlights, self._selections, self._shown = [], {}, None
        self._matches, self._match, self._last_clause = [], -1, None
        self.editor.setExtraSelections([])
        self.editor.gutter.set_labels([])

    def document(self) -> Document | None:
        return self._document

    def built_document(self) -> BuiltDocument | None:
        """The QTextDocument shown and its landmarks (page markers, tables)."""
        return self._loader.built if self._loader else None

    def is_loaded(self) -> bool:
        """Whether the whole document is in the view (it arrives in slices)."""
        return self._loader is None or self._loader.is_done()

    def finish_loading(self) -> None:
        """Put the rest of the document in the view now."""
        if self._loader is not None:
            self._loader.finish()

    def view_position(self, offset: int, *, end: bool = False) -> int:
        """The QTextDocument position of a Document.text offset (loading up to it first)."""
        if self._loader is not None:
            self._loader.ensure(offset)
        return self._offsets.to_view(offset, end=end)

    def document_offset(self, position: int, *, end: bool = False) -> int:
        return self._offsets.to_document(position, end=end)

    def _grew(self) -> None:
        if self._loader is not None:
            self.contentGrew.emit(self._loader.loaded_until())
        if self._highlights:
            self._paint_highlights()
        if self._matches:
            self._selections["find"] = find_selections(self.editor, self._offsets, self._matches)
            self._apply_selections()

    # -- highlights ------------------------------------------------------------------------

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """Paint ``highlights`` as backgrounds (plus underlines) with a gutter label for each."""
        self._highlights = sorted(highlights, key=lambda h: (h.start, h.end))
        self._paint_highlights()

    def highlights(self) -> list[Highlight]:
        return list(self._highlights)

    def margin_labels(self) -> list[MarginLabel]:
        """The labels the gutter paints, in document order."""
        return self.editor.gutter.labels()

    def _paint_highlights(self) -> None:
        loaded_until = self._loader.loaded_until() if self._loader else 0
        self._selections["highlights"] = highlight_selections(
            self.editor, self._offsets, self._highlights
        )
        self.editor.gutter.set_labels(margin_labels(self._offsets, self._highlights, loaded_until))
        self._apply_selections()

    def _apply_selections(self) -> None:
        order = ("highlights", "find", "flash")
        combined = [extra for key in order for extra in self._selections.get(key, [])]
        self.editor.setExtraSelections(combined)

    def _set_flash(self, selections: list[Selection]) -> None:
        self._selections["flash"] = selections
        self._apply_selections()

    def tooltip_at(self, position: int) -> str:
        """The labels of the highlights at view ``position``, one a line."""
        offset = self._offsets.to_document(position)
        labels = [h.label for h in self._highlights if h.start <= offset < h.end and h.label]
        return "\n".join(dict.fromkeys(labels))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._highlights:
            self._paint_highlights()

    # -- selection -------------------------------------------------------------------------

    def show_range(self, start: int, end: int, flash: bool = True) -> None:
        """Select document text ``[start, end)``, centre it in the view and flash it."""
        if self._document is None:
            return
        length = len(self._document.text)
        start = max(0, min(start, length))
        end = max(start, min(end, length))
        view_start = self.view_position(start)
        view_end = max(view_start, self.view_position(end, end=True))
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(view_start)
        cursor.setPosition(view_end, QTextCursor.MoveMode.KeepAnchor)
        self._programmatic = True
        try:
            self.editor.setTextCursor(cursor)
        finally:
            self._programmatic = False
        # Qt may widen a selection across table cells; remember what it actually holds.
        actual = self.editor.textCursor()
        self._shown = (actual.selectionStart(), actual.selectionEnd(), start, end)
        self._centre(view_start, view_end)
        self._flash.stop()
        if flash:
            self._flash.start(self._offsets.view_pieces(start, end))

    def clear_selection(self) -> None:
        """Deselect (and stop the flash) without scrolling: the finding shown has no evidence."""
        cursor = self.editor.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self._programmatic = True
            try:
                self.editor.setTextCursor(cursor)
            finally:
                self._programmatic = False
        self._shown = None
        self._flash.stop()

    def _centre(self, view_start: int, view_end: int) -> None:
        top = self.editor.rect_for(view_start).top()
        bottom = self.editor.rect_for(view_end).bottom()
        height = self.editor.viewport().height()
        bar = self.editor.verticalScrollBar()
        span = bottom - top
        target = top - (height - span) // 2 if span < height * 0.7 else top - height // 6
        bar.setValue(bar.value() + target)

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as Document.text offsets, or None."""
        cursor = self.editor.textCursor()
        if self._document is None or not cursor.hasSelection():
            return None
        if self._shown and self._shown[:2] == (cursor.selectionStart(), cursor.selectionEnd()):
            return self._shown[2], self._shown[3]
        start = self._offsets.to_document(cursor.selectionStart())
        return start, max(start, self._offsets.to_document(cursor.selectionEnd(), end=True))

    def selected_text(self) -> str:
        """The selected text as it appears in Document.text."""
        selected = self.selected_range()
        if self._document is None or selected is None:
            return ""
        return self._document.text[selected[0] : selected[1]]

    def stop_flash(self) -> None:
        """End the flash now and show the ordinary selection."""
        self._flash.stop()

    def is_flashing(self) -> bool:
        return self._flash.is_active()

    # -- clause under the cursor -----------------------------------------------------------

    def _clause_id_at(self, position: int) -> str | None:
        if self._document is None:
            return None
        clause = self._document.clause_at(self._offsets.to_document(position))
        return clause.id if clause else None

    def _cursor_moved(self) -> None:
        if self._programmatic or self._document is None:
            return
        self._shown = None
        clause_id = self._clause_id_at(self.editor.textCursor().position())
        if clause_id and clause_id != self._last_clause:
            self._last_clause = clause_id
            self._emitted_in_click = True
            self.clauseSelected.emit(clause_id)

    def _pressed(self) -> None:
        self._emitted_in_click = False

    def _clicked(self, position: int) -> None:
        # A click on the clause already current moves no cursor; say it again anyway.
        if self._emitted_in_click:
            return
        clause_id = self._clause_id_at(position)
        if clause_id:
            self._last_clause = clause_id
            self.clauseSelected.emit(clause_id)

    def _label_clicked(self, label: MarginLabel) -> None:
        self.show_range(label.start, label.end)
        self.highlightActivated.emit(label.clause_id)

    # -- find ------------------------------------------------------------------------------

    def open_find(self) -> None:
        """Show the find bar (Ctrl+F), seeded with a short single-line selection."""
        selected = self.selected_text()
        if selected and len(selected) <= 80 and "\n" not in selected:
            self.find_bar.line.setText(selected)
        self.find_bar.open_bar()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def find_matches(self) -> list[tuple[int, int]]:
        return list(self._matches)

    def current_match(self) -> int:
        """0-based index of the current match, -1 when none."""
        return self._match

    def _step(self, delta: int) -> None:
        if not self.find_bar.isVisible() or not self.find_bar.text():
            self.open_find()
            return
        if self._matches:
            self._go_to_match((self._match + delta) % len(self._matches))

    def _search(self, text: str) -> None:
        self._matches = find_all(self._document.text, text) if self._document else []
        self._selections["find"] = find_selections(self.editor, self._offsets, self._matches)
        self._apply_selections()
        if not self._matches:
            self._match = -1
            self.find_bar.set_count(0, 0)
            return
        anchor = self._offsets.to_document(self.editor.textCursor().selectionStart())
        following = [i for i, (start, _) in enumerate(self._matches) if start >= anchor]
        self._go_to_match(following[0] if following else 0)

    def _go_to_match(self, index: int) -> None:
        self._match = index
        start, end = self._matches[index]
        self.show_range(start, end, flash=False)
        self.find_bar.set_count(index + 1, len(self._matches))

    def _find_closed(self) -> None:
        self._matches, self._match = [], -1
        self._selections.pop("find", None)
        self._apply_selections()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
