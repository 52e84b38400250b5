"""Matching on a small contract written for the test: statuses, evidence, reasons, determinism."""

from __future__ import annotations

import pytest

from ito_desktop.core.findings import Status
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.matching.engine import MatchOptions, match_document
from ito_desktop.core.reasons import Reason, ReasonKind
from tests.core.textdoc import document_from_lines

CONTRACT = [
    "SERVICES AGREEMENT",
    "This Agreement is made between Harbour Bank (the Client) and Orbitline Ltd (the Vendor).",
    "1. Governing Law",
    "This Agreement and any dispute arising out of it shall be governed by and construed in "
    "accordance with the laws of the State of New York.",
    "2. Confidentiality",
    "Each party shall keep the other party's Confidential Information confidential and shall not "
    "disclose it to any third party except as permitted by this Agreement. These obligations "
    "survive termination for five years.",
    "3. Assignment",
    "Neither party may assign or transfer this Agreement or any of its rights under it without "
    "the prior written consent of the other party.",
    "4. Fees",
    "The Client shall pay the fees set out in the order form within thirty (30) days of receipt "
    "of a valid invoice.",
    "5. Notices",
    "Notices must be in writing and delivered by hand or by courier.",
]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user_layer=False)


def test_one_match_per_entry_in_library_order(library: Library) -> None:
    doc = document_from_lines(CONTRACT)
    matches = match_document(doc, library)
    assert [m.entry.id for m in matches] == [e.id for e in library.entries]


def test_clear_clauses_are_present_with_evidence(library: Library) -> None:
    doc = document_from_lines(CONTRACT)
    by_id = {m.entry.id: m for m in match_document(doc, library)}
    for clause_id, number in [
        ("governing_law", "1"),
        ("confidentiality", "2"),
        ("assignment", "3"),
        ("charges_and_payment", "4"),
    ]:
        match = by_id[clause_id]
        assert match.status is Status.PRESENT, (clause_id, match.reasons)
        evidence = match.evidence[0]
        assert evidence.clause_number == number
        assert doc.text[evidence.start : evidence.end] == evidence.text
        assert match.reasons


def test_absent_clauses_are_missing_with_a_reason(library: Library) -> None:
    doc = document_from_lines(CONTRACT)
    by_id = {m.entry.id: m for m in match_document(doc, library)}
    for clause_id in ("source_code_escrow", "insurance", "benchmarking", "non_solicitation"):
        match = by_id[clause_id]
        assert match.status is Status.MISSING, (clause_id, match.reasons)
        assert match.evidence == ()
        closest, looked_for = match.reasons
        assert closest.kind is ReasonKind.BELOW_WEAK
        assert closest.number("weak_threshold") == MatchOptions().weak_threshold
        assert closest.number("score") == pytest.approx(match.score, abs=0.0005)
        assert looked_for.kind is ReasonKind.LOOKED_FOR
        assert looked_for.text("heading") == library.entry(clause_id).headings[0]


def test_evidence_is_the_specific_sentence(library: Library) -> None:
    doc = document_from_lines(CONTRACT)
    match = next(m for m in match_document(doc, library) if m.entry.id == "confidentiality")
    assert match.evidence[0].text.startswith("Each party shall keep")
    assert "survive" not in match.evidence[0].text


def test_heading_alone_is_not_present(library: Library) -> None:
    doc = document_from_lines(["1. Insurance", "To be agreed."])
    match = next(m for m in match_document(doc, library) if m.entry.id == "insurance")
    assert match.status is not Status.PRESENT


def test_thresholds_change_status(library: Library) -> None:
    doc = document_from_lines(CONTRACT)
    default = next(m for m in match_document(doc, library) if m.entry.id == "assignment")
    above = default.score + 0.01
    weak_only = MatchOptions(present_threshold=above, weak_threshold=0.0)
    match = next(m for m in match_document(doc, library, weak_only) if m.entry.id == "assignment")
    assert match.status is Status.WEAK
    strict = MatchOptions(present_threshold=above + 0.01, weak_threshold=above)
    match = next(m for m in match_document(doc, library, strict) if m.entry.id == "assignment")
    assert match.status is Status.MISSING


def test_deterministic(library: Library) -> None:
    doc = document_from_lines(CONTRACT)
    first = [(m.status, m.score, m.evidence) for m in match_document(doc, library)]
    second = [(m.status, m.score, m.evidence) for m in match_document(doc, library)]
    assert first == second


