"""Progress reporting and cancellation for long work, in plain Python (the UI adapts them)."""

from __future__ import annotations

import threading
from typing import Protocol

from ito_desktop.core.errors import Cancelled


class ProgressSink(Protocol):
    """Receives progress: ``fraction`` in 0..1 and a short description of the current step."""

    def __call__(self, fraction: float, message: str) -> None: ...


def no_progress(fraction: float, message: str) -> None:
    """A ProgressSink that ignores everything."""


class CancelToken:
    """Set from any thread; checked by the worker between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def allow(self, seconds: float) -> None:
        """Give the work ``seconds`` more before a time limit stops it (none here).

        OCR calls this for the time spent recognising pages: that time is bounded by the
        limit on pages to recognise, not by the time limit for reading a file.
        """

    def check(self) -> None:
        """Raise Cancelled if cancellation was requested."""
        if self._event.is_set():
            raise Cancelled()
