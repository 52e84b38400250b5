"""Batch portfolio export: one row per contract, one column per clause id (XLSX or CSV)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ito_desktop.core.effective import effective_status, highest_severity, open_risks
from ito_desktop.core.library.schema import Library
from ito_desktop.core.review import ReviewResult
from ito_desktop.export.base import ExportError, write_atomically
from ito_desktop.export.csv_export import csv_bytes
from ito_desktop.export.palette import SEVERITY_FILLS, STATUS_FILLS
from ito_desktop.export.xlsx_common import (
    GRID,
    fill,
    header_row,
    landscape_fit_width,
    put,
    set_widths,
    workbook_bytes,
)

SUFFIXES = (".xlsx", ".csv")
_COUNT_COLUMNS = ("Present", "Weak", "Missing", "High risks", "Medium risks", "Low risks")


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """What the batch learnt about one file (picklable: it comes back from a worker process)."""

    file: str  # path relative to the batch folder
    ok: bool
    cells: dict[str, str] = field(default_factory=dict)  # clause id -> "present (risk: high)"
    counts: tuple[int, ...] = ()  # as _COUNT_COLUMNS
    error: str = ""
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class PortfolioInfo:
    folder: str
    library: Library
    date: dt.date
    wall_seconds: float
    jobs: int


def status_cell(status: str, severity: str | None) -> str:
    """``present``, or ``present (risk: high)``: plain words a spreadsheet filter can match."""
    return f"{status} (risk: {severity})" if severity else status


def portfolio_row(file: str, result: ReviewResult, seconds: float) -> PortfolioRow:
    cells: dict[str, str] = {}
    statuses: list[str] = []
    severities: list[str] = []
    for finding in result.findings:
        status = effective_status(finding, None)
        risks = open_risks(finding, None)
        worst = highest_severity(risks)
        cells[finding.clause_id] = status_cell(status, worst.value if worst else None)
        statuses.append(status)
        severities.extend(risk.severity.value for risk in risks)
    counts = (
        statuses.count("present"),
        statuses.count("weak"),
        statuses.count("missing"),
        severities.count("high"),
        severities.count("medium"),
        severities.count("low"),
    )
    return PortfolioRow(file, True, cells, counts, "", round(seconds, 3))


def columns(library: Library) -> list[str]:
    return ["File", "Status", *_COUNT_COLUMNS, *(e.id for e in library.entries), "Error"]


def _values(row: PortfolioRow, library: Library) -> list[str | int]:
    counts: list[str | int] = list(row.counts) if row.ok else [""] * len(_COUNT_COLUMNS)
    clauses = [row.cells.get(entry.id, "") for entry in library.entries]
    return [row.file, "ok" if row.ok else "error", *counts, *clauses, row.error]


def write_portfolio(path: Path, rows: Sequence[PortfolioRow], info: PortfolioInfo) -> None:
    """Write ``rows`` as .xlsx or .csv (by ``path``'s suffix), atomically."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table: list[Sequence[str | int]] = [columns(info.library)]
        table.extend(_values(row, info.library) for row in rows)
        write_atomically(path, csv_bytes(table))
    elif suffix == ".xlsx":
        write_atomically(path, workbook_bytes(_workbook(rows, info)))
    else:
        raise ExportError(f"{path.name}: the portfolio must be a .xlsx or .csv file.", path=path)


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
    first_clause = 3 + len(_COUNT_COLUMNS)
    for column in range(3, len(titles)):  # counts and clause ids read upwards, like a heat map
        sheet.cell(row=1, column=column).alignment = Alignment(
            text_rotation=90, horizontal="center", vertical="bottom"
        )
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(_values(row, library), start=1):
            cell = put(sheet, r, c, value)
            cell.border = GRID
            cell.font = Font(size=9)
            if c >= first_clause and c < len(titles) and isinstance(value, str) and value:
                status, _, risk = value.partition(" (risk: ")
                colour = SEVERITY_FILLS.get(risk.rstrip(")")) or STATUS_FILLS.get(status)
                if colour:
                    cell.fill = fill(colour)
        status_cell_ = sheet.cell(row=r, column=2)
        status_cell_.fill = fill(STATUS_FILLS["present" if row.ok else "error"])
    widths = [42, 7, *[4] * len(_COUNT_COLUMNS), *[20] * len(library.entries), 60]
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
