"""Comparing the reviews of two drafts: what changed per clause id, and what carries over."""

from __future__ import annotations

import pytest

from ito_desktop.core.compare import (
    Change,
    DiffKind,
    DiffPart,
    compare_reviews,
    diff_text,
    word_diff,
)
from ito_desktop.core.findings import Status
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.review import ReviewResult, review, review_document
from ito_desktop.core.session import Decision, FindingReview
from tests.conftest import SAMPLES
from tests.core.textdoc import document_from_lines

PREAMBLE = (
    'This Agreement is made between Northwind Hosting Ltd ("Supplier") and Contoso Retail '
    'Inc. ("Customer").'
)
SUBCONTRACT_FREE = (
    "Supplier may subcontract any of its obligations under this Agreement without the "
    "Customer's prior consent."
)
SUBCONTRACT_CONSENT = (
    "Supplier shall not subcontract any of its obligations under this Agreement without the "
    "Customer's prior written consent."
)
ESCROW = (
    "Supplier shall deposit the source code of the Software with an escrow agent under a "
    "three-party escrow agreement, to be released to the Customer if Supplier becomes insolvent."
)
GOVERNING_LAW = "This Agreement is governed by the laws of England and Wales."


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user_layer=False)


def _review(library: Library, lines: list[str]) -> ReviewResult:
    return review_document(document_from_lines(lines), library)


def _draft(*clauses: tuple[str, str, str]) -> list[str]:
    """A contract of numbered sections: (number, heading, text)."""
    lines = [PREAMBLE]
    for number, heading, text in clauses:
        lines += [f"{number}. {heading}", f"{number}.1 {text}"]
    return lines


def test_unchanged_drafts_have_no_changed_clause(library: Library) -> None:
    lines = _draft(
        ("1", "Subcontracting", SUBCONTRACT_CONSENT), ("2", "Governing law", GOVERNING_LAW)
    )
    comparison = compare_reviews(_review(library, lines), _review(library, lines))
    assert comparison.changed == ()
    assert len(comparison.unchanged) == len(library.entries)


def test_a_removed_risk_and_its_wording_are_reported_with_a_word_diff(library: Library) -> None:
    old = _review(library, _draft(("7", "Subcontracting", SUBCONTRACT_FREE)))
    new = _review(library, _draft(("7", "Subcontracting", SUBCONTRACT_CONSENT)))
    assert any(r.rule_id == "sub_without_consent" for f in old.findings for r in f.risks)
    comparison = compare_reviews(old, new)
    (row,) = [r for r in comparison.rows if r.clause_id == "subcontracting"]
    assert Change.RISK_REMOVED in row.changes
    assert Change.WORDING_CHANGED in row.changes
    assert row.risks_removed == ("sub_without_consent",)
    assert row.old is not None
    assert row.new is not None
    assert (row.old.clause_number, row.new.clause_number) == ("7.1", "7.1")
    assert diff_text(row.diff) == (
        "Supplier [-may-] {+shall not+} subcontract any of its obligations under this Agreement "
        "without the Customer's prior {+written+} consent."
    )


def test_gap_closed_and_opened_lead_with_the_opened_one(library: Library) -> None:
    old = _review(library, _draft(("1", "Source code escrow", ESCROW)))
    new = _review(library, _draft(("1", "Subcontracting", SUBCONTRACT_CONSENT)))
    statuses = {f.clause_id: f.status for f in old.findings}
    assert statuses["source_code_escrow"] is Status.PRESENT
    comparison = compare_reviews(old, new)
    by_id = {r.clause_id: r for r in comparison.rows}
    assert by_id["source_code_escrow"].changes[0] is Change.GAP_OPENED
    assert by_id["subcontracting"].changes[0] is Change.GAP_CLOSED
    order = [r.clause_id for r in comparison.rows]
    assert order.index("source_code_escrow") < order.index("subcontracting")
    assert by_id["source_code_escrow"].new is None


def test_a_renumbered_clause_is_moved_not_reworded(library: Library) -> None:
    old = _review(library, _draft(("7", "Subcontracting", SUBCONTRACT_CONSENT)))
    new = _review(
        library,
        _draft(("2", "Governing law", GOVERNING_LAW), ("8", "Subcontracting", SUBCONTRACT_CONSENT)),
    )
    (row,) = [r for r in compare_reviews(old, new).rows if r.clause_id == "subcontracting"]
    assert row.changes == (Change.MOVED,)
    assert row.diff == ()


def test_decisions_carry_over_and_are_marked_for_recheck_where_the_wording_changed(
    library: Library,
) -> None:
    old = _review(
        library,
        _draft(("1", "Subcontracting", SUBCONTRACT_FREE), ("2", "Governing law", GOVERNING_LAW)),
    )
    new = _review(
        library,
        _draft(("1", "Subcontracting", SUBCONTRACT_CONSENT), ("2", "Governing law", GOVERNING_LAW)),
    )
    work = {
        "subcontracting": FindingReview("subcontracting", Decision.RISK_ACCEPTED, "Agreed in call"),
        "governing_law": FindingReview("governing_law", None, "English law is fine"),
    }
    by_id = {r.clause_id: r for r in compare_reviews(old, new, work).rows}
    carried = by_id["subcontracting"].carried
    assert carried is not None
    assert (carried.decision, carried.note, carried.recheck) == (
        Decision.RISK_ACCEPTED,
        "Agreed in call",
        True,
    )
    kept = by_id["governing_law"].carried
    assert kept is not None
    assert not kept.recheck
    assert kept.note == "English law is fine"
    assert by_id["insurance"].carried is None


def test_word_diff_keeps_every_word_of_both_sides() -> None:
    old, new = "a b c d e", "a x c d f g"
    parts = word_diff(old, new)
    assert " ".join(p.text for p in parts if p.kind is not DiffKind.INSERT) == old
    assert " ".join(p.text for p in parts if p.kind is not DiffKind.DELETE) == new
    assert DiffPart(DiffKind.DELETE, "b") in parts


def test_word_diff_of_huge_clauses_falls_back_to_sentences() -> None:
    old = " ".join(f"Sentence {i} says the same thing." for i in range(2000))
    new = old.replace("Sentence 1000 says", "Sentence 1000 now says")
    parts = word_diff(old, new)
    assert [p.text for p in parts if p.kind is DiffKind.INSERT] == [
        "Sentence 1000 now says the same thing."
    ]


def test_the_same_contract_read_from_docx_and_pdf_has_no_wording_change(
    library: Library,
) -> None:
    from_pdf = review(SAMPLES / "sample_msa.pdf", library)  # the reader holds the PDFium lock
    comparison = compare_reviews(review(SAMPLES / "sample_msa.docx", library), from_pdf)
    assert comparison.changed == ()
