"""Toolbar icons drawn as thin lines in the palette's text colour, so they follow the theme."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)

Draw = Callable[[QPainter, QRectF], None]


def _p(box: QRectF, x: float, y: float) -> QPointF:
    return QPointF(box.left() + x * box.width(), box.top() + y * box.height())


def _lines(painter: QPainter, box: QRectF, *points: tuple[float, float]) -> None:
    path = QPainterPath(_p(box, *points[0]))
    for point in points[1:]:
        path.lineTo(_p(box, *point))
    painter.drawPath(path)


def _open(painter: QPainter, box: QRectF) -> None:
    _lines(
        painter,
        box,
        (0.1, 0.8),
        (0.1, 0.22),
        (0.4, 0.22),
        (0.5, 0.33),
        (0.9, 0.33),
        (0.9, 0.8),
        (0.1, 0.8),
    )
    _lines(painter, box, (0.1, 0.45), (0.9, 0.45))


def _previous(painter: QPainter, box: QRectF) -> None:
    _lines(painter, box, (0.22, 0.64), (0.5, 0.36), (0.78, 0.64))


def _next(painter: QPainter, box: QRectF) -> None:
    _lines(painter, box, (0.22, 0.36), (0.5, 0.64), (0.78, 0.36))


def _find(painter: QPainter, box: QRectF) -> None:
    radius = 0.27 * box.width()
    painter.drawEllipse(_p(box, 0.43, 0.43), radius, radius)
    _lines(painter, box, (0.63, 0.63), (0.88, 0.88))


def _settings(painter: QPainter, box: QRectF) -> None:
    for y, knob in ((0.25, 0.32), (0.5, 0.66), (0.75, 0.44)):
        _lines(painter, box, (0.1, y), (0.9, y))
        painter.save()
        painter.setBrush(painter.pen().color())
        painter.drawEllipse(_p(box, knob, y), 0.09 * box.width(), 0.09 * box.width())
        painter.restore()


_DRAWINGS: dict[str, Draw] = {
    "open": _open,
    "previous": _previous,
    "next": _next,
    "find": _find,
    "settings": _settings,
}


class LineIconEngine(QIconEngine):
    """Paints on demand with the current palette, so a theme change recolours the icon."""

    def __init__(self, draw: Draw) -> None:
        super().__init__()
        self._draw = draw

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        group = (
            QPalette.ColorGroup.Disabled
            if mode == QIcon.Mode.Disabled
            else QPalette.ColorGroup.Active
        )
        colour = QGuiApplication.palette().color(group, QPalette.ColorRole.ButtonText)
        box = QRectF(rect).adjusted(1, 1, -1, -1)
        pen = QPen(colour, max(1.3, box.width() / 11))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self._draw(painter, box)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return LineIconEngine(self._draw)


def line_icon(name: str) -> QIcon:
    """One of: open, previous, next, find, settings."""
    return QIcon(LineIconEngine(_DRAWINGS[name]))
