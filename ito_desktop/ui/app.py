"""The desktop application: command line, QApplication, theme, excepthook, main window."""

from __future__ import annotations

import argparse
import importlib.resources
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ito_desktop import __version__

if TYPE_CHECKING:  # Qt is imported when the app starts, not when this module is imported
    from PySide6.QtGui import QIcon

APP_NAME = "ITO Review"
ICON_FOLDER = "icons"  # in the ito_desktop.resources data package: ito-review-<size>.png


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ito-desktop",
        description="Review an IT outsourcing contract in a window (DOCX, PDF or TXT).",
    )
    parser.add_argument("file", nargs="?", type=Path, help="the contract to open")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="OUT.png",
        help="open FILE, wait for the analysis, save the window at 1400x900 as a PNG and exit",
    )
    parser.add_argument(
        "--theme", choices=("light", "dark", "system"), help="override the theme for this run"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _headless() -> bool:
    """No screen to draw on (Linux without X11 or Wayland, and no platform chosen)."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def window_icon() -> QIcon:
    """The app icon at every size shipped, read through importlib.resources (wheel, frozen)."""
    from PySide6.QtGui import QIcon, QPixmap

    icon = QIcon()
    folder = importlib.resources.files("ito_desktop.resources") / ICON_FOLDER
    for entry in folder.iterdir():
        if entry.name.startswith("ito-review-") and entry.name.endswith(".png"):
            pixmap = QPixmap()
            # Bytes, not a path: a resource need not be a file on disk.
            if pixmap.loadFromData(entry.read_bytes(), "PNG"):
                icon.addPixmap(pixmap)
    return icon


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from ito_desktop.core.logsetup import setup_logging

    setup_logging()
    if _headless():
        if args.screenshot is None:
            print(
                "ito-desktop: no display found (DISPLAY is not set); run it in a desktop "
                "session, or use --screenshot OUT.png to render offscreen.",
                file=sys.stderr,
            )
            return 2
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from PySide6.QtWidgets import QApplication

    from ito_desktop.core.settings import Theme, load_settings
    from ito_desktop.ui.window.theme import apply_theme

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("ito-review")
    app.setWindowIcon(window_icon())  # every window, dialog and the taskbar entry
    settings, notices = load_settings()
    apply_theme(app, Theme(args.theme) if args.theme else settings.theme)

    if args.screenshot is not None:
        from ito_desktop.tools.screenshot import take_screenshot

        return take_screenshot(args.file, args.screenshot, settings)

    from ito_desktop.ui.window.excepthook import ExceptHook
    from ito_desktop.ui.window.log_folder import logged
    from ito_desktop.ui.window.main_window import MainWindow

    window = MainWindow(settings=settings)
    hook = ExceptHook(logged(window.show_error)).install()
    try:
        window.show()
        if notices:
            window.message_bar.show_messages(notices)
        if args.file is not None:
            window.open_file(args.file)
        return app.exec()
    finally:
        hook.uninstall()