def test_only_clauses_inside_definitions_count_as_definitions() -> None:
    from ito_desktop.core.matching.passages import passages_of

    doc = document_from_lines(
        [
            "1. Definitions",
            '1.1 "Services" means the services.',
            "2. Governing Law",
            "2.1 This Agreement is governed by the laws of England.",
        ]
    )
    flags = {doc.text[p.start : p.end][:20]: p.is_definition for p in passages_of(doc)}
    assert flags['"Services" means the']
    assert not flags["This Agreement is go"]


def _non_solicitation(
    lines: list[str], library: Library
) -> tuple[Status, float, tuple[Reason, ...]]:
    match = next(
        m
        for m in match_document(document_from_lines(lines), library)
        if m.entry.id == "non_solicitation"
    )
    return match.status, match.score, match.reasons


def test_terms_in_one_sentence_entries_need_their_terms_together(library: Library) -> None:
    assert library.entry("non_solicitation").terms_in_one_sentence
    apart = [
        "7. Sales",
        "The Reseller shall solicit orders for the Products in the Territory. The Reseller "
        "shall train its employees in the use of the Products during the term.",
    ]
    together = [
        "7. Staff",
        "During the term and for twelve months after it, neither party shall solicit any "
        "employee of the other party without its prior written consent.",
    ]
    apart_status, apart_score, _ = _non_solicitation(apart, library)
    status, score, reasons = _non_solicitation(together, library)
    assert apart_status is Status.MISSING
    assert status is not Status.MISSING
    assert score > apart_score
    key_terms = next(r for r in reasons if r.kind is ReasonKind.KEY_TERMS)
    assert key_terms.flag("in_one_sentence")
    assert key_terms.text("where") == "clause 7"


def _convenience(lines: list[str], library: Library) -> tuple[Status, tuple[Reason, ...]]:
    match = next(
        m
        for m in match_document(document_from_lines(lines), library)
        if m.entry.id == "termination_for_convenience"
    )
    return match.status, match.reasons


def test_a_defining_term_in_a_sentence_about_breach_does_not_count(library: Library) -> None:
    cause = [
        "14. Termination",
        "Either party may terminate this Agreement at any time by written notice if the other "
        "party commits a material breach and fails to remedy it within thirty days.",
    ]
    convenience = [
        "14. Termination",
        "The Customer may terminate this Agreement at any time by giving the Supplier not less "
        "than ninety days' written notice.",
    ]
    assert _convenience(cause, library)[0] is Status.MISSING
    lenient = MatchOptions(weak_threshold=0.3)
    match = next(
        m
        for m in match_document(document_from_lines(cause), library, lenient)
        if m.entry.id == "termination_for_convenience"
    )
    status, reasons = match.status, match.reasons
    assert status is Status.WEAK  # without its defining terms it cannot be present
    excluded = next(r for r in reasons if r.kind is ReasonKind.ANCHOR_EXCLUDED)
    assert excluded.as_dict() == {"term": "at any time", "excluded_by": "breach"}
    assert _convenience(convenience, library)[0] is Status.PRESENT


def test_as_is_in_ordinary_wording_does_not_cancel_a_warranty(library: Library) -> None:
    lines = [
        "9. Warranties",
        "The Supplier warrants that it shall perform the Services in a professional and "
        "workmanlike manner, with such skill and care as is customary in the industry.",
    ]
    match = next(
        m for m in match_document(document_from_lines(lines), library) if m.entry.id == "warranties"
    )
    assert match.status is Status.PRESENT


def test_the_first_evidence_is_the_passage_the_score_describes(library: Library) -> None:
    for match in match_document(document_from_lines(CONTRACT), library):
        if match.evidence:
            assert match.evidence[0].score == match.score


def test_a_list_of_causes_under_at_any_time_is_not_convenience(library: Library) -> None:
    lines = [
        "14. Termination",
        "14.1 Either party may terminate this Agreement at any time by written notice if:",
        "(a) the other party commits a material breach and does not remedy it within 30 days;",
        "(b) the other party becomes insolvent.",
    ]
    status, _ = _convenience(lines, library)
    assert status is not Status.PRESENT
    free = [lines[0], "14.1 The Customer may terminate this Agreement at any time by giving:"]
    free += ["(a) ninety days' written notice; or", "(b) a payment in lieu of notice."]
    assert _convenience(free, library)[0] is Status.PRESENT
