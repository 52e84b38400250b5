"""Background jobs: outcomes, progress, silent cancel, and delivery in the GUI thread."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread, QThreadPool
from pytestqt.qtbot import QtBot

from ito_desktop.core.errors import Cancelled, CorruptDocument
from ito_desktop.core.progress import CancelToken, ProgressSink
from ito_desktop.ui.review.jobs import Job, JobRunner
from tests.ui.fakes import FakeRunner


class Record:
    """Everything a job reported, in order."""

    def __init__(self, job: Job) -> None:
        self.events: list[tuple[str, object]] = []
        self.threads: set[QThread] = set()
        job.progress.connect(lambda f, m: self._add("progress", (f, m)))
        job.finished.connect(lambda r: self._add("finished", r))
        job.failed.connect(lambda e: self._add("failed", e))
        job.cancelled.connect(lambda: self._add("cancelled", None))

    def _add(self, kind: str, value: object) -> None:
        self.threads.add(QThread.currentThread())
        self.events.append((kind, value))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]

    def outcome(self) -> tuple[str, object]:
        return next(e for e in self.events if e[0] != "progress")


def add(a: int, b: int, progress: ProgressSink, cancel: CancelToken) -> int:
    progress(0.5, "adding")
    cancel.check()
    return a + b


def test_fake_runner_runs_inline_and_reports_result() -> None:
    job = Job(lambda p, c: add(2, 3, p, c), "add")
    record = Record(job)
    FakeRunner().start(job)
    assert record.kinds() == ["progress", "finished"]
    assert record.events[0] == ("progress", (0.5, "adding"))
    assert record.outcome() == ("finished", 5)
    assert job.done


def test_failure_is_reported_with_the_exception() -> None:
    def broken(progress: ProgressSink, cancel: CancelToken) -> None:
        raise CorruptDocument("contract.docx is damaged.")

    job = Job(broken)
    record = Record(job)
    FakeRunner().start(job)
    kind, error = record.outcome()
    assert kind == "failed"
    assert isinstance(error, CorruptDocument)
    assert str(error) == "contract.docx is damaged."
    assert error.__traceback__ is not None


def test_cancelled_body_is_silent() -> None:
    def stops(progress: ProgressSink, cancel: CancelToken) -> None:
        raise Cancelled()

    job = Job(stops)
    record = Record(job)
    FakeRunner().start(job)
    assert record.kinds() == ["cancelled"]


def test_cancel_before_start_never_runs_the_body() -> None:
    ran: list[bool] = []
    job = Job(lambda p, c: ran.append(True))
    record = Record(job)
    job.cancel()
    FakeRunner().start(job)
    assert ran == []
    assert record.kinds() == ["cancelled"]


def test_error_after_cancel_is_not_shown() -> None:
    """A body that breaks because it was interrupted must not produce an error dialog."""

    def breaks(progress: ProgressSink, cancel: CancelToken) -> None:
        cancel_token.cancel()
        raise OSError("pipe closed")

    job = Job(breaks)
    cancel_token = job.token
    record = Record(job)
    FakeRunner().start(job)
    assert record.kinds() == ["cancelled"]


def test_progress_is_throttled() -> None:
    def chatty(progress: ProgressSink, cancel: CancelToken) -> str:
        for i in range(5000):
            progress(i / 5000, "Reading")
        progress(1.0, "Reading")
        return "ok"

    job = Job(chatty)
    record = Record(job)
    FakeRunner().start(job)
    updates = [v for k, v in record.events if k == "progress"]
    assert 1 < len(updates) < 100
    assert updates[-1] == (1.0, "Reading")
    assert record.outcome() == ("finished", "ok")


def test_thread_pool_delivers_signals_in_the_gui_thread(qtbot: QtBot) -> None:
    worker_threads: list[str] = []

    def body(progress: ProgressSink, cancel: CancelToken) -> str:
        worker_threads.append(threading.current_thread().name)
        progress(0.5, "half")
        return "done"

    job = Job(body)
    record = Record(job)
    runner = JobRunner(QThreadPool())
    with qtbot.waitSignal(job.finished, timeout=5000) as blocker:
        runner.start(job)
    assert blocker.args == ["done"]
    assert worker_threads
    assert worker_threads[0] != threading.main_thread().name
    assert record.threads == {QThread.currentThread()}
    assert runner.wait(2000)
    assert runner.active() == 0


def test_thread_pool_cancel_stops_a_long_body(qtbot: QtBot) -> None:
    started = threading.Event()

    def slow(progress: ProgressSink, cancel: CancelToken) -> str:
        started.set()
        for _ in range(1000):
            cancel.check()
            time.sleep(0.01)
        return "too late"

    job = Job(slow)
    record = Record(job)
    runner = JobRunner(QThreadPool())
    runner.start(job)
    assert started.wait(5)
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.cancel()
    assert record.kinds() == ["cancelled"]
    assert runner.wait(2000)


@pytest.mark.parametrize("runner_kind", ["fake", "pool"])
def test_exactly_one_outcome(qtbot: QtBot, runner_kind: str) -> None:
    job = Job(lambda p, c: add(1, 1, p, c))
    record = Record(job)
    runner = FakeRunner() if runner_kind == "fake" else JobRunner(QThreadPool())
    runner.start(job)
    qtbot.waitUntil(lambda: job.done, timeout=5000)
    runner.wait(2000)
    qtbot.wait(20)
    assert [k for k in record.kinds() if k != "progress"] == ["finished"]
