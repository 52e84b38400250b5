"""A risk the reviewer accepted stays on the record in every export, said in words."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest

from ito_desktop.core.effective import highest_severity
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.csv_export import CsvExporter
from ito_desktop.export.docx_report import DocxReportExporter
from ito_desktop.export.json_export import JsonExporter
from ito_desktop.export.markdown_export import MarkdownExporter
from ito_desktop.export.rows import COLUMNS, issue_rows
from ito_desktop.export.xlsx_export import ISSUES_SHEET, SUMMARY_SHEET, XlsxExporter

ACCEPTED = "charges_and_payment"  # the sample session accepts this finding's risks
TITLE = "Charges and payment"


@pytest.fixture
def accepted_word(sample_result: ReviewResult) -> str:
    finding = next(f for f in sample_result.findings if f.clause_id == ACCEPTED)
    assert finding.risks, "the sample must flag a risk on charges and payment"
    worst = highest_severity(finding.risks)
    assert worst is not None
    return f"Accepted ({worst.value})"


def test_issue_row_keeps_the_accepted_risks(
    sample_result: ReviewResult, sample_session: ReviewSession, accepted_word: str
) -> None:
    row = next(
        r
        for r in issue_rows(sample_result, sample_session, ExportOptions())
        if r.clause_id == ACCEPTED
    )
    assert row.risks == ()  # closed: not a risk to negotiate any more
    assert row.severity is None
    assert row.accepted  # but kept
    assert row.severity_word == accepted_word
    assert row.issue_text.startswith("Risk accepted by the reviewer (")
    # Without the decision the same row has an open risk and no accepted one.
    plain = next(
        r for r in issue_rows(sample_result, None, ExportOptions()) if r.clause_id == ACCEPTED
    )
    assert plain.accepted == ()
    assert plain.severity is not None


def test_csv_says_risk_accepted(
    sample_result: ReviewResult, sample_session: ReviewSession, accepted_word: str
) -> None:
    text = CsvExporter().render(sample_result, sample_session, ExportOptions())
    rows = {row["Clause"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows[TITLE]["Risk severity"] == accepted_word
    assert "Risk accepted by the reviewer" in rows[TITLE]["Issue / why it matters"]


def test_xlsx_says_risk_accepted(
    sample_result: ReviewResult,
    sample_session: ReviewSession,
    accepted_word: str,
    tmp_path: Path,
) -> None:
    out = tmp_path / "issues.xlsx"
    XlsxExporter().write(sample_result, sample_session, ExportOptions(), out)
    book = openpyxl.load_workbook(out)
    sheet = book[ISSUES_SHEET]
    clause = COLUMNS.index("Clause")
    severity = COLUMNS.index("Risk severity")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[clause].value == TITLE)
    assert row[severity].value == accepted_word
    assert row[severity].fill.fgColor.rgb.endswith("D0EBEF")
    summary = {r[0].value: r[1].value for r in book[SUMMARY_SHEET].iter_rows() if r[0].value}
    assert summary["Risks accepted"] >= 1


def test_word_report_says_risk_accepted(
    sample_result: ReviewResult,
    sample_session: ReviewSession,
    accepted_word: str,
    tmp_path: Path,
) -> None:
    out = tmp_path / "report.docx"
    DocxReportExporter().write(sample_result, sample_session, ExportOptions(), out)
    document = docx.Document(str(out))
    rows = [
        " | ".join(cell.text for cell in row.cells)
        for table in document.tables
        for row in table.rows
        if row.cells[0].text.endswith(TITLE)
    ]
    assert any(accepted_word in row and "Risk accepted by the reviewer" in row for row in rows)
    summary = document.tables[1]
    labels = [cell.text for cell in summary.rows[0].cells]
    assert "Risks accepted" in labels


def test_markdown_says_risk_accepted(
    sample_result: ReviewResult, sample_session: ReviewSession
) -> None:
    text = MarkdownExporter().render(sample_result, sample_session, ExportOptions())
    line = next(line for line in text.splitlines() if line.startswith(f"- {TITLE}"))
    assert "Risk accepted by the reviewer" in line
    assert "more accepted by the reviewer" in text  # the summary's risks line


def test_json_lists_the_accepted_risks(
    sample_result: ReviewResult, sample_session: ReviewSession
) -> None:
    data = json.loads(JsonExporter().render(sample_result, sample_session, ExportOptions()))
    items = {item["clause_id"]: item for item in data["review"]["items"]}
    finding = next(f for f in sample_result.findings if f.clause_id == ACCEPTED)
    assert items[ACCEPTED]["decision"] == "risk_accepted"
    assert items[ACCEPTED]["open_risks"] == []
    assert items[ACCEPTED]["accepted_risks"] == [risk.rule_id for risk in finding.risks]
    assert items["insurance"]["accepted_risks"] == []
