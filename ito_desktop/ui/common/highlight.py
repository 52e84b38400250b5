"""Highlight value type, status colours and words, and status icons drawn with distinct shapes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF

from ito_desktop.core.effective import EffectiveStatus
from ito_desktop.core.model import SourceSpan


class Mark(StrEnum):
    """What the views colour and draw besides a status: a risk, the selection and the
    reviewer's marks (a risk they accepted, a decision, a note)."""

    RISK = "risk"
    SELECTED = "selected"
    ACCEPTED = "accepted"
    DECIDED = "decided"
    NOTE = "note"


class HighlightKind(StrEnum):
    """Why a range of the document is highlighted."""

    PRESENT = EffectiveStatus.PRESENT.value
    WEAK = EffectiveStatus.WEAK.value
    RISK = Mark.RISK.value
    SELECTED = Mark.SELECTED.value


@dataclass(frozen=True)
class Highlight:
    """A range of ``Document.text`` to paint, with the label shown beside it."""

    start: int  # offsets into Document.text
    end: int
    kind: HighlightKind
    label: str  # short text shown with it, e.g. "PRESENT · Governing law"
    clause_id: str  # the library clause id of the finding
    spans: tuple[SourceSpan, ...] = ()  # where it was printed: one per page, with its boxes


# Mid-saturation hues with enough contrast against both white and near-black backgrounds;
# text is never drawn in these colours, only icons, outlines and translucent backgrounds.
STATUS_COLORS: dict[str, QColor] = {
    EffectiveStatus.PRESENT: QColor("#2f9e44"),
    EffectiveStatus.WEAK: QColor("#b8860b"),
    EffectiveStatus.MISSING: QColor("#d9383a"),
    EffectiveStatus.NOT_APPLICABLE: QColor("#868e96"),
    Mark.RISK: QColor("#e8590c"),
    Mark.SELECTED: QColor("#3b82f6"),
    # The reviewer's marks in the findings list: a risk they accepted, a decision, a note.
    Mark.ACCEPTED: QColor("#0b7285"),
    Mark.DECIDED: QColor("#1c7ed6"),
    Mark.NOTE: QColor("#1c7ed6"),
}

STATUS_WORDS: dict[str, str] = {
    **{status: status.label for status in EffectiveStatus},
    Mark.RISK: "Risk",
    Mark.SELECTED: "Selected",
}

_FALLBACK_COLOR = QColor("#868e96")


