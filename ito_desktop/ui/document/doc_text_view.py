"""The read-only text pane of the document view: a centred reading column and a label gutter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QToolTip, QWidget

from ito_desktop.ui.common.highlight import (
    STATUS_WORDS,
    HighlightKind,
    paint_status_shape,
    status_color,
)
from ito_desktop.ui.document.doc_builder import reading_font

MAX_COLUMNS = 90
GUTTER_MIN = 138  # room for a tag with its word and a line of detail
GUTTER_COMPACT = 92  # narrow windows: icon and word only
COMPACT_BELOW = 520  # text-column width (px) under which the gutter goes compact
GUTTER_GAP = 14  # between a label and the text column
DOCUMENT_MARGIN = 24.0
LABEL_HEIGHT = 34
COMPACT_LABEL_HEIGHT = 20


@dataclass(frozen=True)
class MarginLabel:
    """One tag in the gutter: beside the first line of a highlighted range."""

    start: int  # Document.text offset of the highlighted range
    end: int
    position: int  # view position the tag lines up with
    kind: HighlightKind
    word: str  # "Present", "Weak", "Risk"
    detail: str  # the highlight label without the status word, e.g. "Governing law"
    tooltip: str
    clause_id: str


class ContractTextView(QTextEdit):
    """QTextEdit set up for reading: fixed-width text column, gutter on the left."""

    pressed = Signal()
    clicked = Signal(int)  # view position under a mouse click
    labelClicked = Signal(object)  # MarginLabel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text_width = 0
        self._gutter_width = -1
        self.tooltip_provider: Callable[[int], str] | None = None
        self.gutter = HighlightGutterView(self)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.setFont(reading_font())
        self.verticalScrollBar().valueChanged.connect(self.gutter.update)

    def setDocument(self, document: QTextDocument) -> None:
        super().setDocument(document)
        self.document().documentLayout().documentSizeChanged.connect(self.gutter.update)
        self._text_width = 0
        self._relayout()

    def position_at(self, point: QPoint) -> int:
        """View position under a viewport point."""
        return self.cursorForPosition(point).position()

    def rect_for(self, position: int) -> QRect:
        """Viewport rectangle of the caret at ``position``."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(max(0, min(position, self.document().characterCount() - 1)))
        return self.cursorRect(cursor)

    def text_left(self) -> int:
        """x of the text column's left edge in this widget's coordinates."""
        return self.contentsRect().left() + self._gutter_width

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._relayout()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.pressed.emit()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.position_at(event.position().toPoint()))

    def viewportEvent(self, event: object) -> bool:
        if isinstance(event, QHelpEvent) and self.tooltip_provider is not None:
            tip = self.tooltip_provider(self.position_at(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return bool(super().viewportEvent(event))  # type: ignore[arg-type]

    def _relayout(self) -> None:
        """Centre a column of at most MAX_COLUMNS characters; the gutter takes the left side."""
        metrics = QFontMetricsF(self.font())  # follows Ctrl+wheel zoom
        column = metrics.averageCharWidth() * MAX_COLUMNS + 2 * DOCUMENT_MARGIN
        total = self.contentsRect().width() - self.verticalScrollBar().sizeHint().width()
        compact = total - GUTTER_MIN - 8 < COMPACT_BELOW
        least = GUTTER_COMPACT if compact else GUTTER_MIN
        text_width = int(max(240.0, min(column, total - least - 8)))
        gutter = max(least, (total - text_width) // 2)
        self.gutter.set_compact(compact)
        if gutter != self._gutter_width:
            self._gutter_width = gutter
            self.setViewportMargins(gutter, 0, 0, 0)
        if text_width != self._text_width:
            self._text_width = text_width
            self.setLineWrapColumnOrWidth(text_width)
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), gutter, rect.height()))


