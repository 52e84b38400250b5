"""Extract contract parameters (notice days, cap months, breach-notice hours...) from a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ito_desktop.core.ingest.normalize import clean, numbers_as_digits

# At most six digits, not preceded by another digit: contract periods and sums of days never
# need more, and a 400-digit number would otherwise become float("inf").
_NUM = r"(?<!\d)(\d{1,6}(?:\.\d+)?)"
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
    if re.match(r"business|working", match.group(unit_group), re.I):
        value *= 7 / 5  # business days to calendar days, for comparisons only
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
_NET = re.compile(r"\bnet\s*(\d{1,4})\b", re.I)
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

# Renewal notice means notice that stops an automatic renewal: a term that goes on unless
# someone speaks. An option to renew or a promise to negotiate an extension is the opposite.
_AUTO_RENEWAL = re.compile(
    r"automatic|auto-?renew|non-?renewal|evergreen|year[- ]to[- ]year|"
    r"successive|(?:renew|extend|continu)\w*[^.]{0,150}\bunless\b|"
    r"\bunless\b[^.]{0,200}\b(?:renew|extend|continu)",
    re.I,
)
_RENEWAL_OPTION = re.compile(
    r"option|negotiat|mutual|may (?:elect|exercise|request)|elects? to (?:renew|extend)|"
    r"wish(?:es)? to (?:renew|extend)|desires? to (?:renew|extend)|proposal|"
    r"may be (?:renewed|extended)|sole discretion|(?<!non-)(?<!non)\brenewal notice",
    re.I,
)
# "Breach" alone is usually a breach of contract; a security incident is named as one.
_INCIDENT = re.compile(
    r"security (?:breach|incident)|breach of (?:security|data|the security|personal data)|"
    r"data breach|\bincident|unauthori[sz]ed (?:access|use|disclosure|acquisition|processing)|"
    r"compromis|loss of (?:customer |personal )?data",
    re.I,
)
_NOT_INCIDENT = re.compile(r"\bcure[ds]?\b|material(?:ly)? breach|infring|misappropriat", re.I)
_NOTIFY = re.compile(r"notif|inform|report|notice|alert", re.I)
_EXIT = re.compile(
    r"exit|transition|disengage|wind[- ]down|run[- ]off|termination assistance|migrat|"
    r"continue to (?:provide|perform)|following (?:termination|expiry|expiration)",
    re.I,
)
_PAYMENT = re.compile(r"invoice|payment|payable|pay\b|paid|due", re.I)
# Days to pay are counted from an invoice: other "within N days" periods in payment clauses
# (cure periods, audit adjustments, deposits, reports) are not payment terms.
_INVOICE_DAYS = re.compile(
    rf"{_NUM}\s*{_UNIT}\s+(?:of|after|from|following|upon)\s+"
    # "within 15 days of the due date of our invoice" is a grace period after payment was due
    r"(?![^.;]{0,40}?\b(?:due|overdue)\b)[^.;]{0,40}?"
    r"\b(?:invoices?|invoicing|bills?)\b",
    re.I,
)
_INVOICE_WITHIN = re.compile(
    rf"\b(?:invoices?|bills?)\b[^.;]{{0,80}}?\b(?:payable|paid|due|pay)\b[^.;]{{0,30}}?"
    rf"within\s+{_NUM}\s*{_UNIT}",
    re.I,
)
_NOT_INVOICE_TERMS = re.compile(r"(?<!un)disput|complain|\bobject|\baudit", re.I)
_CAP = re.compile(r"liab|aggregate|exceed|cap\b|limited to", re.I)
_FEES = re.compile(r"fees|charges|amounts? paid|amounts? payable|paid or payable", re.I)
_TERM = re.compile(
    r"initial term|term of this|shall (?:commence|continue)|remain in (?:full )?force", re.I
)
_CREDIT = re.compile(r"credit", re.I)
_CAP_BEFORE = re.compile(
    r"\b(exceed\w*|cap(ped|s)?|maximum|max\.?|limited|not more than|no more than|up to|"
    r"in no event|aggregate|total)\b[^.;%]*$",
    re.I,
)
_DURATION = re.compile(
    r"\d\)?\s*(consecutive\s+|calendar\s+|business\s+)?(minutes?|hours?|days?|weeks?)\b", re.I
)
_CAP_AFTER = re.compile(r"[^.;]{0,40}\b(cap|maximum|ceiling|limit)\b", re.I)


def _notice_days(s: str) -> Extracted | None:
    for pattern in (_NOTICE, _NOTICE_OF):
        match = pattern.search(s)
        if match:
            return Extracted(_amount(match, 1, 2, _DAYS_PER), match.group(0))
    if re.search(r"notice|notif", s, re.I):
        match = _advance(s)
        if match:
            return Extracted(_amount(match, 1, 2, _DAYS_PER), match.group(0))
    return None


# "records for any period ending not more than 36 months prior to the request" looks back;
# it is not a period of notice given in advance.
_LOOK_BACK = re.compile(r"(?:(?:not|no) more than|ending|preceding|prior)\s*$", re.I)


def _advance(s: str) -> re.Match[str] | None:
    """The first "N days before / prior to ..." that is not a look-back period."""
    for match in _BEFORE.finditer(s):
        if not _LOOK_BACK.search(s[max(0, match.start() - 30) : match.start()]):
            return match
    return None


def _renewal_notice_days(s: str) -> Extracted | None:
    if not _AUTO_RENEWAL.search(s) or _RENEWAL_OPTION.search(s):
        return None
    match = _advance(s) or _NOTICE.search(s) or _NOTICE_OF.search(s)
    if match:
        return Extracted(_amount(match, 1, 2, _DAYS_PER), match.group(0))
    return None


def _breach_notice_hours(s: str) -> Extracted | None:
    if not (_INCIDENT.search(s) and _NOTIFY.search(s)) or _NOT_INCIDENT.search(s):
        return None
    match = _WITHIN.search(s)
    if match:
        return Extracted(_amount(match, 1, 2, _DAYS_PER) * 24, match.group(0))
    return None


# "at least 100 days prior to expiry" is when assistance must be asked for, not how long it runs.
_IN_ADVANCE = re.compile(
    r"\s*(?:prior|before|in advance|'?s?\s*(?:prior |advance |written )*notice)", re.I
)


# "may retrieve its data during a period of 30 days following the transition": a window to
# take the data back, not how long the supplier assists.
_DATA_WINDOW = re.compile(r"\b(?:retriev|eras|download|export)\w*", re.I)
_ASSISTS = re.compile(r"\b(?:assist\w*|services?|support\w*|continu\w*)\b", re.I)
# "an alternative period, which shall not exceed seven (7) months"
_EXCEED_PERIOD = re.compile(rf"\bexceed(?:ing)?\s+{_NUM}\s*{_UNIT}", re.I)


# "will continue to provide support for the incompatible Major Release for three (3) months":
# a software release's support life, not help to leave (unless the sentence is about ending).
_RELEASE = re.compile(
    r"\b(?:major |minor )?releases?\b|\bversions?\b|\bbackwards?[- ]compatib", re.I
)
_ENDING = re.compile(
    r"terminat|expir|exit|transition|disengag|wind[- ]down|run[- ]off|termination assistance", re.I
)


def _exit_assistance_months(s: str) -> Extracted | None:
    """The longest period the sentence gives exit assistance: "a standard period of one (1)
    month ... an alternative period, which shall not exceed seven (7) months" runs 7 (a ceiling
    lengthens a period the sentence states; it is not read alone)."""
    if not _EXIT.search(s) or (_DATA_WINDOW.search(s) and not _ASSISTS.search(s)):
        return None
    if _RELEASE.search(s) and not _ENDING.search(s):
        return None
    stated = [m for m in _FOR_PERIOD.finditer(s) if not _IN_ADVANCE.match(s, m.end())]
    if not stated:
        return None
    longest = max((*stated, *_EXCEED_PERIOD.finditer(s)), key=_months)
    return Extracted(_months(longest), longest.group(0))


def _months(match: re.Match[str]) -> float:
    return _amount(match, 1, 2, _MONTHS_PER)


def _payment_days(s: str) -> Extracted | None:
    if not _PAYMENT.search(s) or _NOT_INVOICE_TERMS.search(s):
        return None
    match = _NET.search(s)
    if match:
        return Extracted(float(match.group(1)), match.group(0))
    for pattern in (_INVOICE_DAYS, _INVOICE_WITHIN):
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
    """The percentage that caps the credits: a cap word shortly before it ("shall not exceed
    10%", "up to a maximum of 15%") or after it ("10% ... as the maximum"). A percentage owed per
    day or per incident is a rate, not a cap ("5% of the monthly fees for any day of downtime";
    "downtime exceeding 60 minutes" earlier in the sentence caps nothing)."""
    if not _CREDIT.search(s):
        return None
    for match in _PERCENT.finditer(s):
        before = s[max(0, match.start() - 80) : match.start()]
        after = s[match.end() : match.end() + 80]
        cap = _CAP_BEFORE.search(before)
        if cap and _DURATION.search(cap.group(0)):
            cap = None  # "downtime exceeding sixty (60) minutes, ... 5%": the cap is on time
        if cap or _CAP_AFTER.match(after):
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
    return EXTRACTORS[param](_with_digits(sentence))


@lru_cache(maxsize=16_384)
def _with_digits(sentence: str) -> str:
    # Risk rules read the same sentences for several parameters and mitigations (a rule that
    # looks for a mitigation anywhere in the contract reads every sentence): convert once.
    return numbers_as_digits(clean(sentence))
