"""Summary header of the findings panel: status tiles, risks, coverage and review progress."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.attention import reviewed_count
from ito_desktop.core.effective import (
    NOT_APPLICABLE,
    EffectiveStatus,
    effective_counts,
    effective_status,
)
from ito_desktop.core.library.schema import Importance, Severity
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.ui.common.highlight import Mark, is_dark, status_color, status_icon

TILE_STATUSES = tuple(EffectiveStatus)


@dataclass(frozen=True, slots=True)
class Tally:
    """The numbers the header shows, after the reviewer's decisions."""

    statuses: dict[EffectiveStatus, int]
    risks: dict[str, int]  # open risk flags by severity value
    required_covered: int
    required_total: int
    reviewed: int  # decided or ticked done: what the exports call reviewed, too
    total: int

    @classmethod
    def of(cls, result: ReviewResult, session: ReviewSession) -> Tally:
        counts = effective_counts(result.findings, session.items)
        statuses = {status: counts.of(status) for status in TILE_STATUSES}
        risks = {severity.value: counts.open_risks(severity) for severity in Severity}
        covered = required = 0
        for finding in result.findings:
            status = effective_status(finding, session.items.get(finding.clause_id))
            # A required clause the reviewer judged not applicable is not owed by the contract.
            if finding.importance is Importance.REQUIRED and status is not NOT_APPLICABLE:
                required += 1
                covered += status is EffectiveStatus.PRESENT
        reviewed = reviewed_count(result.findings, session)
        return cls(statuses, risks, covered, required, reviewed, len(result.findings))


