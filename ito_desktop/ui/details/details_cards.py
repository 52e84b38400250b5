"""Reusable blocks of the details panel: one evidence quote, one risk flag card."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ito_desktop.core.findings import Evidence, RiskFlag
from ito_desktop.core.rules.wording import value_sentences
from ito_desktop.ui.common.highlight import Mark, status_color, status_icon
from ito_desktop.ui.details.details_widgets import (
    Card,
    QuoteBlock,
    muted_label,
    set_text,
    text_label,
)

OCR_NOTE = "read by OCR: check the quote against the page image"


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


def shown_quote(text: str) -> str:
    """The evidence as shown: a piece of a very long sentence (the matcher cuts those at a
    comma) ends with "…", so nobody takes it for the whole sentence."""
    stripped = text.rstrip()
    return stripped + "\u2009\u2026" if stripped.endswith(",") else text


class EvidenceBlock(QuoteBlock):
    """The quote of evidence ``number``, where it is, and a link that shows it in the document."""

    def __init__(self, number: int, show: Callable[[int], None]) -> None:
        super().__init__()
        self.setAccessibleName(f"Evidence {number + 1}")
        self.where = muted_label()
        link = QPushButton("Show in document")
        link.setFlat(True)
        link.setCursor(Qt.CursorShape.PointingHandCursor)
        link.setObjectName("showEvidence")
        link.setStyleSheet(  # set once per pooled block, never per finding
            "QPushButton#showEvidence { color: palette(link); border: none; padding: 0 2px; }"
            " QPushButton#showEvidence:hover { text-decoration: underline; }"
        )
        link.setToolTip("Scroll the document to this passage and select it")
        link.clicked.connect(lambda: show(number))
        self.link = link
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.where, 1)
        row.addWidget(link, 0, Qt.AlignmentFlag.AlignRight)
        self.layout_.addLayout(row)

    def set_evidence(self, evidence: Evidence, accent: QColor) -> None:
        self.set_text(shown_quote(evidence.text))
        where = location(evidence.clause_number, evidence.page)
        if evidence.ocr:  # the wording was recognised from a page image and may be misread
            where += f" · {OCR_NOTE}"
        set_text(self.where, where)
        self.set_accent(accent)


class RiskCard(Card):
    """One risk flag: severity (as a word), where, message, quote, values, recommendation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        accent = status_color(Mark.RISK)
        super().__init__(accent, parent)
        icon = QLabel()
        icon.setPixmap(status_icon(Mark.RISK, 16).pixmap(16, 16))
        self.severity = QLabel()
        self.where = muted_label()
        self.where.setWordWrap(False)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(icon)
        top.addWidget(self.severity)
        top.addStretch(1)
        top.addWidget(self.where)
        self.layout_.addLayout(top)
        self.message = text_label()
        self.quote = QuoteBlock(accent=accent)
        self.values = text_label(rich=True)
        # where an absence was checked, and what elsewhere in the contract lowered the risk
        self.context = text_label(rich=True)
        self.recommendation = text_label(rich=True)
        for widget in (self.message, self.quote, self.values, self.context, self.recommendation):
            self.add(widget)

    def set_risk(self, risk: RiskFlag) -> None:
        # a "check" flag comes from a rule too often wrong to be called a risk
        severity = risk.severity
        label = f"{severity.label} risk" if severity.is_risk else "To check (not a risk)"
        set_text(self.severity, f"<b>{label}</b>")
        self.setAccessibleName(label)
        known = bool(risk.clause_number) or risk.page is not None
        where = location(risk.clause_number, risk.page) if known else ""
        set_text(self.where, where)
        self.where.setVisible(bool(where))
        set_text(self.message, risk.message)
        quoted = "\n\n".join(q.text for q in risk.quotes) if risk.quotes else risk.text
        self.quote.set_text(quoted)
        self.quote.setVisible(bool(quoted))
        values = "<br>".join(
            html.escape(sentence, quote=False)
            for sentence in value_sentences(risk.values, risk.limits)
        )
        set_text(self.values, values)
        self.values.setVisible(bool(values))
        context = []
        if risk.looked_in:
            context.append(f"<b>Looked for it in:</b> {html.escape(risk.looked_in, quote=False)}")
        if risk.mitigation:
            # a "check" is already below every risk: the note says why it matters less
            lead = "Lowered" if risk.severity.is_risk else "Mitigated"
            context.append(f"<b>{lead}:</b> {html.escape(risk.mitigation, quote=False)}")
        set_text(self.context, "<br>".join(context))
        self.context.setVisible(bool(context))
        advice = html.escape(risk.recommendation, quote=False)
        set_text(self.recommendation, f"<b>Recommendation:</b> {advice}" if advice else "")
        self.recommendation.setVisible(bool(advice))
