"""The details dock: why a finding has its status, its risks, guidance and the review controls."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.effective import (
    EffectiveStatus,
    accepted_risks,
    effective_status,
    open_risks,
)
from ito_desktop.core.findings import Finding
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import Decision, FindingReview
from ito_desktop.ui.common.highlight import Mark, status_color, status_icon
from ito_desktop.ui.details.details_review import ReviewControlsView
from ito_desktop.ui.details.details_sections import (
    EvidenceSection,
    GuidanceSection,
    LookedForSection,
    ReasonsSection,
    RisksSection,
    WhyItMattersSection,
)
from ito_desktop.ui.details.details_widgets import Pill, muted_label, set_text, text_label


class _ContentWidget(QWidget):
    """The scrolled content; its height comes from heightForWidth alone.

    Wrapped labels report minimum heights measured at a narrow width, which would leave a tall
    blank area below the content; the scroll area asks heightForWidth at the real width instead.
    The minimum width is measured once per finding shown: measuring it means measuring every
    label, and the scroll area and layouts ask for it several times per change.
    """

    def __init__(self) -> None:
        super().__init__()
        self._min_width: int | None = None

    def forget_minimum(self) -> None:
        self._min_width = None

    def minimumSizeHint(self) -> QSize:
        if self._min_width is None:
            self._min_width = super().minimumSizeHint().width()
        return QSize(self._min_width, 0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._min_width = None
        super().changeEvent(event)


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

        self.category_label = muted_label("")
        self.remaining_label = muted_label("")
        self.remaining_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.remaining_label.setWordWrap(False)
        self.top_row = top_row = QWidget()
        top_layout = QHBoxLayout(top_row)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.category_label, 1)
        top_layout.addWidget(self.remaining_label)
        self.title_label = text_label("")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title_label.setFont(font)
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        self.status_icon = QLabel()
        self.facts_label = muted_label("")
        # One line, cut short if need be: a wider badge (another decision) must not make it
        # wrap and push the review controls below it down.
        self.facts_label.setWordWrap(False)
        self.facts_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.decision_label = muted_label("")

        badge_row = QHBoxLayout()
        badge_row.setSpacing(8)
        self.badge = Pill(status_color(EffectiveStatus.PRESENT))
        self.badge.add(self.status_icon)
        self.badge.add(self.status_badge)
        badge_row.addWidget(self.badge)
        # "Risk accepted" beside the status: the list, Details and the exports all say it.
        self.accepted_badge = Pill(status_color(Mark.ACCEPTED))
        self.accepted_badge.setAccessibleName(Decision.RISK_ACCEPTED.label)
        accepted_icon = QLabel()
        accepted_icon.setPixmap(status_icon(Mark.ACCEPTED, 16).pixmap(16, 16))
        self.accepted_badge.add(accepted_icon)
        self.accepted_badge.add(QLabel(f"<b>{Decision.RISK_ACCEPTED.label}</b>"))
        self.accepted_badge.hide()
        badge_row.addWidget(self.accepted_badge)
        badge_row.addWidget(self.facts_label, 1)

        # Built once; show_finding refills them, and orders them for the finding's status.
        self.why = WhyItMattersSection()
        self.looked_for = LookedForSection()
        self.evidence = EvidenceSection(self.showEvidence.emit)
        self.reasons = ReasonsSection()
        self.risks = RisksSection()
        self.guidance = GuidanceSection()
        self.sections = QWidget()
        self.sections_layout = QVBoxLayout(self.sections)
        self.sections_layout.setContentsMargins(0, 0, 0, 0)
        self.sections_layout.setSpacing(6)
        self._order: tuple[QWidget, ...] = (
            self.why,
            self.looked_for,
            self.evidence,
            self.reasons,
            self.risks,
            self.guidance,
        )
        for section in self._order:
            self.sections_layout.addWidget(section)

        self.review = ReviewControlsView()
        self.review.decisionChanged.connect(self.decisionChanged)
        self.review.decisionChanged.connect(self._decision_made)  # after the caller's slots
        self.review.noteChanged.connect(self.noteChanged)
        self.review.doneChanged.connect(self.doneChanged)

        self.placeholder = muted_label("Select a finding to see why it has its status.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.content_widget = _ContentWidget()
        self.content_widget.setObjectName("detailsContent")
        self.content_layout = content = QVBoxLayout(self.content_widget)
        content.setContentsMargins(12, 10, 12, 14)
        content.setSpacing(6)
        # The review controls come first, right under the finding's name and status: nothing
        # above them changes height when a decision is made, so they never move under the
        # mouse (the sentence about the decision goes below them).
        content.addWidget(top_row)
        content.addWidget(self.title_label)
        content.addLayout(badge_row)
        content.addWidget(self.review)
        content.addWidget(self.decision_label)
        content.addSpacing(4)
        content.addWidget(_rule())
        content.addWidget(self.sections)
        content.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # With the bar shown as needed, QScrollArea measures the content at up to 14 trial
        # widths on every change to decide whether the bar fits; the details are nearly
        # always taller than their dock, so the bar simply stays.
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
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
        # One repaint and one layout pass for the whole change, not one per label.
        self.setUpdatesEnabled(False)
        try:
            self._render(keep_scroll=same)
            self.review.show_item(finding.clause_id, item)
            self.placeholder.hide()
            self.scroll_area.show()
        finally:
            self.setUpdatesEnabled(True)

    def clear(self) -> None:
        self.review.clear()
        self.finding = None
        self._shown = None
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

    def set_compact(self, compact: bool) -> None:
        """Tighter spacing and a two-line note box for a short window (1366x768)."""
        # The category is the list's group heading and the count is in the findings' summary:
        # on a short screen their line goes to the explanation instead.
        self.top_row.setVisible(not compact)
        self.content_layout.setContentsMargins(12, 6 if compact else 10, 12, 14)
        self.content_layout.setSpacing(4 if compact else 6)
        self.review.set_note_lines(2 if compact else 3)

    def flush_note(self) -> None:
        """Emit a note still waiting for its debounce (call before saving or closing)."""
        self.review.flush_note()

    # --- internals ---------------------------------------------------------------------------
    def _render(self, keep_scroll: bool) -> None:
        if self._shown is None:
            return
        finding, result, item = self._shown
        bar = self.scroll_area.verticalScrollBar()
        scroll_to = bar.value() if keep_scroll else 0
        entry = result.library.entry(finding.clause_id)
        status = effective_status(finding, item)
        accepted = bool(finding.risks) and not open_risks(finding, item)
        self._show_header(finding, status, item)
        self.accepted_badge.setVisible(bool(accepted_risks(finding, item)))
        # Showing a widget inside a visible window lays out every ancestor at once; with the
        # sections hidden, the widgets they show and hide cost one layout pass, when they
        # come back.
        focus = QApplication.focusWidget()
        self.sections.hide()
        self.content_widget.forget_minimum()
        self.why.show_entry(entry)
        self.risks.show_risks(finding.risks, accepted)
        if not finding.evidence:
            self.looked_for.show_search(finding, entry)
            self.guidance.show_guidance(entry.guidance, prominent=True)
            self._arrange((self.looked_for, self.guidance, self.why, self.risks))
        else:
            self.evidence.show_evidence(finding.evidence, status_color(status))
            self.reasons.show_reasons(finding.reason_texts)
            self.guidance.show_guidance(entry.guidance, prominent=status == EffectiveStatus.MISSING)
            self._arrange((self.why, self.evidence, self.reasons, self.risks, self.guidance))
        # A new text invalidates only the layout holding its label; the cached heights of the
        # blocks and sections around it would otherwise stay until a later turn re-lays
        # them out (leaving quotes cut short), so invalidate every container now.
        for container in self.sections.findChildren(QWidget):
            if container.layout() is not None:
                container.updateGeometry()
        self.sections.show()
        if focus is not None and focus is not QApplication.focusWidget() and focus.isVisible():
            focus.setFocus()  # hiding the sections moved the focus out of them
        bar.setValue(scroll_to)
        # The sections are laid out again on the next event-loop turn; scroll after that too.
        QTimer.singleShot(0, bar, lambda: bar.setValue(scroll_to))

    def _arrange(self, order: tuple[QWidget, ...]) -> None:
        """Put the sections in ``order`` (a missing clause leads with what to ask for)."""
        if order == self._order:
            return
        for section in self._order:
            if section not in order:
                section.hide()
        # removeWidget deletes the old layout items; items taken with takeAt() and dropped
        # stay registered with their widgets, and the new ones' size caches then never
        # hear of a change (sections kept stale heights and cut their texts short).
        for section in order:
            self.sections_layout.removeWidget(section)
        for number, section in enumerate(order):
            self.sections_layout.insertWidget(number, section)
        self._order = order

    def _decision_made(self, clause_id: str, decision: Decision | None) -> None:
        if self._shown is None or self._shown[0].clause_id != clause_id:
            return
        finding, result, item = self._shown
        item = replace(item, decision=decision) if item else FindingReview(clause_id, decision)
        self._shown = (finding, result, item)
        self.setUpdatesEnabled(False)
        try:
            self._render(keep_scroll=True)
        finally:
            self.setUpdatesEnabled(True)

    def _show_header(
        self, finding: Finding, status: EffectiveStatus, item: FindingReview | None
    ) -> None:
        set_text(self.title_label, finding.title)
        word = status.label
        if self.badge.accessibleName() != f"Status: {word}":
            self.status_icon.setPixmap(status_icon(status, 16).pixmap(16, 16))
            self.status_badge.setText(f"<b>{word}</b>")
            self.badge.set_accent(status_color(status))
            self.badge.setAccessibleName(f"Status: {word}")
        importance = IMPORTANCE_WORDS.get(finding.importance.value, finding.importance.value)
        set_text(self.category_label, finding.category_title)
        set_text(self.facts_label, f"Score {finding.score:.2f} · {importance} clause")
        self.facts_label.setToolTip(self.facts_label.text())
        decision = item.decision if item else None
        if decision is None:
            self.decision_label.hide()
        else:
            tool = finding.status.label
            if decision is Decision.RISK_ACCEPTED:
                text = f"You accepted the risks of this clause (the tool found it {tool.lower()})."
            else:
                text = f"Your decision: {word} (the tool said {tool})."
            set_text(self.decision_label, text)
            self.decision_label.show()


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
