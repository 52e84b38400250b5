"""Extracted contract values in words: "Breach notice: 168 hours (7 days); the library asks for
72 hours or less", never "breach_notice_hours = 168"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ito_desktop.core.library.schema import ParamCheck


@dataclass(frozen=True, slots=True)
class _Param:
    label: str  # "Breach notice"
    unit: str  # singular: "hour"; "" for a bare number
    plural: str = ""  # when adding "s" is wrong
    after: str = ""  # what the number counts: " of the fees", "% of the monthly charges"


PARAMS: dict[str, _Param] = {
    "notice_days": _Param("Notice period", "day"),
    "cap_months": _Param("Liability cap", "month", after=" of fees"),
    "cap_multiple": _Param("Liability cap", "time", after=" the annual fees"),
    "breach_notice_hours": _Param("Breach notice", "hour"),
    "exit_assistance_months": _Param("Exit assistance", "month"),
    "payment_days": _Param("Time to pay an invoice", "day"),
    "renewal_notice_days": _Param("Notice to stop a renewal", "day"),
    "term_months": _Param("Initial term", "month"),
    "credit_cap_percent": _Param("Service credit cap", "", after="% of the monthly charges"),
}

# A rule fires when its check holds, so the library asks for the opposite.
_ASKS = {
    ">": "{v} or less",
    ">=": "less than {v}",
    "<": "{v} or more",
    "<=": "more than {v}",
    "==": "other than {v}",
    "!=": "exactly {v}",
}


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def amount(param: str, value: float) -> str:
    """ "168 hours (7 days)", "24 months (2 years)", "5% of the monthly charges"."""
    spec = PARAMS.get(param)
    if spec is None:
        return _number(value)
    if not spec.unit:
        return f"{_number(value)}{spec.after}"
    unit = spec.unit if value == 1 else (spec.plural or spec.unit + "s")
    text = f"{_number(value)} {unit}{spec.after}"
    if spec.unit == "hour" and value >= 48 and value % 24 == 0:
        text += f" ({_number(value / 24)} days)"
    elif spec.unit == "month" and value >= 24 and value % 12 == 0:
        text += f" ({_number(value / 12)} years)"
    return text


def asks_for(check: ParamCheck) -> str:
    """What the library asks for where ``check`` fires: "72 hours or less"."""
    spec = PARAMS.get(check.param)
    if spec is None or not spec.unit:
        limit = f"{_number(check.value)}{spec.after if spec else ''}"
    else:
        unit = spec.unit if check.value == 1 else (spec.plural or spec.unit + "s")
        limit = f"{_number(check.value)} {unit}"
    return _ASKS[check.op].format(v=limit)


def value_sentences(values: dict[str, float], limits: Iterable[ParamCheck] = ()) -> list[str]:
    """One sentence per extracted value, with the library's limit when it set one."""
    by_param = {check.param: check for check in limits}
    sentences = []
    for param, value in values.items():
        label = PARAMS[param].label if param in PARAMS else param.replace("_", " ").capitalize()
        sentence = f"{label}: {amount(param, value)}"
        check = by_param.get(param)
        if check is not None:
            sentence += f"; the library asks for {asks_for(check)}"
        sentences.append(sentence)
    return sentences
