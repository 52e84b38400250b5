"""The bundled sample contract: its expected findings (golden file) and what it shows."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.serialize import review_to_dict
from tests.conftest import PROJECT_ROOT, SAMPLES

GOLDEN = PROJECT_ROOT / "tests" / "fixtures" / "golden" / "review" / "sample_msa.json"

# Written into the sample on purpose (resources/samples/README.md).
DELIBERATELY_MISSING = {
    "source_code_escrow",
    "benchmarking",
    "non_solicitation",
    "insurance",
    "key_personnel",
    "data_location",
}
RISKY = {
    "termination_for_convenience": ("tfc_supplier_convenience", "notice_days", 30),
    "limitation_of_liability": ("lol_low_cap", "cap_months", 3),
    "security_incident_notification": ("sin_late_notice", "breach_notice_hours", 168),
    "exit_assistance": ("ea_short_period", "exit_assistance_months", 3),
    "charges_and_payment": ("chg_short_payment_period", "payment_days", 15),
    "term_and_renewal": ("tr_long_renewal_notice", "renewal_notice_days", 180),
}
RISKY_WORDING = {
    "subcontracting": "sub_without_consent",
    "ip_ownership": "ipo_supplier_owns_deliverables",
    "service_credits": "sc_sole_remedy",
}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user_layer=False)


@pytest.fixture(scope="module")
def docx_review(library: Library) -> ReviewResult:
    return review(SAMPLES / "sample_msa.docx", library)


@pytest.fixture(scope="module")
def pdf_review(library: Library) -> ReviewResult:
    return review(SAMPLES / "sample_msa.pdf", library)


def _digest(result: ReviewResult) -> list[dict[str, Any]]:
    """What the golden file pins: status, where the evidence is, which rules fired."""
    data = review_to_dict(result)
    return [
        {
            "clause_id": f["clause_id"],
            "status": f["status"],
            "evidence": [e["clause_number"] for e in f["evidence"]],
            "risks": sorted({r["rule_id"] for r in f["risks"]}),
        }
        for f in data["findings"]
    ]


def test_docx_findings_match_golden(docx_review: ReviewResult) -> None:
    digest = _digest(docx_review)
    if os.environ.get("ITO_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(digest, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert digest == expected


def test_pdf_agrees_with_docx(docx_review: ReviewResult, pdf_review: ReviewResult) -> None:
    docx = {f.clause_id: f.status for f in docx_review.findings}
    pdf = {f.clause_id: f.status for f in pdf_review.findings}
    assert pdf == docx
    assert pdf_review.document.pages == 22
    assert all(e.page for f in pdf_review.findings for e in f.evidence)


def test_exactly_the_deliberately_missing_clauses_are_missing(docx_review: ReviewResult) -> None:
    missing = {f.clause_id for f in docx_review.findings if f.status.value == "missing"}
    assert missing == DELIBERATELY_MISSING


@pytest.mark.parametrize("clause_id", sorted(RISKY))
def test_risky_parameters_are_flagged(docx_review: ReviewResult, clause_id: str) -> None:
    rule_id, param, value = RISKY[clause_id]
    finding = next(f for f in docx_review.findings if f.clause_id == clause_id)
    values = {k: v for r in finding.risks for k, v in r.values.items()}
    assert values.get(param) == value
    assert rule_id in {r.rule_id for r in finding.risks}


@pytest.mark.parametrize("clause_id", sorted(RISKY_WORDING))
def test_risky_wording_is_flagged(docx_review: ReviewResult, clause_id: str) -> None:
    finding = next(f for f in docx_review.findings if f.clause_id == clause_id)
    flagged = [r for r in finding.risks if r.rule_id == RISKY_WORDING[clause_id]]
    assert flagged
    text = docx_review.document.text
    assert flagged[0].start is not None
    assert text[flagged[0].start : flagged[0].end] == flagged[0].text


def test_evidence_quotes_are_document_text(docx_review: ReviewResult) -> None:
    text = docx_review.document.text
    for finding in docx_review.findings:
        for evidence in finding.evidence:
            assert text[evidence.start : evidence.end] == evidence.text


def test_input_files_unchanged(library: Library) -> None:
    for name in ("sample_msa.docx", "sample_msa.pdf"):
        path: Path = SAMPLES / name
        before = path.read_bytes()
        review(path, library)
        assert path.read_bytes() == before


def test_a_list_item_is_quoted_with_the_sentence_that_introduces_it(
    docx_review: ReviewResult,
) -> None:
    # 11.1(b) alone reads "disclose the other party's Confidential Information to any person
    # except as permitted": the opposite of the clause, whose stem says "shall not:".
    confidentiality = next(f for f in docx_review.findings if f.clause_id == "confidentiality")
    first = confidentiality.evidence[0]
    assert first.clause_number == "11.1"
    assert first.text.startswith("Each party shall keep the other party")
    assert first.text.rstrip().endswith("shall not:")
