"""The eighth held-out set's wrong flags, in our own words (fitted there; see
docs/risk_rules_heldout.md): a supplier's audit of the customer under a name never defined, an
exception that allows more audits, a price-increase cap in the next sentence, a data-return
check on a clause about something else, and exits that do or do not answer automatic renewal."""

from __future__ import annotations

import pytest

from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library, Party
from ito_desktop.core.rules.parties import actor, read_parties
from tests.core.rules.test_heldout_fixes import RENEWAL, _flags

GENERAL_TERMS = [
    "1. General",
    "1.1 These terms apply to the Orbitly Services ordered by the Customer under an Order.",
]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user_layer=False)


def test_an_unnamed_party_allowed_to_audit_is_the_other_side() -> None:
    parties = read_parties('Between Contoso Ltd ("Customer") and the supplier of the services.')
    sentence = (
        "The Customer shall allow Orbitly to perform audits not more than once every calendar "
        "year to check the Customer's use of the Orbitly Services."
    )
    assert actor(parties, sentence, sentence.index("audits")) is Party.SUPPLIER
    own = "The Customer shall allow its auditors to inspect the records once a year."
    assert actor(parties, own, own.index("inspect")) is Party.CUSTOMER
    plain = "The Customer may audit the Supplier not more than once a year."
    assert actor(parties, plain, plain.index("audit")) is Party.CUSTOMER


def test_a_suppliers_licence_audit_limited_to_once_a_year_is_not_flagged(
    library: Library,
) -> None:
    limit = (
        "relating to the Services, no more than once in any calendar year, on ten (10) days' "
        "notice."
    )
    suppliers = [
        *GENERAL_TERMS,
        "4. Audit",
        f"4.4 The Customer shall allow Orbitly to audit the Customer's usage records {limit}",
    ]
    assert _flags(library, suppliers, "aud_once_a_year") == []
    customers = [
        *GENERAL_TERMS,
        "4. Audit",
        f"4.4 The Customer may audit the records of the Supplier {limit}",
    ]
    (flag,) = _flags(library, customers, "aud_once_a_year")
    assert flag.party is Party.CUSTOMER


def test_an_exception_allowing_more_than_one_audit_a_year_is_not_a_limit(
    library: Library,
) -> None:
    lines = [
        *GENERAL_TERMS,
        "4. Audit",
        "4.5 Despite the limit in Section 4.4, the Customer may audit the Supplier more than "
        "once per calendar year where it reasonably suspects a breach.",
    ]
    assert _flags(library, lines, "aud_once_a_year") == []


def test_a_cap_in_the_next_sentence_of_the_clause_answers_a_price_increase(
    library: Library,
) -> None:
    increase = "The Supplier may increase the fees on renewal by giving sixty (60) days' notice."
    capped = [
        *GENERAL_TERMS,
        "4. Fees",
        f"4.3 {increase} No increase shall exceed ten per cent in any year.",
    ]
    assert _flags(library, capped, "chg_unilateral_increase") == []
    bare = [*GENERAL_TERMS, "4. Fees", f"4.3 {increase}"]
    assert len(_flags(library, bare, "chg_unilateral_increase")) == 1


def test_a_clause_about_other_data_is_not_criticised_as_a_return_clause(
    library: Library,
) -> None:
    lines = [
        *GENERAL_TERMS,
        "2. Customer Data",
        "2.3 The Customer warrants that the registration data it gives is accurate and complete, "
        "and shall tell the Supplier of any change within fourteen days.",
    ]
    assert _flags(library, lines, "dr_no_return_or_deletion") == []


def test_a_customer_exit_at_any_time_without_a_period_explains_renewal(
    library: Library,
) -> None:
    lines = [
        *RENEWAL,
        "12. Termination",
        "12.6 The Customer may terminate this Agreement at any time by giving written notice to "
        "the Supplier, effective at the end of the billing period in which notice is given.",
    ]
    (flag,) = _flags(library, lines, "tr_auto_renewal")
    assert "at any time by notice (clause 12.6)" in flag.mitigation


@pytest.mark.parametrize(
    "exit_clause",
    [
        # a right to leave at the end of a term is non-renewal, not an exit
        "12.3 Either party may terminate this Agreement for convenience at the end of any "
        "Subscription Term on thirty (30) days' notice.",
        # an exit only while nothing is ordered
        "12.3 If there are no outstanding Order Forms, either party may terminate this "
        "Agreement on thirty (30) days' written notice.",
        # an exit that costs early-termination fees
        "12.3 The Customer may terminate for convenience on ninety (90) days' notice and payment "
        "of the early termination fees.",
    ],
)
def test_exits_that_do_not_answer_automatic_renewal(library: Library, exit_clause: str) -> None:
    lines = [*RENEWAL, "12. Termination", exit_clause]
    (flag,) = _flags(library, lines, "tr_auto_renewal")
    assert flag.mitigation == ""
