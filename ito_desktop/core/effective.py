"""A finding's status and open risks after the reviewer's decision (GUI and exports)."""

from __future__ import annotations

from ito_desktop.core.findings import Finding, RiskFlag
from ito_desktop.core.library.schema import Severity
from ito_desktop.core.session import Decision, FindingReview

NOT_APPLICABLE = "not_applicable"

# A reviewer's decision replaces the engine's status; RISK_ACCEPTED only closes the risks.
_DECIDED_STATUS: dict[Decision, str] = {
    Decision.PRESENT: "present",
    Decision.MISSING: "missing",
    Decision.NOT_APPLICABLE: NOT_APPLICABLE,
}

_CLOSES_RISKS = frozenset({Decision.RISK_ACCEPTED, Decision.NOT_APPLICABLE})

SEVERITY_RANK: dict[Severity, int] = {
    Severity.CHECK: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
}


def effective_status(finding: Finding, item: FindingReview | None) -> str:
    """``present`` | ``weak`` | ``missing`` | ``not_applicable`` once the decision is applied."""
    if item is not None and item.decision is not None:
        decided = _DECIDED_STATUS.get(item.decision)
        if decided is not None:
            return decided
    return finding.status.value


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
