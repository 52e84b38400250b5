"""Printed clause numbers and roman/letter disambiguation."""

from __future__ import annotations

import pytest

from ito_desktop.core.ingest.numbering import parse_number, roman_to_int


@pytest.mark.parametrize(
    ("text", "label", "style"),
    [
        ("12.3 Data protection", "12.3", "dotted2"),
        ("12. Term", "12", "dotted1"),
        ("Section 12.3 Notices", "Section 12.3", "dotted2"),
        ("ARTICLE XII - LIABILITY", "ARTICLE XII", "article"),
        ("Article 4. Fees", "Article 4", "article"),
        ("(a) the Services;", "(a)", "paren-alpha"),
        ("(iv) any breach", "(iv)", "paren-roman"),
        ("(2) each party", "(2)", "paren-digit"),
        ("Schedule 2 Service Levels", "Schedule 2", "schedule"),
        ("EXHIBIT A", "EXHIBIT A", "schedule"),
    ],
)
def test_labels(text: str, label: str, style: str) -> None:
    found = parse_number(text)
    assert found is not None
    assert (found.text, found.style) == (label, style)


@pytest.mark.parametrize(
    "text",
    [
        "30 days after notice",
        "2026 was a year",
        "Services",
        "(the Customer)",
        # cross-references wrapped to the start of a line
        "Schedule B. with a separate fee for each policy",
        "Article 4 of the Supply Agreement applies",
        "Section 12 shall survive termination",
    ],
)
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_a_schedule_to_the_agreement_is_a_schedule() -> None:
    label = parse_number("Schedule 1 to the Master Services Agreement")
    assert label is not None
    assert (label.text, label.style) == ("Schedule 1", "schedule")


def test_i_after_h_is_a_letter() -> None:
    found = parse_number("(i) next item", {"paren-alpha": "h"})
    assert found is not None
    assert found.style == "paren-alpha"


def test_v_after_iv_is_roman() -> None:
    found = parse_number("(v) fifth", {"paren-roman": "iv", "paren-alpha": "b"})
    assert found is not None
    assert found.style == "paren-roman"


def test_roman_values() -> None:
    assert roman_to_int("xiv") == 14
    assert roman_to_int("IV") == 4
    assert roman_to_int("abc") is None
