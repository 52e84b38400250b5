"""GUI work split into steps, one per turn of the event loop, so no single turn blocks long."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal


class StagedWork(QObject):
    """A queue of short GUI steps; between two steps Qt handles input and paints.

    Showing a long contract means building the document, filling the findings tree and
    painting the highlights. Run back to back they would freeze the window for their sum;
    staged, the longest freeze is the longest step (benchmarks/gui_responsiveness.py).
    """

    settled = Signal()  # the queue ran empty

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: deque[Callable[[], None]] = deque()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_one)

    def add(self, step: Callable[[], None]) -> None:
        self._steps.append(step)
        self._timer.start()

    def clear(self) -> None:
        """Drop pending steps (the review they belonged to has been replaced)."""
        self._steps.clear()
        self._timer.stop()

    @property
    def pending(self) -> bool:
        return bool(self._steps)

    def _run_one(self) -> None:
        if not self._steps:
            return
        step = self._steps.popleft()
        if self._steps:
            self._timer.start()
        try:
            step()
        finally:
            if not self._steps:
                self.settled.emit()
