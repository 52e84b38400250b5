"""Background jobs: core work on a QThreadPool worker, progress and cancel adapted to signals."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from ito_desktop.core.errors import Cancelled
from ito_desktop.core.progress import CancelToken, ProgressSink

# A job body is a pure function of its inputs (bound with a closure or functools.partial) that
# reports through ``progress`` and checks ``cancel``; it never touches a widget.
JobBody = Callable[[ProgressSink, CancelToken], Any]

# Readers report every page; more than ~25 updates a second only floods the GUI event queue.
_PROGRESS_INTERVAL_S = 0.04


class Job(QObject):
    """One piece of background work. Connect to its signals, then hand it to a runner.

    Exactly one of ``finished``, ``failed`` or ``cancelled`` is emitted, always in the GUI
    thread. Cancelling is silent: a cancelled job never reports ``failed``.
    """

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)  # the exception, with its __traceback__
    cancelled = Signal()

    def __init__(self, body: JobBody, name: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self.name = name
        self.token = CancelToken()
        self._done = False

    def cancel(self) -> None:
        """Ask the body to stop at its next check; the job then emits ``cancelled``."""
        self.token.cancel()

    @property
    def done(self) -> bool:
        return self._done

    def execute(self, report: _Reporter) -> None:
        """Run the body in the calling thread and pass its outcome to ``report``."""
        last_time = [0.0]
        last_message = [""]

        def sink(fraction: float, message: str) -> None:
            now = time.monotonic()
            if (
                message != last_message[0]
                or now - last_time[0] >= _PROGRESS_INTERVAL_S
                or fraction >= 1.0
            ):
                last_time[0], last_message[0] = now, message
                report.progress(fraction, message)

        try:
            self.token.check()
            result = self.body(sink, self.token)
        except Cancelled:
            report.cancelled()
            return
        except BaseException as error:  # every failure has a destination: the failed signal
            if self.token.cancelled:
                report.cancelled()
            else:
                report.failed(error)
            return
        if self.token.cancelled:
            report.cancelled()
        else:
            report.finished(result)

    # Slots run in the GUI thread (queued from the worker), so listeners may touch widgets.
    @Slot(float, str)
    def _emit_progress(self, fraction: float, message: str) -> None:
        if not self._done:
            self.progress.emit(fraction, message)

    @Slot(object)
    def _emit_finished(self, result: object) -> None:
        self._done = True
        self.finished.emit(result)

    @Slot(object)
    def _emit_failed(self, error: object) -> None:
        self._done = True
        self.failed.emit(error)

    @Slot()
    def _emit_cancelled(self) -> None:
        self._done = True
        self.cancelled.emit()


class _Reporter(Protocol):
    def progress(self, fraction: float, message: str) -> None: ...
    def finished(self, result: object) -> None: ...
    def failed(self, error: BaseException) -> None: ...
    def cancelled(self) -> None: ...


class _WorkerSignals(QObject):
    """Created in the GUI thread, emitted from the worker: Qt queues each emission."""

    progress_signal = Signal(float, str)
    finished_signal = Signal(object)
    failed_signal = Signal(object)
    cancelled_signal = Signal()

    def progress(self, fraction: float, message: str) -> None:
        self.progress_signal.emit(fraction, message)

    def finished(self, result: object) -> None:
        self.finished_signal.emit(result)

    def failed(self, error: BaseException) -> None:
        self.failed_signal.emit(error)

    def cancelled(self) -> None:
        self.cancelled_signal.emit()


class JobRunner(QObject):
    """Runs jobs on a QThreadPool (the application's global pool unless one is given)."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[Job] = set()

    def start(self, job: Job) -> Job:
        signals = _WorkerSignals()
        signals.progress_signal.connect(job._emit_progress)
        signals.finished_signal.connect(job._emit_finished)
        signals.failed_signal.connect(job._emit_failed)
        signals.cancelled_signal.connect(job._emit_cancelled)
        self._running.add(job)
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(lambda *_, j=job: self._running.discard(j))

        def run() -> None:
            job.execute(signals)

        # A plain callable: the pool owns the runnable Qt makes for it and frees it only after
        # run() has returned (a Python QRunnable could be collected while still returning).
        self.pool.start(run)
        return job

    def active(self) -> int:
        return len(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every worker has returned (used when the window closes)."""
        return self.pool.waitForDone(msecs)


class Runner(Protocol):
    """What the window and the controller need of a job runner: ``JobRunner``, or a test's
    synchronous fake (tests/ui/fakes.py)."""

    def start(self, job: Job) -> Job: ...
    def active(self) -> int: ...
    def wait(self, msecs: int = -1) -> bool: ...
