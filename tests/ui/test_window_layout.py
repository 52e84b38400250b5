"""Default layout at 1400x900: a wide contract, the findings over the details, readable titles."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QStyle
from pytestqt.qtbot import QtBot

from ito_desktop.ui.findings.findings_delegate import FindingsDelegate
from ito_desktop.ui.findings.findings_model import Column
from ito_desktop.ui.window.main_window import MainWindow
from ito_desktop.ui.window.window_layout import DEFAULT_SIZE, FINDINGS_ROWS
from tests.ui.test_main_window import MakeWindow, open_review


def default_window(qtbot: QtBot, make_window: MakeWindow, path: Path) -> MainWindow:
    window = make_window()
    window.resize(*DEFAULT_SIZE)
    window.show()
    qtbot.waitExposed(window)
    open_review(qtbot, window, path)
    return window


def test_contract_gets_most_of_the_width_and_details_sit_under_findings(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = default_window(qtbot, make_window, sample_docx)
    findings, details = window.findings_dock, window.details_dock
    contract = window.stack.width()
    assert contract >= 0.52 * window.width()  # it was ~540 of 1400 between two docks
    assert details.geometry().top() >= findings.geometry().bottom()
    assert abs(details.x() - findings.x()) <= 1
    assert details.height() >= 0.3 * (findings.height() + details.height())
    panel = window.findings_panel
    assert panel.visible_rows() >= FINDINGS_ROWS >= 14
    assert FindingsDelegate.row_height(panel.tree) == panel.tree.sizeHintForRow(0)


def test_every_clause_title_is_readable_at_the_default_size(
    qtbot: QtBot, make_window: MakeWindow, sample_pdf: Path
) -> None:
    window = default_window(qtbot, make_window, sample_pdf)
    tree = window.findings_panel.tree
    header = tree.header()
    assert header.sectionResizeMode(Column.CLAUSE) == QHeaderView.ResizeMode.Stretch
    for column in (Column.STATUS, Column.MATCH, Column.RISK, Column.DONE):
        assert header.sectionResizeMode(column) == QHeaderView.ResizeMode.Fixed
        assert header.sectionSize(column) < header.sectionSize(Column.CLAUSE) / 2
    metrics = tree.fontMetrics()
    margin = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)
    rows = window.findings_panel.finding_indexes()
    assert len(rows) == 40
    for row in rows:
        cell = row.siblingAtColumn(Column.CLAUSE)
        title = str(cell.data())
        assert metrics.horizontalAdvance(title) + margin <= header.sectionSize(Column.CLAUSE), title
        assert title in str(cell.data(Qt.ItemDataRole.ToolTipRole))  # the full title when narrower
        # Severity shows as a word, not only as the icon's colour.
        risk = row.siblingAtColumn(Column.RISK)
        if risk.data(Qt.ItemDataRole.DecorationRole) is not None:
            assert risk.data() in {"High", "Medium", "Low"}


def test_reset_layout_restores_the_default_arrangement(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path
) -> None:
    window = default_window(qtbot, make_window, sample_docx)
    rows = window.findings_panel.visible_rows()
    docks = [window.findings_dock, window.details_dock]
    window.resizeDocks(docks, [150, 600], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: window.findings_panel.visible_rows() < 14)
    window.details_dock.hide()
    window.commands.reset_layout.trigger()
    qtbot.waitUntil(lambda: window.details_dock.isVisible())
    assert window.details_dock.geometry().top() >= window.findings_dock.geometry().bottom()
    assert window.findings_panel.visible_rows() == rows
