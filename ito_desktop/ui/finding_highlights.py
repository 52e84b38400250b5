"""Document highlights computed from a review's findings and the reviewer's decisions."""

from __future__ import annotations

from ito_desktop.core.effective import effective_status, open_risks
from ito_desktop.core.model import Box, Document
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.ui.highlight import Highlight, HighlightKind

_KINDS = {"present": HighlightKind.PRESENT, "weak": HighlightKind.WEAK}


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
