"""The words of every reason: the one place a reason record becomes a sentence.

Details, the JSON object, the exports and the CLI all show ``describe(reason)``; change a
wording here and it changes everywhere (the golden files and tests/core/test_reason_text.py
pin today's words).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ito_desktop.core.reasons import Reason, ReasonKind

_MAX_WORDING_CHARS = 90  # a longer model wording is cut to 87 characters and an ellipsis


def describe(reason: Reason) -> str:
    """The sentence the reviewer reads for ``reason``."""
    return _PHRASES[reason.kind](reason)


def describe_all(reasons: Iterable[Reason]) -> tuple[str, ...]:
    return tuple(describe(reason) for reason in reasons)


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


def _listed(terms: Iterable[str]) -> str:
    return ", ".join(terms)


def _learned_model(r: Reason) -> str:
    title, learnt = _quoted(r.text("clause_title")), r.count("learnt")
    source = (
        f"the {learnt} labelled {title} passages it learnt from"
        if learnt
        else f"the library's model wordings for {title}"
    )
    words = r.terms("words")
    shown = f": {_listed(words)}" if words else ""
    return f"The learned model reads the quoted sentence as worded like {source}{shown}."


def _company_layer(r: Reason) -> str:
    return (
        f"Found through the wording in {r.text('layer')} (your library layer); the "
        f"learned model alone rated the contract at {r.number('learned_score'):.2f}."
    )


def _below_weak(r: Reason) -> str:
    return (
        f"No passage reached the threshold for a weak match ({r.number('weak_threshold'):.2f}); "
        f"the closest was {r.text('where')} at {r.number('score'):.2f}."
    )


def _looked_for(r: Reason) -> str:
    return (
        f"Looked for a heading like {_quoted(r.text('heading'))} "
        f"and terms such as {_listed(r.terms('terms'))}."
    )


def _heading_match(r: Reason) -> str:
    return (
        f"Heading {_quoted(r.text('title'))} matches the library heading "
        f"{_quoted(r.text('heading'))} ({r.number('score'):.0%})."
    )


def _key_terms(r: Reason) -> str:
    together = " together in one sentence of" if r.flag("in_one_sentence") else " in"
    found = r.terms("terms")  # one per group found: a term two groups share counts twice
    return (
        f"Key terms found{together} {r.text('where')}: {_listed(dict.fromkeys(found))} "
        f"({len(found)} of {r.count('total')} groups)."
    )


def _anchor_excluded(r: Reason) -> str:
    return (
        f"The defining term {_quoted(r.text('term'))} appears only in a sentence that also says "
        f"{_quoted(r.text('excluded_by'))}, where it does not count, so it can be at most a weak "
        "match."
    )


def _model_wording(r: Reason) -> str:
    wording = r.text("wording")
    if len(wording) > _MAX_WORDING_CHARS:
        wording = wording[: _MAX_WORDING_CHARS - 3].rstrip() + "\u2026"
    return (
        f"Wording is {r.number('similarity'):.0%} similar to the model wording {_quoted(wording)}."
    )


def _score_weak(r: Reason) -> str:
    return (
        f"Score {r.number('score'):.2f} is between the weak ({r.number('weak_threshold'):.2f}) "
        f"and present ({r.number('present_threshold'):.2f}) thresholds: check the wording."
    )


_PHRASES: dict[ReasonKind, Callable[[Reason], str]] = {
    ReasonKind.LEARNED_MODEL: _learned_model,
    ReasonKind.COMPANY_LAYER: _company_layer,
    ReasonKind.NO_TEXT: lambda r: "The document has no text to match.",
    ReasonKind.BELOW_WEAK: _below_weak,
    ReasonKind.LOOKED_FOR: _looked_for,
    ReasonKind.HEADING_MATCH: _heading_match,
    ReasonKind.KEY_TERMS: _key_terms,
    ReasonKind.TERMS_NOT_FOUND: lambda r: f"Not found there: {_listed(r.terms('terms'))}.",
    ReasonKind.ANCHOR_EXCLUDED: _anchor_excluded,
    ReasonKind.NO_ANCHOR: lambda r: (
        f"None of the defining terms ({_listed(r.terms('terms'))}) "
        "appear, so it can be at most a weak match."
    ),
    ReasonKind.NO_ANCHOR_LEARNED: lambda r: (
        f"None of the library's defining terms ({_listed(r.terms('terms'))}) "
        "appear there: the finding rests on the wording as a whole."
    ),
    ReasonKind.MODEL_WORDING: _model_wording,
    ReasonKind.DEFINITION: lambda r: (
        "The passage is a definition; a definition alone does not establish the clause."
    ),
    ReasonKind.SCORE_PRESENT: lambda r: (
        f"Score {r.number('score'):.2f} reaches the threshold for present "
        f"({r.number('present_threshold'):.2f})."
    ),
    ReasonKind.SCORE_WEAK: _score_weak,
}
