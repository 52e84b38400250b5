"""The selected finding, and what follows it: Details, the review actions, the text and the page."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QStatusBar

from ito_desktop.core.model import SourceSpan
from ito_desktop.core.session import Decision
from ito_desktop.ui.details.details_panel import DetailsPanel
from ito_desktop.ui.document.document_view import DocumentView
from ito_desktop.ui.document.finding_highlights import jump_target
from ito_desktop.ui.findings.findings_panel import FindingsPanel
from ito_desktop.ui.page.page_view import PageRegion, PageView
from ito_desktop.ui.review.review_controller import ReviewController
from ito_desktop.ui.window.window_actions import WindowActions


class FindingSelection:
    """Keeps Details, the decision actions, the document and the PDF page on the finding the
    findings list has selected, and turns clicks in the text or on the page into selections.

    The list's current row is the selection: there is no second copy to fall out of step.
    """

    def __init__(
        self,
        controller: ReviewController,
        findings_panel: FindingsPanel,
        details_panel: DetailsPanel,
        document_view: DocumentView,
        page_view: PageView,
        commands: WindowActions,
        status: QStatusBar,
    ) -> None:
        self.controller = controller
        self.findings_panel = findings_panel
        self.details_panel = details_panel
        self.document_view = document_view
        self.page_view = page_view
        self.commands = commands
        self.status = status

    @property
    def selected(self) -> str | None:
        """The selected finding's library clause id: the findings list's current row.

        Details shows this finding and every decision, note and done tick (keys, menus, radio
        buttons) applies to it.
        """
        return self.findings_panel.current_clause_id()

    def current_changed(self, clause_id: str | None) -> None:
        """The list's current row changed: Details and the review actions follow it."""
        review = self.controller.review
        finding = review.finding(clause_id) if review and clause_id else None
        if finding is None:
            self.details_panel.clear()
            self.commands.done.setChecked(False)
        else:
            self.show_details(finding.clause_id)
        if finding is None or not finding.evidence:
            self._point_nowhere()
        self.enable_decisions()

    def enable_decisions(self) -> None:
        """Decisions and the done tick need a selected finding to apply to."""
        enabled = self.controller.review is not None and self.selected is not None
        for action in (*self.commands.decisions.values(), self.commands.done):
            action.setEnabled(enabled)

    def show_finding(self, clause_id: str) -> None:
        """Select a finding (list and Details) and show it in the document and on the page.

        A finding with open risks is shown at its most severe risky sentence, which is what
        the reviewer must read; any other at its first evidence.
        """
        review = self.controller.review
        finding = review.finding(clause_id) if review is not None else None
        if review is None or finding is None:
            return
        if self.findings_panel.reveal_finding(clause_id):
            target = jump_target(finding, review.item(clause_id), review.result.document)
            if target is not None:
                self.show_range(target.start, target.end, target.spans, target.label, target.kind)

    def step_issue(self, delta: int) -> None:
        """F8 / Shift+F8: the next (previous) finding that needs attention, as that view lists
        them; the status bar says so when nothing does."""
        panel = self.findings_panel
        stepped = panel.select_next_issue() if delta > 0 else panel.select_previous_issue()
        if not stepped and self.controller.review is not None:
            self.status.showMessage("Nothing needs attention: every issue has a decision.", 5000)

    def _point_nowhere(self) -> None:
        """A finding without evidence: nothing in the text or on the page may seem to be it."""
        self.document_view.clear_selection()
        self.page_view.clear_boxes()

    def show_evidence(self, index: int) -> None:
        """Scroll the document (and the PDF page) to the selected finding's evidence ``index``."""
        review = self.controller.review
        finding = review.finding(self.selected) if review and self.selected else None
        if review is None or finding is None or not 0 <= index < len(finding.evidence):
            return
        evidence = finding.evidence[index]
        label = f"{finding.title} · {evidence.clause_number or 'evidence'}"
        spans = evidence.spans(review.result.document)
        self.show_range(evidence.start, evidence.end, spans, label, None)

    def show_range(
        self, start: int, end: int, spans: Sequence[SourceSpan], label: str, kind: str | None
    ) -> None:
        """Select and flash ``[start, end)`` in the text; box ``spans`` (where that range was
        printed, one per page) on the PDF pages."""
        review = self.controller.review
        if review is None:
            return
        self.document_view.show_range(start, end)
        if review.result.document.has_pages:
            self.page_view.show_spans(spans, label, kind)

    def highlight_clicked(self, clause_id: str) -> None:
        """A highlight's label in the document was clicked: select its finding (no scrolling)."""
        if self.controller.review is not None and self.controller.review.finding(clause_id):
            self.findings_panel.reveal_finding(clause_id)

    def region_clicked(self, region: PageRegion) -> None:
        """A finding's box (or its name above the page) was clicked: select it right there."""
        review = self.controller.review
        if review is None or review.finding(region.clause_id) is None:
            return
        if self.findings_panel.reveal_finding(region.clause_id):
            self.show_range(region.start, region.end, region.spans, region.label, region.kind)

    def show_compared(self, clause_id: str, start: int, end: int) -> None:
        """A row of the comparison: select the finding and show the clause's new wording."""
        review = self.controller.review
        finding = review.finding(clause_id) if review is not None else None
        if review is None or finding is None or not self.findings_panel.reveal_finding(clause_id):
            return
        spans = review.result.document.spans(start, end)
        self.show_range(start, end, spans, f"{finding.title} · changed", None)

    def show_details(self, clause_id: str) -> None:
        review = self.controller.review
        finding = review.finding(clause_id) if review is not None else None
        if review is None or finding is None:
            return
        self.details_panel.show_finding(finding, review.result, review.item(clause_id))
        item = review.item(clause_id)
        self.commands.done.setChecked(bool(item and item.done))

    def decide(self, decision: Decision | None) -> None:
        if self.selected is not None:
            self.controller.set_decision(self.selected, decision)
            self.show_details(self.selected)

    def toggle_done(self, checked: bool) -> None:
        if self.selected is not None:
            self.controller.set_done(self.selected, checked)
            self.show_details(self.selected)

    def done_from_list(self, clause_id: str, done: bool) -> None:
        self.controller.set_done(clause_id, done)
        if clause_id == self.selected:  # the click selected the row too
            self.show_details(clause_id)
