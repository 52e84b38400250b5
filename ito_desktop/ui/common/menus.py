"""Menu placement shared by the rooms: an action of theirs in the window's File menu."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu


def add_file_action(
    window: QMainWindow, action: QAction, before: QAction | None = None, *, separator: bool = False
) -> None:
    """Put ``action`` in ``window``'s File menu (its first menu) before ``before`` (a separator
    between them if asked), and on the window so its shortcut works while the menu is closed."""
    menus = [a.menu() for a in window.menuBar().actions()]
    file_menu = next((m for m in menus if isinstance(m, QMenu)), None)
    if file_menu is None:
        file_menu = window.menuBar().addMenu("&File")
    if before is not None and before in file_menu.actions():
        file_menu.insertAction(before, action)
        if separator:
            file_menu.insertSeparator(before)
    else:
        file_menu.addAction(action)
    window.addAction(action)
