"""Library > Validate and a failed load list the loader's problem records, row by row."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from ito_desktop.core.library.loader import bundled_library_dir, user_library_dir
from ito_desktop.core.settings import Settings
from ito_desktop.ui.library.library_menu import LibraryProblemsDialog
from tests.cli.test_library_validate import GOOD, _write
from tests.core.library.broken_library import CLI_LINES, PROBLEMS, WARNINGS, write_broken_library
from tests.ui.test_main_window import MakeWindow, only_dialog, open_review


def _rows(dialog: LibraryProblemsDialog) -> list[tuple[object, ...]]:
    """What the problems table shows: File, Entry, Field, Problem, Folder."""
    model = dialog.model
    return [
        tuple(model.data(model.index(row, column)) for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def test_validate_library_lists_each_problem_in_its_columns(
    make_window: MakeWindow, tmp_path: Path
) -> None:
    company = write_broken_library(tmp_path / "company")
    user = user_library_dir()
    user.mkdir(parents=True)
    _write(user, GOOD)  # a clean personal layer
    window = make_window(settings=Settings(library_folder=str(company)))
    library_menu = window.commands.library_menu
    assert library_menu is not None

    library_menu.validate_action.trigger()

    dialog = only_dialog(window, LibraryProblemsDialog)
    folder = str(company)
    assert _rows(dialog) == [
        *((file, entry, field, message, folder) for file, entry, field, message in PROBLEMS),
        *(
            (file, entry, field, f"Warning: {text}", folder)
            for file, entry, field, text in WARNINGS
        ),
    ]
    summary = dialog.summary.text()
    assert "6 problems found" in summary
    assert "2 warnings" in summary
    # The layers the loader reads, in its order: bundled, then personal, then company.
    checked = [summary.index(str(path)) for path in (bundled_library_dir(), user, company)]
    assert checked == sorted(checked)
    dialog.copy_to_clipboard()
    assert QGuiApplication.clipboard().text().splitlines() == [
        line.replace("warning: ", f"warning: {folder}/")
        if line.startswith("warning: ")
        else f"{folder}/{line}"
        for line in CLI_LINES
    ]
    dialog.reject()


def test_a_missing_company_folder_is_listed_as_the_loader_names_it(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path, sample_docx: Path
) -> None:
    missing = tmp_path / "company library (moved)"
    window = make_window(settings=Settings(library_folder=str(missing)))

    open_review(qtbot, window, sample_docx)

    dialog = only_dialog(window, LibraryProblemsDialog)
    message = "the clause library folder does not exist."
    assert _rows(dialog) == [(str(missing), "", "", message, str(missing))]
    dialog.copy_to_clipboard()
    assert QGuiApplication.clipboard().text() == f"{missing}: {message}"  # the CLI's sentence
    dialog.reject()