def status_color(status: str) -> QColor:
    """The colour of ``status`` (grey for an unknown one)."""
    return QColor(STATUS_COLORS.get(str(status), _FALLBACK_COLOR))


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` paints light text on a dark base."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def highlight_background(kind: str, palette: QPalette) -> QColor:
    """A translucent background for highlighted text that keeps the palette's text readable."""
    color = status_color(kind)
    color.setAlpha(105 if is_dark(palette) else 70)
    return color


def status_icon(status: str, size: int = 16) -> QIcon:
    """An icon whose shape alone tells the status.

    ✓ in a circle (present), ! in a diamond (weak), ✗ in a square (missing), – in a ring
    (not applicable), ! in a triangle (risk), ✓ in a hollow triangle (risk accepted), a pencil
    (the reviewer's decision) and a speech bubble (the reviewer's note).
    """
    return _cached_icon(str(status), size)


@cache
def _cached_icon(status: str, size: int) -> QIcon:
    icon = QIcon()
    for ratio in (1.0, 2.0):
        pixmap = QPixmap(round(size * ratio), round(size * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_status_shape(painter, QRectF(0, 0, size, size), status)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def paint_status_shape(painter: QPainter, rect: QRectF, status: str) -> None:
    """Draw the status symbol into ``rect`` (used for icons and by views painting directly)."""
    s = min(rect.width(), rect.height())
    box = QRectF(rect.center().x() - s / 2, rect.center().y() - s / 2, s, s)
    color = status_color(status)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    white = _pen(QColor("white"), s)
    if status == EffectiveStatus.PRESENT:
        painter.drawEllipse(_inset(box, 0.03, 0.03))
        painter.setPen(white)
        painter.drawPolyline(_points(box, [(0.28, 0.52), (0.44, 0.68), (0.73, 0.34)]))
    elif status == EffectiveStatus.WEAK:
        painter.drawPolygon(_points(box, [(0.5, 0.02), (0.98, 0.5), (0.5, 0.98), (0.02, 0.5)]))
        _exclamation(painter, box, QColor("white"), 0.26, 0.56, 0.72)
    elif status == EffectiveStatus.MISSING:
        painter.drawRoundedRect(_inset(box, 0.06, 0.06), s * 0.18, s * 0.18)
        painter.setPen(white)
        painter.drawLine(_point(box, 0.32, 0.32), _point(box, 0.68, 0.68))
        painter.drawLine(_point(box, 0.68, 0.32), _point(box, 0.32, 0.68))
    elif status == EffectiveStatus.NOT_APPLICABLE:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(color, s, 0.11))
        painter.drawEllipse(_inset(box, 0.1, 0.1))
        painter.drawLine(_point(box, 0.33, 0.5), _point(box, 0.67, 0.5))
    elif status == Mark.RISK:
        path = QPainterPath()
        path.addPolygon(_points(box, [(0.5, 0.04), (0.98, 0.92), (0.02, 0.92)]))
        path.closeSubpath()
        painter.setPen(_pen(color, s, 0.08))
        painter.drawPath(path)
        _exclamation(painter, box, QColor("white"), 0.36, 0.62, 0.78)
    elif status == Mark.ACCEPTED:  # the risk triangle, hollow, with a tick: risk accepted
        path = QPainterPath()
        path.addPolygon(_points(box, [(0.5, 0.04), (0.98, 0.92), (0.02, 0.92)]))
        path.closeSubpath()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(color, s, 0.09))
        painter.drawPath(path)
        painter.drawPolyline(_points(box, [(0.32, 0.62), (0.45, 0.76), (0.68, 0.44)]))
    elif status == Mark.DECIDED:  # a pencil: the reviewer changed the status
        painter.setPen(_pen(color, s, 0.16))
        painter.drawLine(_point(box, 0.22, 0.78), _point(box, 0.76, 0.24))
        painter.setPen(_pen(color, s, 0.08))
        painter.drawLine(_point(box, 0.12, 0.9), _point(box, 0.88, 0.9))
    elif status == Mark.NOTE:  # a speech bubble with lines of text: the reviewer wrote a note
        bubble = _inset(box, 0.06, 0.1).adjusted(0, 0, 0, -s * 0.16)
        path = QPainterPath()
        path.addRoundedRect(bubble, s * 0.14, s * 0.14)
        path.addPolygon(_points(box, [(0.24, 0.6), (0.22, 0.94), (0.48, 0.6)]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPath(path.simplified())
        painter.setPen(_pen(QColor("white"), s, 0.08))
        painter.drawLine(_point(box, 0.26, 0.32), _point(box, 0.74, 0.32))
        painter.drawLine(_point(box, 0.26, 0.5), _point(box, 0.6, 0.5))
    elif status == Mark.SELECTED:
        painter.drawRoundedRect(_inset(box, 0.1, 0.25), s * 0.1, s * 0.1)
    else:
        painter.drawEllipse(_inset(box, 0.3, 0.3))
    painter.restore()


def _pen(color: QColor, size: float, width: float = 0.13) -> QPen:
    pen = QPen(color, max(1.2, size * width))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _inset(box: QRectF, fx: float, fy: float) -> QRectF:
    dx, dy = box.width() * fx, box.height() * fy
    return box.adjusted(dx, dy, -dx, -dy)


def _point(box: QRectF, fx: float, fy: float) -> QPointF:
    return QPointF(box.left() + fx * box.width(), box.top() + fy * box.height())


def _points(box: QRectF, fractions: list[tuple[float, float]]) -> QPolygonF:
    return QPolygonF([_point(box, fx, fy) for fx, fy in fractions])


def _exclamation(
    painter: QPainter, box: QRectF, color: QColor, top: float, bottom: float, dot: float
) -> None:
    s = box.width()
    painter.setPen(_pen(color, s, 0.12))
    painter.drawLine(_point(box, 0.5, top), _point(box, 0.5, bottom))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(_point(box, 0.5, dot + 0.04), s * 0.065, s * 0.065)
