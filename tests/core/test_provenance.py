"""Provenance: where evidence and risk flags were printed, one span per page with its boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn

from ito_desktop.core.findings import Evidence, Finding, RiskFlag
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.library.schema import Severity
from ito_desktop.core.model import Box, Document
from ito_desktop.core.review import ReviewResult, review
from tests.conftest import SAMPLES
from tests.core.ingest.pdf_factory import write_contract


@pytest.fixture(scope="module")
def pdf_review() -> ReviewResult:
    return review(SAMPLES / "sample_msa.pdf")


@pytest.fixture(scope="module")
def docx_review() -> ReviewResult:
    return review(SAMPLES / "sample_msa.docx")


def _finding(result: ReviewResult, clause_id: str) -> Finding:
    return next(f for f in result.findings if f.clause_id == clause_id)


def _printed(document: Document, start: int, end: int) -> dict[int, list[Box]]:
    """The boxes of every printed line the range touches, by page (the test's own walk)."""
    pages: dict[int, list[Box]] = {}
    for block in document.blocks:
        for line in block.lines:
            if line.end > start and line.start < end:
                pages.setdefault(line.page, []).append(line.box)
    return pages


def test_evidence_printed_across_a_page_break_has_a_span_on_each_page(
    pdf_review: ReviewResult,
) -> None:
    document = pdf_review.document
    # 15.2 of the sample PDF starts at the foot of page 13 and ends at the top of page 14.
    evidence = _finding(pdf_review, "limitation_of_liability").evidence[0]
    assert evidence.clause_number == "15.2"
    first, second = evidence.spans(document)
    assert (first.page, second.page) == (13, 14)
    assert evidence.page == first.page
    printed = _printed(document, evidence.start, evidence.end)
    assert list(first.boxes) == printed[13]
    assert list(second.boxes) == printed[14]
    assert first.boxes
    assert second.boxes
    # The foot of one page, then the head of the next.
    assert min(b.top for b in first.boxes) > 500
    assert max(b.bottom for b in second.boxes) < 300
    # Each span holds its page's part of the quote, in order, within the quote.
    assert evidence.start <= first.start < first.end <= second.start < second.end <= evidence.end
    assert "\n" not in document.text[first.start : first.end]
    assert first.docx_paragraph is None


def test_every_evidence_and_open_risk_of_a_pdf_has_boxes_on_its_pages(
    pdf_review: ReviewResult,
) -> None:
    document = pdf_review.document
    placed = [
        (e.start, e.end, e.spans(document)) for f in pdf_review.findings for e in f.evidence
    ] + [
        (r.start, r.end, r.spans(document))
        for f in pdf_review.findings
        for r in f.risks
        if r.start is not None and r.end is not None
    ]
    assert len(placed) > 40
    for start, end, spans in placed:
        printed = _printed(document, start, end)
        assert {s.page: list(s.boxes) for s in spans} == printed
        assert [s.page for s in spans] == sorted(printed)  # one per page, in page order


def test_a_sentence_continued_on_the_next_page_of_a_generated_pdf(tmp_path: Path) -> None:
    document = read_document(write_contract(tmp_path / "contract.pdf"))
    start = document.text.index("Either party may terminate this agreement")
    end = document.text.index("the notice is received.") + len("the notice is received.")
    first, second = document.spans(start, end)
    assert (first.page, second.page) == (1, 2)
    assert len(first.boxes) >= 3  # the clause's lines at the foot of page 1
    assert len(second.boxes) == 1  # "the notice, which may not be earlier ..." on page 2
    assert document.text[second.start : second.end] == (
        "the notice, which may not be earlier than the date on which the notice is received."
    )
    # A range on one page gives one span.
    (only,) = document.spans(second.start, second.end)
    assert only == second


def test_a_docx_evidence_gets_its_paragraph(docx_review: ReviewResult) -> None:
    document = docx_review.document
    paragraphs = list(WordDocument(str(SAMPLES / "sample_msa.docx")).element.body.iter(qn("w:p")))
    evidence = _finding(docx_review, "limitation_of_liability").evidence[0]
    (span,) = evidence.spans(document)
    assert span.page is None
    assert span.boxes == ()
    assert span.docx_paragraph is not None
    assert (span.start, span.end) == (evidence.start, evidence.end)
    text = "".join(t.text or "" for t in paragraphs[span.docx_paragraph].iter(qn("w:t")))
    assert evidence.text[:60] in " ".join(text.split())
    # Every quote of a Word document is found in its paragraph the same way.
    for finding in docx_review.findings:
        for item in finding.evidence:
            (where,) = item.spans(document)
            block = document.blocks[document.block_index_at(item.start)]
            assert where.docx_paragraph == block.docx_paragraph is not None


def test_a_risk_flag_that_quotes_nothing_has_no_spans(pdf_review: ReviewResult) -> None:
    flag = RiskFlag("r", Severity.HIGH, "m", "", "", None, None, None)
    assert flag.spans(pdf_review.document) == ()
    evidence = Evidence("c-1", "1", "", None, 0, 0, "", 0.0)
    (span,) = evidence.spans(pdf_review.document)
    assert span.boxes == ()
