"""Find-in-document bar: search field, "3 of 12" count, previous/next and close."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QStyle, QToolButton, QWidget

MAX_MATCHES = 5000


def find_all(text: str, needle: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """Case-insensitive, literal matches of ``needle`` in ``text`` as (start, end) offsets."""
    if not needle:
        return []
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    matches: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        matches.append(match.span())
        if len(matches) >= limit:
            break
    return matches


class FindBarView(QWidget):
    """The bar only: it reports what the user asks for and shows the count it is given."""

    searchChanged = Signal(str)
    nextRequested = Signal()
    previousRequested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("Find in document")
        self.line.setClearButtonEnabled(True)
        self.line.setMinimumWidth(220)
        self.line.setAccessibleName("Find in document")
        self.line.installEventFilter(self)
        self.count = QLabel(self)
        self.count.setMinimumWidth(80)
        self.count.setAccessibleName("Matches")
        style = self.style()
        self.previous_button = self._button(None, "Previous match (Shift+F3)")
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.next_button = self._button(None, "Next match (F3)")
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.close_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton), "Close (Esc)"
        )
        layout.addWidget(self.line)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.line.textChanged.connect(self.searchChanged)
        self.line.returnPressed.connect(self.nextRequested)
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.close_button.clicked.connect(self.close_bar)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)

    def _button(self, icon: object, tip: str) -> QToolButton:
        button = QToolButton(self)
        if icon is not None:
            button.setIcon(icon)  # type: ignore[arg-type]
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        return button

    def open_bar(self) -> None:
        """Show the bar with its text selected, ready to type over."""
        self.show()
        self.line.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.line.selectAll()

    def close_bar(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def text(self) -> str:
        return self.line.text()

    def set_count(self, current: int, total: int) -> None:
        """Show "3 of 12" (``current`` is 1-based; 0 when no match is current)."""
        if not self.line.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText("No matches")
        elif current:
            suffix = "+" if total >= MAX_MATCHES else ""
            self.count.setText(f"{current} of {total}{suffix}")
        else:
            self.count.setText(f"{total} matches")
        self.previous_button.setEnabled(total > 0)
        self.next_button.setEnabled(total > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Shift+Enter goes backwards, as in browsers and editors.
        if (
            watched is self.line
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.previousRequested.emit()
            return True
        return super().eventFilter(watched, event)
