"""The main window's actions, menus and toolbar (built here so the window only wires them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar, QWidget

from ito_desktop.core.session import Decision
from ito_desktop.ui.library.library_menu import LibraryMenu
from ito_desktop.ui.window.icons import line_icon

DECISION_LABELS: dict[Decision | None, tuple[str, str]] = {
    Decision.PRESENT: ("Mark &present", "Ctrl+1"),
    Decision.MISSING: ("Mark &missing", "Ctrl+2"),
    Decision.NOT_APPLICABLE: ("Mark &not applicable", "Ctrl+3"),
    Decision.RISK_ACCEPTED: ("&Accept the risk", "Ctrl+4"),
    None: ("&Clear my decision", "Ctrl+0"),
}


@dataclass
class WindowActions:
    """Every action of the main window; the window connects their ``triggered`` signals."""

    open: QAction
    open_sample: QAction
    close: QAction
    quit: QAction
    find: QAction
    find_next: QAction
    find_previous: QAction
    copy: QAction
    show_page: QAction
    next_finding: QAction
    previous_finding: QAction
    settings: QAction
    about: QAction
    shortcuts: QAction
    open_log_folder: QAction
    done: QAction
    reset_layout: QAction
    decisions: dict[Decision | None, QAction] = field(default_factory=dict)
    recent_menu: QMenu | None = None
    library_menu: LibraryMenu | None = None

    def review_actions(self) -> list[QAction]:
        """Actions that need an open review."""
        return [
            self.close,
            self.next_finding,
            self.previous_finding,
            self.done,
            self.find,
            self.find_next,
            self.find_previous,
            *self.decisions.values(),
        ]


def _action(
    parent: QWidget,
    text: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    icon: QIcon | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        action.setIcon(icon)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    return action


def create_actions(window: QMainWindow, find: tuple[QAction, QAction, QAction]) -> WindowActions:
    """The window's actions; ``find`` are the document view's own find / next / previous.

    Reusing the view's find actions (made window-wide) avoids two shortcuts on the same keys,
    which Qt treats as ambiguous and then fires neither.
    """
    for action in find:
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    keys = QKeySequence.StandardKey
    actions = WindowActions(
        open=_action(window, "&Open…", keys.Open, line_icon("open"), "Open a contract"),
        open_sample=_action(window, "Open &sample contract"),
        close=_action(window, "&Close", keys.Close),
        quit=_action(window, "&Quit", keys.Quit),
        find=find[0],
        find_next=find[1],
        find_previous=find[2],
        copy=_action(window, "&Copy", keys.Copy),
        show_page=_action(window, "Show original &page", "Ctrl+P"),
        next_finding=_action(
            window,
            "&Next finding needing attention",
            "F8",
            line_icon("next"),
            "Next finding that needs attention, most severe first (F8)",
        ),
        previous_finding=_action(
            window,
            "P&revious finding needing attention",
            "Shift+F8",
            line_icon("previous"),
            "Previous finding that needs attention (Shift+F8)",
        ),
        settings=_action(
            window,
            "&Settings…",
            keys.Preferences,
            line_icon("settings"),
            "Thresholds, library folder and theme",
        ),
        about=_action(window, "&About ITO Review"),
        shortcuts=_action(
            window, "&Keyboard shortcuts", "F1", tip="Every keyboard shortcut of ITO Review"
        ),
        open_log_folder=_action(
            window, "Open &log folder", tip="Show the folder of ITO Review's log file"
        ),
        done=_action(window, "Mark &done", "Ctrl+D"),
        reset_layout=_action(window, "&Reset layout"),
    )
    actions.quit.setMenuRole(QAction.MenuRole.QuitRole)
    actions.settings.setMenuRole(QAction.MenuRole.PreferencesRole)
    actions.about.setMenuRole(QAction.MenuRole.AboutRole)
    actions.open.setIconText("Open")
    actions.find.setText("&Find…")
    actions.find.setIcon(line_icon("find"))
    actions.find.setToolTip("Find in the contract (Ctrl+F)")
    actions.find.setIconText("Find")
    actions.find_next.setText("Find &next")
    actions.find_previous.setText("Find &previous")
    actions.next_finding.setIconText("Next")
    actions.previous_finding.setIconText("Previous")
    actions.settings.setIconText("Settings")
    actions.show_page.setCheckable(True)
    actions.done.setCheckable(True)
    for decision, (text, shortcut) in DECISION_LABELS.items():
        actions.decisions[decision] = _action(window, text, shortcut)
    return actions


def build_menus(window: QMainWindow, actions: WindowActions, docks: list[QDockWidget]) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(actions.open)
    actions.recent_menu = file_menu.addMenu("Open &recent")
    file_menu.addAction(actions.open_sample)
    file_menu.addSeparator()
    file_menu.addAction(actions.close)
    file_menu.addSeparator()
    file_menu.addAction(actions.settings)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addAction(actions.copy)
    edit_menu.addSeparator()
    for action in (actions.find, actions.find_next, actions.find_previous):
        edit_menu.addAction(action)

    view_menu = bar.addMenu("&View")
    view_menu.addAction(actions.show_page)
    view_menu.addSeparator()
    for dock in docks:
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addAction(actions.reset_layout)
    view_menu.addSeparator()
    view_menu.addAction(actions.next_finding)
    view_menu.addAction(actions.previous_finding)

    review_menu = bar.addMenu("&Review")
    for decision, action in actions.decisions.items():
        if decision is None:
            review_menu.addSeparator()
        review_menu.addAction(action)
    review_menu.addSeparator()
    review_menu.addAction(actions.done)

    actions.library_menu = LibraryMenu(window)
    bar.addMenu(actions.library_menu)

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(actions.shortcuts)
    help_menu.addSeparator()
    help_menu.addAction(actions.open_log_folder)
    help_menu.addAction(actions.about)


def build_toolbar(window: QMainWindow, actions: WindowActions) -> QToolBar:
    toolbar = QToolBar("Toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setIconSize(QSize(18, 18))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addAction(actions.open)
    toolbar.addSeparator()
    toolbar.addAction(actions.previous_finding)
    toolbar.addAction(actions.next_finding)
    toolbar.addSeparator()
    toolbar.addAction(actions.find)
    toolbar.addAction(actions.settings)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar


def fill_recent_menu(
    menu: QMenu,
    recent: list[str],
    open_file: Callable[[Path], None],
    clear: Callable[[], None],
) -> None:
    """Rebuild *Open recent* (most recent first) each time it is about to show."""
    menu.clear()
    for entry in recent:
        action = menu.addAction(Path(entry).name)
        action.setToolTip(entry)
        action.triggered.connect(lambda _=False, p=entry: open_file(Path(p)))
    if not recent:
        menu.addAction("No recent files").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("Clear recent files").triggered.connect(clear)
