"""The main window: composes the views, panels, dialogs and the review controller."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.settings import Settings, Theme
from ito_desktop.ui.details.details_panel import DetailsPanel
from ito_desktop.ui.dialogs.about_dialog import about_app_box
from ito_desktop.ui.dialogs.compare_view import install_compare_action
from ito_desktop.ui.dialogs.error_dialog import ErrorDialog
from ito_desktop.ui.dialogs.export_dialog import install_export_action
from ito_desktop.ui.dialogs.password_dialog import PasswordDialog
from ito_desktop.ui.dialogs.settings_dialog import SettingsDialog
from ito_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from ito_desktop.ui.dialogs.unsaved_dialog import UnsavedChoice, UnsavedReviewDialog
from ito_desktop.ui.document.document_view import DocumentView
from ito_desktop.ui.document.finding_highlights import finding_highlights
from ito_desktop.ui.findings.findings_panel import FindingsPanel
from ito_desktop.ui.library.library_actions import LibraryActions
from ito_desktop.ui.page.page_view import PageView, page_regions
from ito_desktop.ui.review.jobs import JobRunner, Runner
from ito_desktop.ui.review.review_controller import OpenReview, ReviewController
from ito_desktop.ui.review.review_tasks import sample_copy
from ito_desktop.ui.review.staged_work import StagedWork
from ito_desktop.ui.window.file_drop import OPEN_FILTER, dropped_file
from ito_desktop.ui.window.log_folder import open_log_folder
from ito_desktop.ui.window.message_bar import Level, MessageBar
from ito_desktop.ui.window.selection import FindingSelection
from ito_desktop.ui.window.status_bar import ReviewStatusBar
from ito_desktop.ui.window.theme import apply_theme
from ito_desktop.ui.window.welcome_view import WelcomeView
from ito_desktop.ui.window.window_actions import (
    build_menus,
    build_toolbar,
    create_actions,
    fill_recent_menu,
)
from ito_desktop.ui.window.window_layout import (
    LAYOUT_VERSION,
    DockParking,
    DockSizer,
    fitted_size,
    is_compact,
    place_docks,
    restore_layout,
    save_layout,
)

ErrorDialogFactory = Callable[[BaseException, QWidget, Path | None], QDialog]


def _error_dialog(error: BaseException, parent: QWidget, path: Path | None) -> QDialog:
    return ErrorDialog(error, parent, path=path)


class MainWindow(QMainWindow):
    """Menus, toolbar, docks and status bar around the document; the controller does the work."""

    def __init__(
        self,
        runner: Runner | None = None,
        settings: Settings | None = None,
        *,
        remember: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("ITO Review")
        self.setAcceptDrops(True)
        self.remember = remember  # False (screenshots): leave geometry and recent files alone
        self.error_dialog_factory: ErrorDialogFactory = _error_dialog
        self.dialogs: list[QDialog] = []  # open non-modal dialogs, newest last
        self.unsaved_dialog: UnsavedReviewDialog | None = None  # asking about a failed save
        self.controller = ReviewController(
            runner or JobRunner(parent=self), settings or Settings(), self, remember=remember
        )
        # Decisions come in bursts (keyboard); their highlights are repainted once, after.
        self.staged = StagedWork(self)
        self._highlight_timer = QTimer(self)
        self._highlight_timer.setSingleShot(True)
        self._highlight_timer.setInterval(0)
        self._highlight_timer.timeout.connect(self._paint_highlights)

        self.welcome = WelcomeView()
        self.document_view = DocumentView()
        self.page_view = PageView()
        # The text and (for PDFs) the original page share the centre as two tabs: beside
        # the findings and details docks there is no room for both at a readable width.
        self.review_area = QTabWidget()
        self.review_area.setObjectName("reviewArea")
        self.review_area.setDocumentMode(True)
        self.review_area.setTabBarAutoHide(True)  # no tab bar for a DOCX or TXT: one tab
        self.review_area.addTab(self.document_view, "Contract text")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.review_area)
        self.message_bar = MessageBar()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.message_bar)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.findings_panel = FindingsPanel()
        self.details_panel = DetailsPanel()
        self.findings_dock = self._dock("Findings", "findingsDock", self.findings_panel)
        self.details_dock = self._dock("Details", "detailsDock", self.details_panel)
        place_docks(self, self.findings_dock, self.details_dock)
        self.status = ReviewStatusBar()
        self.setStatusBar(self.status)

        view = self.document_view
        self.commands = create_actions(
            self, (view.find_action, view.find_next_action, view.find_previous_action)
        )
        build_menus(self, self.commands, [self.findings_dock, self.details_dock])
        self.selection = FindingSelection(
            self.controller,
            self.findings_panel,
            self.details_panel,
            self.document_view,
            self.page_view,
            self.commands,
            self.status,
        )
        assert self.commands.library_menu is not None
        self.library_actions = LibraryActions(
            self.commands.library_menu, self.controller, self, self._open_dialog
        )
        self.export_action = install_export_action(self, self.controller, self.commands.close)
        self.compare_action = install_compare_action(
            self,
            self.controller,
            self._open_side_window,
            self.selection.show_compared,
            self.export_action,
        )
        self.toolbar = build_toolbar(self, self.commands)
        self._default_state = self.saveState(LAYOUT_VERSION)
        self.parking = DockParking((self.findings_dock, self.details_dock))
        self._connect()
        self.resize(*fitted_size(self))
        self._set_compact(is_compact(self))
        docks = (self.findings_dock, self.details_dock)
        self.dock_sizer = DockSizer(self, docks, self.findings_panel.height_for_rows)
        if self.remember and restore_layout(self):
            self.dock_sizer.pending = False
        self._show_welcome()

    @property
    def selected(self) -> str | None:
        """The selected finding's library clause id (the findings list's current row)."""
        return self.selection.selected

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)  # movable, floatable and closable: Qt's defaults
        return dock

    # -- wiring -------------------------------------------------------------------------------

    def _connect(self) -> None:
        a, c = self.commands, self.controller
        a.open.triggered.connect(self.choose_file)
        a.open_sample.triggered.connect(self.open_sample)
        a.close.triggered.connect(self.close_review)
        a.quit.triggered.connect(self.close)
        a.copy.triggered.connect(self.copy_selection)
        a.show_page.toggled.connect(self._show_page)
        self.review_area.currentChanged.connect(
            lambda _: a.show_page.setChecked(self.review_area.currentWidget() is self.page_view)
        )
        a.next_finding.triggered.connect(lambda: self.selection.step_issue(+1))
        a.previous_finding.triggered.connect(lambda: self.selection.step_issue(-1))
        a.settings.triggered.connect(self.open_settings)
        a.about.triggered.connect(lambda: self._open_dialog(about_app_box(self)))
        a.shortcuts.triggered.connect(
            lambda: self._open_dialog(ShortcutsDialog(self.menuBar(), self))
        )
        a.open_log_folder.triggered.connect(lambda: open_log_folder(self))
        a.reset_layout.triggered.connect(self.reset_layout)
        selection = self.selection
        a.done.triggered.connect(selection.toggle_done)
        for decision, action in a.decisions.items():
            action.triggered.connect(lambda _=False, d=decision: selection.decide(d))
        assert a.recent_menu is not None
        a.recent_menu.aboutToShow.connect(self._fill_recent_menu)

        self.welcome.openRequested.connect(self.choose_file)
        self.welcome.sampleRequested.connect(self.open_sample)
        self.welcome.fileRequested.connect(self.open_file)
        self.findings_panel.currentFindingChanged.connect(selection.current_changed)
        self.findings_panel.findingActivated.connect(selection.show_finding)
        self.findings_panel.doneToggled.connect(selection.done_from_list)
        self.document_view.clauseSelected.connect(self.findings_panel.show_only_clause)
        self.document_view.highlightActivated.connect(selection.highlight_clicked)
        self.page_view.regionActivated.connect(selection.region_clicked)
        self.details_panel.showEvidence.connect(selection.show_evidence)
        self.details_panel.decisionChanged.connect(c.set_decision)
        self.details_panel.noteChanged.connect(c.set_note)
        self.details_panel.doneChanged.connect(c.set_done)
        self.status.cancelRequested.connect(c.cancel)

        c.reviewOpened.connect(self._review_opened)
        c.reviewUpdated.connect(self._review_updated)
        c.reviewClosed.connect(self._show_welcome)
        c.findingChanged.connect(self._finding_changed)
        c.notices.connect(lambda messages: self.message_bar.show_messages(messages, Level.WARNING))
        c.failed.connect(self.show_error)
        c.passwordRequired.connect(self.ask_password)
        c.busyChanged.connect(self._busy)
        c.progressChanged.connect(self.status.set_progress)
        c.saveStateChanged.connect(self.status.set_save_state)

    # -- opening ------------------------------------------------------------------------------

    def choose_file(self) -> None:
        recent = self.controller.settings.recent_files
        start = str(Path(recent[0]).parent) if recent else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Open a contract", start, OPEN_FILTER)
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path | str, password: str | None = None) -> None:
        self._when_saved(lambda: self.controller.open_file(Path(path), password))

    def open_sample(self) -> None:
        try:
            path = sample_copy()
        except OSError as error:
            self.show_error(error, None)
            return
        self.open_file(path)

    def close_review(self) -> None:
        self._when_saved(self.controller.close_review)

    def _when_saved(self, then: Callable[[], object]) -> None:
        """Save pending changes, then ``then()``; if the save fails, ask before losing them."""
        self.details_panel.flush_note()
        self.controller.flush()
        if self.controller.unsaved:
            self._ask_unsaved(then)
        else:
            then()

    def _ask_unsaved(self, then: Callable[[], object]) -> None:
        """Try again (and go on once saved), discard the changes and go on, or stay."""
        review = self.controller.review
        if self.unsaved_dialog is not None or review is None:
            if self.unsaved_dialog is not None:
                self.unsaved_dialog.raise_()
            return
        dialog = UnsavedReviewDialog(review.path.name, self.controller.save_error, self)
        self.unsaved_dialog = dialog

        def answered(_result: int) -> None:
            self.unsaved_dialog = None
            choice = dialog.choice()
            if choice is UnsavedChoice.RETRY:
                self._when_saved(then)
            elif choice is UnsavedChoice.DISCARD:
                self.controller.discard_changes()
                then()

        dialog.finished.connect(answered)
        self._open_dialog(dialog)

    def ask_password(self, path: Path, wrong: bool) -> None:
        dialog = PasswordDialog(path.name, wrong, self)
        dialog.accepted.connect(lambda: self.open_file(path, dialog.password()))
        self._open_dialog(dialog)

    def _review_opened(self, review: OpenReview) -> None:
        document = review.result.document
        self.staged.clear()
        # The old contract's list goes at once: its current row must not take the new
        # contract's decisions while the panels are being refilled.
        self.findings_panel.clear()
        self.message_bar.dismiss()
        self.setWindowTitle(f"{document.path.name} — ITO Review")
        self.document_view.set_document(document)
        is_pdf = document.has_pages  # a PDF, or a scanned page opened as an image
        if is_pdf:  # opens and renders on the page view's own worker threads
            self.page_view.set_pdf(document.path, review.password)
            self.page_view.set_page_lines(document.page_lines())  # once: tags keep clear
        else:
            self.page_view.clear()
        self.commands.show_page.setEnabled(is_pdf)
        self._set_page_tab(is_pdf)
        self._show_page(False)
        self.details_panel.clear()
        self.status.show_review(document)
        self.stack.setCurrentWidget(self.review_area)
        self.parking.unpark()
        self._enable_review_actions(True)
        self.welcome.set_recent_files(self.controller.settings.recent_files)
        self._review_updated(review)

    def _review_updated(self, review: OpenReview) -> None:
        """Fill the panels, then paint the highlights, each on its own turn of the event loop."""
        self.staged.add(lambda: self._fill_panels(review))
        self.staged.add(self._paint_highlights)

    def is_settled(self) -> bool:
        """No GUI work pending for the review on screen (tests and screenshots wait for it)."""
        return not self.staged.pending and not self._highlight_timer.isActive()

    def _fill_panels(self, review: OpenReview) -> None:
        if self.controller.review is not review:
            return
        self.findings_panel.set_review(review.result, review.session)  # keeps the current row
        self.details_panel.set_remaining(*review.remaining())
        self.library_actions.set_review_shown(True)
        self.selection.current_changed(self.selected)  # a re-analysis brings new findings

    def _paint_highlights(self) -> None:
        review = self.controller.review
        if review is not None:
            highlights = finding_highlights(review.result, review.session)
            self.document_view.set_highlights(highlights)
            if review.result.document.has_pages:  # every finding on the page, not only the selected
                self.page_view.set_regions(page_regions(highlights))

    def _show_welcome(self) -> None:
        self.staged.clear()
        self.message_bar.dismiss()  # its notices were about the contract that just closed
        self.setWindowTitle("ITO Review")
        self.document_view.clear()
        self.page_view.clear()
        self.findings_panel.clear()
        self.details_panel.clear()
        self.status.clear_review()
        self.welcome.set_recent_files(self.controller.settings.recent_files)
        self.stack.setCurrentWidget(self.welcome)
        self.parking.park()
        self._enable_review_actions(False)
        self.commands.show_page.setEnabled(False)
        self._set_page_tab(False)
        self.library_actions.set_review_shown(False)

    def _enable_review_actions(self, enabled: bool) -> None:
        for action in self.commands.review_actions():
            action.setEnabled(enabled)
        self.selection.enable_decisions()

    def _busy(self, busy: bool, label: str) -> None:
        if busy:
            self.status.start_job(label)
        else:
            self.status.stop_job()

    # -- findings -----------------------------------------------------------------------------

    def show_finding(self, clause_id: str) -> None:
        """Select a finding and show it in the document and on the page (FindingSelection)."""
        self.selection.show_finding(clause_id)

    def _finding_changed(self, clause_id: str, status_changed: bool) -> None:
        review = self.controller.review
        if review is None:
            return
        self.findings_panel.refresh(clause_id)
        self.details_panel.set_remaining(*review.remaining())
        if status_changed:
            self._highlight_timer.start()  # coalesces a burst of decisions into one repaint

    def copy_selection(self) -> None:
        focus = QApplication.focusWidget()
        copy = getattr(focus, "copy", None)
        if callable(copy):
            copy()
        elif self.document_view.selected_text():
            QApplication.clipboard().setText(self.document_view.selected_text())

    def _set_page_tab(self, present: bool) -> None:
        index = self.review_area.indexOf(self.page_view)
        if present and index < 0:
            self.review_area.addTab(self.page_view, "Original page")
        elif not present and index >= 0:
            self.review_area.removeTab(index)
            self.page_view.hide()

    def _show_page(self, shown: bool) -> None:
        shown = shown and self.review_area.indexOf(self.page_view) >= 0
        self.review_area.setCurrentWidget(self.page_view if shown else self.document_view)

    # -- dialogs ------------------------------------------------------------------------------

    def _open_dialog(self, dialog: QDialog, *, modal: bool = True) -> QDialog:
        """Show ``dialog`` window-modal without blocking (tests and screenshots keep running),
        or beside the review (``modal=False``: the reviewer works on while it is open)."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _: self._forget_dialog(dialog))
        if modal:
            dialog.open()
        else:
            dialog.show()
        return dialog

    def _open_side_window(self, dialog: QDialog) -> QDialog:
        return self._open_dialog(dialog, modal=False)

    def _forget_dialog(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)

    def show_error(self, error: BaseException, path: Path | None = None) -> None:
        self._open_dialog(self.error_dialog_factory(error, self, path))

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.controller.settings, self, self._apply_theme)
        dialog.accepted.connect(lambda: self.controller.apply_settings(dialog.settings()))
        self._open_dialog(dialog)

    def _apply_theme(self, theme: Theme) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)

    # -- drag and drop, layout, closing -------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_file(path)

    def _fill_recent_menu(self) -> None:
        assert self.commands.recent_menu is not None
        recent = self.controller.settings.recent_files
        fill_recent_menu(self.commands.recent_menu, recent, self.open_file, self._clear_recent)

    def _clear_recent(self) -> None:
        self.controller.settings.recent_files = []
        self.controller.save_settings()
        self.welcome.set_recent_files([])

    def reset_layout(self) -> None:
        self.restoreState(self._default_state, LAYOUT_VERSION)
        self.findings_dock.show()
        self.details_dock.show()
        self.dock_sizer.apply()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._set_compact(is_compact(self))

    def _set_compact(self, compact: bool) -> None:
        """A short window (1366x768) packs the findings and the review controls tighter."""
        self.findings_panel.set_compact(compact)
        self.details_panel.set_compact(compact)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.details_panel.flush_note()
        self.controller.flush()
        if self.controller.unsaved:
            # The save failed (disk full, folder gone): closing now would lose the changes.
            event.ignore()
            self._ask_unsaved(self.close)
            return
        self.controller.cancel()
        self.controller.runner.wait(5000)
        if self.remember:
            self.parking.unpark()  # save the docks the user chose, not the welcome screen's
            save_layout(self)
        for dialog in list(self.dialogs):
            dialog.close()
        super().closeEvent(event)
