"""Review one labelled contract and record, per clause id, what the review and the baseline said."""

from __future__ import annotations

import time
from dataclasses import dataclass

from benchmarks.keywords import keyword_search
from benchmarks.labels import Case
from benchmarks.locate import Span, TextIndex, locate_passage
from ito_desktop.core.findings import Finding, Status
from ito_desktop.core.library.schema import Library
from ito_desktop.core.review import ReviewOptions, review

_QUOTE_PREVIEW = 240


@dataclass(frozen=True, slots=True)
class Prediction:
    """What one system said about one id: found or not, and its first evidence."""

    found: bool
    status: str  # review: present / weak / missing; keyword: the term found, or "missing"
    score: float = 0.0  # review: the finding's score; keyword: 1.0 when found
    start: int | None = None
    end: int | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """Truth and both predictions for one clause id in one contract."""

    clause_id: str
    truth: bool
    review: Prediction
    keyword: Prediction
    labelled: tuple[Span, ...]  # where the labelled passages are in our Document.text
    passages: int
    unlocated: int  # passages of which no part was found
    partial: int  # passages of which some part was not found
    label_quote: str  # the first labelled passage, shortened, for examples


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything measured on one contract; ``error`` is set when it could not be reviewed."""

    name: str
    path: str
    format: str
    seconds: float
    error: str
    outcomes: tuple[Outcome, ...]


def evaluate_case(
    case: Case, ids: tuple[str, ...], library: Library, options: ReviewOptions | None = None
) -> FileResult:
    """Review ``case.path`` and compare both systems with the labels for ``ids``."""
    started = time.perf_counter()
    try:
        result = review(case.path, library, options)
    except Exception as exc:  # a benchmark reports a broken file and carries on
        return failed(case, time.perf_counter() - started, exc)
    seconds = time.perf_counter() - started
    text = result.document.text
    index = TextIndex.build(text)
    findings = {f.clause_id: f for f in result.findings}
    outcomes = tuple(
        _outcome(case, cid, findings.get(cid), text, index) for cid in ids if cid in case.truth
    )
    return FileResult(
        name=case.name,
        path=str(case.path),
        format=result.document.format,
        seconds=seconds,
        error="",
        outcomes=outcomes,
    )


def failed(case: Case, seconds: float, exc: BaseException) -> FileResult:
    """The result for a contract whose review raised ``exc`` (or ran out of time or memory)."""
    return FileResult(
        name=case.name,
        path=str(case.path),
        format=case.path.suffix.lower().lstrip("."),
        seconds=seconds,
        error=f"{type(exc).__name__}: {exc}",
        outcomes=(),
    )


def _outcome(case: Case, cid: str, finding: Finding | None, text: str, index: TextIndex) -> Outcome:
    spans: list[Span] = []
    unlocated = partial = 0
    passages = case.passages.get(cid, ())
    for pieces in passages:
        located = locate_passage(index, pieces)
        spans.extend(located.spans)
        unlocated += not located.spans
        partial += bool(located.spans) and located.missed > 0
    first = " … ".join(passages[0]) if passages else ""
    return Outcome(
        clause_id=cid,
        truth=case.truth[cid],
        review=_review_prediction(finding),
        keyword=_keyword_prediction(text, cid),
        labelled=tuple(sorted(spans)),
        passages=len(passages),
        unlocated=unlocated,
        partial=partial,
        label_quote=_shorten(first),
    )


def _review_prediction(finding: Finding | None) -> Prediction:
    if finding is None:
        return Prediction(found=False, status="not in library")
    found = finding.status in (Status.PRESENT, Status.WEAK)
    if not finding.evidence:
        return Prediction(found=found, status=str(finding.status), score=finding.score)
    first = finding.evidence[0]
    return Prediction(
        found=found,
        status=str(finding.status),
        score=finding.score,
        start=first.start,
        end=first.end,
        text=_shorten(first.text),
    )


def _keyword_prediction(text: str, cid: str) -> Prediction:
    hit = keyword_search(text, cid)
    if hit is None:
        return Prediction(found=False, status="missing")
    return Prediction(
        found=True,
        status=hit.term.lower(),
        score=1.0,
        start=hit.start,
        end=hit.end,
        text=_shorten(hit.text),
    )


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_PREVIEW else text[: _QUOTE_PREVIEW - 1] + "…"
