"""Risk rules that hold: each false-positive pattern found by the held-out judge, in our words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ito_desktop.core.findings import RiskFlag
from ito_desktop.core.library.loader import bundled_library_dir, load_library
from ito_desktop.core.library.schema import Library, Party, Severity
from ito_desktop.core.review import review_document
from ito_desktop.core.rules.parties import actor, read_parties
from ito_desktop.core.serialize import review_to_dict
from tests.core.textdoc import document_from_lines


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user_layer=False)


def _layer_with_renewal_severity(folder: Path, severity: str) -> Library:
    """The bundled library with the term-and-renewal rules at ``severity`` (a user layer)."""
    folder.mkdir(exist_ok=True)
    raw = yaml.safe_load((bundled_library_dir() / "termination.yaml").read_text())
    entry = next(e for e in raw["entries"] if e["id"] == "term_and_renewal")
    for rule in entry["risk_rules"]:
        rule["severity"] = severity
    (folder / "termination.yaml").write_text(
        yaml.safe_dump({"category": "termination", "title": "Term", "entries": [entry]})
    )
    return load_library([folder], include_user_layer=False)


@pytest.fixture(scope="module")
def medium_renewal(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """tr_auto_renewal at medium, as before it became a "check": to see a mitigation lower it."""
    return _layer_with_renewal_severity(tmp_path_factory.mktemp("layer"), "medium")


def _flags(library: Library, lines: list[str], rule_id: str) -> list[RiskFlag]:
    result = review_document(document_from_lines(lines), library)
    return [r for f in result.findings for r in f.risks if r.rule_id == rule_id]


FORCE_MAJEURE = [
    "8. Force Majeure",
    "Neither party shall be liable for any delay or failure to perform caused by events "
    "beyond its reasonable control, including fire, flood, war or epidemic.",
]


# --- force majeure: only a real force-majeure clause, and the contract's own exit ---------------


def test_beyond_control_in_an_order_cutoff_rule_is_not_a_force_majeure_clause(
    library: Library,
) -> None:
    lines = [
        "4. Force Majeure and Late Orders",
        "If an order sent by the Agent is not received by the Bank before the cut-off time "
        "because of a line fault or any other reason beyond the Agent's reasonable control, "
        "the order shall nonetheless be processed as if received on time, provided the Agent "
        "sends it again by fax before ten o'clock on the next business day.",
    ]
    assert _flags(library, lines, "fm_no_termination_right") == []


def test_force_majeure_named_only_as_a_carve_out_is_not_a_force_majeure_clause(
    library: Library,
) -> None:
    lines = [
        "6. Curtailment",
        "If at any time, for any reason other than force majeure affecting the power line, the "
        "line cannot carry its rated load, the operator may curtail the output of the later "
        "wind farms first and shall give the owners a monthly report of each curtailment.",
    ]
    assert _flags(library, lines, "fm_no_termination_right") == []


def test_plain_customer_termination_on_short_notice_clears_force_majeure(
    library: Library,
) -> None:
    assert len(_flags(library, FORCE_MAJEURE, "fm_no_termination_right")) == 1
    lines = [
        *FORCE_MAJEURE,
        "12. Termination",
        "12.1 The Customer may terminate this Agreement at its option on sixty (60) days' "
        "written notice to the Supplier.",
    ]
    assert _flags(library, lines, "fm_no_termination_right") == []


def test_a_long_customer_notice_or_a_supplier_right_does_not_clear_force_majeure(
    library: Library,
) -> None:
    long_notice = [
        *FORCE_MAJEURE,
        "12. Termination",
        "12.1 The Customer may terminate this Agreement on one hundred eighty (180) days' "
        "written notice to the Supplier.",
    ]
    assert len(_flags(library, long_notice, "fm_no_termination_right")) == 1
    supplier_only = [
        *FORCE_MAJEURE,
        "12. Termination",
        "12.1 The Supplier may terminate this Agreement on thirty (30) days' written notice.",
    ]
    assert len(_flags(library, supplier_only, "fm_no_termination_right")) == 1


def test_termination_for_breach_on_short_notice_does_not_clear_force_majeure(
    library: Library,
) -> None:
    lines = [
        *FORCE_MAJEURE,
        "12. Termination",
        "12.1 The Customer may terminate this Agreement on ten (10) days' written notice if the "
        "Supplier commits a material breach.",
    ]
    assert len(_flags(library, lines, "fm_no_termination_right")) == 1


# --- termination for cause: whose short notice it is --------------------------------------------


def test_customers_own_short_notice_to_end_for_breach_is_not_flagged(library: Library) -> None:
    lines = [
        "10. Termination for Cause",
        "10.1 The Customer may terminate this Agreement on five (5) days' written notice if the "
        "Supplier fails to perform any of its obligations.",
    ]
    assert _flags(library, lines, "tfcause_short_cure") == []


def test_suppliers_short_notice_to_end_for_breach_is_flagged(library: Library) -> None:
    lines = [
        "10. Termination for Cause",
        "10.1 The Supplier may terminate this Agreement on five (5) days' written notice if the "
        "Customer fails to pay any amount when due.",
    ]
    (flag,) = _flags(library, lines, "tfcause_short_cure")
    assert flag.party is Party.SUPPLIER


def test_a_termination_heading_does_not_hide_who_terminates(library: Library) -> None:
    lines = [
        'This Agreement is made between Fabrikam Apps Ltd ("Developer") and Tailspin Media '
        'Inc. ("TMI").',
        "11. Termination",
        "11.2 TERMINATION TMI shall, if the Developer commits any breach of this agreement, be "
        "entitled to terminate it by giving two (2) weeks' notice in writing.",
    ]
    assert _flags(library, lines, "tfcause_short_cure") == []


def test_bare_party_names_take_their_side_from_who_serves_whom() -> None:
    text = (
        'SERVICES AGREEMENT between Dana Levi ("Levi") and Orbital Labs, Inc., a Nevada '
        'corporation (the "Company"). WHEREAS, the Company desires to engage Levi to provide '
        "services to the Company."
    )
    parties = read_parties(text)
    assert dict(parties.defined) == {"Levi": Party.SUPPLIER, "Company": Party.CUSTOMER}


def test_one_party_of_each_side_as_subject_is_either_party() -> None:
    parties = read_parties(
        'Agreement between Wingtip Foods Inc. ("Wingtip") and Jo Park ("Consultant").'
    )
    sentence = (
        "Wingtip, on the one hand, and Consultant, on the other, may terminate this Agreement "
        "by delivering 60 days written notice."
    )
    assert actor(parties, sentence, sentence.index("terminate")) is Party.EITHER


# --- automatic renewal: what is not one, and what lowers it ---------------------------------------


def test_continuance_approved_each_year_by_the_board_is_not_automatic_renewal(
    library: Library,
) -> None:
    lines = [
        "7. Duration",
        "(b) This Agreement shall continue in effect for two years and thereafter shall continue "
        "automatically for successive annual periods, provided that such continuance is "
        "specifically approved at least annually by the Board of Trustees of the Fund.",
    ]
    assert _flags(library, lines, "tr_auto_renewal") == []


RENEWAL = [
    "2. Term",
    "This Agreement renews automatically for successive one-year terms unless either party "
    "gives written notice of non-renewal at least thirty (30) days before the end of the term.",
]


def test_plain_customer_right_to_terminate_on_notice_lowers_renewal_with_a_reason(
    medium_renewal: Library,
) -> None:
    lines = [
        *RENEWAL,
        "6. Termination",
        "6.2 The Customer may terminate any Services Term by delivering sixty (60) days' written "
        "notice to the Supplier.",
    ]
    (flag,) = _flags(medium_renewal, lines, "tr_auto_renewal")
    assert flag.severity is Severity.LOW
    assert "60 days' notice" in flag.mitigation
    assert "clause 6.2" in flag.mitigation


def test_customer_notice_of_its_election_to_terminate_lowers_renewal(
    medium_renewal: Library,
) -> None:
    lines = [
        *RENEWAL,
        "14. Termination",
        "The Supplier will keep providing the Services until the last day of the month after the "
        "month in which the Customer gives the Supplier written notice of its election to "
        "terminate this Agreement.",
    ]
    (flag,) = _flags(medium_renewal, lines, "tr_auto_renewal")
    assert flag.severity is Severity.LOW
    assert "clause 14" in flag.mitigation


def test_two_clauses_stating_one_renewal_are_one_flag(library: Library) -> None:
    lines = [
        "2. Term",
        "2.1 The initial term is five years, automatically renewable thereafter for successive "
        "five-year terms unless either party gives notice before the end of the term.",
        "3. Renewal",
        "3.1 The Term shall automatically renew for successive five-year terms unless either "
        "party gives written notice before the end of the term.",
    ]
    (flag,) = _flags(library, lines, "tr_auto_renewal")
    assert {q.clause_number for q in flag.quotes} == {"2.1", "3.1"}


# --- "check": a rule too often wrong on unseen contracts is shown as a point to check -----------


def test_a_check_rule_is_counted_apart_from_the_risks(tmp_path: Path) -> None:
    library = _layer_with_renewal_severity(tmp_path / "layer", "check")
    lines = [
        *RENEWAL,
        "6. Termination",
        "6.2 The Customer may terminate this Agreement on thirty (30) days' written notice.",
    ]
    result = review_document(document_from_lines(lines), library)
    (flag,) = [r for f in result.findings for r in f.risks if r.rule_id == "tr_auto_renewal"]
    assert flag.severity is Severity.CHECK  # a mitigation never raises a check to "low"
    assert result.summary.risks_check == 1
    assert result.summary.risks_medium == result.summary.risks_low == 0
    assert review_to_dict(result)["summary"]["risks_check"] == 1


# --- the contract's own party names, not role words -------------------------------------------

NAMED = (
    "This Agreement is made between Northwind Hosting Ltd, a company registered in England "
    '("Northwind"), and Contoso Retail Inc., a Delaware corporation ("Customer").'
)


def test_a_supplier_named_by_its_own_name_is_read_as_the_supplier(library: Library) -> None:
    lines = [
        NAMED,
        "12. Termination for Convenience",
        "12.1 Northwind may terminate this Agreement for convenience at any time on thirty "
        "(30) days' written notice.",
    ]
    (flag,) = _flags(library, lines, "tfc_supplier_convenience")
    assert flag.party is Party.SUPPLIER


def test_the_customers_convenience_right_is_not_the_suppliers(library: Library) -> None:
    lines = [
        NAMED,
        "12. Termination for Convenience",
        "12.1 The Customer may terminate this Agreement for convenience at any time on thirty "
        "(30) days' written notice to Northwind.",
    ]
    assert _flags(library, lines, "tfc_supplier_convenience") == []


def test_an_indemnity_naming_the_customer_as_indemnified_is_not_the_customers(
    library: Library,
) -> None:
    lines = [
        NAMED,
        "15. Indemnity",
        "15.1 Northwind shall indemnify and hold harmless the Customer and its Affiliates "
        '("Customer Indemnified Parties") against any loss arising out of the use of the Services.',
    ]
    assert _flags(library, lines, "ind_broad_customer_indemnity") == []


# --- one flag per risk across two findings --------------------------------------------------------


def test_a_supplier_assignment_on_a_merger_is_flagged_once_across_findings(
    library: Library,
) -> None:
    lines = [
        NAMED,
        "20. Assignment",
        "20.1 The Customer shall not assign this Agreement without the prior written consent of "
        "Northwind. However, Northwind may assign this Agreement without the consent of the "
        "Customer upon a merger, change of control or sale of all or substantially all of its "
        "assets.",
    ]
    result = review_document(document_from_lines(lines), library)
    ids = [r.rule_id for f in result.findings for r in f.risks]
    assert "coc_supplier_assign_without_consent" in ids
    assert "asg_supplier_free_assignment" not in ids


# --- found on the fresh set after it was measured (fitted there; see docs) --------------------


def test_a_right_to_terminate_with_cause_does_not_lower_renewal(medium_renewal: Library) -> None:
    lines = [
        *RENEWAL,
        "7. Termination",
        "7.2 This Agreement may be terminated by either party with cause upon thirty (30) days "
        "written notice.",
    ]
    (flag,) = _flags(medium_renewal, lines, "tr_auto_renewal")
    assert flag.severity is Severity.MEDIUM
    assert flag.mitigation == ""


def test_a_right_to_cancel_in_the_force_majeure_clause_is_a_termination_right(
    library: Library,
) -> None:
    lines = [
        *FORCE_MAJEURE,
        "If the force majeure event lasts more than ten weeks, the Customer shall have the right "
        "to cancel the Contract.",
    ]
    assert _flags(library, lines, "fm_no_termination_right") == []
