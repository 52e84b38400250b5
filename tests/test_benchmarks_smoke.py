"""Smoke test of the benchmark helpers: passage location, keyword baseline and scoring."""

from __future__ import annotations

from benchmarks.evaluate import FileResult, Outcome, Prediction
from benchmarks.keywords import KEYWORDS, keyword_search
from benchmarks.labels import CUAD_IDS, split_half
from benchmarks.locate import TextIndex, locate_passage, overlaps
from benchmarks.scoring import score

TEXT = (
    "1. Definitions\n"
    "In this Agreement the Supplier means Acme Hosting Ltd.\n"
    "14. Governing Law\n"
    "This Agreement is governed by the laws of England and Wales. Each party submits to the "
    "exclusive jurisdiction of the courts of London.\n"
    "15. Insurance\n"
    "The Supplier shall main- tain professional indemnity insurance of not less than GBP 5m."
)


def test_passage_found_despite_whitespace_case_and_punctuation() -> None:
    index = TextIndex.build(TEXT)
    located = locate_passage(index, ("THIS AGREEMENT is governed\n by the laws of England",))
    assert located.missed == 0
    (start, end), *_ = located.spans
    assert TEXT[start:end] == "This Agreement is governed by the laws of England"


def test_passage_with_a_changed_word_is_found_fuzzily() -> None:
    index = TextIndex.build(TEXT)
    located = locate_passage(
        index, ("The Supplier shall maintain professional indemnity insurance of not less than",)
    )
    assert located.spans
    assert "professional indemnity insurance" in TEXT[located.spans[0][0] : located.spans[0][1]]


def test_absent_passage_is_reported_missed() -> None:
    located = locate_passage(TextIndex.build(TEXT), ("The customer may audit the supplier.",))
    assert located.spans == ()
    assert located.missed == 1


def test_keyword_baseline_quotes_the_sentence_around_the_first_hit() -> None:
    hit = keyword_search(TEXT, "governing_law")
    assert hit is not None
    assert hit.text == "14. Governing Law"
    assert keyword_search(TEXT, "source_code_escrow") is None
    assert set(CUAD_IDS) <= set(KEYWORDS)
    assert all(1 <= len(terms) <= 3 for terms in KEYWORDS.values())


def test_scoring_counts_and_evidence_overlap() -> None:
    def outcome(truth: bool, found: bool, start: int) -> Outcome:
        review = Prediction(found=found, status="present", start=start, end=start + 10)
        return Outcome(
            clause_id="insurance",
            truth=truth,
            review=review,
            keyword=Prediction(found=False, status="missing"),
            labelled=((100, 200),) if truth else (),
            passages=int(truth),
            unlocated=0,
            partial=0,
            label_quote="",
        )

    results = [
        FileResult("a", "a.txt", "txt", 0.1, "", (outcome(True, True, 150),)),
        FileResult("b", "b.txt", "txt", 0.1, "", (outcome(True, True, 0),)),
        FileResult("c", "c.txt", "txt", 0.1, "", (outcome(False, True, 0),)),
        FileResult("d", "d.txt", "txt", 0.1, "", (outcome(True, False, 0),)),
    ]
    ours = score(results, ["insurance"], "review").ids["insurance"]
    assert (ours.tp, ours.fp, ours.fn, ours.tn) == (2, 1, 1, 0)
    assert ours.evidence_hit == 0.5
    assert overlaps(195, 205, ((100, 200),))
    assert not overlaps(200, 205, ((100, 200),))


def test_split_is_stable_and_roughly_half() -> None:
    names = [f"contract-{i}" for i in range(200)]
    dev = [n for n in names if split_half(n) == "dev"]
    assert dev == [n for n in names if split_half(n) == "dev"]
    assert 70 < len(dev) < 130
