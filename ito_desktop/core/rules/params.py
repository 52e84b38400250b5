"""Extract contract parameters (notice days, cap months, breach-notice hours...) from a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ito_desktop.core.ingest.normalize import clean, numbers_as_digits

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(business days?|working days?|calendar days?|days?|weeks?|months?|years?|hours?)"
_DAYS_PER = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_MONTHS_PER = {"hour": 1 / 720, "day": 1 / 30, "week": 7 / 30, "month": 1, "year": 12}


@dataclass(frozen=True, slots=True)
class Extracted:
    """A parameter value and the words it was read from."""

    value: float
    quote: str


def _unit_key(unit: str) -> str:
    unit = unit.lower()
    for key in ("hour", "week", "month", "year"):
        if key in unit:
            return key
    return "day"


def _amount(
    match: re.Match[str], number_group: int, unit_group: int, table: dict[str, float]
) -> float:
    value = float(match.group(number_group))
    unit = _unit_key(match.group(unit_group))
    if table is _DAYS_PER and "business" in match.group(unit_group).lower():
        return value * 7 / 5  # business days to calendar days, for comparisons only
    return value * table[unit]


_NOTICE = re.compile(
    rf"{_NUM}\s*(?:-|\s)?{_UNIT}'?\s*(?:\(\d+\)\s*)?(?:'s)?\s*(?:prior\s+|advance\s+|'\s*)?"
    rf"(?:written\s+|express\s+)?notice",
    re.I,
)
_NOTICE_OF = re.compile(
    rf"notice\s+(?:period\s+)?(?:of\s+)?(?:at\s+least\s+|not\s+less\s+than\s+|no\s+less\s+than\s+)?"
    rf"{_NUM}\s*{_UNIT}",
    re.I,
)
_BEFORE = re.compile(
    rf"(?:at\s+least\s+|not\s+less\s+than\s+|no\s+less\s+than\s+|no\s+later\s+than\s+)?{_NUM}\s*"
    rf"{_UNIT}\s+(?:prior\s+to|before|in\s+advance\s+of)",
    re.I,
)
_WITHIN = re.compile(rf"within\s+{_NUM}\s*{_UNIT}", re.I)
_FOR_PERIOD = re.compile(
    rf"(?:for|of|up\s+to|period\s+of|not\s+less\s+than|at\s+least|a\s+maximum\s+of)\s+"
    rf"(?:a\s+(?:period|term)\s+of\s+)?(?:up\s+to\s+|at\s+least\s+)?{_NUM}\s*{_UNIT}",
    re.I,
)
_NET = re.compile(r"\bnet\s*(\d+)\b", re.I)
_DAYS_AFTER = re.compile(
    rf"{_NUM}\s*{_UNIT}\s+(?:after|of|from|following)\s+(?:the\s+)?(?:receipt|date|invoice|issue)",
    re.I,
)
_CAP_MONTHS = re.compile(
    rf"(?:{_NUM}\s*(?:-|\s)?(months?|years?)|(?:preceding|prior|previous)\s+(year|twelve))",
    re.I,
)
_CAP_MULTIPLE = re.compile(
    rf"(?:{_NUM}\s*(?:x|times)\s+(?:the\s+)?(?:total\s+|annual\s+|aggregate\s+|yearly\s+)?"
    rf"(?:fees|charges|amounts?|contract\s+value|value)|{_NUM}\s*(?:%|percent)\s+(?:\(\d+%\)\s+)?of\s+"
    rf"(?:the\s+)?(?:total\s+|annual\s+)?(?:fees|charges|contract\s+value))",
    re.I,
)
_PERCENT = re.compile(rf"{_NUM}\s*(?:%|percent)", re.I)

_RENEWAL = re.compile(r"renew|non-renewal|extend|extension|expir", re.I)
_INCIDENT = re.compile(
    r"breach|incident|unauthori[sz]ed|compromis|loss of (?:customer )?data", re.I
)
_NOTIFY = re.compile(r"notif|inform|report|notice|alert", re.I)
_EXIT = re.compile(
    r"exit|transition|disengage|wind[- ]down|run[- ]off|termination assistance|migrat|"
    r"continue to (?:provide|perform)|following (?:termination|expiry|expiration)",
    re.I,
)
_PAYMENT = re.compile(r"invoice|payment|payable|pay\b|paid|due", re.I)
_CAP = re.compile(r"liab|aggregate|exceed|cap\b|limited to", re.I)
_FEES = re.compile(r"fees|charges|amounts? paid|amounts? payable|paid or payable", re.I)
_TERM = re.compile(
    r"initial term|term of this|shall (?:commence|continue)|remain in (?:full )?force", re.I
)
_CREDIT = re.compile(r"credit", re.I)


def _notice_days(s: str) -> Extracted | None:
    for pattern in (_NOTICE, _NOTICE_OF):
        match = pattern.search(s)
        if match:
            return Extracted(_amount(match, 1, 2, _DAYS_PER), match.group(0))
    if re.search(r"notice|notif", s, re.I):
        match = _BEFORE.search(s)
        if match:
            return Extracted(_amount(match, 1, 2, _DAYS_PER), match.group(0))
    return None


def _renewal_notice_days(s: str) -> Extracted | None:
    if not _RENEWAL.search(s):
        return None
    match = _BEFORE.search(s) or _NOTICE.search(s) or _NOTICE_OF.search(s)
    if match:
        return Extracted(_amount(match, 1, 2, _DAYS_PER), match.group(0))
    return None


def _breach_notice_hours(s: str) -> Extracted | None:
    if not (_INCIDENT.search(s) and _NOTIFY.search(s)):
        return None
    match = _WITHIN.search(s)
    if match:
        return Extracted(_amount(match, 1, 2, _DAYS_PER) * 24, match.group(0))
    return None


def _exit_assistance_months(s: str) -> Extracted | None:
    if not _EXIT.search(s):
        return None
    match = _FOR_PERIOD.search(s)
    if match:
        return Extracted(_amount(match, 1, 2, _MONTHS_PER), match.group(0))
    return None


def _payment_days(s: str) -> Extracted | None:
    if not _PAYMENT.search(s):
        return None
    match = _NET.search(s)
    if match:
        return Extracted(float(match.group(1)), match.group(0))
    for pattern in (_WITHIN, _DAYS_AFTER):
        match = pattern.search(s)
        if match and _unit_key(match.group(2)) in ("day", "week", "month"):
            return Extracted(_amount(match, 1, 2, _DAYS_PER), match.group(0))
    return None


def _cap_months(s: str) -> Extracted | None:
    if not (_CAP.search(s) and _FEES.search(s)):
        return None
    match = _CAP_MONTHS.search(s)
    if not match:
        return None
    if match.group(3):
        return Extracted(12.0, match.group(0))
    unit = match.group(2).lower()
    value = float(match.group(1)) * (12 if unit.startswith("year") else 1)
    return Extracted(value, match.group(0))


def _cap_multiple(s: str) -> Extracted | None:
    if not _CAP.search(s):
        return None
    match = _CAP_MULTIPLE.search(s)
    if not match:
        return None
    if match.group(1):
        return Extracted(float(match.group(1)), match.group(0))
    return Extracted(float(match.group(2)) / 100.0, match.group(0))


def _term_months(s: str) -> Extracted | None:
    if not _TERM.search(s):
        return None
    match = _FOR_PERIOD.search(s)
    if match and _unit_key(match.group(2)) in ("month", "year"):
        return Extracted(_amount(match, 1, 2, _MONTHS_PER), match.group(0))
    return None


def _credit_cap_percent(s: str) -> Extracted | None:
    if not (_CREDIT.search(s) and re.search(r"exceed|cap|maximum|limited|not more than", s, re.I)):
        return None
    match = _PERCENT.search(s)
    if match:
        return Extracted(float(match.group(1)), match.group(0))
    return None


EXTRACTORS: dict[str, Callable[[str], Extracted | None]] = {
    "notice_days": _notice_days,
    "renewal_notice_days": _renewal_notice_days,
    "breach_notice_hours": _breach_notice_hours,
    "exit_assistance_months": _exit_assistance_months,
    "payment_days": _payment_days,
    "cap_months": _cap_months,
    "cap_multiple": _cap_multiple,
    "term_months": _term_months,
    "credit_cap_percent": _credit_cap_percent,
}


def extract(param: str, sentence: str) -> Extracted | None:
    """Read ``param`` from ``sentence`` (numbers written as words are understood)."""
    return EXTRACTORS[param](numbers_as_digits(clean(sentence)))
