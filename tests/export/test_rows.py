"""Issues-list rows: columns, negotiation order, the reviewer's decisions, effective counts."""

from __future__ import annotations

import dataclasses

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.rows import COLUMNS, Group, count_effective, issue_rows, reference
from tests.export.conftest import DELIBERATELY_MISSING, TFC_EVIDENCE, TFC_MESSAGE_START

SEVERITY_RANK = {"High": 0, "Medium": 1, "Low": 2}


def test_columns_are_the_issue_list_columns() -> None:
    assert COLUMNS == (
        "#", "Category", "Clause", "Importance", "Status", "Risk severity", "Contract reference",
        "Contract wording (excerpt)", "Issue / why it matters", "Recommended position",
        "Proposed wording", "Reviewer note", "Supplier response", "Agreed position", "Owner",
    )


def test_one_row_per_finding_in_negotiation_order(
    sample_result: ReviewResult, options: ExportOptions
) -> None:
    rows = issue_rows(sample_result, None, options)
    assert len(rows) == len(sample_result.findings) == 40
    assert [row.number for row in rows] == list(range(1, 41))
    groups = [row.group for row in rows]
    assert groups == sorted(groups)
    missing = [row for row in rows if row.group is Group.MISSING]
    engine_missing = {f.clause_id for f in sample_result.findings if f.status.value == "missing"}
    assert {row.clause_id for row in missing} == engine_missing >= DELIBERATELY_MISSING
    importance = [row.importance.value for row in missing]
    assert importance == sorted(importance, key=["required", "recommended", "optional"].index)
    risky = [row for row in rows if row.group is Group.RISK]
    ranks = [SEVERITY_RANK[row.severity_word] for row in risky]
    assert ranks == sorted(ranks)
    assert ranks[0] == 0
    weak = {f.clause_id for f in sample_result.findings if f.status.value == "weak" and not f.risks}
    assert {row.clause_id for row in rows if row.group is Group.WEAK} == weak
    assert all(len(row.cells()) == len(COLUMNS) for row in rows)


def test_risky_row_content(sample_result: ReviewResult, options: ExportOptions) -> None:
    row = next(r for r in issue_rows(sample_result, None, options)
               if r.clause_id == "termination_for_convenience")
    cells = dict(zip(COLUMNS, row.cells(), strict=True))
    assert cells["Status"] == "Present"
    assert cells["Risk severity"] == "High"
    assert cells["Contract reference"] == "17.2"
    assert str(cells["Contract wording (excerpt)"]).startswith(TFC_EVIDENCE)
    assert str(cells["Issue / why it matters"]).startswith(TFC_MESSAGE_START)
    assert "Why it matters:" in str(cells["Issue / why it matters"])
    assert "12 months' notice" in str(cells["Recommended position"])
    assert cells["Proposed wording"]
    assert cells["Supplier response"] == cells["Agreed position"] == cells["Owner"] == ""


def test_missing_row_has_guidance_but_no_reference(
    sample_result: ReviewResult, options: ExportOptions
) -> None:
    row = next(r for r in issue_rows(sample_result, None, options) if r.clause_id == "insurance")
    assert row.status_word == "Missing"
    assert row.reference == row.wording == ""
    assert row.issues == ("No such clause was found in the contract.",)
    assert row.recommendations
    assert row.proposed


def test_decisions_change_rows_and_counts(
    sample_result: ReviewResult, sample_session: ReviewSession, options: ExportOptions
) -> None:
    rows = {r.clause_id: r for r in issue_rows(sample_result, sample_session, options)}
    assert "insurance" not in rows  # not applicable: left out by default
    assert rows["charges_and_payment"].severity is None  # risk accepted
    assert rows["charges_and_payment"].group is Group.PRESENT
    assert rows["source_code_escrow"].status == "present"
    assert rows["source_code_escrow"].group is Group.PRESENT
    assert rows["termination_for_convenience"].note == "Ask for 12 months' notice."

    kept = issue_rows(sample_result, sample_session,
                      dataclasses.replace(options, include_not_applicable=True))
    assert kept[-1].clause_id == "insurance"
    assert kept[-1].status_word == "Not applicable"
    assert kept[-1].note == "Covered by the group insurance programme."

    raw, counted = sample_result.summary, count_effective(sample_result, sample_session)
    assert counted.not_applicable == 1
    assert counted.missing == raw.missing - 2  # insurance n/a, escrow present
    assert counted.present == raw.present + 1
    assert counted.risks_medium == raw.risks_medium - 1


def test_reference_format() -> None:
    assert reference("17.2", None) == "17.2"
    assert reference("Schedule 2, para 3.1", 14) == "Schedule 2, para 3.1 (p. 14)"
    assert reference("", 3) == "p. 3"
    assert reference("", None) == ""


def test_pdf_rows_carry_pages(pdf_result: ReviewResult, options: ExportOptions) -> None:
    row = next(r for r in issue_rows(pdf_result, None, options)
               if r.clause_id == "termination_for_convenience")
    assert row.reference.startswith("17.2 (p. ")
