"""Small building blocks of the details panel: headings, paragraphs, quote blocks, bullet lists."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ito_desktop.ui.highlight import is_dark

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | (
    Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def muted_color(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorGroup.Normal, QPalette.ColorRole.PlaceholderText)


def rgba(color: QColor, alpha: int) -> str:
    return f"rgba({color.red()},{color.green()},{color.blue()},{alpha})"


def text_label(text: str, *, rich: bool = False, selectable: bool = True) -> QLabel:
    """A wrapping label whose text a reviewer can select and copy."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(SELECTABLE)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def muted_label(text: str, *, rich: bool = False) -> QLabel:
    """Secondary text in the palette's muted colour (follows theme changes)."""
    label = text_label(text, rich=rich)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def heading(text: str) -> QLabel:
    """A section heading: bold, a little larger, with room above it."""
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.08)
    label.setFont(font)
    label.setContentsMargins(0, 10, 0, 0)
    label.setAccessibleName(text)
    return label


def subheading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 4, 0, 0)
    return label


def bullet_list(items: list[str] | tuple[str, ...]) -> QLabel:
    """Items as a bulleted list in one selectable label."""
    rows = "".join(
        f"<li style='margin-bottom:3px'>{html.escape(item, quote=False)}</li>" for item in items
    )
    label = text_label(f"<ul style='margin-left:-22px'>{rows}</ul>", rich=True)
    return label


class QuoteBlock(QFrame):
    """Quoted contract or model text: a tinted block with an accent bar on the left."""

    def __init__(self, text: str, accent: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quoteBlock")
        dark = is_dark(QGuiApplication.palette())
        self.setStyleSheet(
            f"QFrame#quoteBlock {{ background: {rgba(accent, 46 if dark else 20)};"
            f" border-left: 3px solid {accent.name()}; border-radius: 3px; }}"
            " QFrame#quoteBlock QLabel { background: transparent; }"
        )
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(10, 8, 10, 8)
        self.layout_.setSpacing(6)
        self.text = text_label(text)
        self.layout_.addWidget(self.text)

    def add(self, widget: QWidget) -> None:
        self.layout_.addWidget(widget)


class Card(QFrame):
    """A bordered group for one risk flag."""

    def __init__(self, accent: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(
            f"QFrame#card {{ border: 1px solid {rgba(accent, 140)}; border-radius: 6px;"
            f" background: {rgba(accent, 10)}; }}"
            " QFrame#card QLabel { border: none; background: transparent; }"
        )
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(10, 8, 10, 10)
        self.layout_.setSpacing(6)

    def add(self, widget: QWidget) -> None:
        self.layout_.addWidget(widget)
