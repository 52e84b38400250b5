"""The details panel's explanatory sections, built once and refilled for each finding shown.

Each section keeps its widgets; showing another finding changes texts and colours, and the
evidence blocks and risk cards come from pools that only grow (extra ones are hidden). Building
the sections anew for every finding cost 30-80 ms of widget creation, polishing and layout.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ito_desktop.core.findings import Evidence, Finding, RiskFlag
from ito_desktop.core.library.schema import Guidance, LibraryEntry
from ito_desktop.ui.details.details_cards import EvidenceBlock, RiskCard, location
from ito_desktop.ui.details.details_widgets import (
    QuoteBlock,
    bullet_list,
    bullets_html,
    heading,
    set_text,
    subheading,
    text_label,
)

__all__ = [
    "EvidenceSection",
    "GuidanceSection",
    "LookedForSection",
    "ReasonsSection",
    "RisksSection",
    "Section",
    "WhyItMattersSection",
    "location",
]

W = TypeVar("W", bound=QWidget)


class Section(QWidget):
    """A heading and the widgets below it; hidden when it has nothing to say."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(6)
        self.heading = heading(title)
        self.column.addWidget(self.heading)

    def set_title(self, title: str) -> None:
        set_text(self.heading, title)
        self.heading.setAccessibleName(title)


class _Pool(Generic[W]):
    """Widgets of one kind in a layout: the first ``n`` shown, the rest hidden for later."""

    def __init__(self, layout: QVBoxLayout, make: Callable[[int], W]) -> None:
        self._layout = layout
        self._make = make
        self.items: list[W] = []

    def take(self, count: int) -> list[W]:
        while len(self.items) < count:
            widget = self._make(len(self.items))
            self._layout.addWidget(widget)
            self.items.append(widget)
        for number, widget in enumerate(self.items):
            widget.setVisible(number < count)
        return self.items[:count]


class WhyItMattersSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Why it matters", parent)
        self.body = text_label()
        self.column.addWidget(self.body)

    def show_entry(self, entry: LibraryEntry) -> None:
        set_text(self.body, entry.description)
        self.setVisible(bool(entry.description))


class EvidenceSection(Section):
    def __init__(self, show: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__("Evidence", parent)
        self.blocks = _Pool(self.column, lambda number: EvidenceBlock(number, show))

    def show_evidence(self, evidence: Sequence[Evidence], accent: QColor) -> None:
        for block, item in zip(self.blocks.take(len(evidence)), evidence, strict=True):
            block.set_evidence(item, accent)
        self.setVisible(bool(evidence))


class ReasonsSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Why this status", parent)
        self.bullets = bullet_list()
        self.column.addWidget(self.bullets)

    def show_reasons(self, reasons: Sequence[str]) -> None:
        set_text(self.bullets, bullets_html(reasons))
        self.setVisible(bool(reasons))


class LookedForSection(Section):
    """For a missing clause: what the tool searched for and how close it came."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("What we looked for", parent)
        # Said first and plainly: nothing in the text is highlighted for this finding.
        self.not_found = text_label(
            "<b>Not found in this contract.</b> Nothing in the text is highlighted for it.",
            rich=True,
        )
        self.headings = text_label()
        self.terms = text_label()
        self.bullets = bullet_list()
        for widget in (self.not_found, self.headings, self.terms, self.bullets):
            self.column.addWidget(widget)

    def show_search(self, finding: Finding, entry: LibraryEntry) -> None:
        names = ", ".join(f"“{h}”" for h in entry.headings[:6])
        set_text(self.headings, f"Headings such as {names}." if names else "")
        self.headings.setVisible(bool(names))
        groups = ", ".join(" / ".join(g.terms[:3]).replace("*", "…") for g in entry.key_terms[:4])
        set_text(self.terms, f"Key terms: {groups}." if groups else "")
        self.terms.setVisible(bool(groups))
        set_text(self.bullets, bullets_html(finding.reason_texts))
        self.bullets.setVisible(bool(finding.reasons))
        self.setVisible(True)  # hidden while a finding with evidence was shown


class RisksSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Risks", parent)
        self.cards = _Pool(self.column, lambda _number: RiskCard())

    def show_risks(self, risks: Sequence[RiskFlag], accepted: bool) -> None:
        self.set_title("Risks (accepted by you)" if accepted else "Risks")
        for card, risk in zip(self.cards.take(len(risks)), risks, strict=True):
            card.set_risk(risk)
        self.setVisible(bool(risks))


class GuidanceSection(Section):
    """Preferred position, fallback and sample wording with a Copy button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Guidance", parent)
        self.preferred_heading = subheading("Preferred position")
        self.preferred = text_label()
        self.fallback_heading = subheading("Fallback")
        self.fallback = text_label()
        self.sample_heading = subheading("Sample wording")
        self.sample = QuoteBlock()
        self.sample.setAccessibleName("Sample wording")
        self.copy_button = QPushButton("Copy")
        self.copy_button.setObjectName("copySampleWording")
        self.copy_button.setToolTip("Copy the sample wording to the clipboard")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self._copy)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.copy_button)
        self.sample.layout_.addLayout(row)
        for widget in (
            self.preferred_heading,
            self.preferred,
            self.fallback_heading,
            self.fallback,
            self.sample_heading,
            self.sample,
        ):
            self.column.addWidget(widget)

    def show_guidance(self, guidance: Guidance, prominent: bool) -> None:
        self.set_title("Guidance — what to ask for" if prominent else "Guidance")
        pairs: tuple[tuple[QLabel, QWidget, str], ...] = (
            (self.preferred_heading, self.preferred, guidance.preferred),
            (self.fallback_heading, self.fallback, guidance.fallback),
            (self.sample_heading, self.sample, guidance.sample_wording),
        )
        for title, body, text in pairs:
            title.setVisible(bool(text))
            body.setVisible(bool(text))
        set_text(self.preferred, guidance.preferred)
        set_text(self.fallback, guidance.fallback)
        self.sample.set_text(guidance.sample_wording)
        self.copy_button.setText("Copy")
        self.setVisible(bool(guidance.preferred or guidance.fallback or guidance.sample_wording))

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.sample.text.text())
        self.copy_button.setText("Copied ✓")
        QTimer.singleShot(1500, self.copy_button, lambda: self.copy_button.setText("Copy"))
