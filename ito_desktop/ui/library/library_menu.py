"""The Library menu: open, reload and validate the clause library; which one a review used."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.errors import LibraryError, LibraryProblem
from ito_desktop.core.library.loader import (
    library_layers,
    user_library_dir,
    validate_folder,
)
from ito_desktop.core.library.schema import Library
from ito_desktop.core.plural import count
from ito_desktop.core.settings import company_library_layers

Index = QModelIndex | QPersistentModelIndex


def layers_in_use(library_folder: str) -> list[Path]:
    """The folders a review loads: bundled, the user layer if present, the settings' folder."""
    return library_layers(company_library_layers(library_folder))


def problems_of(error: LibraryError) -> list[LibraryProblem]:
    """The problems a failed load reported (the loader names every one, as records)."""
    if error.problems:
        return list(error.problems)
    return [LibraryProblem("", error.message)]  # not the loader's: its sentence as it is


def editable_library_folder(library_folder: str) -> Path:
    """The company folder from the settings, else the personal layer (created on demand)."""
    if library_folder.strip():
        return Path(library_folder).expanduser()
    folder = user_library_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def validate_layers(folders: list[Path]) -> list[LibraryProblem]:
    """Every problem of every folder, then the warnings (entries that load but fall short)."""
    problems: list[LibraryProblem] = []
    warned: list[LibraryProblem] = []
    for folder in folders:
        problems += validate_folder(folder, warned)
    return problems + warned


class LibraryProblemsModel(QAbstractTableModel):
    """One row per problem: folder, file, entry, field, problem."""

    HEADERS = ("File", "Entry", "Field", "Problem", "Folder")

    def __init__(self, problems: list[LibraryProblem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = problems

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        problem = f"Warning: {row.message}" if row.warning else row.message
        values = (row.location, row.entry, row.field, problem, row.folder)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return values[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def problems(self) -> list[LibraryProblem]:
        return list(self._rows)


class LibraryProblemsDialog(QDialog):
    """Lists every problem found in the library folders, with a Copy button."""

    def __init__(
        self, folders: list[Path], problems: list[LibraryProblem], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("libraryProblemsDialog")
        self.setWindowTitle("Clause library check")
        self.resize(860, 380)
        checked = "".join(f"<br>&nbsp;&nbsp;{html.escape(str(f))}" for f in folders)
        errors = [p for p in problems if not p.warning]
        warnings = len(problems) - len(errors)
        warned = (
            f" {count(warnings, 'warning')}: those entries load, but fall short of "
            "clause_library/SCHEMA.md."
            if warnings
            else ""
        )
        if errors:
            summary = (
                f"<b>{count(len(errors), 'problem')} found.</b> Entries with problems are not "
                f"loaded; fix them in the YAML files.{warned}<br>Checked:{checked}"
            )
        else:
            summary = f"<b>No problems found.</b>{warned}<br>Checked:{checked}"
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.model = LibraryProblemsModel(problems, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(problems))
        copy = QPushButton("Copy")
        copy.clicked.connect(self.copy_to_clipboard)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def text(self) -> str:
        return "\n".join(
            f"{'warning: ' if p.warning else ''}"
            f"{p.folder + '/' if p.folder and p.file != p.folder else ''}{p}"
            for p in self.model.problems()
        )

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text() or "No problems found.")


def about_library_html(library: Library) -> str:
    """Name, version, entry count and layers of the library a review used."""
    layers = "".join(f"<li>{html.escape(str(layer))}</li>" for layer in library.layers)
    description = f"<p>{html.escape(library.description)}</p>" if library.description else ""
    return (
        f"<h3>{html.escape(library.name)}</h3>"
        f"<p>Version <b>{html.escape(library.version)}</b> · {len(library.entries)} clauses in "
        f"{len(library.categories)} categories</p>{description}"
        f"<p>Loaded from (later folders override earlier ones by clause id):</p><ol>{layers}</ol>"
    )


def about_library_box(library: Library, parent: QWidget | None = None) -> QMessageBox:
    """Library > About this review's library: its name, version, size and layers."""
    box = QMessageBox(QMessageBox.Icon.Information, "Clause library", "", parent=parent)
    box.setObjectName("aboutBox")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_library_html(library))
    return box


class LibraryMenu(QMenu):
    """Actions only; the main window connects them to the controller and dialogs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("&Library", parent)
        self.open_folder_action = QAction("Open library folder", self)
        self.open_folder_action.setToolTip(
            "Open the company library folder from the settings, or your personal layer"
        )
        self.open_bundled_action = QAction("Show bundled library", self)
        self.reload_action = QAction("Reload library", self)
        self.reload_action.setToolTip("Read the library again and re-analyse the open contract")
        self.validate_action = QAction("Validate library…", self)
        self.validate_other_action = QAction("Validate a folder…", self)
        self.about_action = QAction("About this review's library", self)
        self.about_action.setEnabled(False)
        for action in (self.open_folder_action, self.open_bundled_action):
            self.addAction(action)
        self.addSeparator()
        for action in (self.reload_action, self.validate_action, self.validate_other_action):
            self.addAction(action)
        self.addSeparator()
        self.addAction(self.about_action)
