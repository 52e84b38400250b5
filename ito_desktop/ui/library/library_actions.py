"""What the Library menu's actions do: open, reload and validate libraries; show the one in use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ito_desktop.core.errors import LibraryError
from ito_desktop.core.library.loader import bundled_library_dir
from ito_desktop.ui.library.library_menu import (
    LibraryMenu,
    LibraryProblemsDialog,
    about_library_box,
    editable_library_folder,
    layers_in_use,
    problems_of,
    validate_layers,
)
from ito_desktop.ui.review.review_controller import ReviewController

OpenDialog = Callable[[QDialog], object]


def _open_in_file_manager(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class LibraryActions:
    """Connects the Library menu to the controller and the library's dialogs.

    ``open_dialog`` shows a dialog the way the window shows all of its dialogs (window-modal,
    without blocking); ``open_folder`` shows a folder in the system file manager.
    """

    def __init__(
        self,
        menu: LibraryMenu,
        controller: ReviewController,
        parent: QWidget,
        open_dialog: OpenDialog,
    ) -> None:
        self.menu = menu
        self.controller = controller
        self.parent = parent
        self.open_dialog = open_dialog
        self.open_folder: Callable[[Path], object] = _open_in_file_manager
        menu.open_folder_action.triggered.connect(self.open_library_folder)
        menu.open_bundled_action.triggered.connect(lambda: self.open_folder(bundled_library_dir()))
        menu.reload_action.triggered.connect(controller.reload_library)
        menu.validate_action.triggered.connect(self.validate_library)
        menu.validate_other_action.triggered.connect(self.validate_other_folder)
        menu.about_action.triggered.connect(self.about_library)
        controller.libraryFailed.connect(self.library_failed)

    def set_review_shown(self, shown: bool) -> None:
        """*About this review's library* needs a review on screen."""
        self.menu.about_action.setEnabled(shown)

    def open_library_folder(self) -> None:
        self.open_folder(editable_library_folder(self.controller.settings.library_folder))

    def validate_library(self) -> None:
        folders = layers_in_use(self.controller.settings.library_folder)
        self.open_dialog(LibraryProblemsDialog(folders, validate_layers(folders), self.parent))

    def validate_other_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.parent, "Validate a clause library folder")
        if folder:
            folders = [Path(folder)]
            self.open_dialog(LibraryProblemsDialog(folders, validate_layers(folders), self.parent))

    def about_library(self) -> None:
        if self.controller.review is not None:
            self.open_dialog(about_library_box(self.controller.review.result.library, self.parent))

    def library_failed(self, error: LibraryError) -> None:
        """The library did not load: every problem, with file, entry and field, in a dialog."""
        folders = layers_in_use(self.controller.settings.library_folder)
        self.open_dialog(LibraryProblemsDialog(folders, problems_of(error), self.parent))
