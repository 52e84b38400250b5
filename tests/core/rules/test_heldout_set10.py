"""The tenth held-out set's wrong flags, in our own words (fitted there; see
docs/risk_rules_heldout.md): the operator of a platform named "the Company" read as no party,
so its indemnity to "you" was read as the customer's, and the customer's responsibility for
its own processing read as the supplier's duties shifted onto it."""

from __future__ import annotations

import pytest

from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library, Party
from ito_desktop.core.rules.parties import read_parties
from tests.core.rules.test_heldout_fixes import _flags

OPERATED = (
    'These are the terms of orbitly.app (the "Platform"), operated by Orbitly Limited '
    '(the "Company"). By using the Platform you accept them.'
)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user_layer=False)


def test_the_operator_of_the_platform_is_the_supplier() -> None:
    parties = read_parties(OPERATED)
    assert parties.role("Company") is Party.SUPPLIER
    assert parties.role("you") is Party.CUSTOMER


def test_the_operators_indemnity_to_you_is_not_the_customers(library: Library) -> None:
    indemnity = (
        "agrees to indemnify you and hold you harmless against any losses arising from a third "
        "party claim in connection with your use of the Platform where it infringes the "
        "intellectual property rights of a third party."
    )
    lines = [OPERATED, "4. Indemnities", f"4.7 The Company {indemnity}"]
    assert _flags(library, lines, "ind_broad_customer_indemnity") == []
    yours = [
        OPERATED,
        "4. Indemnities",
        "4.5 You agree to indemnify the Company and hold it harmless against any losses arising "
        "from a third party claim in connection with your use of the Platform.",
    ]
    assert len(_flags(library, yours, "ind_broad_customer_indemnity")) == 1


def test_sole_responsibility_for_your_own_processing_is_not_shifted(library: Library) -> None:
    head = 'This addendum is between Orbitly Ltd ("Orbitly") and you ("Customer").'
    own = (
        "4.2 You are solely responsible for complying with the data protection laws applicable "
        "to your use of the Services and to your own processing of personal data."
    )
    shifted = (
        "4.2 You are solely responsible for compliance with data protection laws in respect of "
        "all personal data processed through the Services."
    )
    assert (
        _flags(library, [head, "4. Your obligations", own], "dp_customer_solely_responsible") == []
    )
    assert (
        len(
            _flags(
                library, [head, "4. Your obligations", shifted], "dp_customer_solely_responsible"
            )
        )
        == 1
    )
