"""Which findings still need the reviewer: open issues not yet decided, most severe first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ito_desktop.core.effective import SEVERITY_RANK, highest_severity
from ito_desktop.core.findings import Finding, Status
from ito_desktop.core.library.schema import Importance, Severity
from ito_desktop.core.session import FindingReview, ReviewSession

# How much a missing or weak clause weighs, by importance (None: it needs no attention).
_MISSING = {Importance.REQUIRED: Severity.HIGH, Importance.RECOMMENDED: Severity.MEDIUM}
_WEAK = {
    Importance.REQUIRED: Severity.MEDIUM,
    Importance.RECOMMENDED: Severity.LOW,
    Importance.OPTIONAL: Severity.LOW,
}
_IMPORTANCE_RANK = {Importance.REQUIRED: 0, Importance.RECOMMENDED: 1, Importance.OPTIONAL: 2}


@dataclass(frozen=True, slots=True)
class Attention:
    """Why a finding needs the reviewer, and how urgently."""

    severity: Severity
    reasons: tuple[str, ...]  # "Missing required clause", "High risk", "Weak match"

    @property
    def text(self) -> str:
        return "; ".join(self.reasons)


def issue(finding: Finding) -> Attention | None:
    """What the engine found wrong with a clause, before any decision: missing (required or
    recommended), weak, or risky; None when nothing."""
    weights: list[Severity] = []
    reasons: list[str] = []
    if finding.status is Status.MISSING and finding.importance in _MISSING:
        weights.append(_MISSING[finding.importance])
        reasons.append(f"Missing {finding.importance.value} clause")
    elif finding.status is Status.WEAK:
        weights.append(_WEAK[finding.importance])
        reasons.append("Weak match")
    worst = highest_severity(finding.risks)
    if worst is not None:
        weights.append(worst)
        reasons.append(f"{worst.value.capitalize()} risk")
    if not weights:
        return None
    return Attention(max(weights, key=SEVERITY_RANK.__getitem__), tuple(reasons))


def needs_attention(finding: Finding, item: FindingReview | None) -> Attention | None:
    """The finding's issue while the reviewer has neither decided it nor ticked it done.

    Undecided, a finding's status and risks are the engine's, so ``issue`` says it all.
    """
    if item is not None and item.reviewed:
        return None
    return issue(finding)


def attention_key(finding: Finding, attention: Attention | None, position: int) -> tuple[int, ...]:
    """Sorts most severe first, then required before recommended, then library order."""
    rank = SEVERITY_RANK[attention.severity] if attention is not None else 0
    return (-rank, _IMPORTANCE_RANK[finding.importance], position)


def attention_list(findings: Sequence[Finding], session: ReviewSession | None) -> list[Finding]:
    """The findings that need attention, most severe first (``findings`` in library order)."""
    items = session.items if session is not None else {}
    keyed = []
    for position, finding in enumerate(findings):
        attention = needs_attention(finding, items.get(finding.clause_id))
        if attention is not None:
            keyed.append((attention_key(finding, attention, position), finding))
    return [finding for _, finding in sorted(keyed, key=lambda pair: pair[0])]


def reviewed_count(findings: Sequence[Finding], session: ReviewSession | None) -> int:
    """How many findings the reviewer decided or ticked done (what "Reviewed n of N" counts)."""
    if session is None:
        return 0
    return sum(session.is_reviewed(finding.clause_id) for finding in findings)


def step_attention(
    findings: Sequence[Finding], session: ReviewSession | None, current: str | None, delta: int
) -> Finding | None:
    """The finding F8 (``delta`` +1) or Shift+F8 (-1) goes to from ``current``: the next or
    previous one in ``attention_list`` order, wrapping round; None when none needs attention.

    From a finding no longer on the list (just decided, or never on it) it goes on from
    where that finding sorts, so deciding and pressing F8 moves to the one after it.
    """
    queue = attention_list(findings, session)
    if not queue:
        return None
    ids = [f.clause_id for f in queue]
    if current in ids:
        return queue[(ids.index(current) + delta) % len(queue)]
    position = {f.clause_id: i for i, f in enumerate(findings)}
    if current not in position:
        return queue[0] if delta > 0 else queue[-1]
    here = findings[position[current]]
    key = attention_key(here, issue(here), position[current])
    keys = [attention_key(f, issue(f), position[f.clause_id]) for f in queue]
    if delta > 0:
        return next((f for f, k in zip(queue, keys, strict=True) if k > key), queue[0])
    return next((f for f, k in reversed(list(zip(queue, keys, strict=True))) if k < key), queue[-1])
