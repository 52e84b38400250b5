"""A finding's status and open risks after the reviewer's decision (GUI and exports)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ito_desktop.core.findings import Finding, RiskFlag
from ito_desktop.core.library.schema import Severity
from ito_desktop.core.session import FindingReview
from ito_desktop.core.status import Decision, decided_status
from ito_desktop.core.status import EffectiveStatus as EffectiveStatus  # re-exported

NOT_APPLICABLE = EffectiveStatus.NOT_APPLICABLE

_CLOSES_RISKS = frozenset({Decision.RISK_ACCEPTED, Decision.NOT_APPLICABLE})

SEVERITY_RANK: dict[Severity, int] = {
    Severity.CHECK: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
}


def effective_status(finding: Finding, item: FindingReview | None) -> EffectiveStatus:
    """The engine's status of ``finding`` unless the reviewer's decision in ``item`` sets
    another (``decided_status``)."""
    decided = decided_status(item.decision) if item is not None else None
    return decided if decided is not None else finding.status.effective


def open_risks(finding: Finding, item: FindingReview | None) -> tuple[RiskFlag, ...]:
    """The risk flags still open: none once the reviewer accepted the risk.

    A clause the reviewer judged not applicable leaves nothing to negotiate, so its flags close
    too; a reviewer's PRESENT or MISSING keeps the engine's flags open until accepted.
    """
    if item is not None and item.decision in _CLOSES_RISKS:
        return ()
    return finding.risks


def accepted_risks(finding: Finding, item: FindingReview | None) -> tuple[RiskFlag, ...]:
    """The risk flags the reviewer accepted ("risk accepted"); empty for any other decision.

    Accepted risks are closed (``open_risks`` drops them) but never forgotten: the list,
    Details and every export say that they were accepted.
    """
    if item is not None and item.decision is Decision.RISK_ACCEPTED:
        return finding.risks
    return ()


def highest_severity(risks: tuple[RiskFlag, ...]) -> Severity | None:
    """The most severe of ``risks``, or None when there are none."""
    if not risks:
        return None
    return max((risk.severity for risk in risks), key=SEVERITY_RANK.__getitem__)


@dataclass(frozen=True, slots=True)
class Counts:
    """Effective counts after the reviewer's decisions: what the app's header, every export and
    the portfolio show (with no decisions, the engine's own tally)."""

    present: int
    weak: int
    missing: int
    not_applicable: int
    risks_high: int
    risks_medium: int
    risks_low: int
    risks_check: int = 0  # flags to check by hand, not risks
    risks_accepted: int = 0  # risk flags the reviewer accepted (not counted as open)

    def of(self, status: EffectiveStatus) -> int:
        """How many findings have ``status`` (the fields are named by the wire strings)."""
        return int(getattr(self, status.value))

    def open_risks(self, severity: Severity) -> int:
        """How many open risk flags have ``severity``."""
        return int(getattr(self, f"risks_{severity.value}"))

    @property
    def risks_open(self) -> int:
        """All open risk flags, those to check by hand included."""
        return sum(self.open_risks(severity) for severity in Severity)


def effective_counts(
    findings: Iterable[Finding], items: Mapping[str, FindingReview] | None = None
) -> Counts:
    """The one place findings are counted: statuses after the decisions in ``items`` (the
    review's items by clause id; None for the engine's own view), open and accepted risks."""
    statuses: list[EffectiveStatus] = []
    severities: list[Severity] = []
    accepted = 0
    for finding in findings:
        item = items.get(finding.clause_id) if items is not None else None
        statuses.append(effective_status(finding, item))
        severities.extend(risk.severity for risk in open_risks(finding, item))
        accepted += len(accepted_risks(finding, item))
    return Counts(
        present=statuses.count(EffectiveStatus.PRESENT),
        weak=statuses.count(EffectiveStatus.WEAK),
        missing=statuses.count(EffectiveStatus.MISSING),
        not_applicable=statuses.count(EffectiveStatus.NOT_APPLICABLE),
        risks_high=severities.count(Severity.HIGH),
        risks_medium=severities.count(Severity.MEDIUM),
        risks_low=severities.count(Severity.LOW),
        risks_check=severities.count(Severity.CHECK),
        risks_accepted=accepted,
    )
