"""The contract as structured text, with finding highlights, gutter labels and find."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextEdit, QVBoxLayout, QWidget

from ito_desktop.core.model import Document
from ito_desktop.ui.doc_builder import BuiltDocument, build_text_document
from ito_desktop.ui.doc_offsets import OffsetMap
from ito_desktop.ui.doc_text_view import (
    DOCUMENT_MARGIN,
    ContractTextView,
    MarginLabel,
    word_for,
)
from ito_desktop.ui.find_bar import FindBarView, find_all
from ito_desktop.ui.highlight import (
    Highlight,
    HighlightKind,
    highlight_background,
    is_dark,
    status_color,
)

FLASH_MS = 1000
FLASH_TICK_MS = 40
FLASH_COLOR = QColor("#fab005")
FIND_COLOR = QColor("#fcc419")
MAX_PAINTED_MATCHES = 2000

_RANK = {
    HighlightKind.SELECTED: 0,
    HighlightKind.PRESENT: 1,
    HighlightKind.WEAK: 2,
    HighlightKind.RISK: 3,
}
_UNDERLINES = {
    HighlightKind.WEAK: QTextCharFormat.UnderlineStyle.DashUnderline,
    HighlightKind.RISK: QTextCharFormat.UnderlineStyle.WaveUnderline,
}


class DocumentView(QWidget):
    """Read-only view of a Document; positions are always Document.text offsets."""

    clauseSelected = Signal(str)  # Clause.id under a click or the keyboard cursor
    highlightActivated = Signal(str)  # library clause id of a gutter label the user clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: Document | None = None
        self._built: BuiltDocument | None = None
        self._offsets = OffsetMap()
        self._highlights: list[Highlight] = []
        self._selections: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._shown: tuple[int, int, int, int] | None = None  # view start/end, doc start/end
        self._programmatic = False
        self._last_clause: str | None = None
        self._emitted_in_click = False
        self._matches: list[tuple[int, int]] = []
        self._match = -1
        self._flash_pieces: list[tuple[int, int]] = []
        self._flash_step = 0
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
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_TICK_MS)
        self._flash_timer.timeout.connect(self._flash_tick)
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
        """Show ``document``; highlights and the find results are reset."""
        built = build_text_document(document, self.editor.font(), DOCUMENT_MARGIN)
        built.text_document.setParent(self)
        old = self._built
        self._reset_state()
        self._document, self._built, self._offsets = document, built, built.offsets
        self._programmatic = True
        try:
            self.editor.setDocument(built.text_document)
        finally:
            self._programmatic = False
        if old is not None:
            old.text_document.deleteLater()
        self.editor.verticalScrollBar().setValue(0)
        if self.find_bar.isVisible() and self.find_bar.text():
            self._search(self.find_bar.text())

    def clear(self) -> None:
        """Show nothing (the placeholder)."""
        self._reset_state()
        self._document, self._offsets = None, OffsetMap()
        empty = QTextDocument(self)
        empty.setDocumentMargin(DOCUMENT_MARGIN)
        self._programmatic = True
        try:
            self.editor.setDocument(empty)
        finally:
            self._programmatic = False
        if self._built is not None:
            self._built.text_document.deleteLater()
            self._built = None

    def _reset_state(self) -> None:
        self._flash_timer.stop()
        self.editor.setPalette(QPalette())
        self._highlights, self._selections, self._shown = [], {}, None
        self._matches, self._match, self._last_clause = [], -1, None
        self.editor.setExtraSelections([])
        self.editor.gutter.set_labels([])

    def document(self) -> Document | None:
        return self._document

    def built_document(self) -> BuiltDocument | None:
        """The QTextDocument shown and its landmarks (page markers, tables)."""
        return self._built

    def view_position(self, offset: int, *, end: bool = False) -> int:
        return self._offsets.to_view(offset, end=end)

    def document_offset(self, position: int, *, end: bool = False) -> int:
        return self._offsets.to_document(position, end=end)

    # -- highlights ------------------------------------------------------------------------

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """Paint ``highlights`` as backgrounds (plus underlines) with a gutter label for each."""
        self._highlights = sorted(highlights, key=lambda h: (h.start, h.end))
        self._paint_highlights()
        labels: dict[tuple[int, str, str], MarginLabel] = {}
        for item in self._highlights:
            word = word_for(item.kind)
            detail = _detail(item.label, word)
            key = (item.start, str(item.kind), detail)
            labels.setdefault(
                key,
                MarginLabel(
                    start=item.start,
                    end=item.end,
                    position=self._offsets.to_view(item.start),
                    kind=item.kind,
                    word=word,
                    detail=detail,
                    tooltip=item.label or word,
                    clause_id=item.clause_id,
                ),
            )
        self.editor.gutter.set_labels(list(labels.values()))

    def highlights(self) -> list[Highlight]:
        return list(self._highlights)

    def margin_labels(self) -> list[MarginLabel]:
        """The labels the gutter paints, in document order."""
        return self.editor.gutter.labels()

    def _paint_highlights(self) -> None:
        palette = self.editor.palette()
        selections: list[QTextEdit.ExtraSelection] = []
        # Translucent colours on one range mix into mud: paint each exact range once, in the
        # colour of its most serious kind (the gutter still names every highlight).
        strongest: dict[tuple[int, int], Highlight] = {}
        for item in self._highlights:
            key = (item.start, item.end)
            if key not in strongest or _RANK[item.kind] > _RANK[strongest[key].kind]:
                strongest[key] = item
        for item in strongest.values():
            fmt = QTextCharFormat()
            fmt.setBackground(highlight_background(item.kind, palette))
            underline = _UNDERLINES.get(item.kind)
            if underline is not None:
                fmt.setUnderlineStyle(underline)
                fmt.setUnderlineColor(status_color(item.kind))
            selections.extend(self._extra(item.start, item.end, fmt))
        self._selections["highlights"] = selections
        self._apply_selections()

    def _extra(self, start: int, end: int, fmt: QTextCharFormat) -> list[QTextEdit.ExtraSelection]:
        return [
            _selection(self.editor, lo, hi, fmt) for lo, hi in self._offsets.view_pieces(start, end)
        ]

    def _apply_selections(self) -> None:
        order = ("highlights", "find", "flash")
        combined = [extra for key in order for extra in self._selections.get(key, [])]
        self.editor.setExtraSelections(combined)

    def tooltip_at(self, position: int) -> str:
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
        view_start = self._offsets.to_view(start)
        view_end = max(view_start, self._offsets.to_view(end, end=True))
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
        if flash:
            self._start_flash(start, end)

    def _centre(self, view_start: int, view_end: int) -> None:
        top = self.editor.rect_for(view_start).top()
        bottom = self.editor.rect_for(view_end).bottom()
        height = self.editor.viewport().height()
        bar = self.editor.verticalScrollBar()
        span = bottom - top
        target = top - (height - span) // 2 if span < height * 0.7 else top - height // 6
        bar.setValue(bar.value() + target)

    def selected_text(self) -> str:
        """The selected text as it appears in Document.text."""
        if self._document is None:
            return ""
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            return ""
        view_start, view_end = cursor.selectionStart(), cursor.selectionEnd()
        if self._shown and self._shown[:2] == (view_start, view_end):
            return self._document.text[self._shown[2] : self._shown[3]]
        start = self._offsets.to_document(view_start)
        end = self._offsets.to_document(view_end, end=True)
        return self._document.text[start:end] if end > start else ""

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as Document.text offsets, or None."""
        cursor = self.editor.textCursor()
        if self._document is None or not cursor.hasSelection():
            return None
        if self._shown and self._shown[:2] == (cursor.selectionStart(), cursor.selectionEnd()):
            return self._shown[2], self._shown[3]
        start = self._offsets.to_document(cursor.selectionStart())
        return start, max(start, self._offsets.to_document(cursor.selectionEnd(), end=True))

    def _start_flash(self, start: int, end: int) -> None:
        self._flash_pieces = self._offsets.view_pieces(start, end)
        self._flash_step = 0
        # The real selection is painted over extra selections; hide it while the flash runs.
        palette = QPalette(self.editor.palette())
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor(0, 0, 0, 0))
            text = palette.color(group, QPalette.ColorRole.Text)
            palette.setColor(group, QPalette.ColorRole.HighlightedText, text)
        self.editor.setPalette(palette)
        self._flash_timer.start()
        self._flash_tick()

    def _flash_tick(self) -> None:
        steps = FLASH_MS // FLASH_TICK_MS
        if self._flash_step >= steps:
            self.stop_flash()
            return
        t = self._flash_step / steps
        self._flash_step += 1
        # Two pulses that fade out, ending on the plain selection.
        strength = (1 - t) * (0.55 + 0.45 * math.cos(4 * math.pi * t))
        color = QColor(FLASH_COLOR)
        color.setAlpha(int(60 + 170 * strength))
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        if not is_dark(self.editor.palette()):
            fmt.setForeground(QColor("#1f2328"))
        else:
            fmt.setForeground(QColor("#111111") if strength > 0.4 else QColor("#f0f0f0"))
        self._selections["flash"] = [
            _selection(self.editor, lo, hi, fmt) for lo, hi in self._flash_pieces
        ]
        self._apply_selections()

    def stop_flash(self) -> None:
        """End the flash now and show the ordinary selection."""
        self._flash_timer.stop()
        self._selections.pop("flash", None)
        self.editor.setPalette(QPalette())
        self._apply_selections()

    def is_flashing(self) -> bool:
        return self._flash_timer.isActive()

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
        if not self._matches:
            return
        self._go_to_match((self._match + delta) % len(self._matches))

    def _search(self, text: str) -> None:
        self._matches = find_all(self._document.text, text) if self._document else []
        fmt = QTextCharFormat()
        color = QColor(FIND_COLOR)
        color.setAlpha(150 if is_dark(self.editor.palette()) else 110)
        fmt.setBackground(color)
        self._selections["find"] = [
            extra
            for start, end in self._matches[:MAX_PAINTED_MATCHES]
            for extra in self._extra(start, end, fmt)
        ]
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


def _detail(label: str, word: str) -> str:
    """The label without its leading status word: "PRESENT · Governing law" -> "Governing law"."""
    head, separator, rest = label.partition("·")
    if separator and head.strip().lower() == word.lower():
        return rest.strip()
    return "" if label.strip().lower() == word.lower() else label.strip()


def _selection(
    editor: QTextEdit, start: int, end: int, fmt: QTextCharFormat
) -> QTextEdit.ExtraSelection:
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    extra = QTextEdit.ExtraSelection()
    extra.cursor = cursor
    extra.format = fmt
    return extra
