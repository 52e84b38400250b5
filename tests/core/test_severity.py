"""Severity words and order: one place for every view and export."""

from __future__ import annotations

from ito_desktop.core.effective import SEVERITY_RANK
from ito_desktop.core.library.schema import Severity


def test_each_severity_has_the_word_a_reader_sees() -> None:
    assert [s.label for s in Severity] == ["High", "Medium", "Low", "Check"]


def test_a_check_point_is_not_a_risk_and_ranks_lowest() -> None:
    assert [s for s in Severity if not s.is_risk] == [Severity.CHECK]
    assert sorted(Severity, key=SEVERITY_RANK.__getitem__, reverse=True) == list(Severity)
