"""FindingsModel and FindingsFilterModel over a real review of the sample contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from ito_desktop.core.findings import Status
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Severity
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.session import Decision, ReviewSession
from ito_desktop.ui.findings.findings_filter import FindingsFilterModel, SeverityFilter
from ito_desktop.ui.findings.findings_model import (
    ClauseIdRole,
    Column,
    FindingsModel,
    MarkersRole,
    MatchRole,
    SearchTextRole,
    SeverityRole,
    StatusRole,
    match_strength,
)

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_msa.docx"


@pytest.fixture(scope="module")
def result() -> ReviewResult:
    return review(SAMPLE, load_library(include_user_layer=False))


@pytest.fixture
def session(result: ReviewResult) -> ReviewSession:
    return ReviewSession(contract_path=SAMPLE, contract_sha256=result.document.sha256)


@pytest.fixture
def model(qapp: QApplication, result: ReviewResult, session: ReviewSession) -> FindingsModel:
    model = FindingsModel()
    model.set_review(result, session)
    return model


def _finding_ids(model: QSortFilterProxyModel | FindingsModel) -> list[str]:
    ids = []
    for cat_row in range(model.rowCount()):
        category = model.index(cat_row, 0)
        for row in range(model.rowCount(category)):
            ids.append(model.index(row, 0, category).data(ClauseIdRole))
    return ids


def test_categories_and_findings_in_library_order(
    model: FindingsModel, result: ReviewResult, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(model)
    assert model.rowCount() == 8
    assert [model.index(r, 0).data(ClauseIdRole) for r in range(8)] == [
        key for key, _ in result.library.categories
    ]
    assert _finding_ids(model) == [f.clause_id for f in result.findings]
    assert len(_finding_ids(model)) == 40
    for finding in result.findings:
        index = model.index_of(finding.clause_id)
        assert index.data(StatusRole) == finding.status.value
        assert (
            index.data()
            == {"present": "Present", "weak": "Weak", "missing": "Missing"}[finding.status.value]
        )
        assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
        assert index.siblingAtColumn(Column.CLAUSE).data() == finding.title
        match = index.siblingAtColumn(Column.MATCH)
        assert match.data() is None  # bars, never the raw score
        assert match.data(MatchRole) == match_strength(finding)
        assert finding.title in index.data(Qt.ItemDataRole.ToolTipRole)
        assert model.finding(index) is finding


def test_cells_of_a_risky_finding(model: FindingsModel) -> None:
    index = model.index_of("termination_for_convenience")
    assert index.siblingAtColumn(Column.RISK).data() == "High"
    assert index.data(SeverityRole) == "high"
    assert not index.siblingAtColumn(Column.RISK).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert (
        index.siblingAtColumn(Column.DONE).data(Qt.ItemDataRole.CheckStateRole)
        == Qt.CheckState.Unchecked
    )
    assert index.siblingAtColumn(Column.MATCH).data(Qt.ItemDataRole.AccessibleTextRole) in (
        "Strong match",
        "Good match",
    )
    assert "thirty (30) days" in index.data(SearchTextRole)
    assert model.index_of("governing_law").siblingAtColumn(Column.RISK).data() == ""
    # The Done box is clickable (issue 11); the click is a request, not an edit of the session.
    done_cell = index.siblingAtColumn(Column.DONE)
    done_flags = model.flags(done_cell)
    assert done_flags & Qt.ItemFlag.ItemIsUserCheckable
    assert not done_flags & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(index.siblingAtColumn(Column.CLAUSE)) & Qt.ItemFlag.ItemIsUserCheckable
    requests: list[tuple[str, bool]] = []
    model.doneRequested.connect(lambda clause_id, done: requests.append((clause_id, done)))
    assert model.setData(done_cell, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert requests == [("termination_for_convenience", True)]
    assert done_cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def _expected_counts(result: ReviewResult, category: str, overrides: dict[str, str]) -> str:
    statuses = [
        overrides.get(f.clause_id, f.status.value)
        for f in result.findings
        if f.category == category
    ]
    words = {"not_applicable": "n/a"}
    return " · ".join(
        f"{statuses.count(s)} {words.get(s, s)}"
        for s in ("present", "weak", "missing", "not_applicable")
        if statuses.count(s)
    )


def test_category_rows_count_statuses(model: FindingsModel, result: ReviewResult) -> None:
    for row, (key, title) in enumerate(result.library.categories):
        index = model.index(row, 0)
        assert index.data() == f"{title}  ·  {_expected_counts(result, key, {})}"
    # The sample contract has no insurance clause on purpose.
    assert "1 missing" in model.index_of("insurance").parent().data()


def test_refresh_after_a_decision(
    model: FindingsModel, result: ReviewResult, session: ReviewSession, qtmodeltester: ModelTester
) -> None:
    session.set_decision("governing_law", Decision.MISSING)
    index = model.index_of("governing_law")
    spy = QSignalSpy(model.dataChanged)
    model.refresh("governing_law")
    assert spy.count() == 2
    assert spy.at(0)[0] == index  # the finding row, then its category row
    assert spy.at(1)[0] == index.parent()
    assert index.data() == "Missing"
    assert index.data(StatusRole) == "missing"
    assert (
        index.parent()
        .data()
        .endswith(_expected_counts(result, "legal", {"governing_law": "missing"}))
    )
    session.set_decision("termination_for_convenience", Decision.RISK_ACCEPTED)
    session.set_done("termination_for_convenience", True)
    model.refresh("termination_for_convenience")
    risky = model.index_of("termination_for_convenience")
    assert risky.data() == "Present"
    # The risk is closed but not forgotten: the Risk column says it was accepted.
    assert risky.data(SeverityRole) == ""
    assert risky.siblingAtColumn(Column.RISK).data() == "Accepted"
    assert (
        risky.siblingAtColumn(Column.RISK)
        .data(Qt.ItemDataRole.AccessibleTextRole)
        .startswith("Risk accepted (was ")
    )
    assert risky.siblingAtColumn(Column.CLAUSE).data(MarkersRole) == ("decided",)
    assert risky.siblingAtColumn(Column.DONE).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    session.set_note("source_code_escrow", "Ask for an NCC escrow deposit")
    model.refresh("source_code_escrow")
    escrow = model.index_of("source_code_escrow")
    assert "ncc escrow" in escrow.data(SearchTextRole)
    assert escrow.siblingAtColumn(Column.CLAUSE).data(MarkersRole) == ("note",)
    assert "Your note: Ask for an NCC escrow deposit" in escrow.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_of("governing_law").data(MarkersRole) == ("decided",)
    assert "Your decision: Missing (the tool said " in model.index_of("governing_law").data(
        Qt.ItemDataRole.ToolTipRole
    )
    qtmodeltester.check(model)
    # Reading the model never adds entries to the review file.
    assert set(session.items) == {
        "governing_law",
        "termination_for_convenience",
        "source_code_escrow",
    }


@pytest.fixture
def proxy(model: FindingsModel) -> FindingsFilterModel:
    proxy = FindingsFilterModel()
    proxy.setSourceModel(model)
    return proxy


def test_filter_by_status(
    proxy: FindingsFilterModel, result: ReviewResult, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(proxy)
    assert _finding_ids(proxy) == [f.clause_id for f in result.findings]
    proxy.set_statuses({"missing"})
    missing = [f.clause_id for f in result.findings if f.status is Status.MISSING]
    assert _finding_ids(proxy) == missing
    assert {"source_code_escrow", "insurance"} <= set(missing)
    # Only categories holding a missing finding remain.
    assert proxy.rowCount() == len({f.category for f in result.findings if f.clause_id in missing})
    qtmodeltester.check(proxy)
    proxy.set_statuses({"weak", "present"})
    assert _finding_ids(proxy) == [
        f.clause_id for f in result.findings if f.clause_id not in missing
    ]
    proxy.set_statuses(None)
    assert len(_finding_ids(proxy)) == 40


def test_filter_by_severity(
    proxy: FindingsFilterModel, result: ReviewResult, qtmodeltester: ModelTester
) -> None:
    proxy.set_severity(SeverityFilter.HIGH_ONLY)
    high = [
        f.clause_id for f in result.findings if any(r.severity is Severity.HIGH for r in f.risks)
    ]
    assert len(high) == result.summary.risks_high  # one high flag each in the sample
    assert _finding_ids(proxy) == high
    qtmodeltester.check(proxy)
    proxy.set_severity(SeverityFilter.HAS_RISK)
    assert _finding_ids(proxy) == [f.clause_id for f in result.findings if f.risks]
    proxy.set_severity(SeverityFilter.ANY)
    assert len(_finding_ids(proxy)) == 40


def test_filter_by_text_and_clause_ids(
    proxy: FindingsFilterModel, qtmodeltester: ModelTester
) -> None:
    proxy.set_text("escrow")
    assert _finding_ids(proxy) == ["source_code_escrow"]
    proxy.set_text("  TERMINATE   convenience ")
    assert "termination_for_convenience" in _finding_ids(proxy)
    proxy.set_text("no such words anywhere")
    assert proxy.rowCount() == 0
    qtmodeltester.check(proxy)
    proxy.set_text("")
    proxy.set_clause_ids({"governing_law", "insurance"})
    assert _finding_ids(proxy) == ["insurance", "governing_law"]
    assert proxy.is_filtering()
    proxy.set_clause_ids(None)
    assert not proxy.is_filtering()


def test_filters_combine_and_follow_refresh(
    proxy: FindingsFilterModel,
    model: FindingsModel,
    session: ReviewSession,
    qtmodeltester: ModelTester,
) -> None:
    proxy.set_statuses({"present"})
    proxy.set_severity(SeverityFilter.HIGH_ONLY)
    assert "termination_for_convenience" in _finding_ids(proxy)
    session.set_decision("termination_for_convenience", Decision.RISK_ACCEPTED)
    model.refresh("termination_for_convenience")
    assert "termination_for_convenience" not in _finding_ids(proxy)
    proxy.set_severity(SeverityFilter.ANY)
    session.set_decision("governing_law", Decision.NOT_APPLICABLE)
    model.refresh("governing_law")
    assert "governing_law" not in _finding_ids(proxy)
    proxy.set_statuses({"not_applicable"})
    assert _finding_ids(proxy) == ["governing_law"]
    qtmodeltester.check(proxy)


def test_clear_empties_the_model(model: FindingsModel, qtmodeltester: ModelTester) -> None:
    model.clear()
    assert model.rowCount() == 0
    assert model.index_of("governing_law") == QModelIndex()
    qtmodeltester.check(model)


def test_flat_layout_passes_the_model_tester(
    qtmodeltester: object, model: FindingsModel, result: ReviewResult
) -> None:
    model.set_grouped(False)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 40
    assert [model.index(r, 0).data(ClauseIdRole) for r in range(40)] == [
        f.clause_id for f in result.findings
    ]
    assert model.finding(model.index_of("insurance")) is not None
    model.set_grouped(True)
    assert model.rowCount() == 8
