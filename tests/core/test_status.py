"""The status enums: wire strings, labels and the one mapping from decisions to statuses."""

from __future__ import annotations

import pytest

from ito_desktop.core.status import Decision, EffectiveStatus, Status, decided_status


def test_wire_strings_are_the_documented_words() -> None:
    # Review files, JSON and CSV exports carry these values: they must never change.
    assert [s.value for s in EffectiveStatus] == ["present", "weak", "missing", "not_applicable"]
    assert [s.value for s in Status] == ["present", "weak", "missing"]
    assert [d.value for d in Decision] == [
        "present",
        "missing",
        "not_applicable",
        "risk_accepted",
    ]


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (EffectiveStatus.PRESENT, "Present"),
        (EffectiveStatus.WEAK, "Weak"),
        (EffectiveStatus.MISSING, "Missing"),
        (EffectiveStatus.NOT_APPLICABLE, "Not applicable"),
    ],
)
def test_effective_status_labels(status: EffectiveStatus, label: str) -> None:
    assert status.label == label


@pytest.mark.parametrize("status", list(Status))
def test_engine_status_is_an_effective_status_with_the_same_label(status: Status) -> None:
    assert status.effective is EffectiveStatus(status.value)
    assert status.label == status.effective.label


@pytest.mark.parametrize(
    ("decision", "status", "label"),
    [
        (Decision.PRESENT, EffectiveStatus.PRESENT, "Present"),
        (Decision.MISSING, EffectiveStatus.MISSING, "Missing"),
        (Decision.NOT_APPLICABLE, EffectiveStatus.NOT_APPLICABLE, "Not applicable"),
        (Decision.RISK_ACCEPTED, None, "Risk accepted"),
    ],
)
def test_decided_status_and_decision_labels(
    decision: Decision, status: EffectiveStatus | None, label: str
) -> None:
    assert decided_status(decision) is status
    assert decision.label == label


def test_no_decision_sets_no_status() -> None:
    assert decided_status(None) is None


def test_statuses_compare_with_their_words() -> None:
    # A str: Qt signals and dictionaries keyed by the words still find them.
    assert EffectiveStatus.NOT_APPLICABLE == "not_applicable"
    assert f"{Status.WEAK}" == "weak"
