"""A terminal progress bar with count, percent, elapsed and time left (plain lines off a TTY)."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from typing import TextIO

_PLAIN_EVERY_S = 10.0  # without a terminal: a line every 10 s ...
_PLAIN_STEP = 0.1  # ... or every tenth of the work, whichever comes first


def clock(seconds: float) -> str:
    """``75.2`` -> ``"1:15"``; hours when needed (``"1:02:03"``)."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressBar:
    """Redraws one line on a terminal; prints a plain line now and then when piped or logged."""

    def __init__(
        self,
        total: int,
        stream: TextIO,
        *,
        tty: bool | None = None,
        label: str = "",
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = max(1, total)
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.label = label
        self._now = now
        self.started = now()
        self._last_plain = self.started
        self._last_fraction = 0.0
        self.done = 0

    def update(self, done: int, current: str = "") -> None:
        self.done = done
        if self.tty:
            self.stream.write("\r" + self._bar_line(current) + "\x1b[K")
            self.stream.flush()
            return
        now, fraction = self._now(), done / self.total
        if (
            done >= self.total
            or now - self._last_plain >= _PLAIN_EVERY_S
            or fraction - self._last_fraction >= _PLAIN_STEP
        ):
            self._last_plain, self._last_fraction = now, fraction
            self.stream.write(self.status() + "\n")
            self.stream.flush()

    def finish(self) -> None:
        """End the bar's line so what follows starts on a fresh one."""
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()

    def status(self) -> str:
        """``"120/445 (27%), 0:42 elapsed, about 1:54 left"``"""
        elapsed = self._now() - self.started
        percent = 100 * self.done // self.total
        text = f"{self.label}{self.done}/{self.total} ({percent}%), {clock(elapsed)} elapsed"
        if 0 < self.done < self.total:
            text += f", about {clock(elapsed / self.done * (self.total - self.done))} left"
        return text

    def _bar_line(self, current: str) -> str:
        width = shutil.get_terminal_size((100, 24)).columns
        status = self.status()
        room = max(10, min(40, width - len(status) - 4))
        filled = room * self.done // self.total
        line = f"[{'#' * filled}{'-' * (room - filled)}] {status}"
        if current and len(line) + 3 < width:
            line += "  " + current[: width - len(line) - 3]
        return line[: width - 1]


_OCR_STEP = re.compile(r"^Recognising page (\d+) of (\d+) \(OCR\)$")
_OCR_DONE = re.compile(r"^Recognised (\d+) pages? \(OCR\)$")


class OcrProgress:
    """A ProgressSink for ``analyze``: a bar of the pages read by OCR, on a terminal only.

    Born-digital files take a second or two and show nothing; a scan takes about a second a
    page, so its pages are counted. Ctrl+C stops the recognition after the pages in flight.
    """

    def __init__(self, stream: TextIO, *, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.bar: ProgressBar | None = None

    def __call__(self, fraction: float, message: str) -> None:
        if not self.tty:
            return
        if (step := _OCR_STEP.match(message)) is not None:
            total = int(step.group(2))
            if self.bar is None:
                self.bar = ProgressBar(total, self.stream, tty=True, label="OCR: page ")
            self.bar.update(int(step.group(1)) - 1, message)
        elif (done := _OCR_DONE.match(message)) is not None and self.bar is not None:
            self.bar.update(int(done.group(1)), message)
            self.finish()

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.finish()
            self.bar = None
