"""Effective status and open risks after the reviewer's decision."""

from __future__ import annotations

import pytest

from ito_desktop.core.effective import (
    Counts,
    EffectiveStatus,
    effective_counts,
    effective_status,
    highest_severity,
    open_risks,
)
from ito_desktop.core.findings import Evidence, Finding, RiskFlag, Status
from ito_desktop.core.library.schema import Importance, Severity
from ito_desktop.core.reasons import Reason, ReasonKind
from ito_desktop.core.session import Decision, FindingReview


def _risk(severity: Severity) -> RiskFlag:
    return RiskFlag(
        rule_id=f"r_{severity.value}",
        severity=severity,
        message="Notice is short.",
        recommendation="Ask for 90 days.",
        text="Supplier may terminate on 30 days' notice.",
        page=None,
        start=10,
        end=52,
        clause_number="17.2",
        values={"notice_days": 30.0},
    )


def _finding(status: Status, risks: tuple[RiskFlag, ...] = ()) -> Finding:
    evidence = (Evidence("c-17-2", "17.2", "", None, 10, 52, "Supplier may terminate.", 0.9),)
    return Finding(
        clause_id="termination_for_convenience",
        title="Termination for convenience",
        category="termination",
        category_title="Term and termination",
        importance=Importance.RECOMMENDED,
        status=status,
        score=0.9 if status is Status.PRESENT else 0.2,
        reasons=(
            Reason.of(
                ReasonKind.HEADING_MATCH,
                title="Termination",
                heading="Termination for Convenience",
                score=0.9,
            ),
        ),
        evidence=evidence if status is not Status.MISSING else (),
        risks=risks,
    )


@pytest.mark.parametrize("status", list(Status))
def test_no_item_or_no_decision_keeps_the_engine_status(status: Status) -> None:
    finding = _finding(status)
    assert effective_status(finding, None) == status.value
    assert effective_status(finding, FindingReview(finding.clause_id, note="read")) == status.value


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (Decision.PRESENT, "present"),
        (Decision.MISSING, "missing"),
        (Decision.NOT_APPLICABLE, "not_applicable"),
    ],
)
@pytest.mark.parametrize("status", list(Status))
def test_decisions_override_the_engine_status(
    status: Status, decision: Decision, expected: str
) -> None:
    item = FindingReview("termination_for_convenience", decision=decision)
    assert effective_status(_finding(status), item) == expected


def test_risk_accepted_keeps_the_status_and_closes_the_risks() -> None:
    finding = _finding(Status.WEAK, (_risk(Severity.HIGH), _risk(Severity.LOW)))
    item = FindingReview(finding.clause_id, decision=Decision.RISK_ACCEPTED)
    assert effective_status(finding, item) == "weak"
    assert open_risks(finding, item) == ()


def test_risks_stay_open_without_acceptance() -> None:
    risks = (_risk(Severity.MEDIUM), _risk(Severity.HIGH))
    finding = _finding(Status.PRESENT, risks)
    assert open_risks(finding, None) == risks
    assert open_risks(finding, FindingReview(finding.clause_id, done=True)) == risks
    assert open_risks(finding, FindingReview(finding.clause_id, decision=Decision.MISSING)) == risks


def test_not_applicable_closes_the_risks() -> None:
    finding = _finding(Status.PRESENT, (_risk(Severity.HIGH),))
    item = FindingReview(finding.clause_id, decision=Decision.NOT_APPLICABLE)
    assert open_risks(finding, item) == ()


def test_highest_severity() -> None:
    assert highest_severity(()) is None
    assert highest_severity((_risk(Severity.LOW), _risk(Severity.HIGH))) is Severity.HIGH
    assert highest_severity((_risk(Severity.LOW), _risk(Severity.MEDIUM))) is Severity.MEDIUM


def _counted(status: Status, clause_id: str, risks: tuple[RiskFlag, ...] = ()) -> Finding:
    finding = _finding(status, risks)
    return Finding(
        clause_id=clause_id,
        title=finding.title,
        category=finding.category,
        category_title=finding.category_title,
        importance=finding.importance,
        status=status,
        score=finding.score,
        reasons=finding.reasons,
        evidence=finding.evidence,
        risks=risks,
    )


def _four_findings() -> list[Finding]:
    return [
        _counted(Status.PRESENT, "a", (_risk(Severity.HIGH), _risk(Severity.CHECK))),
        _counted(Status.WEAK, "b", (_risk(Severity.MEDIUM),)),
        _counted(Status.MISSING, "c"),
        _counted(Status.MISSING, "d", (_risk(Severity.LOW),)),
    ]


def test_effective_counts_without_decisions_is_the_engine_tally() -> None:
    counts = effective_counts(_four_findings())
    assert counts == Counts(
        present=1,
        weak=1,
        missing=2,
        not_applicable=0,
        risks_high=1,
        risks_medium=1,
        risks_low=1,
        risks_check=1,
        risks_accepted=0,
    )
    assert effective_counts(_four_findings(), {}) == counts
    assert [counts.of(s) for s in EffectiveStatus] == [1, 1, 2, 0]
    assert [counts.open_risks(s) for s in Severity] == [1, 1, 1, 1]
    assert counts.risks_open == 4


def test_effective_counts_apply_the_decisions() -> None:
    items = {
        "a": FindingReview("a", decision=Decision.RISK_ACCEPTED),  # stays present, 2 accepted
        "b": FindingReview("b", decision=Decision.NOT_APPLICABLE),  # its risk closes
        "c": FindingReview("c", decision=Decision.PRESENT),
        "d": FindingReview("d", note="seen", done=True),  # no decision: stays missing
        "unknown": FindingReview("unknown", decision=Decision.MISSING),  # not a finding
    }
    counts = effective_counts(_four_findings(), items)
    assert counts == Counts(
        present=2,
        weak=0,
        missing=1,
        not_applicable=1,
        risks_high=0,
        risks_medium=0,
        risks_low=1,
        risks_check=0,
        risks_accepted=2,
    )
    assert counts.of(EffectiveStatus.NOT_APPLICABLE) == 1
    assert counts.risks_open == 1


def test_effective_counts_of_nothing() -> None:
    counts = effective_counts([])
    assert sum(counts.of(s) for s in EffectiveStatus) == 0
    assert counts.risks_open == counts.risks_accepted == 0
