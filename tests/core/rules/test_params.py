"""Parameter extraction from real-looking sentences."""

from __future__ import annotations

import pytest

from ito_desktop.core.library.loader import PARAMETERS
from ito_desktop.core.rules.params import EXTRACTORS, extract


def test_every_library_parameter_has_an_extractor() -> None:
    assert set(EXTRACTORS) == set(PARAMETERS)


@pytest.mark.parametrize(
    ("param", "sentence", "value"),
    [
        ("notice_days", "Supplier may terminate on thirty (30) days' written notice.", 30),
        ("notice_days", "either party may terminate upon 3 months' prior written notice", 90),
        ("notice_days", "by giving a notice period of not less than ninety days", 90),
        (
            "renewal_notice_days",
            "This Agreement renews automatically unless either party gives notice of non-renewal "
            "at least one hundred and eighty (180) days before the end of the then-current term.",
            180,
        ),
        (
            "breach_notice_hours",
            "Supplier shall notify Customer within seven (7) days of becoming aware of a "
            "Security Incident.",
            168,
        ),
        (
            "breach_notice_hours",
            "The Vendor will report any security breach to the Client within 24 hours.",
            24,
        ),
        (
            "exit_assistance_months",
            "Supplier shall provide exit assistance for a period of three (3) months after "
            "termination.",
            3,
        ),
        ("payment_days", "Invoices are payable within fifteen (15) days of the invoice date.", 15),
        ("payment_days", "Payment terms are net 45 from receipt of a valid invoice.", 45),
        (
            "cap_months",
            "Each party's aggregate liability shall not exceed the Charges paid in the three (3) "
            "months preceding the claim.",
            3,
        ),
        (
            "cap_months",
            "Liability is limited to the fees paid by Customer in the twelve-month period before "
            "the event.",
            12,
        ),
        (
            "cap_multiple",
            "The Supplier's total liability shall not exceed two times the annual Charges.",
            2,
        ),
        (
            "credit_cap_percent",
            "Service credits shall not exceed 5% of the monthly Charges.",
            5,
        ),
        ("term_months", "The Initial Term of this Agreement is a period of three (3) years.", 36),
    ],
)
def test_extracts(param: str, sentence: str, value: float) -> None:
    found = extract(param, sentence)
    assert found is not None, sentence
    assert found.value == pytest.approx(value)
    assert found.quote


@pytest.mark.parametrize(
    ("param", "sentence"),
    [
        ("breach_notice_hours", "Invoices are payable within 30 days."),
        ("payment_days", "Supplier shall notify a Security Incident within 48 hours."),
        ("cap_months", "The Agreement continues for 12 months."),
        ("notice_days", "The Supplier shall provide the Services."),
    ],
)
def test_does_not_extract_out_of_context(param: str, sentence: str) -> None:
    assert extract(param, sentence) is None
