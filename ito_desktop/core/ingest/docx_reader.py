"""Read a Word .docx contract into blocks: body paragraphs and table rows, numbered as printed."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ito_desktop.core.errors import ItoError, TooLarge
from ito_desktop.core.ingest.base import Limits, ReadResult, check_text_size, file_data
from ito_desktop.core.ingest.docx_numbering import (
    W_VAL,
    Element,
    Numbering,
    Styles,
    W,
    is_on,
)
from ito_desktop.core.ingest.docx_package import Package, not_word, sniff
from ito_desktop.core.model import Block, BlockKind, DocumentFormat
from ito_desktop.core.progress import CancelToken, ProgressSink

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
P, R, T, TBL, TR, TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
SDT, SDT_CONTENT, CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
TXBX_CONTENT, ALTERNATE_CONTENT = W + "txbxContent", MC + "AlternateContent"
_CHECK_EVERY = 200  # paragraphs between cancel checks and progress reports
# Paragraph content that is never printed: properties, markers, and text the reader of the
# accepted version no longer sees (deletions and the old place of moved text).
_SKIP = frozenset(
    W + tag
    for tag in (
        "pPr",
        "rPr",
        "sdtPr",
        "sdtEndPr",
        "del",
        "moveFrom",
        "bookmarkStart",
        "bookmarkEnd",
        "proofErr",
        "permStart",
        "permEnd",
        "commentRangeStart",
        "commentRangeEnd",
    )
)
RPR, R_STYLE, FLD_CHAR = W + "rPr", W + "rStyle", W + "fldChar"
PPR, P_STYLE, NUM_PR, SECT_PR = W + "pPr", W + "pStyle", W + "numPr", W + "sectPr"
OUTLINE_LVL = W + "outlineLvl"
_MARK_REMOVED = frozenset((W + "del", W + "moveFrom"))
_FLAGS = {W + tag: tag for tag in ("b", "caps", "vanish")}  # run properties the text depends on
_SPACE_CHARS = frozenset(W + tag for tag in ("tab", "ptab", "br", "cr"))
_SHAPES = frozenset((W + "drawing", W + "pict", W + "object", ALTERNATE_CONTENT))


class DocxReader:
    """Reads the body of a .docx: paragraphs and table rows in document order.

    Only the main document, styles, numbering and core properties are read (see
    ``docx_package`` for the safety checks); headers, footers, comments and footnotes are not.
    Text is the accepted version of any tracked changes, without hidden text, with field
    results rather than field codes, and with text boxes read after their anchor paragraph.

    Automatic numbering is rendered the way Word prints it ("12.3", "(a)", "Article IV") and
    put both in ``Block.number`` and at the start of ``Block.text``. Table rows become one
    TABLE_ROW block each: ``cells`` holds every cell's text (nested tables flattened into their
    cell) and ``text`` joins the non-empty cells with " | ".

    ``Block.docx_paragraph`` is the 0-based position of the block's ``w:p`` among *all*
    ``w:p`` elements under ``w:body`` in document (pre-)order, i.e.
    ``list(body.iter(qn("w:p")))[i]`` -- paragraphs in tables, content controls and text boxes
    included, empty ones too -- so an exporter can find the paragraph again. A table row block
    points at the first paragraph of the row.
    """

    format = DocumentFormat.DOCX
    extensions = (".docx",)

    def read(
        self,
        path: Path,
        limits: Limits,
        progress: ProgressSink,
        cancel: CancelToken,
        *,
        data: bytes | None = None,
    ) -> ReadResult:
        data = file_data(path, limits, data)
        sniff(path, data)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts = Package(path, archive, limits).document_parts()
            # Counted before the walker indexes them: the index holds a Python object each.
            total = sum(1 for _ in parts.body.iter(P))
            if total > limits.max_paragraphs:
                raise TooLarge(
                    f"{path.name} has {total:,} paragraphs, over the "
                    f"{limits.max_paragraphs:,} paragraph limit; it was not read.",
                    path=path,
                )
            styles = Styles(parts.styles)
            walker = _BodyWalker(
                parts.body,
                styles,
                Numbering(parts.numbering, styles),
                progress,
                cancel,
                _TextBudget(path, limits),
            )
            walker.container(parts.body)
            walker.flush()
        except ItoError:
            raise
        except Exception as error:  # zipfile, lxml and OS errors all mean a damaged file
            raise not_word(path, error) from error
        progress(1.0, "Reading paragraphs")
        return ReadResult(blocks=walker.blocks, warnings=walker.warnings, title=parts.title)


class _TextBudget:
    """Stops reading once the text read passes ``max_text_chars`` (before it is all in memory)."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self._path = path
        self._limits = limits
        self._chars = 0

    def spend(self, chars: int) -> None:
        self._chars += chars
        if self._chars > self._limits.max_text_chars:
            check_text_size(self._path, self._chars, self._limits)


