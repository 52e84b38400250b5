"""Every reason kind in words: the records the engine builds and today's exact sentences."""

from __future__ import annotations

import pytest

from ito_desktop.core.reason_text import describe, describe_all
from ito_desktop.core.reasons import Reason, ReasonKind

K = ReasonKind
LONG_WORDING = (
    "Supplier shall establish, implement and maintain an information security programme that "
    "meets ISO 27001."
)

# (record, the exact sentence) for every kind, and the edge cases of the wording.
WORDED: list[tuple[Reason, str]] = [
    (
        Reason.of(
            K.LEARNED_MODEL,
            clause_title="Data protection and privacy",
            learnt=110,
            words=("data", "comply", "comply with"),
        ),
        "The learned model reads the quoted sentence as worded like the 110 labelled "
        "\u201cData protection and privacy\u201d passages it learnt from: data, comply, "
        "comply with.",
    ),
    (
        Reason.of(K.LEARNED_MODEL, clause_title="Carbon reporting", learnt=0, words=()),
        "The learned model reads the quoted sentence as worded like the library's model "
        "wordings for \u201cCarbon reporting\u201d.",
    ),
    (
        Reason.of(K.COMPANY_LAYER, layer="company.yaml", learned_score=0.214),
        "Found through the wording in company.yaml (your library layer); the learned model "
        "alone rated the contract at 0.21.",
    ),
    (Reason.of(K.NO_TEXT), "The document has no text to match."),
    (
        Reason.of(K.BELOW_WEAK, weak_threshold=0.425, where="clause 12.3", score=0.3149),
        "No passage reached the threshold for a weak match (0.42); the closest was clause 12.3 "
        "at 0.31.",
    ),
    (
        Reason.of(K.LOOKED_FOR, heading="Insurance", terms=("insurance", "insure*", "policy of")),
        "Looked for a heading like \u201cInsurance\u201d and terms such as insurance, insure*, "
        "policy of.",
    ),
    (
        Reason.of(K.HEADING_MATCH, title="Data protection", heading="Data Protection", score=1.0),
        "Heading \u201cData protection\u201d matches the library heading "
        "\u201cData Protection\u201d (100%).",
    ),
    (
        Reason.of(
            K.KEY_TERMS,
            where="clause 9.1",
            terms=("data protection", "comply"),
            total=3,
            in_one_sentence=False,
        ),
        "Key terms found in clause 9.1: data protection, comply (2 of 3 groups).",
    ),
    (  # a term two groups share is named once and counted for both
        Reason.of(
            K.KEY_TERMS,
            where="clause 7",
            terms=("solicit", "employee", "solicit"),
            total=3,
            in_one_sentence=True,
        ),
        "Key terms found together in one sentence of clause 7: solicit, employee (3 of 3 groups).",
    ),
    (
        Reason.of(K.TERMS_NOT_FOUND, terms=("process*", "controller")),
        "Not found there: process*, controller.",
    ),
    (
        Reason.of(K.ANCHOR_EXCLUDED, term="at any time", excluded_by="breach"),
        "The defining term \u201cat any time\u201d appears only in a sentence that also says "
        "\u201cbreach\u201d, where it does not count, so it can be at most a weak match.",
    ),
    (
        Reason.of(K.NO_ANCHOR, terms=("insurance", "insured", "insurer", "indemnity insurance")),
        "None of the defining terms (insurance, insured, insurer, indemnity insurance) appear, "
        "so it can be at most a weak match.",
    ),
    (
        Reason.of(K.NO_ANCHOR_LEARNED, terms=("governed by", "governing law", "laws of")),
        "None of the library's defining terms (governed by, governing law, laws of) appear "
        "there: the finding rests on the wording as a whole.",
    ),
    (
        Reason.of(K.MODEL_WORDING, similarity=0.66, wording=LONG_WORDING),
        "Wording is 66% similar to the model wording \u201cSupplier shall establish, implement "
        "and maintain an information security programme that\u2026\u201d.",
    ),
    (  # 90 characters exactly: quoted whole
        Reason.of(K.MODEL_WORDING, similarity=0.5, wording="x" * 90),
        f"Wording is 50% similar to the model wording \u201c{'x' * 90}\u201d.",
    ),
    (
        Reason.of(K.DEFINITION),
        "The passage is a definition; a definition alone does not establish the clause.",
    ),
    (
        Reason.of(K.SCORE_PRESENT, score=0.99951, present_threshold=0.55),
        "Score 1.00 reaches the threshold for present (0.55).",
    ),
    (
        Reason.of(K.SCORE_WEAK, score=0.48, weak_threshold=0.425, present_threshold=0.55),
        "Score 0.48 is between the weak (0.42) and present (0.55) thresholds: check the wording.",
    ),
]


@pytest.mark.parametrize(("reason", "sentence"), WORDED, ids=[r.kind.value for r, _ in WORDED])
def test_describe_gives_the_sentence(reason: Reason, sentence: str) -> None:
    assert describe(reason) == sentence


def test_every_kind_has_its_words() -> None:
    assert {reason.kind for reason, _ in WORDED} == set(ReasonKind)


def test_describe_all_keeps_the_order() -> None:
    reasons = [reason for reason, _ in WORDED]
    assert describe_all(reasons) == tuple(sentence for _, sentence in WORDED)


def test_a_reason_is_hashable_data() -> None:
    reason = Reason.of(K.HEADING_MATCH, title="Fees", heading="Charges", score=0.8)
    assert reason == Reason.of(K.HEADING_MATCH, title="Fees", heading="Charges", score=0.8)
    assert hash(reason) == hash(Reason(K.HEADING_MATCH, reason.data))
    assert reason.as_dict() == {"title": "Fees", "heading": "Charges", "score": 0.8}
    assert reason.number("score") == 0.8


def test_a_missing_or_mistyped_value_is_an_error_not_a_wrong_sentence() -> None:
    with pytest.raises(KeyError, match="'where'"):
        describe(Reason.of(K.BELOW_WEAK, weak_threshold=0.4, score=0.1))
    with pytest.raises(TypeError, match="not a number"):
        describe(Reason.of(K.SCORE_PRESENT, score="high", present_threshold=0.55))
