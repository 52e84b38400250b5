"""The ninth held-out set's wrong flags, in our own words (fitted there; see
docs/risk_rules_heldout.md): an exit period read from its shortest option, a data-retrieval
window read as exit assistance, "availability of data" read as a service level, a conditional
exit read as a free one, and an exit at any time missed behind a name with a dot."""

from __future__ import annotations

import pytest

from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.review import review_document
from ito_desktop.core.rules.params import extract
from tests.core.rules.test_heldout_fixes import RENEWAL, _flags
from tests.core.textdoc import document_from_lines


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user_layer=False)


def test_the_exit_period_is_the_longest_the_sentence_allows() -> None:
    sentence = (
        "Where the transition cannot be completed within the standard transitional period of "
        "one (1) month, the Supplier shall propose an alternative transitional period, which "
        "shall not exceed seven (7) months."
    )
    found = extract("exit_assistance_months", sentence)
    assert found is not None
    assert found.value == 7


def test_a_window_to_retrieve_data_is_not_exit_assistance() -> None:
    sentence = (
        "The Client may retrieve or request erasure of its data during a period of thirty (30) "
        "days following the end of the transitional period."
    )
    assert extract("exit_assistance_months", sentence) is None
    assisted = (
        "The Supplier shall continue the services and assist the migration for a period of "
        "thirty (30) days following the end of the transitional period."
    )
    found = extract("exit_assistance_months", assisted)
    assert found is not None
    assert found.value == 1


def test_efforts_to_keep_data_available_are_not_a_service_level(library: Library) -> None:
    lines = [
        "5. Data residency",
        "5.2 The Supplier will use commercially reasonable efforts to maintain the availability "
        "and integrity of Client Data within the selected country.",
    ]
    assert _flags(library, lines, "sl_efforts_only") == []


def test_a_right_to_exit_after_failed_negotiations_does_not_answer_renewal(
    library: Library,
) -> None:
    lines = [
        *RENEWAL,
        "7. Sub-processors",
        "7.3 In case the negotiations do not resolve the objection, either party shall, for a "
        "justified reason and as a final remedy, be entitled to terminate this Agreement on "
        "thirty (30) days' written notice.",
    ]
    (flag,) = _flags(library, lines, "tr_auto_renewal")
    assert flag.mitigation == ""


def test_notice_by_the_customer_at_any_time_answers_renewal(library: Library) -> None:
    lines = [
        'This Agreement is between ERP.net Ltd ("ERP.net") and the customer ("Customer").',
        *RENEWAL,
        "11. Termination for convenience",
        "This Agreement will terminate upon receipt of a written notice by the Customer to "
        "ERP.net that the Customer wishes to terminate the Agreement, at any time and for any "
        "reason.",
    ]
    (flag,) = _flags(library, lines, "tr_auto_renewal")
    assert "at any time by notice" in flag.mitigation


# --- the ninth set's second part (benchmarks/unseen_it9b) ---------------------------------------

PARTIES = 'This Agreement is between Contoso Ltd ("Client") and Northwind IT Ltd ("Provider").'


def test_a_deadline_in_hours_in_brackets_is_a_time_limit(library: Library) -> None:
    head = [PARTIES, "10. Security Incidents"]
    timed = [
        *head,
        "10.2 If Provider becomes aware of a Security Incident, Provider shall notify Client in "
        "writing in no event later than forty-eight (48) hours after becoming aware of it.",
    ]
    assert _flags(library, timed, "sin_no_timeframe") == []
    untimed = [
        *head,
        "10.2 If Provider becomes aware of a Security Incident, Provider shall notify Client in "
        "writing of the Security Incident and its effects on Client Data.",
    ]
    assert len(_flags(library, untimed, "sin_no_timeframe")) == 1


RETURN = [
    PARTIES,
    "2. Termination",
    "2.05 Provider shall return all Client Data in its possession within thirty (30) days of "
    "termination, in a commercially standard format.",
]


def test_deletion_on_termination_in_another_section_answers_return_only(
    library: Library,
) -> None:
    assert len(_flags(library, RETURN, "dr_no_deletion")) == 1
    deleted = [
        *RETURN,
        "10. Data Security",
        "10.05 Provider shall securely delete all Client Data, including backups, within thirty "
        "(30) days after termination and certify the deletion in writing.",
    ]
    assert _flags(library, deleted, "dr_no_deletion") == []


def test_the_customers_duty_to_destroy_licensed_material_does_not_answer_it(
    library: Library,
) -> None:
    lines = [
        *RETURN,
        "12. Licence",
        "12.4 Upon termination of this licence, Client shall cease all use of the Licensed "
        "Software and shall promptly return or destroy all copies of it in its possession.",
    ]
    assert len(_flags(library, lines, "dr_no_deletion")) == 1


def test_a_firm_security_duty_elsewhere_answers_reasonable_efforts(library: Library) -> None:
    efforts = [
        PARTIES,
        "5. Client Responsibilities",
        "5.04 While Provider shall use commercially reasonable efforts to protect Client Data in "
        "its possession, Client is responsible for keeping its own backups.",
    ]
    assert len(_flags(library, efforts, "infosec_reasonable_efforts_only")) == 1
    firm = [
        *efforts,
        "10. Data Security",
        "10.03 Provider shall implement and maintain administrative, physical and technical "
        "safeguards, including encryption and access controls, to protect Client Data.",
    ]
    assert _flags(library, firm, "infosec_reasonable_efforts_only") == []


def test_third_party_products_as_is_are_not_the_services_as_is(library: Library) -> None:
    disclaimer = 'ARE PROVIDED "AS IS" AND PROVIDER DISCLAIMS ALL WARRANTIES, EXPRESS OR IMPLIED.'
    head = [
        PARTIES,
        "3. Warranties",
        "3.1 Provider warrants that it will correct any reported defect in the Deliverables "
        "within the warranty period.",
    ]
    third = [*head, f"3.2 ALL THIRD-PARTY PRODUCTS {disclaimer}"]
    result = review_document(document_from_lines(third), library)
    found = {f.clause_id: f for f in result.findings}["warranties"]
    assert found.status != "missing"
    assert not [r for r in found.risks if r.rule_id == "war_as_is"]
    own = [PARTIES, "3. Warranties", f"3.1 Provider warrants nothing. THE SERVICES {disclaimer}"]
    assert len(_flags(library, own, "war_as_is")) == 1
