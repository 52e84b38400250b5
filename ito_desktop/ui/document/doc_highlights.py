"""Extra selections and gutter labels computed from highlights, find matches and the offset map."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from ito_desktop.ui.common.highlight import (
    Highlight,
    HighlightKind,
    highlight_background,
    is_dark,
    status_color,
)
from ito_desktop.ui.document.doc_offsets import OffsetMap
from ito_desktop.ui.document.doc_text_view import MarginLabel, word_for

FIND_COLOR = QColor("#fcc419")
MAX_PAINTED_MATCHES = 2000

_RANK = {
    HighlightKind.SELECTED: 0,
    HighlightKind.PRESENT: 1,
    HighlightKind.WEAK: 2,
    HighlightKind.RISK: 3,
}
# Underlines are a second, colour-free cue in the text itself.
_UNDERLINES = {
    HighlightKind.WEAK: QTextCharFormat.UnderlineStyle.DashUnderline,
    HighlightKind.RISK: QTextCharFormat.UnderlineStyle.WaveUnderline,
}

Selection = QTextEdit.ExtraSelection


def extra_selection(editor: QTextEdit, start: int, end: int, fmt: QTextCharFormat) -> Selection:
    """An extra selection of view positions ``[start, end)``."""
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    extra = QTextEdit.ExtraSelection()
    extra.cursor = cursor
    extra.format = fmt
    return extra


def range_selections(
    editor: QTextEdit, offsets: OffsetMap, start: int, end: int, fmt: QTextCharFormat
) -> list[Selection]:
    """Extra selections covering document ``[start, end)`` (one per table cell)."""
    return [extra_selection(editor, lo, hi, fmt) for lo, hi in offsets.view_pieces(start, end)]


def highlight_selections(
    editor: QTextEdit, offsets: OffsetMap, highlights: Iterable[Highlight]
) -> list[Selection]:
    """Backgrounds (and underlines) for ``highlights``.

    Translucent colours on one range mix into mud: each exact range is painted once, in the
    colour of its most serious kind; the gutter still names every highlight.
    """
    palette = editor.palette()
    strongest: dict[tuple[int, int], Highlight] = {}
    for item in highlights:
        key = (item.start, item.end)
        if key not in strongest or _RANK[item.kind] > _RANK[strongest[key].kind]:
            strongest[key] = item
    selections: list[Selection] = []
    for item in strongest.values():
        fmt = QTextCharFormat()
        fmt.setBackground(highlight_background(item.kind, palette))
        underline = _UNDERLINES.get(item.kind)
        if underline is not None:
            fmt.setUnderlineStyle(underline)
            fmt.setUnderlineColor(status_color(item.kind))
        selections.extend(range_selections(editor, offsets, item.start, item.end, fmt))
    return selections


def find_selections(
    editor: QTextEdit, offsets: OffsetMap, matches: list[tuple[int, int]]
) -> list[Selection]:
    fmt = QTextCharFormat()
    color = QColor(FIND_COLOR)
    color.setAlpha(150 if is_dark(editor.palette()) else 110)
    fmt.setBackground(color)
    return [
        extra
        for start, end in matches[:MAX_PAINTED_MATCHES]
        for extra in range_selections(editor, offsets, start, end, fmt)
    ]


def margin_labels(
    offsets: OffsetMap, highlights: Iterable[Highlight], loaded_until: int
) -> list[MarginLabel]:
    """One gutter tag per highlighted range and kind, for the text already in the view."""
    labels: dict[tuple[int, str, str], MarginLabel] = {}
    for item in highlights:
        if item.start >= loaded_until:
            continue
        word = word_for(item.kind)
        detail = label_detail(item.label, word)
        labels.setdefault(
            (item.start, str(item.kind), detail),
            MarginLabel(
                start=item.start,
                end=item.end,
                position=offsets.to_view(item.start),
                kind=item.kind,
                word=word,
                detail=detail,
                tooltip=item.label or word,
                clause_id=item.clause_id,
            ),
        )
    return list(labels.values())


def label_detail(label: str, word: str) -> str:
    """The label without its leading status word: "PRESENT · Governing law" -> "Governing law"."""
    head, separator, rest = label.partition("·")
    if separator and head.strip().lower() == word.lower():
        return rest.strip()
    return "" if label.strip().lower() == word.lower() else label.strip()


def hide_selection(palette: QPalette) -> QPalette:
    """``palette`` with an invisible selection (extra selections are painted beneath it)."""
    hidden = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        hidden.setColor(group, QPalette.ColorRole.Highlight, QColor(0, 0, 0, 0))
        text = hidden.color(group, QPalette.ColorRole.Text)
        hidden.setColor(group, QPalette.ColorRole.HighlightedText, text)
    return hidden
