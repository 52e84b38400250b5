"""Builders for the details panel's explanatory sections: evidence, reasons, risks, guidance."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ito_desktop.core.findings import Evidence, Finding, RiskFlag
from ito_desktop.core.library.schema import Guidance, LibraryEntry
from ito_desktop.ui.details_widgets import (
    Card,
    QuoteBlock,
    bullet_list,
    heading,
    muted_color,
    muted_label,
    subheading,
    text_label,
)
from ito_desktop.ui.highlight import status_color, status_icon

SEVERITY_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}


def location(clause_number: str, page: int | None) -> str:
    """ "Clause 17.2 · page 14", or as much of it as is known."""
    parts = []
    if clause_number:
        prefix = (
            ""
            if clause_number.lower().startswith(("schedule", "annex", "appendix"))
            else ("Clause ")
        )
        parts.append(f"{prefix}{clause_number}")
    if page is not None:
        parts.append(f"page {page}")
    return " · ".join(parts) or "Unnumbered text"


def why_it_matters(entry: LibraryEntry) -> list[QWidget]:
    return [heading("Why it matters"), text_label(entry.description)]


def evidence_section(finding: Finding, status: str, show: Callable[[int], None]) -> list[QWidget]:
    widgets: list[QWidget] = [heading("Evidence")]
    for number, evidence in enumerate(finding.evidence):
        widgets.append(_evidence_block(number, evidence, status, show))
    return widgets


def _evidence_block(
    number: int, evidence: Evidence, status: str, show: Callable[[int], None]
) -> QuoteBlock:
    block = QuoteBlock(evidence.text, status_color(status))
    block.setAccessibleName(f"Evidence {number + 1}")
    where = muted_label(location(evidence.clause_number, evidence.page))
    link = QPushButton("Show in document")
    link.setFlat(True)
    link.setCursor(Qt.CursorShape.PointingHandCursor)
    link.setObjectName("showEvidence")
    link.setStyleSheet(
        "QPushButton#showEvidence { color: palette(link); border: none; padding: 0 2px; }"
        " QPushButton#showEvidence:hover { text-decoration: underline; }"
    )
    link.setToolTip("Scroll the document to this passage and select it")
    link.clicked.connect(lambda: show(number))
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(where, 1)
    row.addWidget(link, 0, Qt.AlignmentFlag.AlignRight)
    holder = QWidget()
    holder.setLayout(row)
    block.add(holder)
    return block


def reasons_section(finding: Finding, title: str) -> list[QWidget]:
    if not finding.reasons:
        return []
    return [heading(title), bullet_list(finding.reasons)]


def looked_for_section(finding: Finding, entry: LibraryEntry) -> list[QWidget]:
    """For a missing clause: what the tool searched for and how close it came."""
    widgets: list[QWidget] = [heading("What we looked for")]
    if entry.headings:
        names = ", ".join(f"“{h}”" for h in entry.headings[:6])
        widgets.append(text_label(f"Headings such as {names}."))
    if entry.key_terms:
        groups = ", ".join(" / ".join(g.terms[:3]).replace("*", "…") for g in entry.key_terms[:4])
        widgets.append(text_label(f"Key terms: {groups}."))
    if finding.reasons:
        widgets.append(bullet_list(finding.reasons))
    return widgets


def risks_section(risks: tuple[RiskFlag, ...], accepted: bool) -> list[QWidget]:
    if not risks:
        return []
    title = "Risks (accepted by you)" if accepted else "Risks"
    return [heading(title), *(_risk_card(risk) for risk in risks)]


def _risk_card(risk: RiskFlag) -> Card:
    accent = status_color("risk")
    card = Card(accent)
    card.setAccessibleName(f"{SEVERITY_WORDS[risk.severity.value]} risk")
    top = QHBoxLayout()
    top.setContentsMargins(0, 0, 0, 0)
    top.setSpacing(6)
    icon = QLabel()
    icon.setPixmap(status_icon("risk", 16).pixmap(16, 16))
    severity = QLabel(f"<b>{SEVERITY_WORDS[risk.severity.value]} risk</b>")
    top.addWidget(icon)
    top.addWidget(severity)
    top.addStretch(1)
    if risk.clause_number or risk.page is not None:
        top.addWidget(muted_label(location(risk.clause_number, risk.page)))
    holder = QWidget()
    holder.setLayout(top)
    card.add(holder)
    card.add(text_label(risk.message))
    if risk.text:
        card.add(QuoteBlock(risk.text, accent))
    if risk.values:
        values = " · ".join(
            f"<code>{html.escape(name, quote=False)} = {value:g}</code>"
            for name, value in risk.values.items()
        )
        card.add(text_label(f"Found: {values}", rich=True))
    if risk.recommendation:
        card.add(
            text_label(
                f"<b>Recommendation:</b> {html.escape(risk.recommendation, quote=False)}", rich=True
            )
        )
    return card


def guidance_section(guidance: Guidance, prominent: bool = False) -> list[QWidget]:
    if not (guidance.preferred or guidance.fallback or guidance.sample_wording):
        return []
    widgets: list[QWidget] = [heading("Guidance — what to ask for" if prominent else "Guidance")]
    if guidance.preferred:
        widgets += [subheading("Preferred position"), text_label(guidance.preferred)]
    if guidance.fallback:
        widgets += [subheading("Fallback"), text_label(guidance.fallback)]
    if guidance.sample_wording:
        widgets.append(subheading("Sample wording"))
        block = QuoteBlock(guidance.sample_wording, muted_color(widgets[0]))
        block.setAccessibleName("Sample wording")
        block.add(_copy_row(guidance.sample_wording))
        widgets.append(block)
    return widgets


def _copy_row(text: str) -> QWidget:
    button = QPushButton("Copy")
    button.setObjectName("copySampleWording")
    button.setToolTip("Copy the sample wording to the clipboard")
    button.setAutoDefault(False)

    def copy() -> None:
        QGuiApplication.clipboard().setText(text)
        button.setText("Copied ✓")
        QTimer.singleShot(1500, button, lambda: button.setText("Copy"))

    button.clicked.connect(copy)
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    row.addWidget(button)
    return holder