@dataclass(slots=True)
class _Paragraph:
    """One ``w:p`` as read: visible text, style, and the numbering Word gives it."""

    text: str
    bold: bool
    style_id: str
    boxes: list[Element] = field(default_factory=list)
    outline: str | None = None  # w:outlineLvl set on the paragraph itself
    merged: bool = False  # the paragraph mark is deleted: the text joins the next paragraph
    ilvl: int = -1  # numbering level, -1 when not numbered
    number: str = ""  # the printed label ("" for bullets)

    def numbered_text(self) -> str:
        return " ".join(part for part in (self.number, self.text) if part)


def _chosen_branch(alternate: Element) -> Element | None:
    """The branch of an ``mc:AlternateContent`` a reader sees: the first Choice, else Fallback."""
    choice = alternate.find(MC + "Choice")
    return choice if choice is not None else alternate.find(MC + "Fallback")


class _ParagraphText:
    """Collects the printed text of one paragraph, reading tracked changes as accepted."""

    def __init__(self, styles: Styles, style_id: str | None) -> None:
        self._styles = styles
        self._style_id = style_id
        self.parts: list[str] = []
        self.boxes: list[Element] = []
        self._fields: list[bool] = []  # one per open complex field: True once past "separate"
        self.text_runs = 0
        self.bold_runs = 0

    def collect(self, element: Element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue  # comments, entity references, properties, deleted text
            if tag == R:
                self._run(child)
            elif tag == ALTERNATE_CONTENT:
                branch = _chosen_branch(child)
                if branch is not None:
                    self.collect(branch)
            elif tag == M_T:
                self.parts.append(child.text or "")
            else:  # ins, moveTo, hyperlink, smartTag, sdt/sdtContent, fldSimple, customXml...
                self.collect(child)

    def _flag(self, direct: dict[str, bool], char_style: str | None, tag: str) -> bool:
        """A run property as set on the run, else by its character style, else inherited."""
        found = direct.get(tag)
        if found is None:
            found = self._styles.run_flag(char_style, tag)
        if found is None:
            found = self._styles.run_flag(self._style_id, tag)
        return found if found is not None else self._styles.default_flag(tag)

    def _run(self, run: Element) -> None:
        direct: dict[str, bool] = {}
        char_style: str | None = None
        rpr = run.find(RPR)
        for prop in rpr if rpr is not None else ():
            if prop.tag in _FLAGS:
                direct[_FLAGS[prop.tag]] = is_on(prop)
            elif prop.tag == R_STYLE:
                char_style = prop.get(W_VAL)
        hidden = self._flag(direct, char_style, "vanish")
        pieces: list[str] = []
        for child in run:
            tag = child.tag
            if tag == FLD_CHAR:
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self._fields.append(False)
                elif kind == "separate" and self._fields:
                    self._fields[-1] = True
                elif kind == "end" and self._fields:
                    self._fields.pop()
            elif hidden or not all(self._fields):
                continue  # hidden text, or a field's instruction rather than its result
            elif tag == T:
                pieces.append(child.text or "")
            elif tag in _SPACE_CHARS:
                pieces.append(" ")
            elif tag == W + "noBreakHyphen":
                pieces.append("-")
            elif tag in _SHAPES:
                self._find_boxes(child)
        text = "".join(pieces)
        if text.strip():
            self.text_runs += 1
            self.bold_runs += self._flag(direct, char_style, "b")
            if self._flag(direct, char_style, "caps"):
                text = text.upper()
        self.parts.append(text)

    def _find_boxes(self, element: Element) -> None:
        if element.tag == ALTERNATE_CONTENT:
            element = _chosen_branch(element)
        for child in element if element is not None else ():
            if child.tag == TXBX_CONTENT:
                self.boxes.append(child)  # nested boxes are found when this one is read
            elif isinstance(child.tag, str):
                self._find_boxes(child)


class _BodyWalker:
    """Walks the body in document order, emitting blocks and keeping numbering counters."""

    def __init__(
        self,
        body: Element,
        styles: Styles,
        numbering: Numbering,
        progress: ProgressSink,
        cancel: CancelToken,
        budget: _TextBudget,
    ) -> None:
        self._budget = budget
        self._styles = styles
        self._numbering = numbering
        self._progress = progress
        self._cancel = cancel
        self._index = {p: i for i, p in enumerate(body.iter(P))}
        self.total = len(self._index)
        self._visited = 0
        self._tables = 0
        self._carry = ""  # text of paragraphs whose paragraph mark was deleted
        self.blocks: list[Block] = []
        self.warnings: list[str] = []

    def container(self, parent: Element) -> None:
        """Body, content control, custom XML or text box content: paragraphs and tables."""
        for child in parent:
            tag = child.tag
            if tag == P:
                self._body_paragraph(child)
            elif tag == TBL:
                self.flush()
                self._table(child)
            elif tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    self.container(content)
            elif tag == ALTERNATE_CONTENT:
                branch = _chosen_branch(child)
                if branch is not None:
                    self.container(branch)
            elif tag == W + "altChunk" and not self.warnings:
                self.warnings.append(
                    "Part of this document is content embedded from another "
                    "file (altChunk); that part was not read."
                )

    def flush(self) -> None:
        """Emit the text of deleted-mark paragraphs that had no following paragraph to join."""
        if self._carry:
            text, self._carry = self._carry, ""
            self.blocks.append(Block(text=text))

    def _tick(self) -> None:
        if self._visited % _CHECK_EVERY == 0:
            self._cancel.check()
            self._progress(self._visited / max(1, self.total), "Reading paragraphs")
        self._visited += 1

    def _paragraph(self, p: Element) -> _Paragraph:
        """Read one paragraph and advance the numbering counters if Word numbers it."""
        self._tick()
        # Paragraph properties are looked up by hand: find() costs more than the whole walk.
        props: dict[str, Element] = {}
        if len(p) and p[0].tag == PPR:
            props = {child.tag: child for child in p[0]}
        style = props.get(P_STYLE)
        style_id = (
            (style.get(W_VAL) if style is not None else None)
            or self._styles.default_paragraph
            or ""
        )
        collector = _ParagraphText(self._styles, style_id)
        collector.collect(p)
        outline = props.get(OUTLINE_LVL)
        self._budget.spend(sum(map(len, collector.parts)))
        paragraph = _Paragraph(
            text=" ".join("".join(collector.parts).split()),
            bold=collector.text_runs > 0 and collector.bold_runs == collector.text_runs,
            style_id=style_id,
            boxes=collector.boxes,
            outline=outline.get(W_VAL) if outline is not None else None,
        )
        mark = props.get(RPR)
        if mark is not None and any(child.tag in _MARK_REMOVED for child in mark):
            paragraph.merged = True  # accepted, it is part of the next paragraph: no number
            return paragraph
        if not paragraph.text and SECT_PR in props:
            # An empty paragraph that only ends a section takes no number: the real forms'
            # own cross-references count that way, and so does LibreOffice.
            return paragraph
        found = self._numbering.paragraph_numbering(props.get(NUM_PR), style_id)
        label = self._numbering.next_label(*found) if found is not None else None
        if label is not None:
            paragraph.ilvl, paragraph.number = label.ilvl, label.text
            self._budget.spend(len(label.text))  # a level's text can repeat "%1" at length
        return paragraph

    def _body_paragraph(self, p: Element) -> None:
        paragraph = self._paragraph(p)
        if paragraph.merged:
            self._carry = " ".join(part for part in (self._carry, paragraph.text) if part)
        else:
            if self._carry:
                paragraph.text = f"{self._carry} {paragraph.text}".strip()
                self._carry = ""
            heading = self._styles.heading_level(paragraph.style_id)
            outline = paragraph.outline
            if outline is not None and outline.isdigit():  # the paragraph's own outline level
                heading = int(outline) + 1 if int(outline) < 9 else 0
            numbered = paragraph.ilvl >= 0
            self.blocks.append(
                Block(
                    text=paragraph.numbered_text(),
                    kind=(
                        BlockKind.HEADING
                        if heading
                        else BlockKind.LIST_ITEM
                        if numbered
                        else BlockKind.PARAGRAPH
                    ),
                    number=paragraph.number,
                    level=paragraph.ilvl + 1 if numbered else heading,
                    docx_paragraph=self._index.get(p),
                    bold=paragraph.bold,
                    style=self._styles.name(paragraph.style_id),
                )
            )
        for box in paragraph.boxes:
            self.container(box)

    def _table(self, tbl: Element) -> None:
        table = self._tables
        self._tables += 1
        for row in _rows(tbl):
            cells = tuple(self._cell_text(cell) for cell in _cells(row))
            first = next(row.iter(P), None)
            self.blocks.append(
                Block(
                    text=" | ".join(cell for cell in cells if cell),
                    kind=BlockKind.TABLE_ROW,
                    docx_paragraph=self._index.get(first) if first is not None else None,
                    cells=cells,
                    table=table,
                )
            )

    def _cell_text(self, parent: Element) -> str:
        """A cell's text: its paragraphs (numbered as printed) and nested tables, flattened."""
        parts: list[str] = []
        for child in parent:
            tag = child.tag
            if tag == P:
                paragraph = self._paragraph(child)
                parts.append(paragraph.numbered_text())
                parts.extend(self._cell_text(box) for box in paragraph.boxes)
            elif tag == TBL:  # nested table: rows in order, cells joined like a row block
                for row in _rows(child):
                    cells = (self._cell_text(cell) for cell in _cells(row))
                    parts.append(" | ".join(cell for cell in cells if cell))
            elif tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    parts.append(self._cell_text(content))
        return " ".join(part for part in parts if part)


def _unwrap(parent: Element, tag: str) -> list[Element]:
    """Children ``tag`` of ``parent``, looking through content controls and custom XML."""
    found: list[Element] = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                found.extend(_unwrap(content, tag))
        elif child.tag == CUSTOM_XML:
            found.extend(_unwrap(child, tag))
    return found


def _rows(tbl: Element) -> list[Element]:
    """The table's rows, without rows deleted as a tracked change."""
    return [row for row in _unwrap(tbl, TR) if row.find(f"{W}trPr/{W}del") is None]


def _cells(row: Element) -> list[Element]:
    return _unwrap(row, TC)
