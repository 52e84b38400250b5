"""A finding's status: the engine's verdict, the reviewer's decision, the status once decided.

The one module that spells a status. Each enum is a ``str`` whose value is the wire string
written to JSON, CSV and review files ("present", "not_applicable", "risk_accepted"), and each
member has its ``label``, the word a reader sees.
"""

from __future__ import annotations

from enum import StrEnum


class EffectiveStatus(StrEnum):
    """A finding's status once the reviewer's decision is applied: the engine's present, weak
    or missing, or the reviewer's not applicable. What the app's list, header and Details, and
    every export show."""

    PRESENT = "present"
    WEAK = "weak"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        """The word a reader sees: "Present", "Not applicable"."""
        return _LABELS[self]


_LABELS: dict[EffectiveStatus, str] = {
    EffectiveStatus.PRESENT: "Present",
    EffectiveStatus.WEAK: "Weak",
    EffectiveStatus.MISSING: "Missing",
    EffectiveStatus.NOT_APPLICABLE: "Not applicable",
}


class Status(StrEnum):
    """The engine's verdict on one library entry, before any decision (``Finding.status``).

    A subset of ``EffectiveStatus``: only a reviewer judges a clause not applicable.
    """

    PRESENT = EffectiveStatus.PRESENT.value
    WEAK = EffectiveStatus.WEAK.value
    MISSING = EffectiveStatus.MISSING.value

    @property
    def effective(self) -> EffectiveStatus:
        """The same status as an effective one (what it stays when nobody decides)."""
        return EffectiveStatus(self.value)

    @property
    def label(self) -> str:
        return self.effective.label


class Decision(StrEnum):
    """The reviewer's override of the engine's status (saved in the review file).

    Three of them replace the status (``decided_status``); RISK_ACCEPTED keeps it and closes
    the finding's risks instead.
    """

    PRESENT = EffectiveStatus.PRESENT.value
    MISSING = EffectiveStatus.MISSING.value
    NOT_APPLICABLE = EffectiveStatus.NOT_APPLICABLE.value
    RISK_ACCEPTED = "risk_accepted"

    @property
    def label(self) -> str:
        """The word a reader sees: the status it sets ("Not applicable"), or "Risk accepted"."""
        status = decided_status(self)
        return status.label if status is not None else "Risk accepted"


def decided_status(decision: Decision | None) -> EffectiveStatus | None:
    """The status ``decision`` sets, or None when it leaves the engine's status alone (no
    decision, or RISK_ACCEPTED). The one mapping from decisions to statuses."""
    if decision is None or decision is Decision.RISK_ACCEPTED:
        return None
    return EffectiveStatus(decision.value)
