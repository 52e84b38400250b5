"""``ito-desktop FILE --screenshot OUT.png``: open, analyse, pick a risky finding, save a PNG."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from ito_desktop.core.findings import Finding
from ito_desktop.core.library.schema import Severity
from ito_desktop.core.settings import Settings
from ito_desktop.ui.window.main_window import MainWindow

WIDTH, HEIGHT = 1400, 900
TIMEOUT_S = 300.0


def wait_until(condition: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> bool:
    """Run the event loop until ``condition()`` holds (True) or the time is up (False)."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)

    def check() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    if not condition():
        loop.exec()
    timer.stop()
    return condition()


def settle(milliseconds: int) -> None:
    """Let the event loop run for a while (layouts, deferred renders, highlight flashes)."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def showcase_finding(findings: tuple[Finding, ...]) -> Finding | None:
    """The first finding with a high-severity risk, else any risk, else the first present one."""
    for wanted in (Severity.HIGH, None):
        for finding in findings:
            if finding.evidence and any(wanted in (None, r.severity) for r in finding.risks):
                return finding
    return next((f for f in findings if f.evidence), None)


def take_screenshot(file: Path | None, out: Path, settings: Settings) -> int:
    """Render the main window at 1400x900 into ``out``; 0 on success, 2 with a message if not."""
    quiet_qt_messages()
    window = MainWindow(settings=settings, remember=False)
    try:
        window.resize(WIDTH, HEIGHT)
        window.show()
        settle(50)
        if file is not None:
            problem = _open(window, file)
            if problem:
                print(f"ito-desktop: {problem}", file=sys.stderr)
                return 2
        window.resize(WIDTH, HEIGHT)
        settle(400)
        pixmap = window.grab()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(out)):
            print(f"ito-desktop: cannot write the screenshot to {out}", file=sys.stderr)
            return 2
        return 0
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()


def _naming(file: Path, sentence: str) -> str:
    """The reason, starting with the file name unless the sentence already names it."""
    return sentence if file.name in sentence else f"{file.name}: {sentence}"


def quiet_qt_messages() -> None:
    """Keep stderr to our one line: the offscreen platform warns about things it cannot do."""

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) or "propagateSizeHints" in message:
            return
        print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _open(window: MainWindow, file: Path) -> str:
    """Open ``file`` and wait for the review; the reason it failed, or "" when it opened."""
    outcome: list[str] = []
    controller = window.controller
    controller.reviewOpened.connect(lambda _: outcome.append(""))
    controller.failed.connect(lambda error, _path: outcome.append(_naming(file, str(error))))
    controller.libraryFailed.connect(lambda error: outcome.append(f"clause library: {error}"))
    controller.passwordRequired.connect(
        lambda *_: outcome.append(f"{file.name} is password-protected; open it in the window.")
    )
    window.open_file(file)
    if not wait_until(lambda: bool(outcome)):
        return f"{file.name}: the analysis did not finish in {TIMEOUT_S:.0f} seconds."
    if outcome[0]:
        for dialog in list(window.dialogs):
            dialog.close()
        return outcome[0].replace("\n", " ")
    review = controller.review
    assert review is not None
    wait_until(window.is_settled, 30.0)
    finding = showcase_finding(review.result.findings)
    if finding is not None:
        # As a click in the list would: selected, and shown in the contract (at its risky
        # sentence) and on the PDF page, so the picture shows the finding, not page 1.
        window.show_finding(finding.clause_id)
        if window.selected != finding.clause_id:
            window.findings_panel.select_finding(finding.clause_id)
    if review.result.document.has_pages:
        wait_until(lambda: window.page_view.rendered_image() is not None, 15.0)
    return ""
