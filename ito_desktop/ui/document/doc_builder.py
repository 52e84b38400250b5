"""Build the reading QTextDocument of a contract: headings, tables, page markers, offset map."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableCellFormat,
    QTextTableFormat,
)

from ito_desktop.core.model import Block, BlockKind, Clause, Document
from ito_desktop.ui.document.doc_offsets import OffsetMap

# Serif faces that read well on screen for long stretches, best first; Qt falls back in order.
SERIF_FAMILIES = [
    "Charter",
    "Georgia",
    "Cambria",
    "Source Serif 4",
    "Noto Serif",
    "DejaVu Serif",
    "Liberation Serif",
    "Times New Roman",
    "serif",
]
BODY_POINT_SIZE = 11.0
LINE_HEIGHT_PERCENT = 140
PARAGRAPH_GAP = 7.0
LIST_INDENT = 26.0
MARKER_COLOR = QColor("#8a8f98")  # mid grey: legible on light and dark bases
TABLE_BORDER = QColor(138, 143, 152, 150)
HEADER_SHADE = QColor(138, 143, 152, 40)

# QTextCursor.insertText turns these into paragraph breaks; one space each keeps offsets exact.
_BREAKING = re.compile("[\x00-\x08\x0a-\x1f\u2028\u2029]")

LineHeight = QTextBlockFormat.LineHeightTypes


def reading_font() -> QFont:
    """The body font of the document view."""
    font = QFont()
    font.setFamilies(SERIF_FAMILIES)
    font.setPointSizeF(BODY_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


@dataclass
class BuiltDocument:
    """The QTextDocument shown, how its positions relate to the Document, and its landmarks."""

    text_document: QTextDocument
    offsets: OffsetMap
    page_markers: list[tuple[int, int]] = field(default_factory=list)  # (page, view position)
    table_count: int = 0


class _Formats:
    """Block and character formats, made once per build."""

    def __init__(self) -> None:
        # Character formats carry no family or size so that zooming the view (which changes
        # the document's default font) scales everything; headings use relative adjustments.
        self.body = QTextCharFormat()
        self.bold = QTextCharFormat()
        self.bold.setFontWeight(QFont.Weight.Bold)
        self.heading = {1: self._heading_char(1), 2: self._heading_char(0)}
        self.marker_char = QTextCharFormat()
        self.marker_char.setForeground(MARKER_COLOR)
        self.marker_char.setProperty(QTextFormat.Property.FontSizeAdjustment, -1)
        self.marker_char.setFontLetterSpacing(104)
        self.paragraph = QTextBlockFormat()
        self.paragraph.setLineHeight(LINE_HEIGHT_PERCENT, LineHeight.ProportionalHeight.value)
        self.paragraph.setBottomMargin(PARAGRAPH_GAP)
        self.heading_block = QTextBlockFormat(self.paragraph)
        self.heading_block.setTopMargin(PARAGRAPH_GAP * 2.2)
        self.heading_block.setBottomMargin(PARAGRAPH_GAP)
        self.heading_block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
        self.marker_block = QTextBlockFormat()
        self.marker_block.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.marker_block.setTopMargin(PARAGRAPH_GAP * 2)
        self.marker_block.setBottomMargin(PARAGRAPH_GAP * 2)
        self.cell_block = QTextBlockFormat()
        self.cell_block.setLineHeight(120, LineHeight.ProportionalHeight.value)
        self.header_cell = QTextTableCellFormat()
        self.header_cell.setBackground(HEADER_SHADE)
        self.table = QTextTableFormat()
        self.table.setBorder(1)
        self.table.setBorderBrush(TABLE_BORDER)
        self.table.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        self.table.setBorderCollapse(True)
        self.table.setCellPadding(5)
        self.table.setCellSpacing(0)
        self.table.setTopMargin(4)
        self.table.setBottomMargin(PARAGRAPH_GAP * 1.5)
        self.table.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        self.flat = ""  # Document.text with line-breaking characters made spaces
        self.lists: dict[int, QTextBlockFormat] = {}

    @staticmethod
    def _heading_char(adjustment: int) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, adjustment)
        return fmt

    def list_block(self, depth: int) -> QTextBlockFormat:
        fmt = self.lists.get(depth)
        if fmt is None:
            fmt = self.lists[depth] = QTextBlockFormat(self.paragraph)
            fmt.setLeftMargin(LIST_INDENT * depth)
        return fmt


class TextDocumentBuilder:
    """Builds the reading document in slices, so a long contract never blocks the GUI for long.

    Each slice is one edit block appended at the end; the first slice fills the screen and the
    rest can follow from an idle timer once the document is on screen.
    """

    def __init__(self, document: Document, font: QFont | None = None, margin: float = 4.0):
        self.document = document
        self._formats = _Formats()
        self._formats.flat = _BREAKING.sub(" ", document.text)
        text_document = QTextDocument()
        text_document.setUndoRedoEnabled(False)
        text_document.setDefaultFont(font or reading_font())
        text_document.setDocumentMargin(margin)
        self.built = BuiltDocument(text_document, OffsetMap(text=document.text))
        self._first_blocks = {clause.first_block: clause for clause in document.clauses}
        self._by_id = {clause.id: clause for clause in document.clauses}
        # Grouped as the slices need them: grouping a 100-page contract up front took ~10 ms
        # of the turn that first shows it.
        self._groups = _groups(document.blocks)
        self._coming: list[tuple[int, Block]] | None = next(self._groups, None)
        self._cursor = QTextCursor(text_document)
        self._fresh = True  # the cursor sits in an empty block the next paragraph may use
        self._page: int | None = None

    @property
    def done(self) -> bool:
        return self._coming is None

    def loaded_until(self) -> int:
        """Document.text offset up to which the view holds the text."""
        if self._coming is None:
            return len(self.document.text)
        return self._coming[0][1].start

    def build_more(self, blocks: int) -> bool:
        """Append about ``blocks`` more blocks (whole tables at a time); True when finished."""
        cursor = self._cursor
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        added = 0
        while self._coming is not None and added < blocks:
            group = self._coming
            self._coming = next(self._groups, None)
            added += len(group)
            self._add(group)
        cursor.endEditBlock()
        return self.done

    def _add(self, group: list[tuple[int, Block]]) -> None:
        cursor, formats, built = self._cursor, self._formats, self.built
        group_page = group[0][1].page
        if group_page is not None and group_page != self._page:
            self._page = group_page
            _block(cursor, formats.marker_block, self._fresh)
            built.page_markers.append((group_page, cursor.position()))
            cursor.insertText(f"—  Page {group_page}  —", formats.marker_char)
            self._fresh = False
        if group[0][1].kind is BlockKind.TABLE_ROW:
            rows = [block for _, block in group]
            _table(cursor, rows, formats, built.offsets, self._fresh)
            built.table_count += 1
            self._fresh = True
            return
        index, block = group[0]
        clause = self._first_blocks.get(index)
        _paragraph(cursor, block, clause, self._by_id, formats, built.offsets, self._fresh)
        self._fresh = False


def build_text_document(
    document: Document, font: QFont | None = None, margin: float = 4.0
) -> BuiltDocument:
    """Lay ``document`` out as rich text in one go; every copied run is in the offset map."""
    builder = TextDocumentBuilder(document, font, margin)
    builder.build_more(len(document.blocks) + 1)
    return builder.built


def _groups(blocks: tuple[Block, ...]) -> Iterator[list[tuple[int, Block]]]:
    """Single paragraphs, or the rows of one table that share a page."""
    group: list[tuple[int, Block]] = []
    for index, block in enumerate(blocks):
        if (
            group
            and block.kind is BlockKind.TABLE_ROW
            and group[-1][1].kind is BlockKind.TABLE_ROW
            and block.table == group[-1][1].table
            and block.page == group[-1][1].page
        ):
            group.append((index, block))
            continue
        if group:
            yield group
        group = [(index, block)]
    if group:
        yield group


def _block(cursor: QTextCursor, fmt: QTextBlockFormat, fresh: bool) -> None:
    if fresh:
        cursor.setBlockFormat(fmt)
    else:
        cursor.insertBlock(fmt)


def _paragraph(
    cursor: QTextCursor,
    block: Block,
    clause: Clause | None,
    by_id: dict[str, Clause],
    formats: _Formats,
    offsets: OffsetMap,
    fresh: bool,
) -> None:
    text = formats.flat[block.start : block.end]
    titled = clause is not None and bool(clause.title)
    # Some forms style whole clauses as headings ("1.1 Access and Use. During the ..."): only
    # their number and title are bold, or the clause read as one long heading.
    body_inside = clause is not None and block.start < clause.body_start < block.end
    heading = block.kind is BlockKind.HEADING and not body_inside
    if heading or (titled and clause and clause.body_start >= block.end):
        level = clause.level if clause else 1
        _block(cursor, formats.heading_block, fresh)
        offsets.add_run(block.start, block.end, cursor.position())
        cursor.insertText(text, formats.heading[1 if level <= 1 else 2])
        return
    listed = block.kind is BlockKind.HEADING and clause and clause.number.startswith("(")
    if block.kind is BlockKind.LIST_ITEM or listed:
        fmt = formats.list_block(_list_depth(clause, by_id))
    else:
        fmt = formats.paragraph
    _block(cursor, fmt, fresh)
    offsets.add_run(block.start, block.end, cursor.position())
    bold = len(text) if block.bold else _bold_prefix(block, clause)
    if bold:
        cursor.insertText(text[:bold], formats.bold)
    if bold < len(text):
        cursor.insertText(text[bold:], formats.body)


def _bold_prefix(block: Block, clause: Clause | None) -> int:
    """How many leading characters to set in bold: the clause number and any inline title."""
    if clause is None:
        return 0
    if clause.title and block.start < clause.body_start < block.end:
        return len(block.text[: clause.body_start - block.start].rstrip())
    number = clause.number
    if number and not number.startswith("(") and block.text.startswith(number):
        return len(number)
    return 0


def _list_depth(clause: Clause | None, by_id: dict[str, Clause]) -> int:
    """Nesting of bracketed list labels: (a) is 1, (a)(i) is 2; unnumbered items count as 1."""
    depth = 0
    while clause is not None and clause.number.startswith("("):
        depth += 1
        clause = by_id.get(clause.parent) if clause.parent else None
    return max(1, min(depth, 4))


def _table(
    cursor: QTextCursor,
    rows: list[Block],
    formats: _Formats,
    offsets: OffsetMap,
    fresh: bool,
) -> None:
    columns = max((len(row.cells) for row in rows), default=1) or 1
    table_format = QTextTableFormat(formats.table)
    table_format.setColumnWidthConstraints(_column_widths(rows, columns))
    header = len(rows) > 1
    if header:
        table_format.setHeaderRowCount(1)
    if not fresh:
        cursor.insertBlock(formats.paragraph)
    table = cursor.insertTable(len(rows), columns, table_format)
    for r, row in enumerate(rows):
        char = formats.bold if r == 0 and header else formats.body
        if r == 0 and header:
            for c in range(columns):
                table.cellAt(0, c).setFormat(formats.header_cell)
        cells = row.cells or (row.text,)
        searched = 0
        for c, cell in enumerate(cells):
            if not cell:
                continue
            cell_cursor = table.cellAt(r, c).firstCursorPosition()
            cell_cursor.setBlockFormat(formats.cell_block)
            found = row.text.find(cell, searched)
            if found < 0:  # not in the row's text: shown, but no document offsets
                cell_cursor.insertText(_BREAKING.sub(" ", cell), char)
                continue
            searched = found + len(cell)
            start = row.start + found
            offsets.add_run(start, start + len(cell), cell_cursor.position(), table=True)
            cell_cursor.insertText(formats.flat[start : start + len(cell)], char)
    cursor.movePosition(QTextCursor.MoveOperation.End)


def _column_widths(rows: list[Block], columns: int) -> list[QTextLength]:
    """Share the width by how much text each column holds, within sensible bounds."""
    longest = [0.0] * columns
    total_length = [0.0] * columns
    for row in rows:
        for c, cell in enumerate(row.cells[:columns]):
            longest[c] = max(longest[c], min(40.0, float(len(cell))))
            total_length[c] += min(40.0, float(len(cell)))
    # Half typical length, half longest: one long note does not widen a column of numbers.
    weights = [max(4.0, (longest[c] + total_length[c] / len(rows)) / 2) for c in range(columns)]
    total = sum(weights)
    kind = QTextLength.Type.PercentageLength
    return [QTextLength(kind, 100.0 * weight / total) for weight in weights]
