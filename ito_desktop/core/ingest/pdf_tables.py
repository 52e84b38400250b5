"""Ruled tables from PDFium drawing objects: grid lines give the cells, PDFium their text."""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ito_desktop.core.ingest.pdf_layout import PageText, TableRow, clean_text
from ito_desktop.core.model import Box

MAX_OBJECTS = 3000
TOLERANCE = 2.0
MIN_ROW_HEIGHT = 4.0

# (left, bottom, right, top) in PDF space -> Box on the displayed page
ToBox = Callable[[float, float, float, float], Box]


@dataclass(slots=True)
class Rulings:
    """Thin horizontal and vertical strokes on a page, plus its image count."""

    horizontal: list[tuple[float, float, float]]  # (y, x0, x1)
    vertical: list[tuple[float, float, float]]  # (x, y0, y1)
    images: int = 0

    @property
    def may_hold_table(self) -> bool:
        return len(self.horizontal) >= 3 and len(self.vertical) >= 3


def scan_rulings(page: pdfium.PdfPage) -> Rulings:
    """Collect strokes from path objects (lines, and the edges of rectangles)."""
    rulings = Rulings([], [])
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(min(pdfium_c.FPDFPage_CountObjects(page), MAX_OBJECTS)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            rulings.images += 1
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH or not pdfium_c.FPDFPageObj_GetBounds(
            obj, left, bottom, right, top
        ):
            continue
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        if y1 - y0 <= 3 and x1 - x0 >= 10:
            rulings.horizontal.append(((y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= 3 and y1 - y0 >= 6:
            rulings.vertical.append(((x0 + x1) / 2, y0, y1))
        elif x1 - x0 >= 10 and y1 - y0 >= 6 and pdfium_c.FPDFPath_CountSegments(obj) <= 6:
            rulings.horizontal += [(y0, x0, x1), (y1, x0, x1)]
            rulings.vertical += [(x0, y0, y1), (x1, y0, y1)]
    return rulings


def _levels(values: list[float]) -> list[float]:
    levels: list[float] = []
    for value in sorted(values):
        if not levels or value - levels[-1] > TOLERANCE:
            levels.append(value)
    return levels


def extract_tables(
    text_page: pdfium.PdfTextPage,
    rulings: Rulings,
    page: PageText,
    to_box: ToBox,
    first_table: int,
) -> int:
    """Turn ruled grids into table rows on ``page`` (their lines leave the page's text lines).

    A row is the band between two horizontal rulings that vertical rulings cross; its cells
    lie between those verticals. Consecutive rows sharing a ruling form one table; a table
    needs two rows of two cells. Returns the next free table index.
    """
    ys = sorted(_levels([y for y, _, _ in rulings.horizontal]), reverse=True)
    rows: list[tuple[float, float, list[float]]] = []  # (top, bottom, column edges)
    for upper, lower in pairwise(ys):
        if upper - lower < MIN_ROW_HEIGHT:
            continue
        xs = _levels(
            [
                x
                for x, y0, y1 in rulings.vertical
                if y0 <= lower + TOLERANCE and y1 >= upper - TOLERANCE
            ]
        )
        if len(xs) >= 3:
            rows.append((upper, lower, xs))
    tables: list[list[tuple[float, float, list[float]]]] = []
    for row in rows:
        if tables and abs(tables[-1][-1][1] - row[0]) <= TOLERANCE:
            tables[-1].append(row)
        else:
            tables.append([row])
    table_index = first_table
    for table in tables:
        cells = [
            [clean_text(text_page.get_text_bounded(a, lower, b, upper)) for a, b in pairwise(xs)]
            for upper, lower, xs in table
        ]
        kept = [(row, texts) for row, texts in zip(table, cells, strict=True) if any(texts)]
        if len(kept) < 2:
            continue
        x0 = min(row[2][0] for row in table)
        x1 = max(row[2][-1] for row in table)
        area = to_box(x0, table[-1][1], x1, table[0][0])
        page.lines = [
            line
            for line in page.lines
            if not (
                area.x0 - 1 <= (line.x0 + line.x1) / 2 <= area.x1 + 1
                and area.top - 1 <= (line.top + line.bottom) / 2 <= area.bottom + 1
            )
        ]
        for (upper, lower, xs), texts in kept:
            box = to_box(xs[0], lower, xs[-1], upper)
            page.rows.append(TableRow(page.number, tuple(texts), box, table_index))
        table_index += 1
    return table_index
