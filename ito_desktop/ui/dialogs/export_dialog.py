"""File > Export…: choose a format and options, then where to save; remembers the last folder."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.errors import ItoError
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.core.settings import Settings
from ito_desktop.export import EXPORTERS, Exporter, ExportOptions
from ito_desktop.ui.common.menus import add_file_action
from ito_desktop.ui.dialogs.error_dialog import ErrorDialog
from ito_desktop.ui.dialogs.export_notice import ExportNotice
from ito_desktop.ui.review.jobs import Job, JobRunner, Runner
from ito_desktop.ui.review.review_tasks import export_body

if TYPE_CHECKING:  # the controller is only needed to wire the menu action
    from ito_desktop.ui.review.review_controller import ReviewController


class ExportDialog(QDialog):
    """Pick a format, then a file; writes the export and remembers the folder in Settings.

    The file is written by a background job (on ``runner``, a JobRunner of its own unless one
    is given), so a long export does not freeze the window; the dialog waits for it.
    """

    exported = Signal(object)  # Path written

    def __init__(
        self,
        result: ReviewResult,
        session: ReviewSession | None,
        settings: Settings,
        parent: QWidget | None = None,
        save_settings: Callable[[], None] | None = None,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export review")
        self.setMinimumWidth(480)
        self.review_result = result
        self.session = session
        self.settings = settings
        self._save_settings = save_settings
        self.written: Path | None = None
        self.runner: Runner = runner or JobRunner(parent=self)
        self._job: Job | None = None  # the export being written

        self.format_box = QComboBox()
        self.format_box.setObjectName("exportFormat")
        model = QStandardItemModel(self.format_box)
        self.format_box.setModel(model)
        for name, exporter in EXPORTERS.items():
            self.format_box.addItem(exporter.label, name)
            reason = exporter.unavailable_reason(result)
            if reason is not None:
                item = model.item(self.format_box.count() - 1)
                item.setEnabled(False)
                item.setToolTip(reason)
                # Lower-case the first letter only: "only for Word (.docx) contracts".
                item.setText(f"{exporter.label} — {reason[:1].lower()}{reason[1:].rstrip('.')}")
        self.purpose = QLabel()
        self.purpose.setObjectName("exportPurpose")
        self.purpose.setWordWrap(True)
        self.include_na = QCheckBox("Include clauses marked not applicable")
        self.include_na.setObjectName("includeNotApplicable")
        # The name saved in Settings, unless this review already names its reviewer.
        saved = session.reviewer if session is not None else ""
        self.reviewer = QLineEdit(saved or settings.reviewer_name)
        self.reviewer.setObjectName("exportReviewer")
        self.reviewer.setPlaceholderText("Printed on the export (optional)")

        form = QFormLayout()
        form.addRow("&Format:", self.format_box)
        form.addRow("", self.purpose)
        form.addRow("&Reviewer:", self.reviewer)
        form.addRow("", self.include_na)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self.format_box.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def exporter(self) -> Exporter:
        return EXPORTERS[str(self.format_box.currentData())]

    def select_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(name))

    def options(self) -> ExportOptions:
        return ExportOptions(
            include_not_applicable=self.include_na.isChecked(),
            reviewer=self.reviewer.text().strip(),
        )

    def suggested_path(self) -> Path:
        """``<contract> - <purpose>.<suffix>`` in the last export folder (else the contract's)."""
        contract = self.review_result.document.path
        folder = Path(self.settings.last_export_folder or contract.parent)
        if not folder.is_dir():
            folder = contract.parent
        spec = self.exporter().spec
        return folder / f"{contract.stem} - {spec.file_word}{spec.suffix}"

    def accept(self) -> None:
        """Ask where to save, then write in the background; stay open if anything went wrong."""
        if self._job is not None:  # an export is being written
            return
        exporter = self.exporter()
        if exporter.unavailable_reason(self.review_result) is not None:
            return
        path = self._ask_path(exporter)
        if path is None:
            return
        self._write(exporter, path)

    def reject(self) -> None:
        if self._job is None:  # an export being written cannot be stopped halfway: it finishes
            super().reject()

    def _ask_path(self, exporter: Exporter) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Export review",
            str(self.suggested_path()),
            f"{exporter.label} (*{exporter.suffix})",
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != exporter.suffix:
            path = path.with_name(path.name + exporter.suffix)
            # The save dialog asked about the name typed, not this one.
            if path.exists() and not self._confirm_replace(path):
                return None
        if path.resolve() == self.review_result.document.path.resolve():
            QMessageBox.warning(self, "Export review",
                                "The export cannot replace the contract itself. Choose another "
                                "file name.")
            return None
        return path

    def _confirm_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self, "Export review", f"{path.name} already exists. Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _write(self, exporter: Exporter, path: Path) -> None:
        # The review as it is now: the worker must not read a session the GUI may change.
        session = copy.deepcopy(self.session)
        body = functools.partial(
            export_body, exporter, self.review_result, session, self.options(), path
        )
        job = Job(body, f"Exporting {path.name}", self)
        job.finished.connect(lambda _path: self._written(path))
        job.failed.connect(lambda error: self._failed(error, path))
        job.cancelled.connect(self._job_over)
        self._job = job
        self.export_button.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.runner.start(job)

    def _job_over(self) -> None:
        QGuiApplication.restoreOverrideCursor()
        self.export_button.setEnabled(True)
        self._job = None

    def _written(self, path: Path) -> None:
        """Remember the folder (and the reviewer's name), say where it went, and close."""
        self._job_over()
        self.written = path
        self.settings.last_export_folder = str(path.parent)
        if self.reviewer.text().strip():  # remembered for the next export (and Settings)
            self.settings.reviewer_name = " ".join(self.reviewer.text().split())
        if self._save_settings is not None:
            self._save_settings()
        self.exported.emit(path)
        super().accept()

    def _failed(self, error: BaseException, path: Path) -> None:
        self._job_over()
        if not isinstance(error, (ItoError, OSError)):
            raise error  # unexpected: the app's excepthook shows and logs it
        ErrorDialog(error, self, path=path).exec()

    def _format_changed(self) -> None:
        spec = self.exporter().spec
        self.purpose.setText(spec.purpose)
        self.include_na.setEnabled(spec.lists_issues)  # the others leave nothing out


def install_export_action(window: QMainWindow, controller: ReviewController,
                          before: QAction | None = None) -> QAction:
    """Add File > Export… (Ctrl+E), enabled while a review is open, to ``window``'s first menu."""
    action = QAction("&Export…", window)
    action.setObjectName("exportAction")
    action.setShortcut(QKeySequence("Ctrl+E"))
    action.setStatusTip("Export the issues list, a report or an annotated copy")
    action.setEnabled(controller.review is not None)
    add_file_action(window, action, before, separator=True)

    def open_dialog() -> None:
        review = controller.review
        if review is None:
            return
        dialog = ExportDialog(review.result, review.session, controller.settings, window,
                              controller.save_settings, controller.runner)
        dialog.exported.connect(
            lambda path: window.statusBar().showMessage(f"Exported to {path}", 8000))
        dialog.exported.connect(notice.show_export)
        dialog.exec()

    # Where the export went, with Open and Show in folder, until dismissed or another review.
    notice = ExportNotice()
    window.statusBar().addPermanentWidget(notice)
    action.setProperty("notice", notice)
    action.triggered.connect(open_dialog)
    controller.reviewOpened.connect(lambda _review: action.setEnabled(True))
    controller.reviewOpened.connect(lambda _review: notice.dismiss())
    controller.reviewClosed.connect(lambda: action.setEnabled(False))
    controller.reviewClosed.connect(notice.dismiss)
    return action


def export_notice(action: QAction) -> ExportNotice:
    """The notice ``install_export_action`` put in the status bar beside ``action``."""
    notice = action.property("notice")
    assert isinstance(notice, ExportNotice)
    return notice
