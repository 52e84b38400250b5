"""Segmentation: numbered headings, run-in titles, nesting, schedules, offsets."""

from __future__ import annotations

from tests.core.textdoc import document_from_lines

LINES = [
    "MASTER SERVICES AGREEMENT",
    "This Agreement is made between Northwind and Corvex.",
    "ARTICLE 1",
    "DEFINITIONS",
    '1.1 "Services" means the services described in Schedule 1.',
    "1.2 Interpretation. Headings do not affect meaning.",
    "ARTICLE II",
    "TERM AND TERMINATION",
    "2.1 Term. This Agreement starts on the Effective Date.",
    "2.2 Termination for Convenience. Either party may terminate:",
    "(a) on ninety days' notice;",
    "(b) for cause, including:",
    "(i) insolvency;",
    "(ii) material breach;",
    "(c) at will.",
    "Section 2.3 Effect of Termination.",
    "Accrued rights survive.",
    "SCHEDULE 1",
    "SERVICES DESCRIPTION",
    "1. Application management.",
    "2. Hosting.",
]


def test_numbers_titles_and_parents() -> None:
    doc = document_from_lines(LINES)
    by_id = {c.id: c for c in doc.clauses}
    assert by_id["c-article-1"].title == "DEFINITIONS"
    assert by_id["c-1-2"].title == "Interpretation"
    assert by_id["c-1-2"].parent == "c-article-1"
    assert by_id["c-2-2"].title == "Termination for Convenience"
    assert by_id["c-2-2.a"].parent == "c-2-2"
    assert by_id["c-2-2.b.i"].number == "(i)"
    assert by_id["c-2-2.b.i"].parent == "c-2-2.b"
    # "(c)" continues the lettered list even though "c" could be a roman numeral
    assert by_id["c-2-2.c"].parent == "c-2-2"
    assert by_id["c-section-2-3"].title == "Effect of Termination"


def test_schedule_restarts_numbering_with_distinct_ids() -> None:
    doc = document_from_lines(LINES)
    ids = [c.id for c in doc.clauses]
    assert "c-schedule-1" in ids
    assert "c-schedule-1.1" in ids
    assert "c-schedule-1.2" in ids
    schedule = next(c for c in doc.clauses if c.id == "c-schedule-1")
    assert schedule.title == "SERVICES DESCRIPTION"
    assert schedule.level == 1
    assert len(set(ids)) == len(ids)


def test_offsets_cover_the_clause_text() -> None:
    doc = document_from_lines(LINES)
    clause = next(c for c in doc.clauses if c.id == "c-2-2")
    text = doc.text[clause.start : clause.end]
    assert text.startswith("2.2 Termination for Convenience.")
    assert text.endswith("(c) at will.")
    assert doc.text[clause.body_start :].startswith("Either party may terminate")
    # a clause ends before the next sibling starts
    sibling = next(c for c in doc.clauses if c.id == "c-section-2-3")
    assert clause.end < sibling.start


def test_preamble_holds_text_before_the_first_clause() -> None:
    doc = document_from_lines(["Made between A and B on 1 May.", "1. Services", "Text."])
    assert doc.clauses[0].id == "c-preamble"
    assert doc.text[doc.clauses[0].start : doc.clauses[0].end] == "Made between A and B on 1 May."


def test_clause_at_returns_innermost() -> None:
    doc = document_from_lines(LINES)
    offset = doc.text.index("insolvency")
    clause = doc.clause_at(offset)
    assert clause is not None
    assert clause.id == "c-2-2.b.i"


def test_sentences_are_not_titles() -> None:
    doc = document_from_lines(
        ["12. The Supplier shall provide the Services in accordance with good industry practice."]
    )
    clause = doc.clauses[0]
    assert clause.number == "12"
    assert clause.title == ""


def test_ids_are_unique_when_numbering_restarts() -> None:
    # A second "1." would naively become "c-1-2", the id of clause "1.2": parents then loop.
    doc = document_from_lines(["1. First", "Text.", "1. Again", "Text.", "1.2 Sub", "Text."])
    ids = [c.id for c in doc.clauses]
    assert len(ids) == len(set(ids))
    by_id = {c.id: c for c in doc.clauses}
    for clause in doc.clauses:
        seen = set()
        current = clause
        while current.parent is not None:
            assert current.id not in seen
            seen.add(current.id)
            current = by_id[current.parent]


def test_exhibit_label_above_the_agreement_is_not_a_schedule() -> None:
    doc = document_from_lines(["EXHIBIT 10.14", "1. Definitions", "Text.", "2. Services", "Text."])
    by_id = {c.id: c for c in doc.clauses}
    assert by_id["c-1"].level == 1
    assert by_id["c-2"].parent is None


def test_exhibit_label_run_into_the_opening_paragraph_keeps_only_the_label_as_title() -> None:
    opening = (
        "EXHIBIT 7.2 PORTIONS OF THIS EXHIBIT MARKED [***] HAVE BEEN OMITTED AND FILED "
        "SEPARATELY. This Hosting Agreement is made between Northwind Ltd and Corvex plc, "
        "who agree as follows."
    )
    doc = document_from_lines([opening, "1. Definitions", "Text.", "2. Services", "Text."])
    label = doc.clauses[0]
    assert label.title == "EXHIBIT 7.2"
    assert label.parent is None
    assert [c.title for c in doc.clauses[1:]] == ["Definitions", "Services"]


def test_lettered_clauses_cited_without_full_stop_and_wrapped_references_stay_text() -> None:
    doc = document_from_lines(
        [
            "8. INDEMNIFICATION",
            "A. Supplier shall indemnify Customer against third-party claims.",
            "B. Customer shall notify Supplier promptly of any claim, and fees are set out in",
            "Schedule B. with a separate fee for each claim handled.",
            "9. NOTICES",
            "Notices must be in writing.",
        ]
    )
    assert [c.reference for c in doc.clauses if c.reference] == ["8", "8A", "8B", "9"]


def test_the_opening_text_run_into_a_filing_label_stays_reviewable() -> None:
    opening = (
        "EXHIBIT 10.2 This Hosting Agreement is made between Northwind Ltd and Corvex plc. "
        "Corvex shall keep all Customer Data confidential and shall not disclose it to any "
        "third party without Northwind's prior written consent, during the term and after it."
    )
    doc = document_from_lines([opening, "1. Definitions", "Text.", "2. Services", "Text."])
    label = doc.clauses[0]
    assert label.title == "EXHIBIT 10.2"
    from ito_desktop.core.matching.passages import passages_of

    texts = [doc.text[p.start : p.end] for p in passages_of(doc)]
    assert any("shall keep all Customer Data confidential" in text for text in texts)
