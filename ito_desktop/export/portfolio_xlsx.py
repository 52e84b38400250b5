"""The batch portfolio as a workbook: the portfolio heat map, the clause list and a summary."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ito_desktop.core.effective import EffectiveStatus
from ito_desktop.core.library.schema import Library
from ito_desktop.export.palette import ERROR_FILL, SEVERITY_FILLS, STATUS_FILLS
from ito_desktop.export.portfolio_rows import (
    COUNT_COLUMNS,
    PortfolioInfo,
    PortfolioRow,
    columns,
    row_values,
)
from ito_desktop.export.xlsx_common import (
    GRID,
    fill,
    header_row,
    landscape_fit_width,
    put,
    set_widths,
    workbook_bytes,
)


def portfolio_workbook_bytes(rows: Sequence[PortfolioRow], info: PortfolioInfo) -> bytes:
    return workbook_bytes(_workbook(rows, info))


def _workbook(rows: Sequence[PortfolioRow], info: PortfolioInfo) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Portfolio"
    _portfolio_sheet(sheet, rows, info.library)
    _clauses_sheet(workbook.create_sheet("Clauses"), info.library)
    _summary_sheet(workbook.create_sheet("Summary"), rows, info)
    return workbook


def _portfolio_sheet(sheet: Worksheet, rows: Sequence[PortfolioRow], library: Library) -> None:
    titles = columns(library)
    header_row(sheet, titles)
    first_clause = 3 + len(COUNT_COLUMNS)
    for column in range(3, len(titles)):  # counts and clause ids read upwards, like a heat map
        sheet.cell(row=1, column=column).alignment = Alignment(
            text_rotation=90, horizontal="center", vertical="bottom"
        )
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row_values(row, library), start=1):
            cell = put(sheet, r, c, value)
            cell.border = GRID
            cell.font = Font(size=9)
            if c >= first_clause and c < len(titles) and isinstance(value, str) and value:
                status, _, risk = value.partition(" (risk: ")
                colour = SEVERITY_FILLS.get(risk.rstrip(")")) or STATUS_FILLS.get(status)
                if colour:
                    cell.fill = fill(colour)
        status_cell_ = sheet.cell(row=r, column=2)
        status_cell_.fill = fill(STATUS_FILLS[EffectiveStatus.PRESENT] if row.ok else ERROR_FILL)
    widths = [42, 7, *[4] * len(COUNT_COLUMNS), *[20] * len(library.entries), 60]
    set_widths(sheet, widths)
    sheet.row_dimensions[1].height = 190
    sheet.freeze_panes = sheet.cell(row=2, column=3)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{max(1, len(rows) + 1)}"
    landscape_fit_width(sheet, sheet.PAPERSIZE_A3)
    sheet.page_setup.fitToWidth = 0  # 40 clause columns: let print run across pages
    sheet.sheet_properties.pageSetUpPr.fitToPage = False


def _clauses_sheet(sheet: Worksheet, library: Library) -> None:
    header_row(sheet, ("Clause id", "Clause", "Category", "Importance"))
    for r, entry in enumerate(library.entries, start=2):
        values = (entry.id, entry.title, entry.category_title, entry.importance.value)
        for c, value in enumerate(values, start=1):
            put(sheet, r, c, value).border = GRID
    set_widths(sheet, (32, 44, 32, 14))
    sheet.freeze_panes = "A2"


def _summary_sheet(sheet: Worksheet, rows: Sequence[PortfolioRow], info: PortfolioInfo) -> None:
    failed = [row for row in rows if not row.ok]
    slowest = max(rows, key=lambda row: row.seconds, default=None)
    lines: list[tuple[str, str | int]] = [
        ("Folder", info.folder),
        ("Date", info.date.isoformat()),
        ("Clause library", f"{info.library.name} {info.library.version}"),
        ("Files", len(rows)),
        ("Reviewed", len(rows) - len(failed)),
        ("Failed", len(failed)),
        ("Wall time (s)", f"{info.wall_seconds:.1f}"),
        ("Processes", info.jobs),
    ]
    if slowest is not None:
        lines.append(("Slowest file", f"{slowest.file} ({slowest.seconds:.1f} s)"))
    put(sheet, 1, 1, "Batch review summary").font = Font(bold=True, size=14)
    for r, (label, value) in enumerate(lines, start=3):
        put(sheet, r, 1, label).font = Font(bold=True)
        put(sheet, r, 2, value).alignment = Alignment(horizontal="left")
    set_widths(sheet, (18, 90))
