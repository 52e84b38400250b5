"""Document highlights computed from a review's findings and the reviewer's decisions."""

from __future__ import annotations

from dataclasses import dataclass

from ito_desktop.core.effective import (
    SEVERITY_RANK,
    EffectiveStatus,
    effective_status,
    open_risks,
)
from ito_desktop.core.findings import Finding
from ito_desktop.core.model import Document, SourceSpan
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import FindingReview, ReviewSession
from ito_desktop.ui.common.highlight import Highlight, HighlightKind, Mark

_KINDS = {
    EffectiveStatus.PRESENT: HighlightKind.PRESENT,
    EffectiveStatus.WEAK: HighlightKind.WEAK,
}


def finding_highlights(result: ReviewResult, session: ReviewSession) -> list[Highlight]:
    """Evidence of present / weak findings, and the sentences open risk flags fired on, each
    with its spans (where it was printed) for the page view.

    Statuses are the effective ones: a clause the reviewer marked missing or not applicable is
    not highlighted, and an accepted risk no longer is.
    """
    document = result.document
    highlights: list[Highlight] = []
    for finding in result.findings:
        item = session.items.get(finding.clause_id)
        kind = _KINDS.get(effective_status(finding, item))
        if kind is not None:
            label = f"{kind.value.upper()} · {finding.title}"
            highlights.extend(
                Highlight(e.start, e.end, kind, label, finding.clause_id, e.spans(document))
                for e in finding.evidence
                if e.end > e.start
            )
        for risk in open_risks(finding, item):
            if risk.start is not None and risk.end is not None and risk.end > risk.start:
                highlights.append(
                    Highlight(
                        risk.start,
                        risk.end,
                        HighlightKind.RISK,
                        f"RISK · {finding.title}",
                        finding.clause_id,
                        risk.spans(document),
                    )
                )
    return sorted(highlights, key=lambda h: (h.start, h.end))


@dataclass(frozen=True, slots=True)
class JumpTarget:
    """Where selecting a finding takes the reviewer: a range of the text, where it was printed
    and how to label it."""

    start: int
    end: int
    spans: tuple[SourceSpan, ...]  # one per page, with its boxes (Document.spans)
    label: str  # for the box on the PDF page: "Title · 12.2"
    kind: str  # Mark.RISK or the finding's effective status (the colour)


def jump_target(
    finding: Finding, item: FindingReview | None, document: Document
) -> JumpTarget | None:
    """The risky sentence itself for a finding with open risks, else its first evidence.

    A risk often fires on a sentence other than the clause's best evidence (12.2 while the
    evidence is 12.1): the reviewer is taken to the most severe risk's sentence, the first in
    the text among equals. None when the finding has nothing in the contract to point at.
    """
    risks = open_risks(finding, item)
    placed = [
        (-SEVERITY_RANK[risk.severity], risk.start, risk.end, n)
        for n, risk in enumerate(risks)
        if risk.start is not None and risk.end is not None and risk.end > risk.start
    ]
    if placed:
        _, start, end, n = min(placed)
        risk = risks[n]
        label = f"RISK · {finding.title} · {risk.clause_number or 'risk'}"
        return JumpTarget(start, end, risk.spans(document), label, Mark.RISK)
    if not finding.evidence:
        return None
    evidence = finding.evidence[0]
    label = f"{finding.title} · {evidence.clause_number or 'evidence'}"
    status = effective_status(finding, item)
    return JumpTarget(evidence.start, evidence.end, evidence.spans(document), label, status)
