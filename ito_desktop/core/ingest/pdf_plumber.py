"""pdfplumber for what PDFium does not give us: ruled-table structure, and a fallback parser."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ito_desktop.core.ingest.pdf_layout import PageText, TableRow, TextLine
from ito_desktop.core.model import Box

BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")


def _open(path: Path, password: str | None, pages: Sequence[int] | None = None) -> Any:
    import pdfplumber

    return pdfplumber.open(path, password=password or "", pages=list(pages) if pages else None)


def extract_tables(
    path: Path, password: str | None, pages: Sequence[PageText], first_table: int
) -> tuple[int, list[str]]:
    """Find ruled tables on ``pages`` (numbers are 1-based) and move their text into rows.

    Lines inside a table's box are taken off the page; the table's rows are added instead.
    Returns the next free table index and warnings.
    """
    if not pages:
        return first_table, []
    by_number = {page.number: page for page in pages}
    table_index = first_table
    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            pdf = _open(path, password, sorted(by_number))
        except Exception:  # pdfminer raises many unrelated types on odd files
            return first_table, ["tables could not be read; their text is kept as plain lines"]
        try:
            for plumber_page in pdf.pages:
                page = by_number.get(plumber_page.page_number)
                if page is None:
                    continue
                try:
                    table_index = _page_tables(plumber_page, page, table_index)
                except Exception:
                    notes.append(f"the table on page {page.number} could not be read as a table")
                finally:
                    plumber_page.close()
        finally:
            pdf.close()
    return table_index, notes


def _page_tables(plumber_page: Any, page: PageText, table_index: int) -> int:
    for table in plumber_page.find_tables():
        cells = [[" ".join((cell or "").split()) for cell in row] for row in table.extract()]
        rows = [row for row in cells if any(row)]
        if len(rows) < 2 or max(len(row) for row in rows) < 2:
            continue
        x0, top, x1, bottom = (float(v) for v in table.bbox)
        page.lines = [
            line
            for line in page.lines
            if not (
                x0 - 1 <= (line.x0 + line.x1) / 2 <= x1 + 1
                and top - 1 <= (line.top + line.bottom) / 2 <= bottom + 1
            )
        ]
        for row, row_cells in zip(table.rows, cells, strict=False):
            if not any(row_cells):
                continue
            rx0, rtop, rx1, rbottom = (float(v) for v in row.bbox)
            page.rows.append(
                TableRow(page.number, tuple(row_cells), Box(rx0, rtop, rx1, rbottom), table_index)
            )
        table_index += 1
    return table_index


def read_pages(
    path: Path,
    password: str | None,
    max_pages: int,
    on_page: Callable[[int, int], None],
) -> list[PageText]:
    """Read every page's lines with pdfplumber (used when PDFium cannot open the file).

    ``on_page(index, count)`` is called before each page (progress and cancellation).
    Raises whatever pdfminer raises; the caller turns that into a typed error.
    """
    pages: list[PageText] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdf = _open(path, password)
        try:
            count = len(pdf.pages)
            if count > max_pages:
                raise OverflowError(count)
            for index, plumber_page in enumerate(pdf.pages):
                on_page(index, count)
                try:
                    pages.append(_page_lines(plumber_page, index + 1))
                finally:
                    plumber_page.close()
        finally:
            pdf.close()
    return pages


def _page_lines(plumber_page: Any, number: int) -> PageText:
    page = PageText(number, float(plumber_page.width), float(plumber_page.height))
    for item in plumber_page.extract_text_lines(return_chars=True):
        chars = [char for char in item.get("chars", ()) if str(char.get("text", "")).strip()]
        bold = bool(chars) and all(
            any(name in str(char.get("fontname", "")).casefold() for name in BOLD_NAMES)
            for char in (chars[0], chars[-1])
        )
        size = float(chars[0].get("size", 0.0)) if chars else 0.0
        page.lines.append(
            TextLine(
                number,
                str(item["text"]),
                float(item["x0"]),
                float(item["top"]),
                float(item["x1"]),
                float(item["bottom"]),
                bold,
                size,
            )
        )
    return page