class _StatusTile(QFrame):
    """A count with its status icon and word; clicking it filters the list to that status."""

    clicked = Signal(str)

    def __init__(self, status: EffectiveStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self._checked = False
        self._dark = False
        self.setObjectName("statusTile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.number = QLabel("0")
        self.number.setObjectName("tileNumber")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.number.setFont(font)
        icon = QLabel()
        icon.setPixmap(status_icon(status, 14).pixmap(14, 14))
        word = QLabel(status.label)
        caption = QHBoxLayout()
        caption.setSpacing(4)
        caption.addWidget(icon)
        caption.addWidget(word, 1)
        self.tile_layout = QVBoxLayout(self)
        self.tile_layout.setContentsMargins(8, 5, 6, 6)
        self.tile_layout.setSpacing(0)
        self.tile_layout.addWidget(self.number)
        self.tile_layout.addLayout(caption)
        self._restyle()

    def set_compact(self, compact: bool) -> None:
        """Number and word on one line (a short screen), or the number above the word."""
        layout = self.tile_layout
        if compact:
            layout.setDirection(QBoxLayout.Direction.LeftToRight)
            layout.setContentsMargins(8, 2, 6, 2)
            layout.setSpacing(6)
        else:
            layout.setDirection(QBoxLayout.Direction.TopToBottom)
            layout.setContentsMargins(8, 5, 6, 6)
            layout.setSpacing(0)

    def set_count(self, count: int) -> None:
        self.number.setText(str(count))
        word = self.status.label.lower()
        self.setToolTip(f"{count} {word} — click to show only {word} findings")
        self.setAccessibleName(f"{count} {word}")

    def set_checked(self, checked: bool) -> None:
        if checked != self._checked:
            self._checked = checked
            self._restyle()

    def is_checked(self) -> bool:
        return self._checked

    def _restyle(self) -> None:
        color = status_color(self.status)
        dark = self._dark = is_dark(QGuiApplication.palette())
        fill = f"rgba({color.red()},{color.green()},{color.blue()},{60 if dark else 30})"
        edge = f"rgba({color.red()},{color.green()},{color.blue()},{230 if self._checked else 90})"
        width = 2 if self._checked else 1
        pad = 0 if self._checked else 1  # keeps the content still when the border thickens
        self.setStyleSheet(
            f"QFrame#statusTile {{ background: {fill}; border: {width}px solid {edge};"
            f" border-radius: 6px; margin: {pad}px; }}"
            " QFrame#statusTile QLabel { background: transparent; border: none; }"
        )

    def changeEvent(self, event: QEvent) -> None:
        # Setting a style sheet sends palette changes too: restyle only when the theme flipped.
        if (
            event.type() == QEvent.Type.PaletteChange
            and is_dark(QGuiApplication.palette()) != self._dark
        ):
            self._restyle()
        super().changeEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit(self.status)
        super().mouseReleaseEvent(event)


def _thin_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setTextVisible(False)
    bar.setFixedHeight(6)
    bar.setMinimumWidth(24)
    bar.setMaximumWidth(140)
    return bar


class FindingsSummaryView(QWidget):
    """Counts of the current review at a glance."""

    statusClicked = Signal(str)
    attentionClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = {status: _StatusTile(status) for status in TILE_STATUSES}
        tiles = QHBoxLayout()
        tiles.setSpacing(6)
        for tile in self.tiles.values():
            tile.clicked.connect(self.statusClicked)
            tiles.addWidget(tile)

        risk_icon = QLabel()
        risk_icon.setPixmap(status_icon(Mark.RISK, 14).pixmap(14, 14))
        self.risks_label = QLabel()
        self.risks_label.setTextFormat(Qt.TextFormat.RichText)
        self.coverage_label = QLabel()
        self.coverage_bar = _thin_bar()
        self.done_label = QLabel()
        self.done_bar = _thin_bar()

        # Two lines: the open risks, then coverage and progress side by side with their bars.
        facts = QGridLayout()
        facts.setHorizontalSpacing(8)
        facts.setVerticalSpacing(4)
        risks_row = QHBoxLayout()
        risks_row.setSpacing(5)
        risks_row.addWidget(risk_icon)
        risks_row.addWidget(self.risks_label, 1)
        # Issues first: how many findings still need the reviewer, one click to list them.
        self.attention_button = QPushButton()
        self.attention_button.setObjectName("attentionButton")
        self.attention_button.setCheckable(True)
        self.attention_button.setAutoDefault(False)
        self.attention_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.attention_button.setIcon(status_icon(Mark.RISK, 14))
        self.attention_button.setToolTip(
            "Missing required or recommended clauses, weak matches and risky findings you have "
            "not decided or ticked done, most severe first. F8 and Shift+F8 step through them."
        )
        self.attention_button.clicked.connect(lambda _=False: self.attentionClicked.emit())
        risks_row.addWidget(self.attention_button)
        facts.addLayout(risks_row, 0, 0, 1, 4)
        facts.addWidget(self.coverage_label, 1, 0)
        facts.addWidget(self.coverage_bar, 1, 1)
        facts.addWidget(self.done_label, 1, 2)
        facts.addWidget(self.done_bar, 1, 3)
        facts.setColumnStretch(1, 1)
        facts.setColumnStretch(3, 1)
        self.done_label.setContentsMargins(10, 0, 0, 0)  # apart from the coverage bar

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(tiles)
        layout.addLayout(facts)
        self.tally: Tally | None = None
        self.clear()

    def set_tally(self, tally: Tally) -> None:
        self.tally = tally
        for status, tile in self.tiles.items():
            tile.set_count(tally.statuses[status])
        r = tally.risks
        self.risks_label.setText(
            f"Risks: <b>High {r['high']}</b> · <b>Medium {r['medium']}</b> · <b>Low {r['low']}</b>"
            + (f" · To check {r['check']}" if r["check"] else "")
        )
        self.risks_label.setAccessibleName(
            f"Open risks: high {r['high']}, medium {r['medium']}, low {r['low']}"
            + (f"; {r['check']} to check" if r["check"] else "")
        )
        self.coverage_label.setText(
            f"Required present: <b>{tally.required_covered} of {tally.required_total}</b>"
        )
        self.coverage_label.setToolTip("Required clauses found present (after your decisions)")
        self.coverage_bar.setRange(0, max(1, tally.required_total))
        self.coverage_bar.setValue(tally.required_covered)
        self.done_label.setText(f"Reviewed: <b>{tally.reviewed} of {tally.total}</b>")
        self.done_label.setToolTip("Findings you have decided (Ctrl+0-4) or ticked done")
        self.done_bar.setRange(0, max(1, tally.total))
        self.done_bar.setValue(tally.reviewed)

    def clear(self) -> None:
        self.set_tally(
            Tally(
                dict.fromkeys(TILE_STATUSES, 0),
                dict.fromkeys(("high", "medium", "low", "check"), 0),
                0,
                0,
                0,
                0,
            )
        )
        self.tally = None
        self.set_attention_count(0)

    def set_attention_count(self, count: int) -> None:
        text = "Nothing needs attention" if count == 0 else f"{count} need attention"
        if count == 1:
            text = "1 needs attention"
        self.attention_button.setText(text)
        self.attention_button.setAccessibleName(f"Needs attention: {count}")

    def set_attention_checked(self, checked: bool) -> None:
        self.attention_button.setChecked(checked)

    def set_compact(self, compact: bool) -> None:
        """Single-line tiles, for a window too short for the usual ones (1366x768)."""
        for tile in self.tiles.values():
            tile.set_compact(compact)

    def set_checked_statuses(self, statuses: frozenset[str] | None) -> None:
        for status, tile in self.tiles.items():
            tile.set_checked(statuses is not None and status in statuses)
