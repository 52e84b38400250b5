"""UI test setup: private QSettings, sample contracts, a synchronous job runner, windows."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ito_desktop.core.progress import CancelToken, ProgressSink
from ito_desktop.core.settings import Settings
from ito_desktop.ui.review import review_tasks
from ito_desktop.ui.review.jobs import Runner
from tests.conftest import SAMPLES
from tests.ui.fakes import FakeRunner

if TYPE_CHECKING:  # the window imports every view; only tests that build one pay for it
    from ito_desktop.ui.window.main_window import MainWindow


@pytest.fixture(autouse=True)
def private_qsettings(private_user_dirs: Path) -> Path:
    """QSettings (window layout) beside the test's private user folders (tests/conftest.py)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    folder = private_user_dirs / "qt"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def sample_docx(tmp_path: Path) -> Path:
    """A private copy of the sample contract, so review files land in tmp_path."""
    target = tmp_path / "contracts" / "sample_msa.docx"
    target.parent.mkdir()
    shutil.copyfile(SAMPLES / "sample_msa.docx", target)
    return target


@pytest.fixture
def sample_pdf(tmp_path: Path) -> Path:
    target = tmp_path / "pdfs" / "sample_msa.pdf"
    target.parent.mkdir()
    shutil.copyfile(SAMPLES / "sample_msa.pdf", target)
    return target


BROKEN_CATEGORY = """\
category: legal
title: General legal terms
entries:
  - id: governing_law
    title: Governing law
    importance: critical
    description: Which law governs the agreement.
    headings: [Governing Law]
    key_terms: [[governed by, laws of]]
    examples: []
    guidance:
      preferred: English law.
      fallback: The law of the customer's home country.
      sample_wording: This Agreement is governed by the laws of England and Wales.
"""


@pytest.fixture
def broken_library_dir(tmp_path: Path) -> Path:
    """A library layer with a bad importance, no examples, and a file that is not YAML."""
    folder = tmp_path / "company_library"
    folder.mkdir()
    (folder / "legal.yaml").write_text(BROKEN_CATEGORY, encoding="utf-8")
    (folder / "broken.yaml").write_text("category: legal\nentries: [\n  - id: x\n", "utf-8")
    return folder


_TOPICS = (
    "The Supplier shall keep records of the services and make them available for audit",
    "Either party may end this agreement by written notice to the other party",
    "The Customer shall pay each undisputed invoice within the agreed period",
    "The Supplier shall meet the service levels and report on them every month",
)


@pytest.fixture(scope="session")
def long_contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain-text contract long enough (several seconds of analysis) to cancel midway."""
    lines = []
    for number in range(1, 1201):
        lines.append(f"{number}. PROVISION {number}")
        for sub in range(1, 4):
            topic = _TOPICS[(number + sub) % len(_TOPICS)]
            lines.append(f"{number}.{sub} {topic}, as set out in paragraph {sub} of part {number}.")
    path = tmp_path_factory.mktemp("long") / "long_contract.txt"
    path.write_text("\n\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def analysis_waits_for_cancel(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's analysis reports progress, then waits until the user cancels.

    Cancel tests used to race the worker: on a fast or idle machine the whole analysis
    could end before the test's click arrived. Holding the worker makes them deterministic
    while the real review (and its own cancel checks) still runs afterwards.
    """
    real_review = review_tasks.review

    def held_review(
        path: Path, library: Any, options: Any, progress: ProgressSink, cancel: CancelToken
    ) -> Any:
        progress(0.01, "Reading the contract")
        deadline = time.monotonic() + 30.0
        while not cancel.cancelled and time.monotonic() < deadline:
            time.sleep(0.005)
        return real_review(path, library, options, progress, cancel)

    monkeypatch.setattr(review_tasks, "review", held_review)


@pytest.fixture
def fake_runner() -> Iterator[FakeRunner]:
    """Runs background jobs inline: the GUI test sees the result when the call returns."""
    runner = FakeRunner()
    yield runner
    runner.deleteLater()


@pytest.fixture
def make_window(qtbot: QtBot, fake_runner: FakeRunner) -> Iterator[Callable[..., MainWindow]]:
    """Build a MainWindow (synchronous runner unless one is given); all are closed afterwards."""
    from ito_desktop.ui.window.main_window import MainWindow

    windows: list[MainWindow] = []

    def make(runner: Runner | None = None, settings: Settings | None = None) -> MainWindow:
        window = MainWindow(runner=runner or fake_runner, settings=settings or Settings())
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    QApplication.processEvents()
