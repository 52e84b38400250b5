"""Document model: blocks as read, clauses as segmented, and where every character came from."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class DocumentFormat(StrEnum):
    """What kind of file a document was read from; the value is the ``format`` the JSON and
    the log write, and ``.upper()`` the word reports show ("DOCX")."""

    DOCX = "docx"
    PDF = "pdf"
    TXT = "txt"
    IMAGE = "image"  # a PNG, JPEG or TIFF scan, read by OCR

    @property
    def has_pages(self) -> bool:
        """Whether documents of this format have page images with boxes."""
        return self in (DocumentFormat.PDF, DocumentFormat.IMAGE)


class BlockKind(StrEnum):
    """What a block is, as far as the reader can tell."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a PDF page in points, origin at the top-left, y growing downwards."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of a PDF block: its page, box and character range.

    ``start``/``end`` are offsets into the owning block's ``text`` while a reader builds the
    block, and offsets into ``Document.text`` once the document is assembled.
    """

    page: int
    box: Box
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, heading, list item or table row as read from the file.

    ``text`` is the text as a reader of the original sees it, including the printed number
    ("12.3 Data protection"), with hyphenation repaired and whitespace collapsed. ``number`` is
    the printed label when the reader knows it (DOCX automatic numbering) and empty otherwise;
    segmentation finds numbers typed into the text itself.
    """

    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    number: str = ""
    level: int = 0  # outline level if known (1 = top); 0 = unknown
    page: int | None = None  # 1-based first page (PDF only)
    lines: tuple[Line, ...] = ()  # PDF line boxes
    docx_paragraph: int | None = None  # index among the DOCX body paragraphs
    bold: bool = False  # the whole block is bold (a heading hint)
    style: str = ""  # DOCX style name, e.g. "Heading 1"
    cells: tuple[str, ...] = ()  # table rows: the cell texts
    table: int | None = None  # table rows: which table (0-based) the row belongs to
    start: int = 0  # offsets into Document.text (set when the document is assembled)
    end: int = 0


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """Where a range of Document.text came from: its page and line boxes there (a PDF), or
    its DOCX paragraph. ``Document.spans`` gives one per page a range was printed on."""

    start: int
    end: int
    page: int | None = None
    boxes: tuple[Box, ...] = ()
    docx_paragraph: int | None = None


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered (or titled) unit of the contract: a heading and its body blocks."""

    id: str  # stable within a document version: "c-12.3", "c-schedule-2", "c-preamble"
    number: str  # as printed: "12.3", "(b)", "Article IV", "" for an unnumbered heading
    title: str
    level: int  # 1 = top level
    parent: str | None  # id of the enclosing clause
    start: int  # offsets into Document.text, heading included
    end: int
    first_block: int
    last_block: int  # inclusive
    page: int | None = None
    body_start: int = 0  # where the text after the heading line starts
    ref: str = ""  # the full reference a lawyer would cite: "17.4(a)", "Schedule 3, para 3.1"

    @property
    def reference(self) -> str:
        """The full citation if known, else the printed number."""
        return self.ref or self.number

    @property
    def label(self) -> str:
        """How to name the clause to a reader: "12.3 Data protection"."""
        return " ".join(part for part in (self.reference, self.title) if part) or self.id


@dataclass(frozen=True, slots=True)
class OcrInfo:
    """Pages whose text was recognised from their image (OCR), and how sure the engine was."""

    pages: tuple[int, ...]  # 1-based, ascending
    confidences: tuple[float, ...]  # per page, 0..1 (Tesseract's mean word confidence)
    seconds: float = 0.0  # time spent recognising
    # per page, 0..1: the share of the page's ink outside every word read (None: not measured,
    # as for image files, whose pixels only the engine sees)
    unread: tuple[float | None, ...] = ()

    @property
    def mean_confidence(self) -> float:
        return sum(self.confidences) / len(self.confidences) if self.confidences else 0.0

    def low_pages(self, below: float) -> list[int]:
        return [p for p, c in zip(self.pages, self.confidences, strict=True) if c < below]

    def unread_pages(self, above: float) -> list[int]:
        """Pages on which more than ``above`` of the ink lies outside the words read."""
        return [
            p
            for p, share in zip(self.pages, self.unread, strict=False)
            if share is not None and share > above
        ]


@dataclass(frozen=True, slots=True)
class Document:
    """A contract as read: normalised text, blocks, clauses, provenance and warnings."""

    path: Path
    format: DocumentFormat
    sha256: str
    title: str
    text: str
    blocks: tuple[Block, ...]
    clauses: tuple[Clause, ...] = ()
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    ocr: OcrInfo | None = None  # set when some pages were read by OCR
    _block_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def block_index_at(self, offset: int) -> int:
        """Index of the block that contains ``offset`` (or the nearest before it)."""
        starts = self._block_starts or tuple(b.start for b in self.blocks)
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def clause_at(self, offset: int) -> Clause | None:
        """The innermost clause that contains ``offset``."""
        best: Clause | None = None
        for clause in self.clauses:
            if clause.start <= offset < clause.end and (best is None or clause.level >= best.level):
                best = clause
        return best

    def ancestors(self, clause: Clause) -> list[Clause]:
        """The clauses holding ``clause``, innermost first (empty for a top-level clause)."""
        by_id = {c.id: c for c in self.clauses}
        found: list[Clause] = []
        current = clause
        while current.parent and current.parent in by_id:
            current = by_id[current.parent]
            found.append(current)
        return found

    def is_ocr_page(self, page: int | None) -> bool:
        """Whether the text of ``page`` was recognised by OCR (not read from a text layer)."""
        return self.ocr is not None and page in self.ocr.pages

    @property
    def has_pages(self) -> bool:
        """Whether the document has page images with boxes (a PDF or a scanned image)."""
        return DocumentFormat(self.format).has_pages

    def page_lines(self) -> dict[int, tuple[Box, ...]]:
        """The boxes of every printed line, by 1-based page (PDFs and scans; empty otherwise)."""
        lines: dict[int, list[Box]] = {}
        for block in self.blocks:
            for line in block.lines:
                if line.page is not None:
                    lines.setdefault(line.page, []).append(line.box)
        return {page: tuple(boxes) for page, boxes in lines.items()}

    def page_at(self, offset: int) -> int | None:
        """The PDF page on which ``offset`` was printed, if known."""
        if not self.blocks:
            return None
        block = self.blocks[self.block_index_at(offset)]
        for line in block.lines:
            if line.start <= offset < line.end or offset < line.start:
                return line.page
        if block.lines:
            return block.lines[-1].page
        return block.page

    def spans(self, start: int, end: int) -> tuple[SourceSpan, ...]:
        """Provenance of ``text[start:end]``: one span per page it was printed on, in order.

        Each span holds the part of the range printed on its page (offsets clipped to the
        range) and the boxes of that page's lines; a range that crosses a page break gives two.
        A range with no printed lines (a Word or text document) gives one span, on the page
        ``page_at`` names if any, and every span names the DOCX paragraph the range starts in.
        An empty document gives none.
        """
        if not self.blocks:
            return ()
        first = self.block_index_at(start)
        last = self.block_index_at(max(start, end - 1))
        paragraph = self.blocks[first].docx_paragraph
        by_page: dict[int, list[Line]] = {}
        for block in self.blocks[first : last + 1]:
            for line in block.lines:
                if line.end > start and line.start < end:
                    by_page.setdefault(line.page, []).append(line)
        if not by_page:
            return (SourceSpan(start, end, self.page_at(start), (), paragraph),)
        return tuple(
            SourceSpan(
                start=max(start, min(line.start for line in lines)),
                end=min(end, max(line.end for line in lines)),
                page=page,
                boxes=tuple(line.box for line in lines),
                docx_paragraph=paragraph,
            )
            for page, lines in by_page.items()
        )
