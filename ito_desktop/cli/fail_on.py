"""``--fail-on``: the conditions under which a review command exits 1."""

from __future__ import annotations

from ito_desktop.core.findings import Status
from ito_desktop.core.review import ReviewResult

FAIL_ON = ("missing", "high")
FAIL_ON_HELP = "exit 1 when a required clause is missing / a high-severity risk is found"


def fails(result: ReviewResult, condition: str | None) -> bool:
    if condition == "missing":
        return any(
            f.status is Status.MISSING and f.importance.value == "required" for f in result.findings
        )
    if condition == "high":
        return result.summary.risks_high > 0
    return False
