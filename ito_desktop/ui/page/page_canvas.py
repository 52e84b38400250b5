"""Paints one rendered PDF page with every finding's boxes on it, the selected one strongest.

Nothing is drawn over the page's text but the boxes themselves: each finding on the page gets a
numbered tag in the page's left margin, level with its first line (the selected one larger,
with a bar joining its lines), and the names go in the legend above the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from ito_desktop.core.model import Box

MARGIN = 16  # around the page, in pixels
BOX_PAD = 1.5  # points added around each line box so descenders sit inside it
TAG_GAP = 4  # pixels between a margin tag and the text it marks


@dataclass(frozen=True)
class PageMark:
    """One finding's place on the shown page: its line boxes, colour, number and name."""

    boxes: tuple[Box, ...]
    color: QColor
    number: int  # 1-based, top to bottom on the page; the legend uses the same numbers
    label: str  # "RISK · Limitation of liability"
    key: object  # what a click on it reports (the view's region)


class PageCanvasView(QWidget):
    """A page at a given scale: the image when it arrives, a blank sheet until then."""

    markClicked = Signal(object)  # the key of the PageMark clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size_pt: tuple[float, float] | None = None
        self._scale = 1.0
        self._image: QImage | None = None
        self._boxes: list[Box] = []
        self._label = ""
        self._color = QColor("#3b82f6")
        self._marks: list[PageMark] = []
        self._lines: list[Box] = []  # the page's printed lines: no tag covers them
        self._selected_number = 0  # the mark the selected boxes are, 0 when none is
        self._pending_text = ""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(True)

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

    def pending_text(self) -> str:
        """The words drawn on the page while it has no image ("Rendering…", or why not)."""
        return self._pending_text

    def set_boxes(self, boxes: list[Box], label: str, color: QColor) -> None:
        self._boxes, self._label, self._color = list(boxes), label, QColor(color)
        self.update()

    def set_lines(self, lines: list[Box]) -> None:
        """The page's printed lines, which no tag may cover (a clause number printed left of
        its indented text included)."""
        self._lines = list(lines)
        self.update()

    def set_marks(self, marks: list[PageMark], selected_number: int = 0) -> None:
        """Every finding on the page (drawn faintly), and which of them is the selected one."""
        self._marks, self._selected_number = list(marks), selected_number
        self.update()

    def marks(self) -> list[PageMark]:
        return list(self._marks)

    def boxes(self) -> list[Box]:
        return list(self._boxes)

    def label_rect(self) -> QRectF:
        """Where the selected boxes' tag is painted (empty when nothing is selected)."""
        if not self._boxes:
            return QRectF()
        return self._tag_places().get(self._selected_number, QRectF())

    def tag_rects(self) -> dict[int, QRectF]:
        """Every tag painted, by its number (0 is the selection when it is no mark)."""
        return self._tag_places()

    def _tag_places(self) -> dict[int, QRectF]:
        """Each mark's tag, moved further left while it would overlap one placed before."""
        wanted: list[tuple[int, list[Box], bool]] = [
            (mark.number, list(mark.boxes), mark.number == self._selected_number)
            for mark in self._marks
        ]
        if self._boxes and not self._selected_number:
            wanted.append((0, self._boxes, True))
        # The selection first: it keeps its place beside its text; the others make room.
        wanted.sort(key=lambda want: not want[2])
        places: dict[int, QRectF] = {}
        for number, boxes, large in wanted:
            places[number] = self._free_place(self._tag_rect(boxes, number, large), places)
        return places

    def _free_place(self, rect: QRectF, places: dict[int, QRectF]) -> QRectF:
        """``rect`` moved left until it overlaps no placed tag; where the margin is full (two
        two-digit tags on one line), the next row down, still in the margin."""
        page_left = self.page_rect().left() + 1
        for row in range(12):
            candidate = rect.translated(0, row * (rect.height() + 2))
            while True:
                if not any(candidate.intersects(other) for other in places.values()):
                    return candidate
                if candidate.left() <= page_left:
                    break
                candidate.moveLeft(max(page_left, candidate.left() - candidate.width() - 2))
        return rect  # no room within twelve rows: overlapping beats vanishing

    def mark_at(self, point: QPointF) -> PageMark | None:
        """The mark whose box or tag is under ``point`` (the smallest box wins)."""
        hits: list[tuple[float, PageMark]] = []
        tags = self._tag_places()
        for mark in self._marks:
            rects = [self.box_rect(box) for box in mark.boxes]
            rects.append(tags.get(mark.number, QRectF()))
            for rect in rects:
                if rect.contains(point):
                    hits.append((rect.width() * rect.height(), mark))
                    break
        return min(hits, key=lambda hit: hit[0])[1] if hits else None

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
                margin = min(page.width(), page.height()) // 10
                flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
                painter.drawText(
                    page.adjusted(margin, margin, -margin, -margin), flags, self._pending_text
                )
            self._paint_boxes(painter)
        painter.end()

    def _paint_boxes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for mark in self._marks:  # every finding on the page, faintly
            if mark.number == self._selected_number:
                continue
            painter.setPen(QPen(_alpha(mark.color, 150), 1.0))
            painter.setBrush(_alpha(mark.color, 30))
            for box in mark.boxes:
                painter.drawRoundedRect(self.box_rect(box), 2, 2)
        if self._boxes:  # the selected finding, strongest
            painter.setPen(QPen(_alpha(self._color, 230), 1.6))
            painter.setBrush(_alpha(self._color, 55))
            for box in self._boxes:
                painter.drawRoundedRect(self.box_rect(box), 2, 2)
        tags = self._tag_places()
        for mark in self._marks:
            if mark.number != self._selected_number:
                self._paint_tag(painter, tags[mark.number], [], str(mark.number), mark.color)
        if self._boxes:
            number = self._selected_number
            text = str(number) if number else "▸"
            self._paint_tag(painter, tags[number], self._boxes, text, self._color)

    def _tag_font(self, large: bool) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - (0 if large else 1.5)))
        font.setWeight(QFont.Weight.Bold)
        return font

    def _tag_rect(self, boxes: list[Box], number: int, large: bool) -> QRectF:
        """A tag in the page's left margin, level with the first box: never over the text.

        It sits just left of the leftmost box; only when the text starts at the page's edge
        (no margin to speak of) is it pushed onto the page's first few pixels.
        """
        metrics = QFontMetricsF(self._tag_font(large))
        height = metrics.height() + (4 if large else 2)
        width = max(height, metrics.horizontalAdvance(str(number or "▸")) + 8)
        page = self.page_rect()
        first = min(boxes, key=lambda box: (box.top, box.x0))
        top = self.box_rect(first).top()
        # left of the boxes, and of any printed line level with the tag ("17.4" printed in the
        # margin beside an indented quote)
        beside = [
            rect
            for rect in map(self.box_rect, self._lines)
            if rect.top() < top + height and rect.bottom() > top
        ]
        left = min(rect.left() for rect in [*map(self.box_rect, boxes), *beside])
        x = max(page.left() + 1, left - TAG_GAP - width)
        return QRectF(x, top, width, height)

    def _paint_tag(
        self, painter: QPainter, tag: QRectF, boxes: list[Box], text: str, color: QColor
    ) -> None:
        """A numbered tag; with ``boxes`` (the selection) larger, and a bar beside its lines."""
        large = bool(boxes)
        if large:  # a bar down the margin joins the tag to every line of the selection
            rects = [self.box_rect(box) for box in boxes]
            bar_x = min(r.left() for r in rects) - TAG_GAP / 2
            painter.setPen(QPen(_alpha(color, 230), 2.0))
            painter.drawLine(
                QPointF(bar_x, min(r.top() for r in rects)),
                QPointF(bar_x, max(r.bottom() for r in rects)),
            )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_alpha(color, 240 if large else 200))
        painter.drawRoundedRect(tag, 3, 3)
        painter.setFont(self._tag_font(large))
        painter.setPen(QColor("white"))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)

    # -- pointer ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        mark = self.mark_at(event.position())
        if mark is not None and event.button() == Qt.MouseButton.LeftButton:
            self.markClicked.emit(mark.key)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.mark_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            mark = self.mark_at(QPointF(event.pos()))
            if mark is not None:
                QToolTip.showText(event.globalPos(), f"{mark.number}. {mark.label}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def _alpha(color: QColor, alpha: int) -> QColor:
    tinted = QColor(color)
    tinted.setAlpha(alpha)
    return tinted
