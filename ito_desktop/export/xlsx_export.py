"""XLSX export: the negotiation issues list and a summary sheet, ready to take into a meeting."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ito_desktop.core.effective import EffectiveStatus
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export import formats
from ito_desktop.export.base import Exporter, ExportOptions
from ito_desktop.export.palette import ACCEPTED_FILL, SEVERITY_FILLS, STATUS_FILLS
from ito_desktop.export.rows import COLUMNS, IssueRow
from ito_desktop.export.summary import ReportHeader, report_content
from ito_desktop.export.xlsx_common import (
    BODY_FONT,
    GRID,
    WRAP_TOP,
    fill,
    fit_row_heights,
    header_row,
    landscape_fit_width,
    put,
    set_widths,
    workbook_bytes,
)

ISSUES_SHEET = "Issues"
SUMMARY_SHEET = "Summary"
# Wide enough to read on screen; printed, the sheet fits one A3 landscape page across.
_WIDTHS = (4, 13, 18, 12, 10, 9, 11, 42, 46, 38, 42, 22, 22, 20, 10)
_STATUS_COLUMN = COLUMNS.index("Status") + 1
_SEVERITY_COLUMN = COLUMNS.index("Risk severity") + 1


def build_workbook(
    result: ReviewResult, session: ReviewSession | None, options: ExportOptions
) -> Workbook:
    workbook = Workbook()
    issues = workbook.active
    assert issues is not None  # a new workbook always has one sheet
    issues.title = ISSUES_SHEET
    report = report_content(result, session, options)
    _issues_sheet(issues, report.rows)
    _summary_sheet(workbook.create_sheet(SUMMARY_SHEET), report.header)
    return workbook


def _issues_sheet(sheet: Worksheet, rows: Sequence[IssueRow]) -> None:
    header_row(sheet, COLUMNS)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row.cells(), start=1):
            cell = put(sheet, r, c, value)
            cell.alignment = WRAP_TOP
            cell.border = GRID
            cell.font = BODY_FONT
        status = sheet.cell(row=r, column=_STATUS_COLUMN)
        status.fill = fill(STATUS_FILLS[row.status])
        status.font = Font(bold=True, size=10)
        if row.severity is not None:
            severity = sheet.cell(row=r, column=_SEVERITY_COLUMN)
            severity.fill = fill(SEVERITY_FILLS[row.severity.value])
            severity.font = Font(bold=True, size=10)
        elif row.accepted:
            severity = sheet.cell(row=r, column=_SEVERITY_COLUMN)
            severity.fill = fill(ACCEPTED_FILL)
            severity.font = Font(bold=True, size=10)
    set_widths(sheet, _WIDTHS)
    sheet.freeze_panes = "A2"
    last = f"{get_column_letter(len(COLUMNS))}{max(1, len(rows) + 1)}"
    sheet.auto_filter.ref = f"A1:{last}"
    sheet.row_dimensions[1].height = 30
    fit_row_heights(sheet, _WIDTHS)
    landscape_fit_width(sheet, sheet.PAPERSIZE_A3)


def _summary_sheet(sheet: Worksheet, header: ReportHeader) -> None:
    counts = header.counts
    lines: list[tuple[str, str | int]] = [
        ("Contract", header.contract),
        ("Format", f"{header.format}, {header.size}"),
        ("SHA-256", header.sha256),
        ("Date", header.date),
        ("Clause library", header.library),
        ("Reviewer", header.reviewer or "—"),
        ("", ""),
        *((status.label, counts.of(status)) for status in EffectiveStatus),
        ("", ""),
        ("Open risks: high", counts.risks_high),
        ("Open risks: medium", counts.risks_medium),
        ("Open risks: low", counts.risks_low),
        ("To check (not risks)", counts.risks_check),
        ("Risks accepted", counts.risks_accepted),
    ]
    if header.progress_facts:
        lines += [("", ""), *header.progress_facts]
    lines.extend(("Warning", warning) for warning in header.warnings)
    title = put(sheet, 1, 1, "Contract review summary")
    title.font = Font(bold=True, size=14)
    for r, (label, value) in enumerate(lines, start=3):
        if not label:
            continue
        put(sheet, r, 1, label).font = Font(bold=True)
        cell = put(sheet, r, 2, value)
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        key = label.lower().replace(" ", "_")
        if key in STATUS_FILLS:
            sheet.cell(row=r, column=1).fill = fill(STATUS_FILLS[key])
        severity = label.rsplit(" ", 1)[-1]
        if label.startswith("Open risks") and severity in SEVERITY_FILLS:
            sheet.cell(row=r, column=1).fill = fill(SEVERITY_FILLS[severity])
        elif label == "Risks accepted":
            sheet.cell(row=r, column=1).fill = fill(ACCEPTED_FILL)
    set_widths(sheet, (22, 68))
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


class XlsxExporter(Exporter):
    spec = formats.XLSX

    def export_bytes(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> bytes:
        return workbook_bytes(build_workbook(result, session, options))
