"""File > Export…: the dialog writes the chosen format and remembers the folder."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ito_desktop.core.library.loader import load_library
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.session import Decision, ReviewSession
from ito_desktop.core.settings import Settings
from ito_desktop.export import EXPORTERS, Exporter, ExportFormat, ExportOptions, TextExporter
from ito_desktop.export.formats import WORD_ONLY
from ito_desktop.ui.dialogs import export_dialog
from ito_desktop.ui.dialogs.export_dialog import ExportDialog
from ito_desktop.ui.window.main_window import MainWindow


@pytest.fixture
def docx_result(sample_docx: Path) -> ReviewResult:
    return review(sample_docx, load_library(include_user_layer=False))


@pytest.fixture
def session(docx_result: ReviewResult) -> ReviewSession:
    session = ReviewSession(docx_result.document.path, docx_result.document.sha256,
                            reviewer="Dana Reviewer")
    session.set_decision("insurance", Decision.NOT_APPLICABLE)
    return session


class SaveAs:
    """Stands in for QFileDialog.getSaveFileName: records the call, answers ``answer``."""

    def __init__(self, answer: Path | None) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str]] = []

    def __call__(self, parent: object, caption: str, start: str, filters: str) -> tuple[str, str]:
        self.calls.append((start, filters))
        return (str(self.answer) if self.answer else "", filters)


def _dialog(qtbot: QtBot, result: ReviewResult, session: ReviewSession | None,
            settings: Settings, saved: list[bool]) -> ExportDialog:
    dialog = ExportDialog(result, session, settings, None, lambda: saved.append(True))
    qtbot.addWidget(dialog)
    return dialog


def test_export_xlsx_remembers_the_folder(
    qtbot: QtBot, docx_result: ReviewResult, session: ReviewSession, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    save_as = SaveAs(out_dir / "meeting.xlsx")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    settings, saved = Settings(), []
    dialog = _dialog(qtbot, docx_result, session, settings, saved)
    assert dialog.exporter().name == "xlsx"  # the issues list comes first
    assert dialog.reviewer.text() == "Dana Reviewer"
    with qtbot.waitSignal(dialog.exported) as signal:
        dialog.export_button.click()
    assert signal.args == [out_dir / "meeting.xlsx"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    start, filters = save_as.calls[0]
    assert start == str(docx_result.document.path.parent / "sample_msa - issues.xlsx")
    assert "*.xlsx" in filters
    book = openpyxl.load_workbook(out_dir / "meeting.xlsx")
    clauses = [row[2].value for row in book["Issues"].iter_rows(min_row=2)]
    assert "Insurance" not in clauses  # not applicable, left out by default
    assert settings.last_export_folder == str(out_dir)
    assert saved == [True]

    again = _dialog(qtbot, docx_result, session, settings, saved)
    again.select_format("docx")
    assert again.suggested_path() == out_dir / "sample_msa - issues report.docx"


def test_include_not_applicable_and_added_suffix(
    qtbot: QtBot, docx_result: ReviewResult, session: ReviewSession, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(tmp_path / "issues"))
    dialog = _dialog(qtbot, docx_result, session, Settings(), [])
    dialog.select_format("csv")
    dialog.include_na.setChecked(True)
    with qtbot.waitSignal(dialog.exported):  # written by a background job
        dialog.export_button.click()
    written = (tmp_path / "issues.csv").read_text(encoding="utf-8-sig")
    assert "Not applicable" in written
    assert dialog.written == tmp_path / "issues.csv"


def test_cancelled_save_dialog_writes_nothing(
    qtbot: QtBot, docx_result: ReviewResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(None))
    settings, saved = Settings(), []
    dialog = _dialog(qtbot, docx_result, None, settings, saved)
    dialog.show()
    dialog.export_button.click()
    assert dialog.isVisible()  # still open: the user may pick another format
    assert settings.last_export_folder == ""
    assert saved == []


def test_annotated_copy_only_for_docx(
    qtbot: QtBot, sample_pdf: Path, docx_result: ReviewResult
) -> None:
    pdf_result = review(sample_pdf, load_library(include_user_layer=False))
    dialog = _dialog(qtbot, pdf_result, None, Settings(), [])
    index = dialog.format_box.findData("annotated-docx")
    item = dialog.format_box.model().item(index)  # type: ignore[attr-defined]
    assert not item.isEnabled()
    assert dialog.format_box.itemText(index).endswith(" — only for Word (.docx) contracts")
    docx_dialog = _dialog(qtbot, docx_result, None, Settings(), [])
    docx_index = docx_dialog.format_box.findData("annotated-docx")
    assert docx_dialog.format_box.model().item(docx_index).isEnabled()  # type: ignore[attr-defined]


def test_write_error_shows_the_error_dialog(
    qtbot: QtBot, docx_result: ReviewResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        SaveAs(tmp_path / "no such folder" / "issues.xlsx"))
    shown: list[str] = []
    monkeypatch.setattr(export_dialog.ErrorDialog, "exec",
                        lambda self: shown.append(self.message()) or 0)
    settings = Settings()
    dialog = _dialog(qtbot, docx_result, None, settings, [])
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(shown))  # the failure comes back from the background job
    assert len(shown) == 1
    assert dialog.export_button.isEnabled()  # and the reviewer may try another file
    assert "issues.xlsx could not be written" in shown[0]
    assert settings.last_export_folder == ""


def test_the_export_is_written_off_the_gui_thread(
    qtbot: QtBot, docx_result: ReviewResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "issues.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(out))
    threads: list[threading.Thread] = []
    release = threading.Event()
    exporter = EXPORTERS["xlsx"]
    real_write = type(exporter).write

    def held_write(self: Exporter, *args: Any, **kwargs: Any) -> None:
        threads.append(threading.current_thread())
        release.wait(10)
        real_write(self, *args, **kwargs)

    monkeypatch.setattr(type(exporter), "write", held_write)
    dialog = _dialog(qtbot, docx_result, None, Settings(), [])
    dialog.show()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not threading.main_thread()
    assert not dialog.export_button.isEnabled()  # one export at a time
    dialog.reject()
    assert dialog.isVisible()  # Esc waits for the file being written
    with qtbot.waitSignal(dialog.exported):
        release.set()
    assert out.exists()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_never_over_the_contract(
    qtbot: QtBot, docx_result: ReviewResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = docx_result.document.path
    before = contract.read_bytes()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(contract))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: warned.append(text))
    dialog = _dialog(qtbot, docx_result, None, Settings(), [])
    dialog.select_format("annotated-docx")
    dialog.export_button.click()
    assert warned
    assert "cannot replace the contract" in warned[0]
    assert contract.read_bytes() == before


def test_file_export_action_in_the_main_window(
    make_window: Callable[..., MainWindow], sample_docx: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    action = window.export_action
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()  # type: ignore[union-attr]
    assert not action.isEnabled()  # nothing to export yet
    window.open_file(sample_docx)
    assert action.isEnabled()
    window.controller.set_note("termination_for_convenience", "Ask for 12 months' notice.")

    out = tmp_path / "exports" / "issues.md"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(out))

    def run(dialog: ExportDialog) -> int:  # a modal exec() would block the test
        dialog.select_format("md")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(ExportDialog, "exec", run)
    action.trigger()
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Contract review: sample_msa.docx")
    assert "**Reviewer note:** Ask for 12 months' notice." in text  # the window's session
    assert window.controller.settings.last_export_folder == str(out.parent)
    assert "Exported to" in window.statusBar().currentMessage()
    window.close_review()
    assert not action.isEnabled()


# -- the dialog reads what each exporter declares, not its name ----------------------------------


class _NotesExporter(TextExporter):
    """A format the dialog has never heard of: only its declaration tells it what to do."""

    spec = ExportFormat(
        "scratch",
        "Scratch notes (.txt)",
        ".txt",
        "Notes to yourself, from the contract's own Word file.",
        "scratch notes",
        text=True,
        needs_docx_source=True,
        lists_issues=True,
    )

    def render(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> str:
        return f"{result.document.path.name}; not applicable kept: {options.include_not_applicable}"


class _TallyExporter(_NotesExporter):
    spec = ExportFormat("tally", "Tally (.txt)", ".txt", "Counts only.", "tally", text=True)


@pytest.fixture
def declared_only(monkeypatch: pytest.MonkeyPatch) -> tuple[Exporter, Exporter]:
    """The dialog offers two formats it has no name for."""
    notes, tally = _NotesExporter(), _TallyExporter()
    monkeypatch.setattr(export_dialog, "EXPORTERS", {notes.name: notes, tally.name: tally})
    return notes, tally


def test_a_word_only_declaration_keeps_the_format_from_a_pdf(
    qtbot: QtBot, sample_pdf: Path, declared_only: tuple[Exporter, Exporter],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_as = SaveAs(sample_pdf.with_name("notes.txt"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    pdf_result = review(sample_pdf, load_library(include_user_layer=False))
    dialog = _dialog(qtbot, pdf_result, None, Settings(), [])
    dialog.show()
    item = dialog.format_box.model().item(0)  # type: ignore[attr-defined]
    assert dialog.format_box.itemData(0) == "scratch"
    assert not item.isEnabled()
    assert item.text() == "Scratch notes (.txt) — only for Word (.docx) contracts"
    assert item.toolTip() == WORD_ONLY
    assert dialog.format_box.model().item(1).isEnabled()  # type: ignore[attr-defined]

    dialog.select_format("scratch")
    dialog.export_button.click()

    assert save_as.calls == []  # not even asked where to save
    assert not sample_pdf.with_name("notes.txt").exists()
    assert dialog.isVisible()


def test_declarations_drive_purpose_file_name_and_the_not_applicable_choice(
    qtbot: QtBot, docx_result: ReviewResult, declared_only: tuple[Exporter, Exporter],
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    notes = declared_only[0]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveAs(tmp_path / "mine.txt"))
    dialog = _dialog(qtbot, docx_result, None, Settings(last_export_folder=str(tmp_path)), [])
    assert dialog.format_box.model().item(0).isEnabled()  # type: ignore[attr-defined]
    dialog.select_format("tally")
    assert dialog.purpose.text() == "Counts only."
    assert not dialog.include_na.isEnabled()  # tally does not list issues
    assert dialog.suggested_path() == tmp_path / "sample_msa - tally.txt"

    dialog.select_format("scratch")
    assert dialog.purpose.text() == notes.spec.purpose
    assert dialog.include_na.isEnabled()
    assert dialog.suggested_path() == tmp_path / "sample_msa - scratch notes.txt"
    dialog.include_na.setChecked(True)
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()

    written = (tmp_path / "mine.txt").read_text("utf-8")
    assert written == "sample_msa.docx; not applicable kept: True"
