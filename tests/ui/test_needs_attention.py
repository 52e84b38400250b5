"""Issues first: the Needs attention view, F8 through it, sorted layouts, the reviewed count,
filters that do not follow the reviewer to the next contract, and no raw scores in the list."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from ito_desktop.core.attention import attention_list
from ito_desktop.export import EXPORTERS, ExportOptions
from ito_desktop.ui.findings.findings_model import ClauseIdRole, Column
from ito_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import MakeWindow, click_finding, open_review

SCORE = re.compile(r"\b[01]\.\d\d\b")


def shown_ids(window: MainWindow) -> list[str]:
    return [str(i.data(ClauseIdRole)) for i in window.findings_panel.finding_indexes()]


def queue(window: MainWindow) -> list[str]:
    review = window.controller.review
    assert review is not None
    return [f.clause_id for f in attention_list(review.result.findings, review.session)]


def opened(qtbot: QtBot, make_window: MakeWindow, path: Path) -> MainWindow:
    window = make_window()
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    open_review(qtbot, window, path)
    return window


def press(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, mods: Qt.KeyboardModifier | None = None
) -> None:
    QTest.keyClick(window, key, mods or Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(window.is_settled)


def test_needs_attention_lists_undecided_issues_most_severe_first(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = opened(qtbot, make_window, sample_docx)
    panel = window.findings_panel
    expected = queue(window)
    assert expected
    assert panel.summary.attention_button.text() == f"{len(expected)} need attention"

    qtbot.mouseClick(panel.summary.attention_button, Qt.MouseButton.LeftButton)

    assert shown_ids(window) == expected
    assert panel.sort_combo.currentText() == "By severity"
    review = window.controller.review
    assert review is not None
    first = review.finding(expected[0])
    assert first is not None
    assert any(r.severity.value == "high" for r in first.risks) or first.status.value == "missing"
    assert panel.banner.isVisible()
    assert f"Showing {len(expected)} of 40 findings: needing attention" in (
        panel.banner_label.text()
    )


def test_f8_steps_through_exactly_the_findings_needing_attention(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = opened(qtbot, make_window, sample_docx)
    expected = queue(window)
    seen = []
    for _ in expected:
        press(qtbot, window, Qt.Key.Key_F8)
        seen.append(window.selected)
    assert seen == expected
    press(qtbot, window, Qt.Key.Key_F8)  # round to the first again
    assert window.selected == expected[0]
    press(qtbot, window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.selected == expected[-1]


def test_a_decision_in_the_view_keeps_its_row_until_the_reviewer_moves_on(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = opened(qtbot, make_window, sample_docx)
    panel = window.findings_panel
    panel.toggle_attention()
    expected = queue(window)
    click_finding(window, expected[0])
    assert window.selected == expected[0]

    press(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # accept the risk

    assert window.selected == expected[0]  # not a neighbour: the next key must not decide it
    assert expected[0] in shown_ids(window)
    press(qtbot, window, Qt.Key.Key_F8)
    assert window.selected == expected[1]
    assert shown_ids(window) == expected[1:]
    assert queue(window) == expected[1:]


def test_the_list_sorts_by_severity_status_or_clause(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = opened(qtbot, make_window, sample_docx)
    panel = window.findings_panel
    review = window.controller.review
    assert review is not None
    by_id = {f.clause_id: f for f in review.result.findings}

    panel.sort_combo.setCurrentText("By clause (A-Z)")
    titles = [by_id[i].title for i in shown_ids(window)]
    assert len(titles) == 40
    assert titles == sorted(titles, key=str.casefold)
    assert not any(i.data(Qt.ItemDataRole.UserRole + 5) for i in panel.finding_indexes())

    panel.sort_combo.setCurrentText("By status")
    statuses = [by_id[i].status.value for i in shown_ids(window)]
    order = {"missing": 0, "weak": 1, "present": 2}
    assert statuses == sorted(statuses, key=order.__getitem__)

    panel.sort_combo.setCurrentText("By severity")
    assert shown_ids(window)[: len(queue(window))] == queue(window)

    panel.sort_combo.setCurrentText("By category")
    assert shown_ids(window) == [f.clause_id for f in review.result.findings]
    assert panel.proxy.rowCount() == 8  # category rows again


def test_reviewed_counts_decided_or_done_as_the_exports_do(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path, tmp_path: Path
) -> None:
    window = opened(qtbot, make_window, sample_docx)
    click_finding(window, "insurance")
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # decided, not done
    click_finding(window, "governing_law")
    press(qtbot, window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # done, undecided

    summary = window.findings_panel.summary
    assert "Reviewed: <b>2 of 40</b>" in summary.done_label.text()
    assert window.details_panel.remaining_label.text() == "38 of 40 still to review"

    review = window.controller.review
    assert review is not None
    options = ExportOptions()
    markdown = EXPORTERS["md"].render(review.result, review.session, options)  # type: ignore[attr-defined]
    assert "- **Reviewed:** 2 of 40 (decided or ticked done)" in markdown
    data = json.loads(EXPORTERS["json"].render(review.result, review.session, options))  # type: ignore[attr-defined]
    assert data["review"]["reviewed"] == 2
    assert data["review"]["needs_attention"] == queue(window)
    window.findings_panel.toggle_attention()
    assert data["review"]["needs_attention"] == shown_ids(window)
    assert f"- **Needs attention:** {len(queue(window))} findings" in markdown


def test_a_filter_does_not_follow_the_reviewer_to_the_next_contract(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "second_msa.docx"
    other.parent.mkdir()
    shutil.copyfile(sample_docx, other)
    window = opened(qtbot, make_window, sample_docx)
    panel = window.findings_panel
    panel.severity_combo.setCurrentText("With risks")
    risky = len(shown_ids(window))
    assert risky < 40
    assert panel.banner.isVisible()
    assert f"Showing {risky} of 40 findings: with risks" in panel.banner_label.text()

    open_review(qtbot, window, other)

    assert panel.severity_combo.currentText() == "All risk levels"
    assert len(shown_ids(window)) == 40
    assert not panel.banner.isVisible()


def test_no_raw_score_in_the_list(qtbot: QtBot, make_window: MakeWindow, sample_docx: Path) -> None:
    window = opened(qtbot, make_window, sample_docx)
    panel = window.findings_panel
    model = panel.proxy
    header = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(len(Column))]
    assert "Score" not in header
    for row in panel.finding_indexes():
        for column in Column:
            cell = row.siblingAtColumn(column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                assert not SCORE.search(str(cell.data(role) or "")), (
                    row.data(ClauseIdRole),
                    column,
                )
    missing = next(i for i in panel.finding_indexes() if i.data(ClauseIdRole) == "insurance")
    assert (
        missing.siblingAtColumn(Column.MATCH).data(Qt.ItemDataRole.AccessibleTextRole) == "No match"
    )


def test_the_banner_counts_the_rows_left_after_moving_on(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = opened(qtbot, make_window, sample_docx)
    panel = window.findings_panel
    panel.toggle_attention()
    expected = queue(window)
    press(qtbot, window, Qt.Key.Key_F8)
    press(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_F8)
    left = len(expected) - 1
    assert len(shown_ids(window)) == left
    assert f"Showing {left} of 40 findings" in panel.banner_label.text()
    assert panel.summary.attention_button.text() == f"{left} need attention"


def test_leaving_needs_attention_restores_the_grouped_list(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = opened(qtbot, make_window, sample_docx)
    panel = window.findings_panel
    button = panel.summary.attention_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isChecked()
    assert panel.sort_combo.currentText() == "By severity"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not button.isChecked()
    assert panel.sort_combo.currentText() == "By category"
    assert panel.proxy.rowCount() == 8
    assert len(shown_ids(window)) == 40
