"""``--fail-on``: the conditions under which a review command exits 1."""

from __future__ import annotations

from enum import StrEnum

from ito_desktop.core.findings import Status
from ito_desktop.core.library.schema import Importance
from ito_desktop.core.review import ReviewResult


class FailOn(StrEnum):
    """The words ``--fail-on`` accepts (a ``str``, so argparse's value compares equal)."""

    MISSING = "missing"  # a required clause is missing
    HIGH = "high"  # a high-severity risk is found


FAIL_ON = tuple(condition.value for condition in FailOn)
FAIL_ON_HELP = "exit 1 when a required clause is missing / a high-severity risk is found"


def fails(result: ReviewResult, condition: str | None) -> bool:
    if condition == FailOn.MISSING:
        return any(
            f.status is Status.MISSING and f.importance is Importance.REQUIRED
            for f in result.findings
        )
    if condition == FailOn.HIGH:
        return result.summary.risks_high > 0
    return False
