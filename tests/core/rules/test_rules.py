"""Risk rules on matched clauses: parameter checks, wording patterns, required terms."""

from __future__ import annotations

import pytest

from ito_desktop.core.findings import Finding, Status
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library, Severity
from ito_desktop.core.review import review_document
from tests.core.textdoc import document_from_lines

RISKY = [
    "OUTSOURCING AGREEMENT",
    "1. Termination for Convenience",
    "The Supplier may terminate this Agreement for convenience at any time on thirty (30) "
    "days' written notice to the Customer.",
    "2. Limitation of Liability",
    "Each party's total aggregate liability arising out of or in connection with this Agreement "
    "shall not exceed the Charges paid in the three (3) months preceding the claim.",
    "3. Security Incidents",
    "The Supplier shall notify the Customer within seven (7) days of becoming aware of any "
    "Security Incident affecting Customer Data.",
    "4. Subcontracting",
    "The Supplier may subcontract any of its obligations under this Agreement without the "
    "Customer's prior consent.",
    "5. Payment",
    "The Customer shall pay each invoice within fifteen (15) days of the invoice date.",
]


@pytest.fixture(scope="module")
def findings() -> dict[str, Finding]:
    library: Library = load_library(include_user_layer=False)
    result = review_document(document_from_lines(RISKY), library)
    return {f.clause_id: f for f in result.findings}


def _rule_values(finding: Finding) -> dict[str, float]:
    values: dict[str, float] = {}
    for risk in finding.risks:
        values.update(risk.values)
    return values


@pytest.mark.parametrize(
    ("clause_id", "param", "value"),
    [
        ("termination_for_convenience", "notice_days", 30),
        ("limitation_of_liability", "cap_months", 3),
        ("security_incident_notification", "breach_notice_hours", 168),
        ("charges_and_payment", "payment_days", 15),
    ],
)
def test_parameter_checks_fire_with_values(
    findings: dict[str, Finding], clause_id: str, param: str, value: float
) -> None:
    finding = findings[clause_id]
    assert finding.status is not Status.MISSING
    assert _rule_values(finding).get(param) == value, finding.risks
    risk = next(r for r in finding.risks if param in r.values)
    assert risk.text
    assert risk.message
    assert risk.recommendation
    assert risk.start is not None
    assert risk.end is not None


def test_wording_rule_quotes_the_sentence(findings: dict[str, Finding]) -> None:
    finding = findings["subcontracting"]
    flagged = [r for r in finding.risks if "without" in r.text]
    assert flagged, finding.risks
    assert flagged[0].severity in (Severity.HIGH, Severity.MEDIUM)
    assert flagged[0].clause_number == "4"


def test_missing_clauses_carry_no_risks(findings: dict[str, Finding]) -> None:
    for finding in findings.values():
        if finding.status is Status.MISSING:
            assert finding.risks == ()


def test_safe_terms_do_not_fire() -> None:
    library = load_library(include_user_layer=False)
    safe = [
        "1. Payment",
        "The Customer shall pay each undisputed invoice within forty-five (45) days of receipt.",
        "2. Security Incidents",
        "The Supplier shall notify the Customer of any Security Incident without undue delay and "
        "in any event within twenty-four (24) hours of becoming aware of it.",
    ]
    result = review_document(document_from_lines(safe), library)
    by_id = {f.clause_id: f for f in result.findings}
    assert "payment_days" not in _rule_values(by_id["charges_and_payment"])
    assert "breach_notice_hours" not in _rule_values(by_id["security_incident_notification"])
