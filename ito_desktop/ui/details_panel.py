"""The details dock: why a finding has its status, its risks, guidance and the review controls."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.effective import effective_status, open_risks
from ito_desktop.core.findings import Finding
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import Decision, FindingReview
from ito_desktop.ui.details_review import ReviewControlsView
from ito_desktop.ui.details_sections import (
    evidence_section,
    guidance_section,
    looked_for_section,
    reasons_section,
    risks_section,
    why_it_matters,
)
from ito_desktop.ui.details_widgets import muted_label, rgba, text_label
from ito_desktop.ui.highlight import STATUS_WORDS, is_dark, status_color, status_icon


class _ContentWidget(QWidget):
    """The scrolled content; its height comes from heightForWidth alone.

    Wrapped labels report minimum heights measured at a narrow width, which would leave a tall
    blank area below the content; the scroll area asks heightForWidth at the real width instead.
    """

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), 0)


IMPORTANCE_WORDS = {"required": "Required", "recommended": "Recommended", "optional": "Optional"}


class DetailsPanel(QWidget):
    """Explains one finding and records the reviewer's decision, note and done tick."""

    decisionChanged = Signal(str, object)  # clause id, Decision | None
    noteChanged = Signal(str, str)
    doneChanged = Signal(str, bool)
    showEvidence = Signal(int)  # index into the shown finding's evidence

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPanel")
        self.finding: Finding | None = None
        self._shown: tuple[Finding, ReviewResult, FindingReview | None] | None = None
        self._dark = is_dark(QGuiApplication.palette())

        self.category_label = muted_label("")
        self.remaining_label = muted_label("")
        self.remaining_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.remaining_label.setWordWrap(False)
        top_row = QHBoxLayout()
        top_row.addWidget(self.category_label, 1)
        top_row.addWidget(self.remaining_label)
        self.title_label = text_label("")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title_label.setFont(font)
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        self.status_icon = QLabel()
        self.facts_label = muted_label("")
        self.decision_label = muted_label("")

        badge_row = QHBoxLayout()
        badge_row.setSpacing(8)
        badge = QFrame()
        badge.setObjectName("badgeFrame")
        inner = QHBoxLayout(badge)
        inner.setContentsMargins(6, 2, 8, 2)
        inner.setSpacing(5)
        inner.addWidget(self.status_icon)
        inner.addWidget(self.status_badge)
        self.badge = badge
        badge_row.addWidget(badge)
        badge_row.addWidget(self.facts_label, 1)

        self.sections = QWidget()
        self.sections_layout = QVBoxLayout(self.sections)
        self.sections_layout.setContentsMargins(0, 0, 0, 0)
        self.sections_layout.setSpacing(6)

        self.review = ReviewControlsView()
        self.review.decisionChanged.connect(self.decisionChanged)
        self.review.decisionChanged.connect(self._decision_made)  # after the caller's slots
        self.review.noteChanged.connect(self.noteChanged)
        self.review.doneChanged.connect(self.doneChanged)

        self.placeholder = muted_label("Select a finding to see why it has its status.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.content_widget = _ContentWidget()
        self.content_widget.setObjectName("detailsContent")
        content = QVBoxLayout(self.content_widget)
        content.setContentsMargins(12, 10, 12, 14)
        content.setSpacing(6)
        content.addLayout(top_row)
        content.addWidget(self.title_label)
        content.addLayout(badge_row)
        content.addWidget(self.decision_label)
        content.addSpacing(4)
        content.addWidget(_rule())
        content.addWidget(self.sections)
        content.addSpacing(6)
        content.addWidget(self.review)
        content.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.content_widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.scroll_area)
        self.clear()

    # --- public API ------------------------------------------------------------------------
    def show_finding(
        self, finding: Finding, result: ReviewResult, item: FindingReview | None
    ) -> None:
        same = self.finding is not None and self.finding.clause_id == finding.clause_id
        self.finding = finding
        # A copy: the panel re-renders itself on the reviewer's decision before the caller does.
        self._shown = (finding, result, replace(item) if item is not None else None)
        self._render(keep_scroll=same)
        self.review.show_item(finding.clause_id, item)
        self.placeholder.hide()
        self.scroll_area.show()

    def clear(self) -> None:
        self.review.clear()
        self.finding = None
        self._shown = None
        self._clear_sections()
        self.scroll_area.hide()
        self.placeholder.show()

    def set_remaining(self, remaining: int, total: int) -> None:
        """Header count of findings not yet ticked done."""
        if total <= 0:
            self.remaining_label.setText("")
        elif remaining == 0:
            self.remaining_label.setText(f"All {total} findings reviewed ✓")
        else:
            self.remaining_label.setText(f"{remaining} of {total} still to review")

    def flush_note(self) -> None:
        """Emit a note still waiting for its debounce (call before saving or closing)."""
        self.review.flush_note()

    def changeEvent(self, event: QEvent) -> None:
        # Tinted blocks compute their colours from the palette: rebuild them for a new theme.
        if (
            event.type() == QEvent.Type.PaletteChange
            and is_dark(QGuiApplication.palette()) != self._dark
        ):
            self._dark = is_dark(QGuiApplication.palette())
            self._render(keep_scroll=True)
        super().changeEvent(event)

    # --- internals ---------------------------------------------------------------------------
    def _render(self, keep_scroll: bool) -> None:
        if self._shown is None:
            return
        finding, result, item = self._shown
        scroll_to = self.scroll_area.verticalScrollBar().value() if keep_scroll else 0
        entry = result.library.entry(finding.clause_id)
        status = effective_status(finding, item)
        accepted = bool(finding.risks) and not open_risks(finding, item)
        self._show_header(finding, status, item)
        self._clear_sections()
        widgets: list[QWidget] = []
        if not finding.evidence:
            widgets += looked_for_section(finding, entry)
            widgets += guidance_section(entry.guidance, prominent=True)
            widgets += why_it_matters(entry)
            widgets += risks_section(finding.risks, accepted)
        else:
            widgets += why_it_matters(entry)
            widgets += evidence_section(finding, status, self.showEvidence.emit)
            widgets += reasons_section(finding, "Why this status")
            widgets += risks_section(finding.risks, accepted)
            widgets += guidance_section(entry.guidance, prominent=status == "missing")
        for widget in widgets:
            self.sections_layout.addWidget(widget)
        # The new sections are laid out on the next event-loop turn; restore the scroll after.
        bar = self.scroll_area.verticalScrollBar()
        QTimer.singleShot(0, bar, lambda: bar.setValue(scroll_to))

    def _decision_made(self, clause_id: str, decision: Decision | None) -> None:
        if self._shown is None or self._shown[0].clause_id != clause_id:
            return
        finding, result, item = self._shown
        item = replace(item, decision=decision) if item else FindingReview(clause_id, decision)
        self._shown = (finding, result, item)
        self._render(keep_scroll=True)

    def _show_header(self, finding: Finding, status: str, item: FindingReview | None) -> None:
        self.title_label.setText(finding.title)
        self.status_icon.setPixmap(status_icon(status, 16).pixmap(16, 16))
        self.status_badge.setText(f"<b>{STATUS_WORDS[status]}</b>")
        color = status_color(status)
        alpha = 60 if is_dark(QGuiApplication.palette()) else 30
        self.badge.setStyleSheet(
            f"QFrame#badgeFrame {{ background: {rgba(color, alpha)};"
            f" border: 1px solid {rgba(color, 150)}; border-radius: 10px; }}"
            " QFrame#badgeFrame QLabel { background: transparent; border: none; }"
        )
        self.badge.setAccessibleName(f"Status: {STATUS_WORDS[status]}")
        importance = IMPORTANCE_WORDS.get(finding.importance.value, finding.importance.value)
        self.category_label.setText(finding.category_title)
        self.facts_label.setText(f"Score {finding.score:.2f} · {importance} clause")
        decision = item.decision if item else None
        if decision is None:
            self.decision_label.hide()
        else:
            tool = STATUS_WORDS[finding.status.value]
            if decision is Decision.RISK_ACCEPTED:
                text = f"You accepted the risks of this clause (the tool found it {tool.lower()})."
            else:
                text = f"Your decision: {STATUS_WORDS[status]} (the tool said {tool})."
            self.decision_label.setText(text)
            self.decision_label.show()

    def _clear_sections(self) -> None:
        while (child := self.sections_layout.takeAt(0)) is not None:
            widget = child.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
