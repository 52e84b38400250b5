"""The review in progress: opens contracts in the background, keeps decisions, saves them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ito_desktop.core.compare import Comparison
from ito_desktop.core.errors import EncryptedDocument, LibraryError
from ito_desktop.core.findings import Finding
from ito_desktop.core.library.schema import Library
from ito_desktop.core.review import ReviewOptions, ReviewResult
from ito_desktop.core.session import (
    Decision,
    FindingReview,
    ReviewFileError,
    ReviewSession,
    save_session,
)
from ito_desktop.core.settings import Settings, save_settings
from ito_desktop.ui.review.jobs import Job, JobBody, Runner
from ito_desktop.ui.review.review_tasks import (
    Opened,
    compare_body,
    load_library_body,
    open_body,
    rerun_body,
)

SAVE_DELAY_MS = 300


@dataclass
class OpenReview:
    """The contract on screen: its analysis, the reviewer's session and where it is saved."""

    result: ReviewResult
    session: ReviewSession
    review_path: Path | None
    password: str | None = None

    @property
    def path(self) -> Path:
        return self.result.document.path

    def finding(self, clause_id: str) -> Finding | None:
        return next((f for f in self.result.findings if f.clause_id == clause_id), None)

    def item(self, clause_id: str) -> FindingReview | None:
        return self.session.items.get(clause_id)

    def remaining(self) -> tuple[int, int]:
        ids = [f.clause_id for f in self.result.findings]
        return self.session.remaining(ids), len(ids)


def needs_password(error: BaseException) -> bool:
    """An encrypted file that a password can open (not an unsupported encryption scheme)."""
    return isinstance(error, EncryptedDocument) and error.password_opens


