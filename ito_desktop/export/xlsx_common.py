"""openpyxl helpers shared by the issues list and the batch portfolio: safe cells, styles."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ito_desktop.export.cells import safe_text, xml_safe
from ito_desktop.export.palette import HEADER_FILL, HEADER_TEXT

_THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
BODY_FONT = Font(size=10)
MAX_CELL_CHARS = 32_000  # Excel's limit is 32,767 characters a cell
_LINE_POINTS = 13.0  # one line of 10-point text
_MAX_ROW_POINTS = 409.0  # Excel's largest row height


def fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def put(sheet: Worksheet, row: int, column: int, value: object) -> Any:
    """Write one cell; text is formula-guarded, cleaned for XML and always typed as a string.

    openpyxl stores any text starting with "=" as a formula unless the type is forced after
    assignment, so the type is set explicitly for every text cell.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = safe_text(xml_safe(value))[:MAX_CELL_CHARS]
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def header_row(sheet: Worksheet, titles: Sequence[str], row: int = 1) -> None:
    """A bold white-on-navy header that repeats on every printed page."""
    for column, title in enumerate(titles, start=1):
        cell = put(sheet, row, column, title)
        cell.font = Font(bold=True, color=HEADER_TEXT)
        cell.fill = fill(HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = GRID
    sheet.print_title_rows = f"{row}:{row}"


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def fit_row_heights(sheet: Worksheet, widths: Sequence[float], first_row: int = 2) -> None:
    """Give each row the height its wrapped text needs.

    Neither Excel nor LibreOffice resizes rows of a generated file when it opens it, so long
    wrapped cells would be cut off (or overlap in print) without an explicit height.
    """
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            if isinstance(cell.value, str) and cell.value:
                per_line = max(1.0, width * 1.25)  # 10-point text, widths measured at 11 points
                needed = sum(
                    max(1, math.ceil(len(part) / per_line)) for part in cell.value.split("\n")
                )
                lines = max(lines, needed)
        height = min(_MAX_ROW_POINTS, lines * _LINE_POINTS + 4)
        sheet.row_dimensions[row[0].row].height = height


def landscape_fit_width(sheet: Worksheet, paper_size: int | None = None) -> None:
    """Print landscape (A4 unless told), as many pages tall as needed but one page wide."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = paper_size or sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
