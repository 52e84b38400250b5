"""The one review use case that the GUI, the CLI and the batch runner all call."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ito_desktop.core.effective import effective_counts
from ito_desktop.core.findings import Finding, Status
from ito_desktop.core.ingest.base import Deadline, Limits
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.matching.engine import MatchOptions, match_document
from ito_desktop.core.matching.learned import ModelInfo, TextModel, bundled_model
from ito_desktop.core.model import Document
from ito_desktop.core.progress import CancelToken, ProgressSink, no_progress
from ito_desktop.core.rules.engine import DocumentSentences, drop_repeats, run_rules


@dataclass(frozen=True, slots=True)
class ReviewOptions:
    limits: Limits = field(default_factory=Limits)
    matching: MatchOptions = field(default_factory=MatchOptions)
    # The learned text model (the bundled one by default; None = the library's signals alone).
    text_model: TextModel | None = field(default_factory=bundled_model)


@dataclass(frozen=True, slots=True)
class Summary:
    """The engine's own tally of a review, before any decision: its verdicts (``Status``; no
    finding is not applicable yet) and its risk flags, with the time the review took.

    The ``summary`` of the ``ito-review/1`` JSON. Counted by ``effective_counts`` with no
    decisions; what the app and the exports show after the reviewer's decisions is
    ``effective_counts`` with the review's items, not this.
    """

    present: int
    weak: int
    missing: int
    risks_high: int
    risks_medium: int
    risks_low: int
    seconds: float
    risks_check: int = 0  # flags to check by hand, not counted as risks

    def of(self, status: Status) -> int:
        """How many findings the engine judged ``status``."""
        return int(getattr(self, status.value))


@dataclass(frozen=True, slots=True)
class ReviewResult:
    document: Document
    library: Library
    findings: tuple[Finding, ...]
    summary: Summary
    model: ModelInfo | None = None  # the learned scorer that took part, if any


def review(
    path: Path | str,
    library: Library | None = None,
    options: ReviewOptions | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> ReviewResult:
    """Read ``path``, match it against ``library`` and run the risk rules.

    Raises InputError subclasses (with a sentence for the user) when the file cannot be read,
    LibraryError for a broken library and Cancelled when ``cancel`` is set.
    """
    started = time.perf_counter()
    options = options or ReviewOptions()
    library = library or load_library()
    # The time limit covers the whole review, not the reading alone: matching and the risk
    # rules check it between library entries (a 4.9 MB one-line text once took 45 s there).
    token = cancel or CancelToken()
    deadline = Deadline(token, Path(path), options.limits.max_seconds, doing="review")

    def reading(fraction: float, message: str) -> None:
        progress(0.6 * fraction, message)

    document = read_document(Path(path), options.limits, reading, token)
    if document.ocr is not None:  # bounded by the limit on pages to recognise instead
        deadline.allow(document.ocr.seconds)
    deadline.check()
    return review_document(document, library, options, progress, deadline, started)


def review_document(
    document: Document,
    library: Library,
    options: ReviewOptions | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
    started: float | None = None,
) -> ReviewResult:
    """Match an already-read document (the GUI re-runs this when thresholds change)."""
    started = time.perf_counter() if started is None else started
    options = options or ReviewOptions()
    cancel = cancel or CancelToken()

    def matching(fraction: float, message: str) -> None:
        progress(0.6 + 0.35 * fraction, message)

    matches = match_document(
        document, library, options.matching, matching, cancel, options.text_model
    )
    cancel.check()
    progress(0.96, "Checking risk rules")
    sentences = DocumentSentences(document)
    found: list[Finding] = []
    for m in matches:
        cancel.check()
        found.append(
            Finding(
                clause_id=m.entry.id,
                title=m.entry.title,
                category=m.entry.category,
                category_title=m.entry.category_title,
                importance=m.entry.importance,
                status=m.status,
                score=m.score,
                reasons=m.reasons,
                evidence=m.evidence,
                risks=run_rules(document, m, sentences),
            )
        )
    findings = tuple(found)
    findings = drop_repeats(findings, library)
    progress(1.0, "Done")
    return ReviewResult(
        document=document,
        library=library,
        findings=findings,
        summary=summarise(findings, time.perf_counter() - started),
        model=options.text_model.provenance() if options.text_model is not None else None,
    )


def summarise(findings: tuple[Finding, ...], seconds: float) -> Summary:
    counts = effective_counts(findings)  # the engine's own view: no decisions yet
    return Summary(
        present=counts.present,
        weak=counts.weak,
        missing=counts.missing,
        risks_high=counts.risks_high,
        risks_medium=counts.risks_medium,
        risks_low=counts.risks_low,
        seconds=round(seconds, 3),
        risks_check=counts.risks_check,
    )