class ReviewController(QObject):
    """Owns the open review and the settings; the window shows what its signals say."""

    reviewOpened = Signal(object)  # OpenReview of a newly opened contract
    reviewUpdated = Signal(object)  # OpenReview of the same contract, re-analysed
    reviewClosed = Signal()
    findingChanged = Signal(str, bool)  # clause id, whether its effective status may have changed
    notices = Signal(list)  # sentences for the message bar
    failed = Signal(object, object)  # error, path (or None): for the error dialog
    libraryFailed = Signal(object)  # LibraryError with every problem in its details
    libraryChanged = Signal(object)  # Library
    passwordRequired = Signal(object, bool)  # path, whether a wrong password was tried
    busyChanged = Signal(bool, str)  # busy, what is being done
    progressChanged = Signal(float, str)
    saveStateChanged = Signal(str)
    comparisonReady = Signal(object)  # Comparison of an earlier draft with the open review

    def __init__(
        self,
        runner: Runner,
        settings: Settings,
        parent: QObject | None = None,
        *,
        remember: bool = True,
        save_delay_ms: int = SAVE_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.remember = remember  # False: open files without touching recent files or settings
        self.review: OpenReview | None = None
        self.library: Library | None = None
        self._job: Job | None = None
        self._dirty = False
        self.save_error = ""  # why the last save failed; "" once one succeeds
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(save_delay_ms)
        self._save_timer.timeout.connect(self.save_now)

    # -- jobs ---------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._job is not None and not self._job.done

    def cancel(self) -> None:
        """Stop the running job; cancelling is silent and leaves the current review as it was."""
        if self._job is not None:
            self._job.cancel()

    def _start(
        self,
        body: JobBody,
        label: str,
        on_finished: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
    ) -> Job:
        if self._job is not None and not self._job.done:
            self._job.cancel()
        job = Job(body, label)
        self._job = job

        def current() -> bool:
            return self._job is job

        def finish(outcome: Callable[[], None]) -> None:
            if current():
                self._job = None
                self.busyChanged.emit(False, "")
                outcome()

        def progress(fraction: float, message: str) -> None:
            if current():
                self.progressChanged.emit(fraction, message)

        job.progress.connect(progress)
        job.finished.connect(lambda result: finish(lambda: on_finished(result)))
        job.failed.connect(lambda error: finish(lambda: on_failed(error)))
        job.cancelled.connect(lambda: finish(lambda: None))
        self.busyChanged.emit(True, label)
        self.runner.start(job)
        return job

    # -- opening and closing ------------------------------------------------------------------

    def options(self, password: str | None = None) -> ReviewOptions:
        return self.settings.review_options(password)

    def open_file(self, path: Path | str, password: str | None = None) -> Job:
        """Read and analyse ``path`` in the background; ``reviewOpened`` or ``failed`` follows."""
        path = Path(path).expanduser().absolute()
        options = self.options(password)
        body = functools.partial(
            open_body, path, self.library, self.settings.library_folder, options
        )

        def failed(error: BaseException) -> None:
            if needs_password(error):
                self.passwordRequired.emit(path, password is not None)
            elif isinstance(error, LibraryError):
                self.libraryFailed.emit(error)
            else:
                self.failed.emit(error, path)

        return self._start(
            body, f"Opening {path.name}", lambda o: self._opened(o, password), failed
        )

    def _opened(self, opened: Opened, password: str | None) -> None:
        self.flush()
        result, loaded = opened.result, opened.loaded
        if self.library is not opened.result.library:
            self.library = result.library
            self.libraryChanged.emit(self.library)
        session = loaded.session
        session.library_name, session.library_version = result.library.name, result.library.version
        self.review = OpenReview(result, session, loaded.path, password)
        self._dirty = False
        self.save_error = ""
        if self.remember:
            self.settings.add_recent(result.document.path)
            self.save_settings()
        self.reviewOpened.emit(self.review)
        self.saveStateChanged.emit(self._saved_text())
        messages = list(loaded.notices) + list(result.document.warnings)
        if messages:
            self.notices.emit(messages)

    def close_review(self) -> None:
        self.cancel()
        self.flush()
        if self.review is not None:
            self.review = None
            self.reviewClosed.emit()
            self.saveStateChanged.emit("")

    # -- re-analysis --------------------------------------------------------------------------

    def reanalyse(self) -> Job | None:
        """Match the open document again with the current settings and library (no re-reading)."""
        review = self.review
        if review is None:
            return None
        library = self.library or review.result.library
        body = functools.partial(rerun_body, review.result.document, library, self.options())

        def done(result: ReviewResult) -> None:
            if self.review is review:
                review.result = result
                review.session.library_name = result.library.name
                review.session.library_version = result.library.version
                self.reviewUpdated.emit(review)

        return self._start(body, "Re-analysing", done, lambda e: self.failed.emit(e, None))

    def compare_with(self, old_path: Path | str, password: str | None = None) -> Job | None:
        """Review an earlier draft and compare it with the open review in the background;
        ``comparisonReady`` (a ``Comparison``) or ``failed`` follows."""
        review = self.review
        if review is None:
            return None
        path = Path(old_path).expanduser().absolute()
        body = functools.partial(compare_body, path, review.result, self.options(password))

        def done(comparison: Comparison) -> None:
            if self.review is review:
                self.comparisonReady.emit(comparison)

        return self._start(
            body, f"Comparing with {path.name}", done, lambda e: self.failed.emit(e, path)
        )

    def reload_library(self) -> Job:
        """Load the library again (bundled + user layer + the settings' folder) and re-analyse."""
        body = functools.partial(load_library_body, self.settings.library_folder)

        def done(library: Library) -> None:
            self.library = library
            self.libraryChanged.emit(library)
            self.reanalyse()

        def failed(error: BaseException) -> None:
            if isinstance(error, LibraryError):
                self.libraryFailed.emit(error)
            else:
                self.failed.emit(error, None)

        return self._start(body, "Loading the clause library", done, failed)

    def apply_settings(self, new: Settings) -> None:
        """Adopt ``new`` settings, save them, and redo only the work they invalidate."""
        old = self.settings
        self.settings = new
        self.save_settings()
        if new.library_folder != old.library_folder:
            self.reload_library()
        elif (new.present_threshold, new.weak_threshold) != (
            old.present_threshold,
            old.weak_threshold,
        ):
            self.reanalyse()

    def save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as error:
            self.notices.emit([f"The settings could not be saved ({error.strerror or error})."])

    # -- the reviewer's decisions -------------------------------------------------------------

    def set_decision(self, clause_id: str, decision: Decision | None) -> None:
        if self.review is not None:
            self.review.session.set_decision(clause_id, decision)
            self._changed(clause_id, status=True)

    def set_note(self, clause_id: str, note: str) -> None:
        if self.review is not None:
            self.review.session.set_note(clause_id, note)
            self._changed(clause_id, status=False)

    def set_done(self, clause_id: str, done: bool) -> None:
        if self.review is not None:
            self.review.session.set_done(clause_id, done)
            self._changed(clause_id, status=False)

    def _changed(self, clause_id: str, *, status: bool) -> None:
        self._dirty = True
        self._save_timer.start()  # restarts: one write after a burst of typing
        self.saveStateChanged.emit("Saving…")
        self.findingChanged.emit(clause_id, status)

    def flush(self) -> None:
        """Write pending changes now (before closing or opening another contract)."""
        if self._dirty:
            self.save_now()

    @property
    def unsaved(self) -> bool:
        """The reviewer has changes the review file does not hold: pending, or their save failed.

        A read-only review (saved by a newer version) is never saved, as the reviewer was told
        when it opened, so it never counts as unsaved.
        """
        review = self.review
        return review is not None and self._dirty and not review.session.read_only

    def discard_changes(self) -> None:
        """Forget that changes are pending (the reviewer chose to close without saving them)."""
        self._save_timer.stop()
        self._dirty = False

    def save_now(self) -> None:
        self._save_timer.stop()
        review = self.review
        if review is None or not self._dirty:
            return
        before = review.review_path
        try:
            review.review_path = save_session(review.session)
        except (ReviewFileError, OSError) as error:
            # Still dirty: the next change, flush() or closing the window tries again.
            self.save_error = str(error)
            self.saveStateChanged.emit("Review not saved")
            self.notices.emit([str(error)])
            return
        self._dirty = False
        self.save_error = ""
        self._report_merge(review)
        if review.review_path != before and review.review_path.parent != review.path.parent:
            self.notices.emit(
                [
                    f"The folder of {review.path.name} cannot be written to, so your review is "
                    f"saved in {review.review_path}."
                ]
            )
        self.saveStateChanged.emit(self._saved_text())

    def _report_merge(self, review: OpenReview) -> None:
        """Show what the save merged from a copy another window or reviewer saved meanwhile."""
        session = review.session
        if session.merged:
            self.reviewUpdated.emit(review)  # their decisions and notes, on screen too
        if session.merge_notices:
            self.notices.emit(list(session.merge_notices))
        session.merged.clear()
        session.merge_notices.clear()

    def _saved_text(self) -> str:
        review = self.review
        if review is None:
            return ""
        if review.session.read_only:
            return "Review read-only"
        if review.review_path is None:
            return "Review file: no changes yet"
        return f"Review saved to {review.review_path.name}"
