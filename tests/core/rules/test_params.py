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
        (
            "credit_cap_percent",
            "The Customer receives a credit of 10% of the monthly fee for each hour of downtime, "
            "up to a maximum of 50% of the monthly fee.",
            50,
        ),
        (
            "credit_cap_percent",
            "Total service credits in any month are limited to ten percent (10%) of the Charges.",
            10,
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
        # a grace period after payment fell due, not the time to pay
        (
            "payment_days",
            "We may discontinue our work if our fees are not paid within 15 days of the due "
            "date of our invoice.",
        ),
        ("cap_months", "The Agreement continues for 12 months."),
        ("notice_days", "The Supplier shall provide the Services."),
        # a credit owed per day of downtime is a rate; "exceeding" caps the downtime, not it
        (
            "credit_cap_percent",
            "If downtime exceeds sixty (60) consecutive minutes, the Customer shall receive a "
            "service credit of five percent (5%) of the monthly fees for each day on which the "
            "Platform is unavailable for thirty (30) minutes or more.",
        ),
    ],
)
def test_does_not_extract_out_of_context(param: str, sentence: str) -> None:
    assert extract(param, sentence) is None


@pytest.mark.parametrize(
    ("param", "sentence", "value"),
    [
        ("payment_days", "Invoices will be settled by the Client within 20 days of receipt.", None),
        ("payment_days", "All invoices shall be paid within twenty (20) days of receipt.", 20),
        (
            "payment_days",
            "Fees are due within ten (10) days after receipt of each of the Vendor's invoices.",
            10,
        ),
        (
            "renewal_notice_days",
            "The term continues from year to year unless either party gives notice to end it at "
            "least six (6) months prior to the anniversary.",
            180,
        ),
        (
            "exit_assistance_months",
            "If the Customer asks at least one hundred (100) days prior to expiry, the Supplier "
            "shall continue to provide the Services for a maximum period of six (6) months.",
            6,
        ),
        (
            "exit_assistance_months",
            "The Provider shall give transition assistance for sixty (60) business days after "
            "the end of the term.",
            2.8,
        ),
    ],
)
def test_extracts_the_period_that_answers_the_question(
    param: str, sentence: str, value: float | None
) -> None:
    found = extract(param, sentence)
    if value is None:
        assert found is None, found
    else:
        assert found is not None, sentence
        assert found.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("param", "sentence"),
    [
        # cure periods, dispute windows and audit adjustments are not days to pay an invoice
        (
            "payment_days",
            "If the Client fails to pay any amount due and does not cure the failure within ten "
            "(10) days after written notice, the Vendor may suspend the Services.",
        ),
        (
            "payment_days",
            "The Client must notify the Vendor of any disputed invoice within ten (10) days of "
            "the invoice date.",
        ),
        (
            "payment_days",
            "Any underpayment revealed by an audit shall be paid within fifteen (15) days of "
            "notice of the underpayment.",
        ),
        # a breach of contract with a cure period is not a security incident
        (
            "breach_notice_hours",
            "Either party may terminate if the other commits a material breach that is not "
            "cured within thirty (30) days after written notice.",
        ),
        # an option to renew is not an automatic renewal
        (
            "renewal_notice_days",
            "The Customer may exercise its option to renew the term by written notice given at "
            "least six (6) months before the expiry date.",
        ),
        (
            "renewal_notice_days",
            "The parties shall negotiate in good faith an extension of the term starting twelve "
            "(12) months prior to its expiry.",
        ),
        # a look-back period is not notice given in advance
        (
            "notice_days",
            "On reasonable prior notice an accountant may inspect the records for any period "
            "ending not more than two (2) years prior to the date of the request.",
        ),
    ],
)
def test_ignores_periods_that_answer_another_question(param: str, sentence: str) -> None:
    assert extract(param, sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The Vendor shall send the Client a renewal notice at least twelve (12) months before the "
        "end of the Initial Term.",
        "The term may be extended for a further year by written notice given by the Client not "
        "less than twelve (12) months before it ends.",
        "A year before the term ends we will tell you of any shortcomings that could lead us not "
        "to renew.",
    ],
)
def test_no_renewal_notice_without_an_automatic_renewal(sentence: str) -> None:
    assert extract("renewal_notice_days", sentence) is None
