"""Help > Open log folder: show the folder of the app's log file in the system file manager."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from ito_desktop.core.errors import ItoError
from ito_desktop.core.logsetup import log_folder

log = logging.getLogger(__name__)
Opener = Callable[[QUrl], bool]


def open_log_folder(parent: QWidget, opener: Opener | None = None) -> Path:
    """Create the log folder if needed and ask the desktop to show it; says so if it cannot."""
    folder = log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.warning("log folder %s cannot be created: %s", folder, error)
    if not (opener or QDesktopServices.openUrl)(QUrl.fromLocalFile(str(folder))):
        QMessageBox.information(
            parent, "Log folder",
            f"The log folder could not be opened by the system. It is:\n{folder}")
    return folder


def logged(show: Callable[[BaseException], None]) -> Callable[[BaseException], None]:
    """Wrap the error display so an unexpected error's traceback also reaches the log file."""

    def show_and_log(error: BaseException) -> None:
        if isinstance(error, ItoError):
            log.info("%s: %s", type(error).__name__, error)
        else:
            log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
        show(error)

    return show_and_log
