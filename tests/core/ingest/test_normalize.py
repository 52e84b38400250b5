"""Normalisation: quotes, party roles, numbers written as words."""

from __future__ import annotations

import pytest

from ito_desktop.core.ingest.normalize import (
    content_words,
    for_terms,
    numbers_as_digits,
    roles,
    words_to_number,
)


def test_for_terms_keeps_length() -> None:
    text = "The \u201cServices\u201d \u2014 Vendor\u2019s duty"
    assert len(for_terms(text)) == len(text)
    assert for_terms(text) == 'the "services" - vendor\'s duty'


def test_roles_map_to_supplier_and_customer() -> None:
    assert roles("The Service Provider shall notify the Client") == (
        "the supplier shall notify the customer"
    )


def test_content_words_drop_stopwords() -> None:
    assert content_words("The Vendor shall indemnify the Client") == "supplier indemnify customer"


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("thirty", 30), ("one hundred and eighty", 180), ("twenty-four", 24), ("ninety", 90)],
)
def test_words_to_number(phrase: str, value: int) -> None:
    assert words_to_number(phrase) == value


def test_numbers_as_digits() -> None:
    assert numbers_as_digits("thirty (30) days' notice") == "30 days' notice"
    assert numbers_as_digits("within seven days") == "within 7 days"
    assert numbers_as_digits("one hundred and eighty (180) days") == "180 days"
    assert numbers_as_digits("at least 90 (ninety) days") == "at least 90 days"
