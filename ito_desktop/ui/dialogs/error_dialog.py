"""The one error dialog: a plain sentence, expandable copyable details, a Copy button."""

from __future__ import annotations

import platform
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ito_desktop import __version__
from ito_desktop.core.errors import InputError, ItoError, LibraryError


def error_sentence(error: BaseException) -> str:
    """What to tell the user: the core's own sentence, or a calm one for a bug."""
    if isinstance(error, ItoError):
        return str(error)
    return (
        "Something unexpected went wrong. ITO Review is still running; your review file "
        "is saved as you work. The details below help to report it."
    )


def error_details(
    error: BaseException, path: Path | None = None, with_traceback: bool | None = None
) -> str:
    """Copyable text for a bug report: type, file, the core's details, and a traceback for bugs."""
    lines = [f"Error type: {type(error).__module__}.{type(error).__qualname__}"]
    path = path or (error.path if isinstance(error, ItoError) else None)
    if path is not None:
        lines.append(f"File: {path}")
    if not isinstance(error, ItoError) or str(error) != error_sentence(error):
        lines.append(f"Message: {error}")
    details = error.details if isinstance(error, ItoError) else ""
    if details:
        lines += ["", details]
    if with_traceback is None:
        with_traceback = not isinstance(error, ItoError)
    if with_traceback and error.__traceback__ is not None:
        lines += ["", "".join(traceback.format_exception(error)).rstrip()]
    lines += [
        "",
        f"ITO Review {__version__}, Python {platform.python_version()}, {sys.platform}",
    ]
    return "\n".join(lines)


def error_title(error: BaseException) -> str:
    if isinstance(error, InputError):
        return "This file cannot be opened"
    if isinstance(error, LibraryError):
        return "The clause library has a problem"
    if isinstance(error, ItoError):
        return "ITO Review"
    return "Unexpected error"


class ErrorDialog(QDialog):
    """Shows ``str(error)`` as a sentence; "Details" unfolds a read-only, copyable text."""

    def __init__(
        self,
        error: BaseException,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
        details: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.error = error
        self.setObjectName("errorDialog")
        self.setWindowTitle(error_title(error))
        self.setMinimumWidth(460)

        icon = QLabel()
        kind = (
            QStyle.StandardPixmap.SP_MessageBoxWarning
            if isinstance(error, ItoError)
            else QStyle.StandardPixmap.SP_MessageBoxCritical
        )
        icon.setPixmap(self.style().standardIcon(kind).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message_label = QLabel(error_sentence(error))
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QHBoxLayout()
        heading.addWidget(icon)
        heading.addWidget(self.message_label, 1)

        self.details_edit = QPlainTextEdit(details or error_details(error, path))
        self.details_edit.setReadOnly(True)
        self.details_edit.setObjectName("errorDetails")
        self.details_edit.setMinimumHeight(160)
        self.details_edit.setVisible(False)

        self.details_button = QPushButton("Show details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the message and details to the clipboard")
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.details_edit, 1)
        layout.addWidget(buttons)

    def message(self) -> str:
        return self.message_label.text()

    def details_text(self) -> str:
        return self.details_edit.toPlainText()

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.message()}\n\n{self.details_text()}")

    def _toggle_details(self, shown: bool) -> None:
        self.details_edit.setVisible(shown)
        self.details_button.setText("Hide details" if shown else "Show details")
        self.adjustSize()
