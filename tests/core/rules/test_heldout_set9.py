"""The ninth held-out set's wrong flags, in our own words (fitted there; see
docs/risk_rules_heldout.md): an exit period read from its shortest option, a data-retrieval
window read as exit assistance, "availability of data" read as a service level, a conditional
exit read as a free one, and an exit at any time missed behind a name with a dot."""

from __future__ import annotations

import pytest

from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.rules.params import extract
from tests.core.rules.test_heldout_fixes import RENEWAL, _flags


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
