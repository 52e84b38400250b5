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
from ito_desktop.core.model import Box, Document
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import FindingReview, ReviewSession
from ito_desktop.ui.common.highlight import Highlight, HighlightKind, Mark

_KINDS = {
    EffectiveStatus.PRESENT: HighlightKind.PRESENT,
    EffectiveStatus.WEAK: HighlightKind.WEAK,
}


def finding_highlights(result: ReviewResult, session: ReviewSession) -> list[Highlight]:
    """Evidence of present / weak findings, and the sentences open risk flags fired on.

    Statuses are the effective ones: a clause the reviewer marked missing or not applicable is
    not highlighted, and an accepted risk no longer is.
    """
    highlights: list[Highlight] = []
    for finding in result.findings:
        item = session.items.get(finding.clause_id)
        kind = _KINDS.get(effective_status(finding, item))
        if kind is not None:
            word = kind.value.upper()
            highlights.extend(
                Highlight(e.start, e.end, kind, f"{word} · {finding.title}", finding.clause_id)
                for e in finding.evidence
                if e.end > e.start
            )
        for risk in open_risks(finding, item):
            if risk.start is not None and risk.end is not None and risk.end > risk.start:
                label = f"RISK · {finding.title}"
                highlights.append(
                    Highlight(risk.start, risk.end, HighlightKind.RISK, label, finding.clause_id)
                )
    return sorted(highlights, key=lambda h: (h.start, h.end))


@dataclass(frozen=True, slots=True)
class JumpTarget:
    """Where selecting a finding takes the reviewer: a range of the text and how to label it."""

    start: int
    end: int
    label: str  # for the box on the PDF page: "Title · 12.2"
    kind: str  # Mark.RISK or the finding's effective status (the colour)


def jump_target(finding: Finding, item: FindingReview | None) -> JumpTarget | None:
    """The risky sentence itself for a finding with open risks, else its first evidence.

    A risk often fires on a sentence other than the clause's best evidence (12.2 while the
    evidence is 12.1): the reviewer is taken to the most severe risk's sentence, the first in
    the text among equals. None when the finding has nothing in the contract to point at.
    """
    placed = [
        (-SEVERITY_RANK[risk.severity], risk.start, risk.end, risk.clause_number or "risk")
        for risk in open_risks(finding, item)
        if risk.start is not None and risk.end is not None and risk.end > risk.start
    ]
    if placed:
        _, start, end, where = min(placed)
        return JumpTarget(start, end, f"RISK · {finding.title} · {where}", Mark.RISK)
    if not finding.evidence:
        return None
    evidence = finding.evidence[0]
    where = evidence.clause_number or "evidence"
    return JumpTarget(
        evidence.start, evidence.end, f"{finding.title} · {where}", effective_status(finding, item)
    )


def first_page_boxes(document: Document, start: int, end: int) -> tuple[int | None, list[Box]]:
    """The first page ``text[start:end]`` was printed on, and its line boxes on that page only.

    ``Document.span`` gives the boxes of every page the range crosses without saying which
    page each is on; drawing them all on the first page would mark unrelated lines.
    """
    first = document.block_index_at(start)
    last = document.block_index_at(max(start, end - 1))
    page: int | None = None
    boxes: list[Box] = []
    for block in document.blocks[first : last + 1]:
        for line in block.lines:
            if line.end > start and line.start < end:
                page = line.page if page is None else page
                if line.page == page:
                    boxes.append(line.box)
    return (page if page is not None else document.page_at(start)), boxes
