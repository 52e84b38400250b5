"""File > Compare with an earlier draft…: what changed since the last round, clause by clause.

The open contract is the new draft. The reviewer picks the earlier one; both are reviewed with
the same library and settings and the window lists the changed clauses (opened gaps and new
risks first). Each row shows the old wording beside a word diff, and jumps to the clause in the
new draft; the reviewer's decisions and notes on the earlier draft can be carried over.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.compare import Change, ClauseComparison, Comparison, DiffKind, place
from ito_desktop.core.effective import EffectiveStatus
from ito_desktop.core.plural import count
from ito_desktop.ui.common.highlight import STATUS_COLORS, Mark
from ito_desktop.ui.common.menus import add_file_action
from ito_desktop.ui.review.review_controller import ReviewController

OPEN_FILTER = "Contracts (*.docx *.pdf *.txt);;All files (*)"
_ID_ROLE = Qt.ItemDataRole.UserRole


class CompareDialog(QDialog):
    """The changed clauses of ``comparison``; ``jump`` asks the window to show a clause of the
    new draft, ``carry`` to apply the earlier decisions and notes."""

    jump = Signal(str, int, int)  # clause id, offsets of its wording in the new draft
    carry = Signal()

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.comparison = comparison
        old = comparison.old.document.path.name
        new = comparison.new.document.path.name
        self.setWindowTitle(f"Changes since {old}")
        changed = comparison.changed
        headline = QLabel(
            f"<b>{html.escape(new)}</b> compared with the earlier draft "
            f"<b>{html.escape(old)}</b>: {count(len(changed), 'clause')} changed, "
            f"{len(comparison.unchanged)} unchanged (not listed)."
        )
        headline.setWordWrap(True)

        self.rows = QTreeWidget()
        self.rows.setObjectName("compareRows")
        self.rows.setRootIsDecorated(False)
        self.rows.setUniformRowHeights(True)
        self.rows.setHeaderLabels(["Clause", "Before → now", "What changed", "Where now"])
        for row in changed:
            item = QTreeWidgetItem(
                [
                    row.title,
                    f"{row.old_status.label.lower()} → {row.new_status.label.lower()}",
                    ", ".join(change.label for change in row.changes),
                    place(row.new),
                ]
            )
            item.setData(0, _ID_ROLE, row.clause_id)
            item.setToolTip(0, row.clause_id)
            colour = STATUS_COLORS[
                EffectiveStatus.MISSING if row.changes[0] is Change.GAP_OPENED else Mark.RISK
            ]
            if row.changes[0].value in ("gap_opened", "risk_added"):
                item.setForeground(2, colour)
            self.rows.addTopLevelItem(item)
        for column in range(3):
            self.rows.resizeColumnToContents(column)

        self.detail = QTextBrowser()
        self.detail.setObjectName("compareDetail")
        self.detail.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.rows)
        splitter.addWidget(self.detail)
        splitter.setSizes([220, 320])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.go_button = QPushButton("&Go to clause")
        self.go_button.setToolTip("Show this clause in the new draft (Enter)")
        self.carry_button = QPushButton("&Carry over earlier decisions")
        carried = [r for r in comparison.rows if r.carried is not None]
        self.carry_button.setEnabled(bool(carried))
        self.carry_button.setToolTip(
            f"Apply the decisions and notes saved on {old} to this draft: as they were where "
            "the clause is unchanged, as a note to re-check where its wording changed. Nothing "
            "you already decided here is replaced."
        )
        buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.carry_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.go_button.clicked.connect(self._go)
        self.carry_button.clicked.connect(self.carry.emit)
        self.rows.itemActivated.connect(lambda _item, _column: self._go())
        self.rows.currentItemChanged.connect(lambda _now, _before: self._show_current())

        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(900, 620)
        first = self.rows.topLevelItem(0)
        if first is not None:
            self.rows.setCurrentItem(first)
        else:
            self.detail.setHtml("<p>No clause changed status, risks or wording.</p>")
            self.go_button.setEnabled(False)

    def current_row(self) -> ClauseComparison | None:
        item = self.rows.currentItem()
        if item is None:
            return None
        clause_id = item.data(0, _ID_ROLE)
        return next((r for r in self.comparison.rows if r.clause_id == clause_id), None)

    def _show_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.detail.setHtml(detail_html(row))
            self.go_button.setEnabled(row.new is not None)

    def _go(self) -> None:
        row = self.current_row()
        if row is not None and row.new is not None:
            self.jump.emit(row.clause_id, row.new.start, row.new.end)


def detail_html(row: ClauseComparison) -> str:
    """The row's story: what changed, the risks, the earlier review, then the wording (a word
    diff where it changed, the old wording beside the new where the clause was found once)."""
    parts = [
        f"<h3>{html.escape(row.title)}</h3>",
        f"<p>{html.escape(row.old_status.label.lower())} → "
        f"{html.escape(row.new_status.label.lower())}: "
        f"{html.escape(', '.join(c.label for c in row.changes))}.<br>"
        f"Was {html.escape(place(row.old))}; now {html.escape(place(row.new))}.</p>",
    ]
    added, removed = row.risk_messages()
    for heading, messages in (("New risk", added), ("Risk gone", removed)):
        for message in messages:
            parts.append(f"<p><b>{heading}:</b> {html.escape(message)}</p>")
    carried = row.carried
    if carried is not None:
        decision = carried.decision.label.lower() if carried.decision else "no decision"
        note = f" Note: “{html.escape(carried.note)}”" if carried.note else ""
        recheck = " <b>Re-check: the wording changed.</b>" if carried.recheck else ""
        parts.append(f"<p>Your review of the earlier draft: {decision}.{note}{recheck}</p>")
    if row.diff:
        deleted = STATUS_COLORS[EffectiveStatus.MISSING].name()
        inserted = STATUS_COLORS[EffectiveStatus.PRESENT].name()
        words = []
        for part in row.diff:
            text = html.escape(part.text)
            if part.kind is DiffKind.DELETE:
                words.append(f'<s style="color:{deleted}">{text}</s>')
            elif part.kind is DiffKind.INSERT:
                words.append(f'<u style="color:{inserted}"><b>{text}</b></u>')
            else:
                words.append(text)
        parts.append(
            "<p><b>Wording</b> (struck through: only in the earlier draft; underlined: new)</p>"
            f"<p>{' '.join(words)}</p>"
        )
    elif row.old is not None and row.new is None:
        parts.append(f"<p><b>Earlier wording</b></p><p>{html.escape(row.old.text)}</p>")
    elif row.new is not None and row.old is None:
        parts.append(f"<p><b>New wording</b></p><p>{html.escape(row.new.text)}</p>")
    elif row.new is not None:
        parts.append(f"<p><b>Wording (unchanged)</b></p><p>{html.escape(row.new.text)}</p>")
    return "\n".join(parts)


def carry_over(controller: ReviewController, comparison: Comparison) -> int:
    """Apply the earlier draft's decisions and notes to the open review; returns how many
    clauses got something. An unchanged clause takes the decision and note as they were; a
    reworded one a note to re-check (its decision is not applied). Nothing the reviewer already
    decided or wrote on this draft is replaced."""
    review = controller.review
    if review is None:
        return 0
    old_name = comparison.old.document.path.name
    applied = 0
    for row in comparison.rows:
        carried = row.carried
        if carried is None:
            continue
        item = review.item(row.clause_id)
        had_decision = item is not None and item.decision is not None
        had_note = item is not None and bool(item.note)
        changed = False
        if not carried.recheck:
            if carried.decision is not None and not had_decision:
                controller.set_decision(row.clause_id, carried.decision)
                changed = True
            if carried.note and not had_note:
                controller.set_note(row.clause_id, carried.note)
                changed = True
        elif not had_note:
            earlier = carried.decision.label.lower() if carried.decision else "no decision"
            note = f" Earlier note: {carried.note}" if carried.note else ""
            controller.set_note(
                row.clause_id,
                f"Re-check: the wording changed since {old_name}. Earlier decision: "
                f"{earlier}.{note}",
            )
            changed = True
        applied += changed
    return applied


def install_compare_action(
    window: QMainWindow,
    controller: ReviewController,
    open_dialog: Callable[[QDialog], object],
    show_clause: Callable[[str, int, int], None],
    before: QAction | None = None,
) -> QAction:
    """Add File > Compare with an earlier draft… (Ctrl+Shift+D), enabled while a review is
    open; the comparison opens in a window beside the review."""
    action = QAction("Compare with an &earlier draft…", window)
    action.setObjectName("compareAction")
    action.setShortcut(QKeySequence("Ctrl+Shift+D"))
    action.setStatusTip("List what changed since an earlier draft of this contract")
    action.setEnabled(False)
    add_file_action(window, action, before)

    def choose() -> None:
        review = controller.review
        if review is None:
            return
        start = str(review.path.parent)
        name, _ = QFileDialog.getOpenFileName(window, "The earlier draft", start, OPEN_FILTER)
        if name:
            controller.compare_with(Path(name))

    def show(comparison: Comparison) -> None:
        dialog = CompareDialog(comparison, window)
        dialog.setModal(False)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.jump.connect(show_clause)

        def carry() -> None:
            applied = carry_over(controller, comparison)
            window.statusBar().showMessage(
                f"Carried over the earlier review of {count(applied, 'clause')}.", 8000
            )
            dialog.carry_button.setEnabled(False)

        dialog.carry.connect(carry)
        open_dialog(dialog)

    action.triggered.connect(choose)
    controller.comparisonReady.connect(show)
    controller.reviewOpened.connect(lambda _review: action.setEnabled(True))
    controller.reviewClosed.connect(lambda: action.setEnabled(False))
    return action
