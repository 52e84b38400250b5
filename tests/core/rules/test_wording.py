"""Extracted values said in words, with what the library asks for."""

from __future__ import annotations

import pytest

from ito_desktop.core.library.schema import ParamCheck
from ito_desktop.core.rules.wording import amount, asks_for, value_sentences


def test_breach_notice_in_words_with_the_librarys_limit() -> None:
    limit = ParamCheck("breach_notice_hours", ">", 72)
    assert value_sentences({"breach_notice_hours": 168}, [limit]) == [
        "Breach notice: 168 hours (7 days); the library asks for 72 hours or less"
    ]


@pytest.mark.parametrize(
    ("op", "asked"),
    [
        (">", "90 days or less"),
        (">=", "less than 90 days"),
        ("<", "90 days or more"),
        ("<=", "more than 90 days"),
    ],
)
def test_the_library_asks_for_the_opposite_of_what_fires(op: str, asked: str) -> None:
    assert asks_for(ParamCheck("notice_days", op, 90)) == asked


def test_amounts_read_as_written() -> None:
    assert amount("cap_months", 24) == "24 months of fees (2 years)"
    assert amount("cap_multiple", 1.5) == "1.5 times the annual fees"
    assert amount("credit_cap_percent", 5) == "5% of the monthly charges"
    assert amount("notice_days", 1) == "1 day"
    assert amount("breach_notice_hours", 36) == "36 hours"


def test_a_value_without_a_limit_still_reads_as_words() -> None:
    assert value_sentences({"payment_days": 15}) == ["Time to pay an invoice: 15 days"]
    assert value_sentences({"new_param": 2}) == ["New param: 2"]
