"""Paints one rendered PDF page with evidence boxes and their label."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QWidget

from ito_desktop.core.model import Box

MARGIN = 16  # around the page, in pixels
BOX_PAD = 1.5  # points added around each line box so descenders sit inside it


class PageCanvasView(QWidget):
    """A page at a given scale: the image when it arrives, a blank sheet until then."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size_pt: tuple[float, float] | None = None
        self._scale = 1.0
        self._image: QImage | None = None
        self._boxes: list[Box] = []
        self._label = ""
        self._color = QColor("#3b82f6")
        self._pending_text = ""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_page(self, size_pt: tuple[float, float] | None, scale: float) -> None:
        """Lay out a page of ``size_pt`` points at ``scale`` pixels per point."""
        self._size_pt, self._scale = size_pt, scale
        self.resize(self.sizeHint())
        self.update()

    def set_image(self, image: QImage | None, pending_text: str = "") -> None:
        self._image = image
        self._pending_text = pending_text
        self.update()

    def image(self) -> QImage | None:
        return self._image

    def set_boxes(self, boxes: list[Box], label: str, color: QColor) -> None:
        self._boxes, self._label, self._color = list(boxes), label, QColor(color)
        self.update()

    def boxes(self) -> list[Box]:
        return list(self._boxes)

    def label(self) -> str:
        return self._label

    def scale(self) -> float:
        return self._scale

    def page_rect(self) -> QRectF:
        if self._size_pt is None:
            return QRectF()
        width, height = self._size_pt
        return QRectF(MARGIN, MARGIN, width * self._scale, height * self._scale)

    def box_rect(self, box: Box) -> QRectF:
        """``box`` (points, top-left origin) in this widget's pixels."""
        page = self.page_rect()
        s = self._scale
        return QRectF(
            page.left() + (box.x0 - BOX_PAD) * s,
            page.top() + (box.top - BOX_PAD) * s,
            (box.x1 - box.x0 + 2 * BOX_PAD) * s,
            (box.bottom - box.top + 2 * BOX_PAD) * s,
        )

    def boxes_rect(self) -> QRectF:
        """The union of the boxes' rectangles (empty when there are none)."""
        united = QRectF()
        for box in self._boxes:
            united = (
                united.united(self.box_rect(box)) if not united.isNull() else self.box_rect(box)
            )
        return united

    def sizeHint(self) -> QSize:
        page = self.page_rect()
        if page.isNull():
            return QSize(0, 0)
        return QSize(int(page.width()) + 2 * MARGIN, int(page.height()) + 2 * MARGIN)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Dark))
        page = self.page_rect()
        if not page.isNull():
            painter.fillRect(page.translated(2, 3), QColor(0, 0, 0, 60))
            painter.fillRect(page, QColor("white"))
            if self._image is not None and not self._image.isNull():
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(page, self._image)
            elif self._pending_text:
                painter.setPen(QColor("#8a8f98"))
                painter.drawText(page, Qt.AlignmentFlag.AlignCenter, self._pending_text)
            self._paint_boxes(painter)
        painter.end()

    def _paint_boxes(self, painter: QPainter) -> None:
        if not self._boxes:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(self._color)
        fill.setAlpha(55)
        outline = QColor(self._color)
        outline.setAlpha(230)
        painter.setPen(QPen(outline, 1.6))
        painter.setBrush(fill)
        for box in self._boxes:
            painter.drawRoundedRect(self.box_rect(box), 2, 2)
        if self._label:
            self._paint_label(painter, self.box_rect(self._boxes[0]), outline)

    def _paint_label(self, painter: QPainter, anchor: QRectF, color: QColor) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 0.5))
        font.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetricsF(font)
        page = self.page_rect()
        text = metrics.elidedText(self._label, Qt.TextElideMode.ElideRight, page.width() - 16)
        width = metrics.horizontalAdvance(text) + 12
        height = metrics.height() + 6
        left = min(max(page.left() + 2, anchor.left()), page.right() - width - 2)
        top = anchor.top() - height - 3
        if top < page.top() + 2:  # no room above the first line: put the tag below the box
            top = anchor.bottom() + 3
        tag = QRectF(left, top, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(tag, 4, 4)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(tag.adjusted(6, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter, text)
        # a short stem joins the tag to the box it names
        stem_x = tag.left() + 8
        painter.setPen(QPen(color, 1.4))
        y0, y1 = (
            (tag.bottom(), anchor.top())
            if tag.top() < anchor.top()
            else (anchor.bottom(), tag.top())
        )
        painter.drawLine(QPointF(stem_x, y0), QPointF(stem_x, y1))
