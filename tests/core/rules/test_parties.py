"""The contract's parties: defined names sorted to a side, and who a sentence binds."""

from __future__ import annotations

import pytest

from ito_desktop.core.library.schema import Party
from ito_desktop.core.rules.parties import (
    GENERIC,
    actor,
    compile_template,
    for_contract,
    read_parties,
)


def test_role_words_in_defined_names_place_both_parties() -> None:
    parties = read_parties(
        'This Agreement is between Fabrikam Inc., a Delaware corporation (the "Client"), and '
        'Tailspin Systems LLC (hereinafter referred to as "Service Provider").'
    )
    assert parties.defined == (("Client", Party.CUSTOMER), ("Service Provider", Party.SUPPLIER))


def test_a_bare_name_takes_the_side_the_other_party_does_not() -> None:
    parties = read_parties(
        'International Widgets Corporation ("IWC") and Fabrikam Inc. ("Customer") agree as follows.'
    )
    assert parties.role("IWC") is Party.SUPPLIER
    assert parties.role("Customer") is Party.CUSTOMER


def test_company_defined_as_the_developer_is_the_supplier() -> None:
    parties = read_parties(
        'Fabrikam Inc. (the "Company") shall develop the software for Contoso Ltd (the "Customer").'
    )
    assert parties.role("Company") is Party.SUPPLIER
    assert parties.role("the Company") is Party.SUPPLIER


def test_you_is_the_customer_without_any_definition() -> None:
    parties = read_parties("These terms apply when you order services from us.")
    assert parties.role("you") is Party.CUSTOMER
    assert parties.role("either party") is Party.EITHER


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Supplier shall permit Customer to audit its records.", "audit", Party.CUSTOMER),
        ("Customer shall permit Supplier to audit its records.", "audit", Party.SUPPLIER),
        ("The records may be audited by the Supplier once a year.", "audited", Party.SUPPLIER),
        ("Either party may terminate on notice.", "terminate", Party.EITHER),
        (
            "Customer may, on ten days' notice to Supplier, have an accountant inspect its books.",
            "inspect",
            Party.CUSTOMER,
        ),
        ("Records shall be kept for two years.", "kept", Party.UNKNOWN),
    ],
)
def test_actor_is_the_party_doing_the_thing(sentence: str, word: str, expected: Party) -> None:
    assert actor(GENERIC, sentence, sentence.index(word)) is expected


def test_placeholders_take_the_contracts_own_names() -> None:
    pattern = compile_template(r"{customer}\s+shall not assign")
    assert pattern.search("The Licensee shall not assign")
    assert not pattern.search("Contoso shall not assign")
    parties = read_parties('Tailspin LLC ("Provider") and Contoso Ltd ("Contoso") agree.')
    assert for_contract(pattern, parties).search("Contoso shall not assign")


def test_a_bare_name_that_may_engage_others_is_still_the_other_side_of_customer() -> None:
    text = (
        'This Agreement is entered into by and between NORTHWIND AI INC. ("Northwind"), and the '
        'customer identified in the order ("Customer"). Northwind may engage subcontractors to '
        "perform the Service. Northwind will defend Customer against third-party claims."
    )
    parties = read_parties(text)
    assert dict(parties.defined) == {"Northwind": Party.SUPPLIER, "Customer": Party.CUSTOMER}
    sentence = "Northwind will defend Customer against any claim that the Service infringes."
    assert actor(parties, sentence, sentence.index("defend")) is Party.SUPPLIER


@pytest.mark.parametrize(
    "text",
    [
        'By using the Fabrikam website you (the "Member") agree to these terms.',
        'THESE TERMS OF SERVICE OF FABRIKAM, INC. ("FABRIKAM") BIND YOU ("YOU" OR "CUSTOMER").',
    ],
)
def test_a_name_defined_for_you_is_the_customer(text: str) -> None:
    parties = read_parties(text)
    name = "Member" if "Member" in text else "YOU"
    assert parties.role(name) is Party.CUSTOMER
    if "FABRIKAM" in text:
        assert parties.role("FABRIKAM") is Party.SUPPLIER
    sentence = f"{name} agrees to notify the provider of any breach of security."
    assert actor(parties, sentence, sentence.index("notify")) is Party.CUSTOMER


def test_a_passive_inspection_by_a_party_a_few_words_later_is_that_partys() -> None:
    parties = read_parties('Tailspin LLC ("Provider") and Contoso Ltd ("Customer") agree.')
    sentence = (
        "Provider shall allow its processing records to be inspected, no more than once a "
        "year, by Customer, at Customer's expense."
    )
    assert actor(parties, sentence, sentence.index("inspected")) is Party.CUSTOMER


def test_a_term_defined_after_you_as_an_object_is_not_a_party() -> None:
    parties = read_parties(
        'These terms govern the guides provided to you (the "Documentation") by Fabrikam.'
    )
    assert "Documentation" not in dict(parties.defined)
