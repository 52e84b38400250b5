"""Unexpected exceptions, from any thread, go to the error dialog instead of ending the app."""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Signal, Slot

ShowError = Callable[[BaseException], None]


class ExceptionRelay(QObject):
    """Lives in the GUI thread; an exception raised in a worker thread is queued over to it."""

    raised = Signal(object)

    def __init__(self, show: ShowError, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show = show
        self._showing = False
        self.raised.connect(self._deliver)

    @Slot(object)
    def _deliver(self, error: BaseException) -> None:
        if self._showing:  # the dialog itself failed: never recurse into another dialog
            _print(error)
            return
        self._showing = True
        try:
            self._show(error)
        except Exception as failure:
            _print(error)
            _print(failure)
        finally:
            self._showing = False


def _print(error: BaseException) -> None:
    traceback.print_exception(error, file=sys.stderr)


class ExceptHook:
    """Routes ``sys.excepthook`` and ``threading.excepthook`` to ``show`` while installed."""

    def __init__(self, show: ShowError) -> None:
        self.relay = ExceptionRelay(show)
        self._old_sys = sys.excepthook
        self._old_threading = threading.excepthook

    def install(self) -> ExceptHook:
        self._old_sys, self._old_threading = sys.excepthook, threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self.handle_thread
        return self

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._old_sys, self._old_threading

    def handle(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._old_sys(kind, error, tb)
            return
        if error.__traceback__ is None:
            error = error.with_traceback(tb)
        _print(error)  # keep a trace on stderr for logs even when the dialog shows it
        self.relay.raised.emit(error)

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            self._old_threading(args)
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)
