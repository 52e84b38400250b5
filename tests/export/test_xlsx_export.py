"""The XLSX issues list of the sample contract, opened back with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.palette import STATUS_FILLS
from ito_desktop.export.rows import COLUMNS
from ito_desktop.export.xlsx_export import XlsxExporter
from tests.export.conftest import TFC_EVIDENCE, TFC_MESSAGE_START


@pytest.fixture(scope="module")
def workbook(
    sample_result: ReviewResult, tmp_path_factory: pytest.TempPathFactory
) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("xlsx") / "issues.xlsx"
    XlsxExporter().write(sample_result, None, ExportOptions(reviewer="A. Reviewer"), out)
    return openpyxl.load_workbook(out)


def test_issues_sheet_layout(workbook: openpyxl.Workbook, sample_result: ReviewResult) -> None:
    assert workbook.sheetnames == ["Issues", "Summary"]
    sheet = workbook["Issues"]
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:O{len(sample_result.findings) + 1}"
    assert sheet.max_row == len(sample_result.findings) + 1
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["H"].width > 30  # wording columns are wide
    assert sheet["H2"].alignment.wrap_text
    assert sheet.print_title_rows == "$1:$1"


def test_issues_sheet_content(workbook: openpyxl.Workbook, sample_result: ReviewResult) -> None:
    sheet = workbook["Issues"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in sheet.iter_rows(min_row=2)]
    statuses = {row["Clause"]: row["Status"] for row in rows}
    for finding in sample_result.findings:
        assert statuses[finding.title] == finding.status.value.capitalize()
    assert [row["#"] for row in rows] == list(range(1, len(rows) + 1))
    tfc = next(row for row in rows if row["Clause"] == "Termination for convenience")
    assert str(tfc["Contract wording (excerpt)"]).startswith(TFC_EVIDENCE)
    assert str(tfc["Issue / why it matters"]).startswith(TFC_MESSAGE_START)
    assert tfc["Risk severity"] == "High"
    assert tfc["Contract reference"] == "17.2"


def test_status_cells_have_colour_and_word(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Issues"]
    status_column = COLUMNS.index("Status") + 1
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=status_column)
        word = str(cell.value)
        assert word in {"Present", "Weak", "Missing", "Not applicable"}
        key = word.lower().replace(" ", "_")
        assert cell.fill.fgColor.rgb.endswith(STATUS_FILLS[key])


def test_summary_sheet(workbook: openpyxl.Workbook, sample_result: ReviewResult) -> None:
    sheet = workbook["Summary"]
    facts = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=3) if row[0].value}
    summary = sample_result.summary
    assert facts["Contract"] == "sample_msa.docx"
    assert facts["SHA-256"] == sample_result.document.sha256
    library = sample_result.library
    assert facts["Clause library"] == f"{library.name} {library.version}"
    assert facts["Reviewer"] == "A. Reviewer"
    assert (facts["Present"], facts["Weak"], facts["Missing"]) == (
        summary.present, summary.weak, summary.missing)
    assert facts["Not applicable"] == 0
    assert facts["Open risks: high"] == summary.risks_high
    assert facts["Open risks: medium"] == summary.risks_medium


def test_session_counts_in_summary(
    sample_result: ReviewResult, sample_session: ReviewSession, tmp_path: Path
) -> None:
    out = tmp_path / "issues.xlsx"
    XlsxExporter().write(sample_result, sample_session, ExportOptions(), out)
    book = openpyxl.load_workbook(out)
    facts = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=3)}
    assert facts["Not applicable"] == 1
    assert facts["Reviewer"] == "Dana Reviewer"
    notes = [row[COLUMNS.index("Reviewer note")].value for row in book["Issues"].iter_rows()]
    assert "Ask for 12 months' notice." in notes
