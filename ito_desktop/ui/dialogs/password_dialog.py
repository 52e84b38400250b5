"""Asks for the password of an encrypted PDF."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class PasswordDialog(QDialog):
    """A password field; ``wrong`` says the previous attempt did not open the file."""

    def __init__(self, file_name: str, wrong: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle("Password required")
        self.setMinimumWidth(380)
        intro = QLabel(
            f"“{file_name}” is encrypted (protected by a password). Enter the password to "
            "open it."
        )
        intro.setObjectName("passwordIntro")
        intro.setWordWrap(True)
        self.retry_label = QLabel("That password does not open the file. Try again.")
        self.retry_label.setObjectName("passwordRetry")
        self.retry_label.setStyleSheet("color: palette(link); font-weight: 600;")
        self.retry_label.setVisible(wrong)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("Password")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.retry_label)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.buttons)
        self.password_edit.setFocus()

    def password(self) -> str:
        return self.password_edit.text()
