"""Item delegate for the findings tree: roomier rows and category headers with muted counts."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ito_desktop.ui.common.highlight import paint_status_shape
from ito_desktop.ui.findings.findings_model import (
    Column,
    CountsRole,
    IsCategoryRole,
    MarkersRole,
    MatchRole,
)

_EXTRA_HEIGHT = 6
COMPACT_EXTRA_HEIGHT = 3  # on a short screen (1366x768): more rows, still clear of each other
_GAP = 10
_BARS = 3  # match strength: 1 partial, 2 good, 3 strong; none for a missing clause
_BAR_WIDTH = 5
_BAR_GAP = 2
_MARK = 14  # size of a reviewer's mark (decision, note) at the end of the Clause cell
_MARK_GAP = 3


class FindingsDelegate(QStyledItemDelegate):
    """Paints category rows as a bold title followed by the status counts in a muted colour,
    and the reviewer's marks (a decision, a note) at the right end of a finding's Clause cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.extra_height = _EXTRA_HEIGHT
        self._height: tuple[int, int] | None = None  # (extra_height, row height) of the view

    @staticmethod
    def row_height(view: QAbstractItemView) -> int:
        """The height of the tree's rows, known before any row exists.

        The tree has uniform row heights, taken from its first row: a category title, one
        line of bold text with no icon.
        """
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.font = QFont(view.font())
        option.font.setBold(True)
        option.fontMetrics = QFontMetrics(option.font)
        option.text = "Ag"
        option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
        size = view.style().sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view
        )
        extra = getattr(view.itemDelegate(), "extra_height", _EXTRA_HEIGHT)
        return size.height() + int(extra)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        view = option.widget
        if isinstance(view, QAbstractItemView):
            # One height for every row: the tree takes it from its first row, a category title
            # when grouped but a finding (icon, check box) in the sorted layouts, which made
            # those rows taller and fewer rows fit. Recomputed when compact mode changes it.
            if self._height is None or self._height[0] != self.extra_height:
                self._height = (self.extra_height, self.row_height(view))
            return QSize(size.width(), self._height[1])
        return QSize(size.width(), size.height() + self.extra_height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if index.column() == Column.MATCH and not index.data(IsCategoryRole):
            super().paint(painter, option, index)  # background, selection, focus
            self._paint_strength(painter, option, int(index.data(MatchRole) or 0))
            return
        if index.column() == Column.CLAUSE and index.data(MarkersRole):
            self._paint_with_marks(painter, option, index)
            return
        if not index.data(IsCategoryRole) or index.column() != 0:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text.split("  ·  ")[0]
        opt.text = ""
        if not opt.state & QStyle.StateFlag.State_Selected:
            opt.backgroundBrush = opt.palette.brush(QPalette.ColorRole.Window)
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = opt.rect.adjusted(4, 0, -4, 0)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, text_role))
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        used = painter.boundingRect(rect, align, title)
        painter.drawText(rect, align, title)
        counts = str(index.data(CountsRole) or "")
        if counts:
            font = opt.font
            font.setBold(False)
            painter.setFont(font)
            muted = (
                QPalette.ColorRole.HighlightedText
                if selected
                else QPalette.ColorRole.PlaceholderText
            )
            painter.setPen(opt.palette.color(group, muted))
            rest = QRect(
                used.right() + _GAP, rect.top(), rect.right() - used.right() - _GAP, rect.height()
            )
            elided = painter.fontMetrics().elidedText(
                counts, Qt.TextElideMode.ElideRight, rest.width()
            )
            painter.drawText(rest, align, elided)
        painter.restore()

    @staticmethod
    def _paint_strength(painter: QPainter, option: QStyleOptionViewItem, strength: int) -> None:
        """Rising bars, as for signal strength: filled up to ``strength``, outlined beyond."""
        if strength <= 0:
            return
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = palette.color(role)
        full = min(rect.height() - 10, 14)
        width = _BARS * _BAR_WIDTH + (_BARS - 1) * _BAR_GAP
        left = rect.left() + (rect.width() - width) // 2
        bottom = rect.top() + (rect.height() + full) // 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for bar in range(_BARS):
            height = full * (bar + 1) // _BARS
            box = QRect(left + bar * (_BAR_WIDTH + _BAR_GAP), bottom - height, _BAR_WIDTH, height)
            if bar < strength:
                painter.fillRect(box, color)
            else:
                faint = QColor(color)
                faint.setAlpha(70)
                painter.fillRect(box, faint)
        painter.restore()

    def _paint_with_marks(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        marks = tuple(index.data(MarkersRole))
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        room = len(marks) * (_MARK + _MARK_GAP) + 6
        # The title gives way to the marks: elided before the style would draw under them.
        opt.text = opt.fontMetrics.elidedText(
            opt.text, Qt.TextElideMode.ElideRight, max(0, opt.rect.width() - room - 8)
        )
        style = opt.widget.style() if opt.widget else None
        if style is None:
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        right = opt.rect.right() - 4
        top = opt.rect.center().y() - _MARK / 2 + 1
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        for mark in reversed(marks):
            rect = QRectF(right - _MARK, top, _MARK, _MARK)
            if selected:  # a light disc keeps the blue mark readable on the selection colour
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(255, 255, 255, 235))
                painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), 4, 4)
            paint_status_shape(painter, rect, mark)
            right -= _MARK + _MARK_GAP
        painter.restore()