class HighlightGutterView(QWidget):
    """Paints a status icon, word and short detail beside the first line of each highlight."""

    def __init__(self, editor: ContractTextView) -> None:
        super().__init__(editor)
        self._editor = editor
        self._labels: list[MarginLabel] = []
        self._placed: list[tuple[QRectF, MarginLabel]] = []
        self._compact = False
        self.setMouseTracking(True)
        word_font = QFont(editor.font())
        word_font.setFamilies(["Segoe UI", "Helvetica Neue", "Noto Sans", "DejaVu Sans", "sans"])
        word_font.setPointSizeF(8.5)
        word_font.setWeight(QFont.Weight.DemiBold)
        self._word_font = word_font
        self._detail_font = QFont(word_font)
        self._detail_font.setWeight(QFont.Weight.Normal)
        self._detail_font.setPointSizeF(8.0)

    def set_labels(self, labels: list[MarginLabel]) -> None:
        self._labels = sorted(labels, key=lambda label: (label.position, label.kind))
        self.update()

    def set_compact(self, compact: bool) -> None:
        """Compact tags show the icon and word only (the detail stays in the tooltip)."""
        if compact != self._compact:
            self._compact = compact
            self.update()

    def is_compact(self) -> bool:
        return self._compact

    def labels(self) -> list[MarginLabel]:
        return list(self._labels)

    def placed(self) -> list[tuple[QRectF, MarginLabel]]:
        """Where each label was last painted (gutter coordinates), for hit tests and checks."""
        return list(self._placed)

    def sizeHint(self) -> QSize:
        return QSize(GUTTER_MIN, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._editor.palette().color(QPalette.ColorRole.Base))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._placed = []
        bottom = -1e9
        width = self.width() - (8 if self._compact else GUTTER_GAP)
        left = max(4.0, width - 128.0)
        height = COMPACT_LABEL_HEIGHT if self._compact else LABEL_HEIGHT
        for label in self._labels:
            top = float(self._editor.rect_for(label.position).top())
            top = max(top, bottom + 2)
            if top > self.height():
                break
            rect = QRectF(left, top, width - left, height)
            bottom = rect.bottom()
            self._placed.append((rect, label))
            if rect.bottom() >= 0:
                self._paint_label(painter, rect, label)
        painter.end()

    def _paint_label(self, painter: QPainter, rect: QRectF, label: MarginLabel) -> None:
        palette = self._editor.palette()
        color = status_color(label.kind)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        bar = QRectF(rect.right() - 3, rect.top() + 2, 3, rect.height() - 4)
        painter.drawRoundedRect(bar, 1, 1)
        icon = QRectF(rect.left(), rect.top() + 3, 13, 13)
        paint_status_shape(painter, icon, label.kind)
        text_right = rect.right() - 8
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.setFont(self._word_font)
        word_rect = QRectF(icon.right() + 5, rect.top(), text_right - icon.right() - 5, 18)
        painter.drawText(word_rect, Qt.AlignmentFlag.AlignVCenter, label.word)
        if label.detail and not self._compact:
            painter.setFont(self._detail_font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            metrics = QFontMetricsF(self._detail_font)
            detail_rect = QRectF(rect.left(), rect.top() + 17, text_right - rect.left(), 15)
            elided = metrics.elidedText(
                label.detail, Qt.TextElideMode.ElideRight, detail_rect.width()
            )
            painter.drawText(detail_rect, Qt.AlignmentFlag.AlignVCenter, elided)

    def label_at(self, point: QPoint) -> MarginLabel | None:
        for rect, label in self._placed:
            if rect.contains(point.toPointF()):
                return label
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        label = self.label_at(event.position().toPoint())
        cursor = Qt.CursorShape.PointingHandCursor if label else Qt.CursorShape.ArrowCursor
        self.setCursor(cursor)
        self.setToolTip(label.tooltip if label else "")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        label = self.label_at(event.position().toPoint())
        if label is not None and event.button() == Qt.MouseButton.LeftButton:
            self._editor.labelClicked.emit(label)


def word_for(kind: HighlightKind) -> str:
    return STATUS_WORDS.get(str(kind), str(kind).title())
