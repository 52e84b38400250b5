"""Which findings need attention, in what order, and what F8 steps to."""

from __future__ import annotations

from pathlib import Path

import pytest

from ito_desktop.core.attention import (
    attention_list,
    needs_attention,
    reviewed_count,
    step_attention,
)
from ito_desktop.core.findings import Status
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Importance, Severity
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.session import Decision, ReviewSession

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_msa.docx"


@pytest.fixture(scope="module")
def sample_result() -> ReviewResult:
    return review(SAMPLE, load_library(include_user_layer=False))


@pytest.fixture
def session(sample_result: ReviewResult) -> ReviewSession:
    return ReviewSession(Path("c.docx"), sample_result.document.sha256)


def test_missing_weak_and_risky_need_attention_until_decided_or_done(
    sample_result: ReviewResult, session: ReviewSession
) -> None:
    findings = sample_result.findings
    queue = attention_list(findings, session)
    for finding in findings:
        expected = (
            (finding.status is Status.MISSING and finding.importance is not Importance.OPTIONAL)
            or finding.status is Status.WEAK
            or bool(finding.risks)
        )
        assert (finding in queue) == expected, finding.clause_id
    first, second = queue[0], queue[1]
    session.set_decision(first.clause_id, Decision.RISK_ACCEPTED)
    session.set_done(second.clause_id, True)
    assert needs_attention(first, session.items[first.clause_id]) is None
    assert needs_attention(second, session.items[second.clause_id]) is None
    assert attention_list(findings, session) == queue[2:]
    assert reviewed_count(findings, session) == 2


def test_most_severe_first(sample_result: ReviewResult, session: ReviewSession) -> None:
    ranks = {Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}
    queue = attention_list(sample_result.findings, session)
    severities = [ranks[needs_attention(f, None).severity] for f in queue]  # type: ignore[union-attr]
    assert severities == sorted(severities, reverse=True)
    missing_required = [
        f for f in queue if f.status is Status.MISSING and f.importance is Importance.REQUIRED
    ]
    for finding in missing_required:
        assert needs_attention(finding, None).severity is Severity.HIGH  # type: ignore[union-attr]


def test_f8_goes_on_from_a_finding_just_decided(
    sample_result: ReviewResult, session: ReviewSession
) -> None:
    findings = sample_result.findings
    queue = attention_list(findings, session)
    assert step_attention(findings, session, None, +1) == queue[0]
    assert step_attention(findings, session, None, -1) == queue[-1]
    assert step_attention(findings, session, queue[-1].clause_id, +1) == queue[0]
    session.set_decision(queue[1].clause_id, Decision.MISSING)
    assert step_attention(findings, session, queue[1].clause_id, +1) == queue[2]
    assert step_attention(findings, session, queue[1].clause_id, -1) == queue[0]
    for finding in queue:
        session.set_done(finding.clause_id, True)
    assert step_attention(findings, session, None, +1) is None
