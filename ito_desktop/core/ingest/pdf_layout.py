"""Turn positioned PDF text lines into blocks: running-text removal, paragraphs, hyphenation."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ito_desktop.core.ingest.labels import (
    CLAUSE_START,
    LIST_JOINER,
    LIST_LABEL,
    TERMINAL,
    is_numbered_heading,
)
from ito_desktop.core.model import Block, BlockKind, Box, Line


@dataclass(frozen=True, slots=True)
class TextLine:
    """One printed line: text and box in points (top-left origin, y downwards)."""

    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool = False
    size: float = 0.0

    @property
    def box(self) -> Box:
        return Box(self.x0, self.top, self.x1, self.bottom)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a ruled table found on a page."""

    page: int
    cells: tuple[str, ...]
    box: Box
    table: int


@dataclass(slots=True)
class PageText:
    """What a page holds, in reading order: text lines and the rows of its ruled tables."""

    number: int
    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)


PAGE_NUMBER = re.compile(
    r"""^(?:
        (?:page|p\.|pg\.?)?\s*[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?
      | (?:page\s+)?[ivxlc]{1,7}
      | [A-Z]{1,2}\s?[-–]\s?\d{1,3}
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
# Prefixes whose hyphen is part of the word: "non-\ndisclosure" stays "non-disclosure".
KEEP_HYPHEN_PREFIXES = frozenset(
    (
        "non", "self", "co", "pre", "sub", "third", "anti", "multi",
        "cross", "post", "re", "inter", "intra", "semi", "quasi", "ex",
    )
)  # fmt: skip
HYPHENS = ("-", "\u00ad", "\ufffe", "\u2010", "\u2011")
EDGE_LINES_TOP = 3
EDGE_LINES_BOTTOM = 4
BAND = 0.12


def clean_text(text: str) -> str:
    """Collapse whitespace (PDF text uses NBSP and generated breaks) and map odd hyphens."""
    text = text.replace("\ufffe", "-").replace("\u2010", "-").replace("\u2011", "-")
    return " ".join(text.split())


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


def remove_running_text(pages: Sequence[PageText]) -> int:
    """Drop running headers, footers and lone page numbers in place; return how many lines went.

    A line is running text when it sits at a page edge (among the first or last few lines, or in
    the top/bottom band) and its text, with digits masked, recurs at the edges of many pages.
    """
    text_pages = [page for page in pages if page.lines]
    if not text_pages:
        return 0
    edges: list[tuple[PageText, list[int]]] = []
    key_pages: dict[str, set[int]] = defaultdict(set)
    exact_pages: dict[str, set[int]] = defaultdict(set)
    for page in text_pages:
        order = sorted(range(len(page.lines)), key=lambda i: page.lines[i].top)
        chosen = set(order[:EDGE_LINES_TOP]) | set(order[-EDGE_LINES_BOTTOM:])
        for index, line in enumerate(page.lines):
            if line.top < page.height * BAND or line.bottom > page.height * (1 - BAND):
                chosen.add(index)
        edges.append((page, sorted(chosen)))
        for index in chosen:
            text = page.lines[index].text
            key_pages[_key(text)].add(page.number)
            exact_pages[" ".join(text.casefold().split())].add(page.number)
    count = len(text_pages)
    need = 2 if count <= 3 else max(3, round(0.2 * count))
    removed = 0
    for page, candidates in edges:
        order = sorted(range(len(page.lines)), key=lambda i: page.lines[i].top)
        outer = set(order[:2]) | set(order[-3:])
        drop: set[int] = set()
        for index in candidates:
            text = page.lines[index].text.strip()
            exact = " ".join(text.casefold().split())
            repeated = len(exact_pages[exact]) >= need or (
                len(key_pages[_key(text)]) >= need and not CLAUSE_START.match(text)
            )
            if repeated or (index in outer and PAGE_NUMBER.match(text)):
                drop.add(index)
        if drop:
            page.lines = [line for i, line in enumerate(page.lines) if i not in drop]
            removed += len(drop)
    return removed


def merge_split_lines(lines: Iterable[TextLine]) -> list[TextLine]:
    """Join pieces that PDFium reported separately but that sit on one printed line."""
    merged: list[TextLine] = []
    for line in lines:
        if merged:
            prev = merged[-1]
            overlap = min(prev.bottom, line.bottom) - max(prev.top, line.top)
            if (
                prev.page == line.page
                and overlap > 0.6 * min(prev.height, line.height)
                and line.x0 >= prev.x1 - 1.0
            ):
                gap = line.x0 - prev.x1
                joiner = " " if gap > 0.15 * max(prev.size, line.size, prev.height) else ""
                merged[-1] = TextLine(
                    prev.page,
                    f"{prev.text}{joiner}{line.text}",
                    prev.x0,
                    min(prev.top, line.top),
                    line.x1,
                    max(prev.bottom, line.bottom),
                    prev.bold and line.bold,
                    max(prev.size, line.size),
                )
                continue
        merged.append(line)
    return merged


@dataclass(frozen=True, slots=True)
class _Metrics:
    """Document-wide typography used to judge breaks."""

    pitch: float  # usual distance between baselines inside a paragraph
    right: float  # usual right edge of full lines
    width: float  # usual text width
    # heading_style() per line (keyed by id: lines live as long as the metrics); breaks look
    # at every line of the growing block, so this keeps paragraph building linear.
    styles: dict[int, str] = field(default_factory=dict, compare=False)


def _metrics(pages: Sequence[PageText]) -> _Metrics:
    pitches: list[float] = []
    rights: list[float] = []
    lefts: list[float] = []
    for page in pages:
        for prev, line in zip(page.lines, page.lines[1:], strict=False):
            pitch = line.top - prev.top
            if 0 < pitch < 3 * max(prev.height, line.height):
                pitches.append(round(pitch, 1))
        rights.extend(line.x1 for line in page.lines)
        lefts.extend(line.x0 for line in page.lines)
    pitch = statistics.median(pitches) if pitches else 14.0
    if not rights:
        return _Metrics(pitch, 500.0, 400.0)
    rights.sort()
    right = rights[int(0.9 * (len(rights) - 1))]
    left = statistics.median_low(lefts)
    return _Metrics(pitch, right, max(right - left, 50.0))


def heading_style(line: TextLine, metrics: _Metrics) -> str:
    """ "caps" or "bold" for short all-caps or bold lines that are not full-width prose, else ""."""
    style = metrics.styles.get(id(line))
    if style is None:
        style = metrics.styles[id(line)] = _heading_style(line, metrics)
    return style


def _heading_style(line: TextLine, metrics: _Metrics) -> str:
    text = line.text.strip()
    if len(text) > 100 or len(text.split()) > 14:
        return ""
    if line.x1 > metrics.right - 0.12 * metrics.width and len(text) > 60:
        return ""
    letters = sum(char.isalpha() for char in text)
    if letters < 3:
        return ""
    if sum(char.isupper() for char in text) >= 0.85 * letters:
        return "caps"
    return "bold" if line.bold and not text.endswith((",", ";")) else ""


def is_heading_line(line: TextLine, metrics: _Metrics) -> bool:
    """Short all-caps or bold lines that are not full-width prose."""
    return bool(heading_style(line, metrics))


def _is_short(line: TextLine, metrics: _Metrics) -> bool:
    return line.x1 < metrics.right - max(36.0, 0.12 * metrics.width)


def _starts_lower(text: str) -> bool:
    first = text.lstrip()[:1]
    return first.isalpha() and first.islower()


def _breaks(prev: TextLine, line: TextLine, block: list[TextLine], metrics: _Metrics) -> bool:
    """Whether ``line`` starts a new block after ``prev`` (same page)."""
    pitch = line.top - prev.top
    if pitch < 0 or pitch > 1.35 * metrics.pitch + 0.5 or pitch > 2.2 * prev.height + 1:
        return True
    prev_text = prev.text.rstrip()
    short = _is_short(prev, metrics)
    # A label at the start of a wrapped line is often a cross-reference ("... set forth in /
    # Section 8.1(a) by notifying"): it starts a clause only after an ended line.
    if CLAUSE_START.match(line.text) and (
        short
        or prev_text.endswith(TERMINAL)
        or LIST_JOINER.search(prev_text)
        or line.x0 > prev.x0 + 8
        or is_heading_line(prev, metrics)
    ):
        return True
    if prev.size and line.size and abs(prev.size - line.size) > 1.5:
        return True
    style = heading_style(line, metrics)
    block_styles = {heading_style(item, metrics) for item in block}
    if block_styles == {"caps"}:
        return style != "caps"
    if block_styles == {"bold"} and not line.bold:
        return True
    lower = _starts_lower(line.text)
    if (
        style
        and not lower
        and not (style == "bold" and prev.bold)
        and (short or prev_text.endswith(TERMINAL))
    ):
        return True
    if (
        short
        and not lower
        and not prev_text.endswith((",", *HYPHENS))
        and (prev_text.endswith(TERMINAL) or prev.x1 < line.x1 - 24)
    ):
        return True
    # Indentation changes after the first line mean a new paragraph; on the second line they
    # are a hanging or first-line indent of the same paragraph.
    return len(block) >= 2 and abs(line.x0 - prev.x0) > 8 and not lower


def _continues_across_pages(prev: TextLine, line: TextLine, metrics: _Metrics) -> bool:
    text = prev.text.rstrip()
    if text.endswith(TERMINAL) or CLAUSE_START.match(line.text) or is_heading_line(line, metrics):
        return False
    if _starts_lower(line.text):
        return True
    return not _is_short(prev, metrics) and (text.endswith((",", *HYPHENS)) or text[-1:].isalpha())


def join_lines(texts: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join printed lines into one text, repairing end-of-line hyphenation.

    Returns the text and each line's (start, end) range within it.
    """
    parts: list[str] = []
    ranges: list[tuple[int, int]] = []
    length = 0
    for index, raw in enumerate(texts):
        text = raw
        if index:
            prev = parts[-1]
            joiner = " "
            if prev.endswith(HYPHENS) and prev[-2:-1].isdigit() and text[:1].isdigit():
                joiner = ""  # a range broken after its dash: "pages 4-" / "6"
            elif prev.endswith(HYPHENS) and len(prev) >= 2 and prev[-2].isalpha():
                fragment = re.split(r"[^\w]", prev[:-1])[-1]
                joiner = ""
                keep = (
                    not _starts_lower(text)
                    or not fragment.isalpha()
                    or not fragment.islower()
                    or fragment.casefold() in KEEP_HYPHEN_PREFIXES
                )
                trimmed = prev[:-1] + ("-" if keep else "")
                length += len(trimmed) - len(prev)
                parts[-1] = trimmed
                start, _ = ranges[-1]
                ranges[-1] = (start, length)
            parts.append(joiner)
            length += len(joiner)
        parts.append(text)
        ranges.append((length, length + len(text)))
        length += len(text)
    return "".join(parts), ranges


def _kind(lines: Sequence[TextLine], text: str, metrics: _Metrics) -> BlockKind:
    if len(lines) <= 3 and len(text) <= 150 and all(is_heading_line(x, metrics) for x in lines):
        return BlockKind.HEADING
    if len(lines) == 1 and is_numbered_heading(text):
        return BlockKind.HEADING
    if LIST_LABEL.match(text):
        return BlockKind.LIST_ITEM
    return BlockKind.PARAGRAPH


def _make_block(lines: Sequence[TextLine], metrics: _Metrics) -> Block:
    texts = [line.text.strip() for line in lines]
    text, ranges = join_lines(texts)
    return Block(
        text=text,
        kind=_kind(lines, text, metrics),
        page=lines[0].page,
        lines=tuple(
            Line(line.page, line.box, start, end)
            for line, (start, end) in zip(lines, ranges, strict=True)
        ),
        bold=all(line.bold for line in lines),
    )


def _row_block(row: TableRow) -> Block:
    cells = tuple(clean_text(cell) for cell in row.cells)
    text = " | ".join(cell for cell in cells if cell)
    return Block(
        text=text,
        kind=BlockKind.TABLE_ROW,
        page=row.page,
        lines=(Line(row.page, row.box, 0, len(text)),),
        cells=cells,
        table=row.table,
    )


def build_blocks(pages: Sequence[PageText]) -> list[Block]:
    """Group each page's lines into blocks, continuing paragraphs across page breaks."""
    for page in pages:
        page.lines = merge_split_lines(
            TextLine(x.page, clean_text(x.text), x.x0, x.top, x.x1, x.bottom, x.bold, x.size)
            for x in page.lines
            if x.text.strip()
        )
    metrics = _metrics(pages)
    blocks: list[Block] = []
    current: list[TextLine] = []

    def flush() -> None:
        if current:
            blocks.append(_make_block(current, metrics))
            current.clear()

    for page in pages:
        rows = sorted(page.rows, key=lambda row: (row.box.top, row.table))
        for line in page.lines:
            while rows and rows[0].box.top <= line.top:
                flush()
                blocks.append(_row_block(rows.pop(0)))
            if current:
                prev = current[-1]
                if prev.page != line.page:
                    if not _continues_across_pages(prev, line, metrics):
                        flush()
                elif _breaks(prev, line, current, metrics):
                    flush()
            current.append(line)
        if rows:
            flush()
            blocks.extend(_row_block(row) for row in rows)
    flush()
    return [block for block in blocks if block.text]
