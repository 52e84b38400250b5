"""Property tests (hypothesis): segmentation, numbering, parameter extraction and matching hold
their promises on any input, not only on the contracts we thought of."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ito_desktop.core.ingest.base import ReadResult, assemble
from ito_desktop.core.ingest.docx_numbering import format_number
from ito_desktop.core.ingest.numbering import parse_number, roman_to_int
from ito_desktop.core.ingest.segment import segment
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.model import Block, BlockKind, Document
from ito_desktop.core.review import review_document
from ito_desktop.core.rules.params import EXTRACTORS, extract

FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that make text look like a contract to the segmenter and the matcher.
LABELS = ["1.", "1.1", "2.3.4", "12)", "(a)", "(b)", "(i)", "(iv)", "(v)", "(h)", "A.", "a)",
          "Article IV", "ARTICLE 5", "Section 3.2", "Clause 7", "§ 4", "Schedule 2",
          "SCHEDULE 1", "Annex A", "Exhibit B", "iv)", "(A)", "(II)", "99.99.99.99"]
WORDS = ["The", "Supplier", "Customer", "shall", "terminate", "notice", "days", "thirty (30)",
         "months", "liability", "cap", "fees", "invoice", "within", "data", "protection",
         "audit", "governed", "laws", "England", "confidential", "GOVERNING LAW", "Term.",
         "hours", "breach", "%", "EUR 1,000,000", "12", "0", "ninety", "first", "-", "—", ":",
         "\u00a0", "\t", "“quoted”", "’s", "\u200b", "ﬁ", "İ", "ß", "数据", "🙂", "\ufeff"]
piece = st.one_of(st.sampled_from(LABELS), st.sampled_from(WORDS),
                  st.text(min_size=1, max_size=12))
contract_text = st.lists(piece, min_size=0, max_size=30).map(" ".join)


@st.composite
def blocks(draw: st.DrawFn) -> list[Block]:
    out = []
    for _ in range(draw(st.integers(0, 25))):
        text = draw(contract_text)
        label = draw(st.sampled_from(["", "", *LABELS]))
        kind = draw(st.sampled_from(list(BlockKind)))
        level = draw(st.integers(0, 9))
        if label and draw(st.booleans()):  # a DOCX paragraph: number known, also in the text
            out.append(Block(f"{label} {text}", kind=kind, number=label, level=level))
        else:
            out.append(Block(f"{label} {text}".strip(), kind=kind, level=level,
                             bold=draw(st.booleans())))
    return out


def _document(read: list[Block]) -> Document:
    return assemble(Path("contract.txt"), "txt", "0" * 64, ReadResult(read))


@FAST
@given(blocks())
def test_segmentation_keeps_clauses_inside_the_text_and_inside_their_parents(
    read: list[Block],
) -> None:
    document = segment(_document(read))
    size = len(document.text)
    by_id = {clause.id: clause for clause in document.clauses}
    assert len(by_id) == len(document.clauses), "clause ids must be unique"
    for clause in document.clauses:
        assert 0 <= clause.start <= clause.body_start <= clause.end <= size
        assert 0 <= clause.first_block <= clause.last_block < max(len(document.blocks), 1)
        if clause.parent is not None:
            parent = by_id[clause.parent]
            assert parent.start <= clause.start
            assert clause.end <= parent.end
            assert parent.level < clause.level
    for clause in document.clauses:  # parent chains end (no loops)
        chain, current = set(), clause
        while current.parent is not None:
            assert current.id not in chain
            chain.add(current.id)
            current = by_id[current.parent]


@FAST
@given(st.text(max_size=60), st.dictionaries(
    st.sampled_from(["paren-alpha", "paren-ALPHA", "paren-roman", "paren-ROMAN", "dotted1"]),
    st.text(max_size=4), max_size=3))
def test_parse_number_consumes_only_the_start_of_the_text(
    text: str, open_labels: dict[str, str]
) -> None:
    found = parse_number(text, open_labels)
    if found is None:
        return
    assert 0 < found.length <= len(text)
    assert found.text
    assert found.text in text[: found.length] or found.style in ("article", "schedule")
    assert found.depth_hint >= 0


@FAST
@given(st.sampled_from(LABELS), contract_text)
def test_a_label_at_the_start_is_found_again(label: str, rest: str) -> None:
    found = parse_number(f"{label} {rest}")
    if found is not None:
        assert found.length <= len(label) + 1 + len(rest)


@FAST
@given(st.text(alphabet="ivxlcdmIVXLCDM", max_size=12))
def test_roman_numerals_are_positive_or_none(text: str) -> None:
    value = roman_to_int(text)
    assert value is None or value > 0


FORMATS = ["decimal", "decimalZero", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman",
           "ordinal", "cardinalText", "ordinalText", "decimalEnclosedParen",
           "decimalEnclosedCircle", "bullet", "none", "custom", "chineseCounting", "hex"]


@FAST
@given(st.integers(-(10**12), 10**12), st.sampled_from(FORMATS),
       st.one_of(st.none(), st.text(max_size=20)))
def test_word_number_formats_stay_short(value: int, fmt: str, custom: str | None) -> None:
    """A numbering part may start a list at any value: the label must stay a label."""
    label = format_number(value, fmt, custom)
    assert len(label) <= 40


@FAST
@given(st.sampled_from(sorted(EXTRACTORS)), contract_text)
def test_parameter_extraction_gives_finite_values(param: str, sentence: str) -> None:
    found = extract(param, sentence)
    if found is not None:
        assert math.isfinite(found.value)
        assert found.value >= 0
        assert found.quote


@FAST
@given(st.sampled_from(["upon {} days' prior written notice", "within {} days of invoice",
                        "on not less than {} days written notice"]),
       st.integers(309, 400))
def test_parameter_extraction_survives_absurd_numbers(template: str, digits: int) -> None:
    sentence = template.format("9" * digits)
    for param in EXTRACTORS:
        found = extract(param, sentence)
        if found is not None:
            assert math.isfinite(found.value)


_LIBRARY: list[Library] = []


def _library() -> Library:
    if not _LIBRARY:
        _LIBRARY.append(load_library(include_user_layer=False))
    return _LIBRARY[0]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(blocks())
def test_matching_quotes_the_document_exactly_and_scores_stay_in_range(
    read: list[Block],
) -> None:
    document = segment(_document(read))
    if not document.text.strip():
        return
    result = review_document(document, _library())
    assert len(result.findings) == len(_library().entries)
    for finding in result.findings:
        assert 0.0 <= finding.score <= 1.0
        for evidence in finding.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(document.text)
            assert document.text[evidence.start : evidence.end] == evidence.text
            assert 0.0 <= evidence.score <= 1.0
        for risk in finding.risks:
            if risk.start is not None and risk.end is not None:
                assert 0 <= risk.start <= risk.end <= len(document.text)
            for value in risk.values.values():
                assert math.isfinite(value)
