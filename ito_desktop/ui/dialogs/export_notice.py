"""After an export: where it went, with "Open" and "Show in folder", in the status bar."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


def open_file(path: Path) -> bool:
    """Open ``path`` in the program the system uses for its type."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """Show ``path``'s folder with the file selected where the system can (Windows, macOS);
    elsewhere open the folder."""
    try:
        if sys.platform == "win32":
            subprocess.Popen(["explorer", f"/select,{path}"])
            return True
        if sys.platform == "darwin":
            subprocess.Popen(["open", "-R", str(path)])
            return True
    except OSError:
        pass
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class ExportNotice(QWidget):
    """ "Exported issues.xlsx  [Open] [Show in folder] ✕", until dismissed or the review closes.

    ``opener`` and ``revealer`` do the opening (tests replace them).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportNotice")
        self.path: Path | None = None
        self.opener: Callable[[Path], bool] = open_file
        self.revealer: Callable[[Path], bool] = show_in_folder
        self.label = QLabel()
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openExport")
        self.open_button.setToolTip("Open the exported file")
        self.open_button.clicked.connect(self.open)
        self.folder_button = QPushButton("Show in folder")
        self.folder_button.setObjectName("showExport")
        self.folder_button.setToolTip("Show the folder the file was saved in")
        self.folder_button.clicked.connect(self.reveal)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.dismiss)
        for button in (self.open_button, self.folder_button):
            button.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.label)
        row.addWidget(self.open_button)
        row.addWidget(self.folder_button)
        row.addWidget(close)
        self.setVisible(False)

    def show_export(self, path: Path) -> None:
        self.path = path
        self.label.setText(f"Exported {path.name}")
        self.label.setToolTip(str(path))
        self.setVisible(True)

    def open(self) -> None:
        if self.path is not None:
            self.opener(self.path)

    def reveal(self) -> None:
        if self.path is not None:
            self.revealer(self.path)

    def dismiss(self) -> None:
        self.path = None
        self.setVisible(False)
