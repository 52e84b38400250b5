"""Fakes for GUI tests: a job runner that runs each job inline, in the caller's thread."""

from __future__ import annotations

from PySide6.QtCore import QObject

from ito_desktop.ui.review.jobs import Job


class _InlineReporter:
    """Hands a job's outcome straight to its signals (no worker thread to queue from)."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def progress(self, fraction: float, message: str) -> None:
        self.job._emit_progress(fraction, message)

    def finished(self, result: object) -> None:
        self.job._emit_finished(result)

    def failed(self, error: BaseException) -> None:
        self.job._emit_failed(error)

    def cancelled(self) -> None:
        self.job._emit_cancelled()


class FakeRunner(QObject):
    """Same interface as JobRunner but runs each job inline, in the caller's thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.started: list[str] = []

    def start(self, job: Job) -> Job:
        self.started.append(job.name)
        job.execute(_InlineReporter(job))
        return job

    def active(self) -> int:
        return 0

    def wait(self, msecs: int = -1) -> bool:
        return True
