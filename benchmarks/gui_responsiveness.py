"""Longest event-loop stall of the desktop window while it opens a 100-page PDF (target < 100 ms).

Run from the project root: ``python -m benchmarks.gui_responsiveness [--runs 5] [--pages 100]``.
The PDF is the sample contract's pages imported again and again. The real main window opens it
offscreen on the real thread pool, while a 5 ms QTimer records the gaps between its ticks: the
longest gap is the longest time the window could not respond. Each run covers reading and
analysing (background), showing the result (GUI thread), the first page render, and stepping
through the first findings (each scrolls the document and renders its page).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PDF = PROJECT_ROOT / "resources" / "samples" / "sample_msa.pdf"
TICK_MS = 5
TARGET_MS = 100.0
FINDINGS_VISITED = 8


PHASES = (
    "reading and analysing",
    "showing the review",
    "first page render",
    "stepping through findings",
    "closing",
)


@dataclass(frozen=True, slots=True)
class Run:
    stall_ms: float  # longest gap between ticks, over the whole run
    phase: str  # when the longest gap happened
    open_seconds: float  # from open_file() to the review on screen
    by_phase: dict[str, float]  # longest gap in each phase


class StallMeter:
    """Records gaps between 5 ms ticks, labelled with the phase they happened in."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.phase = "idle"
        self.worst = (0.0, "idle")
        self.by_phase: dict[str, float] = {}
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self._last = now
        if gap > self.worst[0]:
            self.worst = (gap, self.phase)
        self.by_phase[self.phase] = max(gap, self.by_phase.get(self.phase, 0.0))

    def start(self) -> None:
        self.worst = (0.0, self.phase)
        self.by_phase = {}
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> tuple[float, str]:
        self.timer.stop()
        return self.worst


def pump_until(condition: Callable[[], bool], timeout_s: float) -> None:
    """Run the event loop (not a busy loop: it sleeps in the event dispatcher) until done."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(10)

    def check() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    if not condition():
        loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError("the window did not finish in time")


def one_run(window: object, pdf: Path, meter: StallMeter) -> Run:
    from ito_desktop.ui.window.main_window import MainWindow

    assert isinstance(window, MainWindow)
    controller = window.controller
    opened: list[bool] = []
    problems: list[str] = []

    def on_opened(_review: object) -> None:
        opened.append(True)

    def on_failed(error: object, _path: object = None) -> None:
        problems.append(str(error))

    def on_shown(_review: object) -> None:
        meter.phase = "showing the review"  # the window's own slots run after this one

    controller.reviewOpened.connect(on_shown)
    controller.reviewOpened.connect(on_opened)
    controller.failed.connect(on_failed)
    controller.libraryFailed.connect(on_failed)
    meter.phase = "reading and analysing"
    meter.start()
    started = time.perf_counter()
    window.open_file(pdf)
    pump_until(lambda: bool(opened or problems), 300)
    if problems:
        raise RuntimeError(problems[0])
    open_seconds = time.perf_counter() - started
    pump_until(window.is_settled, 30)  # panels and highlights come on later turns
    meter.phase = "first page render"
    pump_until(lambda: window.page_view.current_page() > 0, 30)
    settle(300)
    review = controller.review
    assert review is not None
    meter.phase = "stepping through findings"
    visited = [f for f in review.result.findings if f.evidence][:FINDINGS_VISITED]
    for finding in visited:
        window.findings_panel.select_finding(finding.clause_id)
        window.show_finding(finding.clause_id)
        settle(150)
    meter.phase = "closing"
    window.close_review()
    settle(100)
    stall, phase = meter.stop()
    controller.reviewOpened.disconnect(on_shown)
    controller.reviewOpened.disconnect(on_opened)
    controller.failed.disconnect(on_failed)
    controller.libraryFailed.disconnect(on_failed)
    return Run(stall, phase, open_seconds, dict(meter.by_phase))


def settle(milliseconds: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ito-gui-bench-") as scratch:
        home = Path(scratch)
        # Never touch the user's settings, review files or window layout.
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(home / variable.lower())
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        sys.path.insert(0, str(PROJECT_ROOT))
        from benchmarks.speed import build_pdf

        pdf = build_pdf(SAMPLE_PDF, args.pages, home / f"contract_{args.pages}_pages.pdf")

        from PySide6.QtWidgets import QApplication

        from ito_desktop.core.settings import Settings, Theme
        from ito_desktop.ui.window.main_window import MainWindow
        from ito_desktop.ui.window.theme import apply_theme

        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        apply_theme(app, Theme.LIGHT)
        window = MainWindow(settings=Settings(), remember=False)
        window.resize(1400, 900)
        window.show()
        settle(200)
        meter = StallMeter()
        runs = []
        for number in range(1, args.runs + 1):
            run = one_run(window, pdf, meter)
            runs.append(run)
            print(
                f"run {number}: longest stall {run.stall_ms:6.1f} ms ({run.phase}); "
                f"review on screen after {run.open_seconds:.2f} s",
                flush=True,
            )
        window.close()
        print("\nlongest stall by phase (median of runs / max):")
        for phase in PHASES:
            values = [run.by_phase[phase] for run in runs if phase in run.by_phase]
            if values:
                print(f"  {phase:27s} {statistics.median(values):6.1f} ms / {max(values):6.1f} ms")
        stalls = [run.stall_ms for run in runs]
        median, worst = statistics.median(stalls), max(stalls)
        print(
            f"\n{args.pages}-page PDF, {args.runs} runs: longest event-loop stall median "
            f"{median:.1f} ms, max {worst:.1f} ms (target < {TARGET_MS:.0f} ms); "
            f"open median {statistics.median(r.open_seconds for r in runs):.2f} s"
        )
        return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
