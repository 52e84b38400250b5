"""Help > Keyboard shortcuts: every shortcut of the menus, read from the actions themselves."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Keys of the findings list that no menu shows (the list handles them itself).
LIST_KEYS: tuple[tuple[str, str], ...] = (
    ("Next row / previous row", "Alt+Down / Alt+Up"),
    ("Show the finding's evidence; open or close a category", "Enter"),
    ("Tick or untick Done", "Space"),
)


def _plain(text: str) -> str:
    """A menu text without its mnemonic marker and trailing dots: "&Open…" -> "Open"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


def menu_shortcuts(menu_bar: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(command, keys)]) for every menu command that has a shortcut."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []

    def walk(menu: QMenu, into: list[tuple[str, str]]) -> None:
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, into)
                continue
            keys = [
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if not k.isEmpty()
            ]
            if keys and not action.isSeparator():
                into.append((_plain(action.text()), " or ".join(keys)))

    for top in menu_bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            rows: list[tuple[str, str]] = []
            walk(menu, rows)
            if rows:
                groups.append((_plain(top.text()), rows))
    return groups


class ShortcutsDialog(QDialog):
    """A two-column list, grouped by menu, then the findings list's own keys."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 560)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName("Keyboard shortcuts")
        groups = [*menu_shortcuts(menu_bar), ("Findings list", list(LIST_KEYS))]
        for title, rows in groups:
            group = QTreeWidgetItem(self.tree, [title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            for command, keys in rows:
                QTreeWidgetItem(group, [command, keys])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, command, keys) as listed."""
        listed = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            assert group is not None
            for r in range(group.childCount()):
                child = group.child(r)
                assert child is not None
                listed.append((group.text(0), child.text(0), child.text(1)))
        return listed
