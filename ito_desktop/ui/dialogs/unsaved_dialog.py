"""Asks what to do with review changes that could not be saved, before they would be lost."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


class UnsavedChoice(Enum):
    """The reviewer's answer: save again, drop the changes, or stay where they were."""

    RETRY = "retry"
    DISCARD = "discard"
    CANCEL = "cancel"


class UnsavedReviewDialog(QMessageBox):
    """ "Your changes are not saved": Try again (the default), Discard changes, or Cancel."""

    def __init__(self, contract_name: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unsavedReviewDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Review not saved")
        self.setText(f"Your latest changes to the review of {contract_name} are not saved.")
        self.setInformativeText(
            (reason + "\n\n" if reason else "")
            + "Free some space or fix the folder's permissions, then try again. Discarding "
            "loses the changes made since the last successful save."
        )
        self.retry_button: QPushButton = self.addButton(
            "Try again", QMessageBox.ButtonRole.AcceptRole
        )
        self.discard_button: QPushButton = self.addButton(
            "Discard changes", QMessageBox.ButtonRole.DestructiveRole
        )
        self.cancel_button: QPushButton = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.retry_button)
        self.setEscapeButton(self.cancel_button)

    def choice(self) -> UnsavedChoice:
        clicked = self.clickedButton()
        if clicked is self.retry_button:
            return UnsavedChoice.RETRY
        if clicked is self.discard_button:
            return UnsavedChoice.DISCARD
        return UnsavedChoice.CANCEL
