"""Small building blocks of the details panel: headings, paragraphs, quote blocks, cards, pills.

The tinted blocks paint themselves from an accent colour and the palette instead of carrying a
style sheet: a per-widget style sheet is re-polished (with all its children) whenever it is set,
which made every finding shown cost tens of milliseconds, and painting follows theme changes.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.ui.common.highlight import is_dark

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | (
    Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def muted_color(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorGroup.Normal, QPalette.ColorRole.PlaceholderText)


def rgba(color: QColor, alpha: int) -> str:
    return f"rgba({color.red()},{color.green()},{color.blue()},{alpha})"


def with_alpha(color: QColor, alpha: int) -> QColor:
    tinted = QColor(color)
    tinted.setAlpha(alpha)
    return tinted


class WrapLabel(QLabel):
    """A word-wrapped label that is cheap to measure.

    QLabel lays its text out afresh for every height-for-width question (twice, when it has a
    text control), and the layouts above it ask the same few widths many times per change;
    the size hints of wrapped text are also found by laying it out at trial widths. This one
    remembers its heights until its text or font changes, and answers the size hints from
    font metrics: in the panel's column, heights always come from heightForWidth.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}

    def setText(self, text: str) -> None:
        self._heights.clear()
        super().setText(text)

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:
        self._heights.clear()
        super().setTextFormat(text_format)

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) > 8:
                self._heights.clear()
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setWordWrap(self, on: bool) -> None:
        self._heights.clear()
        super().setWordWrap(on)

    def minimumSizeHint(self) -> QSize:
        if not self.wordWrap():
            return super().minimumSizeHint()
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        return QSize(
            metrics.averageCharWidth() * 8 + margins.left() + margins.right(),
            metrics.height() + margins.top() + margins.bottom(),
        )

    def sizeHint(self) -> QSize:
        if not self.wordWrap():
            return super().sizeHint()
        width = self.fontMetrics().averageCharWidth() * 40
        return QSize(width, self.heightForWidth(width))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)


def text_label(text: str = "", *, rich: bool = False, selectable: bool = True) -> QLabel:
    """A wrapping label whose text a reviewer can select and copy."""
    label = WrapLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(SELECTABLE)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def muted_label(text: str = "", *, rich: bool = False) -> QLabel:
    """Secondary text in the palette's muted colour (follows theme changes)."""
    label = text_label(text, rich=rich)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def set_text(label: QLabel, text: str) -> None:
    """Change a label's text only when it differs (a new text re-lays out its parent)."""
    if label.text() != text:
        label.setText(text)


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


def bullets_html(items: Sequence[str]) -> str:
    rows = "".join(
        f"<li style='margin-bottom:3px'>{html.escape(item, quote=False)}</li>" for item in items
    )
    return f"<ul style='margin-left:-22px'>{rows}</ul>"


def bullet_list(items: Sequence[str] = ()) -> QLabel:
    """Items as a bulleted list in one selectable label (``set_text(label, bullets_html(…))``)."""
    return text_label(bullets_html(items), rich=True)


AccentSource = QColor | Callable[[QWidget], QColor]


class _TintedFrame(QFrame):
    """A frame with a vertical layout whose background is painted from an accent colour."""

    def __init__(
        self, accent: AccentSource, parent: QWidget | None = None, *, horizontal: bool = False
    ) -> None:
        super().__init__(parent)
        self._accent = accent
        self.layout_: QBoxLayout = QHBoxLayout(self) if horizontal else QVBoxLayout(self)
        self.layout_.setSpacing(6)

    def accent(self) -> QColor:
        return QColor(self._accent(self) if callable(self._accent) else self._accent)

    def set_accent(self, accent: QColor) -> None:
        if callable(self._accent) or accent != self._accent:
            self._accent = QColor(accent)
            self.update()

    def add(self, widget: QWidget) -> None:
        self.layout_.addWidget(widget)


class QuoteBlock(_TintedFrame):
    """Quoted contract or model text: a tinted block with an accent bar on the left."""

    BAR = 3

    def __init__(
        self, text: str = "", accent: AccentSource = muted_color, parent: QWidget | None = None
    ) -> None:
        super().__init__(accent, parent)
        self.setObjectName("quoteBlock")
        self.layout_.setContentsMargins(10 + self.BAR, 8, 10, 8)
        self.text = text_label(text)
        self.layout_.addWidget(self.text)

    def set_text(self, text: str) -> None:
        set_text(self.text, text)

    def paintEvent(self, event: QPaintEvent) -> None:
        accent = self.accent()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(self.rect()), 3, 3)
        painter.setClipPath(path)
        painter.fillRect(self.rect(), with_alpha(accent, 46 if is_dark(self.palette()) else 20))
        painter.fillRect(0, 0, self.BAR, self.height(), accent)


class Card(_TintedFrame):
    """A bordered, faintly tinted group (one risk flag)."""

    def __init__(self, accent: AccentSource, parent: QWidget | None = None) -> None:
        super().__init__(accent, parent)
        self.setObjectName("card")
        self.layout_.setContentsMargins(11, 9, 11, 11)

    def paintEvent(self, event: QPaintEvent) -> None:
        accent = self.accent()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(with_alpha(accent, 140), 1))
        painter.setBrush(with_alpha(accent, 10))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)


class Pill(_TintedFrame):
    """A rounded badge (the status of the finding shown) with a tinted fill and outline."""

    def __init__(self, accent: AccentSource, parent: QWidget | None = None) -> None:
        super().__init__(accent, parent, horizontal=True)
        self.setObjectName("badgeFrame")
        self.layout_.setContentsMargins(6, 2, 8, 2)
        self.layout_.setSpacing(5)

    def paintEvent(self, event: QPaintEvent) -> None:
        accent = self.accent()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(with_alpha(accent, 150), 1))
        painter.setBrush(with_alpha(accent, 60 if is_dark(self.palette()) else 30))
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = min(10.0, rect.height() / 2)
        painter.drawRoundedRect(rect, radius, radius)
