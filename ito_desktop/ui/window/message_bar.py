"""A non-modal bar at the top of the window for notices: shown, read, dismissed."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget


class Level(StrEnum):
    INFO = "info"
    WARNING = "warning"


# (background, border, text): readable on light and dark palettes alike.
_COLORS = {
    Level.INFO: ("#e8f1fb", "#b9d3ee", "#17324d"),
    Level.WARNING: ("#fff4d6", "#ecd28a", "#4a3800"),
}
_PREFIX = {Level.INFO: "ℹ", Level.WARNING: "⚠"}


class MessageBar(QFrame):
    """Collects notices until the user closes the bar; never steals focus or blocks."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self._messages: list[str] = []
        self._level = Level.INFO
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setObjectName("messageBarText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.dismiss)
        self.close_button = close
        column = QVBoxLayout()
        column.addWidget(self.text)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 6, 6)
        row.addWidget(self.icon)
        row.addLayout(column, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)

    def show_messages(self, messages: list[str], level: Level = Level.INFO) -> None:
        """Add ``messages`` (duplicates dropped) and show the bar."""
        new = [m for m in messages if m and m not in self._messages]
        if not new:
            return
        if level is Level.WARNING:
            self._level = Level.WARNING
        self._messages.extend(new)
        self.icon.setText(_PREFIX[self._level])
        background, border, text = _COLORS[self._level]
        self.setStyleSheet(
            f"#messageBar {{ background: {background}; border-bottom: 1px solid {border}; }}"
            f"#messageBar QLabel, #messageBar QToolButton {{ color: {text}; }}"
        )
        self.text.setText("\n".join(self._messages))
        self.setVisible(True)

    def messages(self) -> list[str]:
        return list(self._messages)

    def dismiss(self) -> None:
        self._messages.clear()
        self._level = Level.INFO
        self.setVisible(False)
        self.dismissed.emit()
