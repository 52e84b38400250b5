"""The DOCX issues-list report of the sample contract, opened back with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.docx_report import ISSUE_COLUMNS, TITLE, DocxReportExporter
from tests.export.conftest import FIXED_DATE, TFC_EVIDENCE, TFC_MESSAGE_START


@pytest.fixture(scope="module")
def report(sample_result: ReviewResult, tmp_path_factory: pytest.TempPathFactory) -> Document:
    out = tmp_path_factory.mktemp("docx") / "report.docx"
    options = ExportOptions(reviewer="A. Reviewer", date=FIXED_DATE)
    DocxReportExporter().write(sample_result, None, options, out)
    return docx.Document(str(out))


def test_title_block(report: Document, sample_result: ReviewResult) -> None:
    assert report.paragraphs[0].text == TITLE
    facts = {row.cells[0].text: row.cells[1].text for row in report.tables[0].rows}
    assert facts["Contract"].startswith("sample_msa.docx (DOCX")
    assert facts["SHA-256"] == sample_result.document.sha256
    assert facts["Date"] == "2026-01-15"
    library = sample_result.library
    assert facts["Clause library"] == f"{library.name} {library.version}"
    assert facts["Reviewer"] == "A. Reviewer"
    assert report.sections[0].page_width > report.sections[0].page_height  # landscape


def test_summary_table(report: Document, sample_result: ReviewResult) -> None:
    labels = [cell.text for cell in report.tables[1].rows[0].cells]
    values = [cell.text for cell in report.tables[1].rows[1].cells]
    counts = dict(zip(labels, values, strict=True))
    summary = sample_result.summary
    assert counts["Present"] == str(summary.present)
    assert counts["Missing"] == str(summary.missing)
    assert counts["High risks"] == str(summary.risks_high)


def test_issues_table_order_and_content(report: Document, sample_result: ReviewResult) -> None:
    table = report.tables[2]
    assert tuple(cell.text for cell in table.rows[0].cells) == ISSUE_COLUMNS
    body = table.rows[1:]
    flagged = [f for f in sample_result.findings
               if f.status.value in ("missing", "weak") or f.risks]
    assert len(body) == len(flagged)
    labels = [row.cells[0].paragraphs[1].text for row in body]
    missing = sum(f.status.value == "missing" for f in sample_result.findings)
    assert all(label == "MISSING" for label in labels[:missing])
    risk_labels = [label for label in labels if "RISK" in label]
    order = ["HIGH", "MEDIUM", "LOW"]
    ranks = [order.index(label.split(" · ")[1].split()[0]) for label in risk_labels]
    assert ranks == sorted(ranks)
    tfc = next(row for row in body if "Termination for convenience" in row.cells[0].text)
    assert "Clause 17.2" in tfc.cells[0].text
    assert tfc.cells[1].paragraphs[0].text.startswith(TFC_MESSAGE_START)
    assert f"“{TFC_EVIDENCE}”" in tfc.cells[1].text
    assert "12 months' notice" in tfc.cells[2].text
    assert tfc.cells[3].text == ""  # left for the supplier


def test_found_clauses_listed(report: Document, sample_result: ReviewResult) -> None:
    found = report.tables[3]
    present_without_risk = [f.title for f in sample_result.findings
                            if f.status.value == "present" and not f.risks]
    assert [row.cells[0].text for row in found.rows[1:]] != []
    assert {row.cells[0].text for row in found.rows[1:]} == set(present_without_risk)


def test_reviewer_notes_and_not_applicable(
    sample_result: ReviewResult, sample_session: ReviewSession, tmp_path: Path
) -> None:
    out = tmp_path / "report.docx"
    options = ExportOptions(include_not_applicable=True)
    DocxReportExporter().write(sample_result, sample_session, options, out)
    document = docx.Document(str(out))
    text = "\n".join(cell.text for table in document.tables for row in table.rows
                     for cell in row.cells)
    assert "Reviewer note: Ask for 12 months' notice." in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Marked not applicable (1)" in headings
