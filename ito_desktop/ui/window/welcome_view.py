"""The first screen: open a contract, drop one, pick a recent file, or try the sample."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.ui.window.file_drop import dropped_file

_PATH_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class DropZone(QFrame):
    """A dashed target for a dragged file; it lights up while a file hovers over it."""

    fileDropped = Signal(object)  # Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAcceptDrops(True)
        self.setMinimumHeight(120)
        label = QLabel("Drop a contract here\nDOCX, PDF or TXT")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("dropZoneLabel")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self._set_hover(False)

    def _set_hover(self, hover: bool) -> None:
        border = "palette(highlight)" if hover else "palette(mid)"
        background = "palette(alternate-base)" if hover else "palette(base)"
        self.setStyleSheet(
            f"#dropZone {{ border: 2px dashed {border}; border-radius: 10px; "
            f"background: {background}; }}"
            "#dropZoneLabel { color: palette(placeholder-text); font-size: 11pt; }"
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
            self._set_hover(True)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_hover(False)
        path = dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.fileDropped.emit(path)


class WelcomeView(QWidget):
    """Shown when no contract is open."""

    openRequested = Signal()
    sampleRequested = Signal()
    fileRequested = Signal(object)  # Path: a recent or dropped file

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        title = QLabel("ITO Review")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        subtitle = QLabel(
            "Check an IT outsourcing contract against your clause library: what is present, "
            "what is weak, what is missing, and which terms are risky. Everything stays on "
            "this computer."
        )
        subtitle.setWordWrap(True)
        subtitle.setObjectName("welcomeSubtitle")
        subtitle.setStyleSheet("color: palette(placeholder-text); font-size: 11pt;")

        self.open_button = QPushButton("Open contract…")
        self.open_button.setObjectName("openButton")
        self.open_button.setDefault(True)
        self.open_button.setMinimumHeight(36)
        self.open_button.setStyleSheet(
            "#openButton { background: palette(highlight); color: palette(highlighted-text);"
            " border: none; border-radius: 5px; padding: 6px 18px; font-weight: 600; }"
            "#openButton:hover { background: palette(link); }"
        )
        self.open_button.clicked.connect(self.openRequested)
        self.sample_button = QPushButton("Open sample contract")
        self.sample_button.setObjectName("sampleButton")
        self.sample_button.setMinimumHeight(36)
        self.sample_button.setStyleSheet("#sampleButton { padding: 6px 18px; }")
        self.sample_button.setToolTip("A fictional IT outsourcing agreement with gaps and risks")
        self.sample_button.clicked.connect(self.sampleRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)

        self.drop_zone = DropZone()
        self.drop_zone.fileDropped.connect(self.fileRequested)

        self.recent_label = QLabel("Recent files")
        self.recent_label.setObjectName("recentLabel")
        bold = QFont(self.recent_label.font())
        bold.setWeight(QFont.Weight.DemiBold)
        self.recent_label.setFont(bold)
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentList")
        self.recent_list.setIconSize(QSize(0, 0))
        self.recent_list.itemActivated.connect(self._activated)
        self.recent_list.itemClicked.connect(self._activated)
        self.recent_empty = QLabel("Files you open appear here.")
        self.recent_empty.setObjectName("recentEmpty")
        self.recent_empty.setEnabled(False)

        self.recent_list.setMaximumHeight(260)
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addWidget(self.drop_zone)
        column.addSpacing(12)
        column.addWidget(self.recent_label)
        column.addWidget(self.recent_empty)
        column.addWidget(self.recent_list)
        card = QWidget()
        card.setObjectName("welcomeCard")
        card.setMaximumWidth(680)
        card.setLayout(column)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 6)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(2)
        outer.addLayout(row)
        outer.addStretch(3)
        self._last_time = float("-inf")
        self.set_recent_files([])

    def set_recent_files(self, paths: list[str]) -> None:
        self.recent_list.clear()
        for entry in paths:
            path = Path(entry)
            item = QListWidgetItem(f"{path.name}    —    {path.parent}")
            item.setData(_PATH_ROLE, str(path))
            item.setToolTip(str(path))
            if not path.exists():
                item.setText(f"{path.name}    —    not found: {path.parent}")
                item.setForeground(self.palette().placeholderText())
            self.recent_list.addItem(item)
        self.recent_list.setVisible(bool(paths))
        self.recent_empty.setVisible(not paths)

    def recent_files(self) -> list[str]:
        return [
            str(self.recent_list.item(row).data(_PATH_ROLE))
            for row in range(self.recent_list.count())
        ]

    def _activated(self, item: QListWidgetItem) -> None:
        # A double-click is a click and an activation: open the file once.
        now = time.monotonic()
        if now - self._last_time < 0.6:
            return
        self._last_time = now
        self.fileRequested.emit(Path(str(item.data(_PATH_ROLE))))
