"""FindingsPanel: summary header, filters, keyboard navigation and clause filtering, by clicking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ito_desktop.core.findings import Finding, Status
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Importance, Severity
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.session import Decision, ReviewSession
from ito_desktop.ui.findings.findings_model import ClauseIdRole, Column
from ito_desktop.ui.findings.findings_panel import NEXT_KEYS, FindingsPanel

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_msa.docx"


@pytest.fixture(scope="module")
def result() -> ReviewResult:
    return review(SAMPLE, load_library(include_user_layer=False))


@pytest.fixture
def session(result: ReviewResult) -> ReviewSession:
    return ReviewSession(contract_path=SAMPLE, contract_sha256=result.document.sha256)


@pytest.fixture
def panel(qtbot: QtBot, result: ReviewResult, session: ReviewSession) -> FindingsPanel:
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 800)
    panel.set_review(result, session)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def visible_ids(panel: FindingsPanel) -> list[str]:
    return [index.data(ClauseIdRole) for index in panel.finding_indexes()]


def ids_where(result: ReviewResult, predicate: Callable[[Finding], bool]) -> list[str]:
    return [f.clause_id for f in result.findings if predicate(f)]


def test_tree_lists_every_finding_expanded(panel: FindingsPanel, result: ReviewResult) -> None:
    assert panel.proxy.rowCount() == 8
    assert visible_ids(panel) == [f.clause_id for f in result.findings]
    for row in range(8):
        category = panel.proxy.index(row, 0)
        assert panel.tree.isExpanded(category)
        assert panel.tree.isFirstColumnSpanned(row, category.parent())
    assert panel.stack.currentWidget() is panel.tree


def test_summary_header_matches_the_review(panel: FindingsPanel, result: ReviewResult) -> None:
    tiles = panel.summary.tiles
    assert tiles["present"].number.text() == str(result.summary.present)
    assert tiles["weak"].number.text() == str(result.summary.weak)
    assert tiles["missing"].number.text() == str(result.summary.missing)
    assert tiles["not_applicable"].number.text() == "0"
    s = result.summary
    risks = panel.summary.risks_label.text()
    assert f"High {s.risks_high}" in risks
    assert f"Medium {s.risks_medium}" in risks
    assert f"Low {s.risks_low}" in risks
    required = [f for f in result.findings if f.importance is Importance.REQUIRED]
    covered = sum(f.status is Status.PRESENT for f in required)
    assert f"{covered} of {len(required)}" in panel.summary.coverage_label.text()
    assert "0 of 40" in panel.summary.done_label.text()


def test_status_severity_and_text_filters(
    qtbot: QtBot, panel: FindingsPanel, result: ReviewResult
) -> None:
    panel.status_combo.setCurrentText("Missing")
    missing = ids_where(result, lambda f: f.status is Status.MISSING)
    assert visible_ids(panel) == missing
    assert panel.summary.tiles["missing"].is_checked()
    panel.status_combo.setCurrentText("All statuses")

    panel.severity_combo.setCurrentText("High only")
    high = ids_where(result, lambda f: any(r.severity is Severity.HIGH for r in f.risks))
    assert high
    assert visible_ids(panel) == high
    panel.severity_combo.setCurrentText("All risk levels")

    assert panel.search.placeholderText() == "Filter findings…"
    qtbot.keyClicks(panel.search, "escrow")
    assert visible_ids(panel) == ["source_code_escrow"]
    panel.search.clear()
    qtbot.keyClicks(panel.search, "zzz no such text")
    assert visible_ids(panel) == []
    assert panel.stack.currentWidget() is panel.placeholder
    assert "No findings match" in panel.placeholder.text()
    panel.search.clear()
    assert len(visible_ids(panel)) == 40


def test_clicking_a_status_tile_toggles_its_filter(
    qtbot: QtBot, panel: FindingsPanel, result: ReviewResult
) -> None:
    tile = panel.summary.tiles["missing"]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert visible_ids(panel) == ids_where(result, lambda f: f.status is Status.MISSING)
    assert panel.status_combo.currentText() == "Missing"
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert len(visible_ids(panel)) == 40
    assert not tile.is_checked()


def test_clicking_and_enter_activate_a_finding(qtbot: QtBot, panel: FindingsPanel) -> None:
    index = panel.proxy.mapFromSource(panel.model.index_of("governing_law", Column.CLAUSE))
    panel.tree.scrollTo(index)
    rect = panel.tree.visualRect(index)
    with qtbot.waitSignal(panel.findingActivated) as blocker:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["governing_law"]
    assert panel.current_clause_id() == "governing_law"

    panel.select_finding("insurance")  # silent: the caller already knows
    with qtbot.waitSignal(panel.findingActivated) as blocker:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert blocker.args == ["insurance"]


def test_clicking_a_category_row_activates_nothing(qtbot: QtBot, panel: FindingsPanel) -> None:
    rect = panel.tree.visualRect(panel.proxy.index(0, 0))
    with qtbot.assertNotEmitted(panel.findingActivated):
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_next_and_previous_walk_findings_and_wrap(
    qtbot: QtBot, panel: FindingsPanel, result: ReviewResult
) -> None:
    order = [f.clause_id for f in result.findings]
    seen: list[str] = []
    panel.findingActivated.connect(seen.append)
    panel.select_next()
    panel.select_next()
    assert seen == order[:2]
    panel.select_previous()
    panel.select_previous()  # from the first finding back round to the last
    assert seen[2:] == [order[0], order[-1]]
    panel.select_next()  # and from the last forward to the first
    assert seen[-1] == order[0]
    # From a category row, next goes to its first finding.
    panel.tree.setCurrentIndex(panel.proxy.index(2, 0))
    panel.select_next()
    assert seen[-1] == next(f.clause_id for f in result.findings if f.category == "termination")


def test_next_respects_the_filter(panel: FindingsPanel, result: ReviewResult) -> None:
    panel.status_combo.setCurrentText("Missing")
    missing = ids_where(result, lambda f: f.status is Status.MISSING)
    seen: list[str] = []
    panel.findingActivated.connect(seen.append)
    for _ in range(len(missing) + 1):
        panel.select_next()
    assert seen == [*missing, missing[0]]


def test_keyboard_shortcut_moves_to_the_next_finding(
    qtbot: QtBot, panel: FindingsPanel, result: ReviewResult
) -> None:
    assert NEXT_KEYS == "Alt+Down"
    panel.activateWindow()
    panel.tree.setFocus()
    qtbot.waitUntil(panel.tree.hasFocus)
    with qtbot.waitSignal(panel.findingActivated) as blocker:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert blocker.args == [result.findings[0].clause_id]
    with qtbot.waitSignal(panel.findingActivated) as blocker:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert blocker.args == [result.findings[-1].clause_id]


def test_refresh_after_a_decision_updates_row_and_header(
    panel: FindingsPanel, session: ReviewSession, result: ReviewResult
) -> None:
    session.set_decision("governing_law", Decision.MISSING)
    session.set_done("governing_law", True)
    panel.refresh("governing_law")
    index = panel.proxy.mapFromSource(panel.model.index_of("governing_law"))
    assert index.data() == "Missing"
    assert index.siblingAtColumn(Column.DONE).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert panel.summary.tiles["missing"].number.text() == str(result.summary.missing + 1)
    assert "1 of 40" in panel.summary.done_label.text()


def test_show_only_clause_filters_and_shows_a_banner(
    qtbot: QtBot, panel: FindingsPanel, result: ReviewResult
) -> None:
    clause = next(c for c in result.document.clauses if c.reference == "17.2")
    panel.show_only_clause(clause.id)
    shown = visible_ids(panel)
    assert "termination_for_convenience" in shown
    for clause_id in shown:
        finding = next(f for f in result.findings if f.clause_id == clause_id)
        cited = {e.clause_id for e in finding.evidence}
        offsets = [e.start for e in finding.evidence] + [r.start for r in finding.risks if r.start]
        assert clause.id in cited or any(clause.start <= o < clause.end for o in offsets)
    assert panel.banner.isVisible()
    assert "17.2" in panel.banner_label.text()
    qtbot.mouseClick(panel.show_all_button, Qt.MouseButton.LeftButton)
    assert not panel.banner.isVisible()
    assert len(visible_ids(panel)) == 40


def test_show_only_an_uncited_clause(panel: FindingsPanel, result: ReviewResult) -> None:
    cited = {e.clause_id for f in result.findings for e in f.evidence}
    spans = [(e.start, f) for f in result.findings for e in f.evidence]
    uncited = next(
        c
        for c in result.document.clauses
        if c.id not in cited
        and not any(c.start <= s < c.end for s, _ in spans)
        and not any(
            r.start is not None and c.start <= r.start < c.end
            for f in result.findings
            for r in f.risks
        )
    )
    panel.show_only_clause(uncited.id)
    assert visible_ids(panel) == []
    assert "No findings cite" in panel.banner_label.text()
    panel.show_only_clause(None)
    assert len(visible_ids(panel)) == 40


def test_clear_shows_the_empty_state(panel: FindingsPanel) -> None:
    panel.clear()
    assert panel.proxy.rowCount() == 0
    assert panel.stack.currentWidget() is panel.placeholder
    assert "Open a contract" in panel.placeholder.text()
    assert panel.summary.tiles["present"].number.text() == "0"
    assert isinstance(panel.placeholder, QLabel)


def test_a_filter_that_hides_the_current_finding_leaves_none_current(
    qtbot: QtBot, panel: FindingsPanel
) -> None:
    """Qt would move the current row to a neighbour; the panel says 'none' instead."""
    seen: list[str | None] = []
    panel.currentFindingChanged.connect(seen.append)
    assert panel.select_finding("insurance")  # missing in the sample
    assert seen == ["insurance"]
    panel.status_combo.setCurrentIndex(panel.status_combo.findText("Present"))
    assert panel.current_clause_id() is None
    assert seen == ["insurance", None]
    panel.status_combo.setCurrentIndex(panel.status_combo.findText("All statuses"))
    assert panel.select_finding("governing_law")
    panel.search.setText("governing")  # still shown: it stays current, nothing announced
    assert panel.current_clause_id() == "governing_law"
    assert seen == ["insurance", None, "governing_law"]


def test_reveal_drops_only_the_filters_that_hide_a_finding(panel: FindingsPanel) -> None:
    panel.show_only_clause("c-11-1")
    assert panel.current_clause_id() == "confidentiality"  # the first finding citing it
    assert panel.reveal_finding("insurance")
    assert not panel.banner.isVisible()
    assert panel.current_clause_id() == "insurance"
    panel.severity_combo.setCurrentIndex(panel.severity_combo.findText("With risks"))
    assert panel.reveal_finding("governing_law")
    assert panel.severity_combo.currentText() == "All risk levels"
    assert panel.current_clause_id() == "governing_law"
