"""The review controller: open, decide, save, restore, re-analyse, and where failures go."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from ito_desktop.core.errors import CorruptDocument, UnsupportedFormat
from ito_desktop.core.findings import Status
from ito_desktop.core.session import Decision, beside_review_path
from ito_desktop.core.settings import Settings, load_settings
from ito_desktop.ui.review.jobs import JobRunner
from ito_desktop.ui.review.review_controller import OpenReview, ReviewController
from tests.core.ingest.pdf_factory import PASSWORD, write_encrypted
from tests.ui.fakes import FakeRunner


class Events:
    """What the controller said, by signal."""

    def __init__(self, controller: ReviewController) -> None:
        self.opened: list[OpenReview] = []
        self.updated: list[OpenReview] = []
        self.failed: list[BaseException] = []
        self.library_failed: list[BaseException] = []
        self.notices: list[str] = []
        self.passwords: list[tuple[Path, bool]] = []
        self.busy: list[bool] = []
        controller.reviewOpened.connect(self.opened.append)
        controller.reviewUpdated.connect(self.updated.append)
        controller.failed.connect(lambda error, _path: self.failed.append(error))
        controller.libraryFailed.connect(self.library_failed.append)
        controller.notices.connect(self.notices.extend)
        controller.passwordRequired.connect(lambda p, w: self.passwords.append((p, w)))
        controller.busyChanged.connect(lambda busy, _label: self.busy.append(busy))


@pytest.fixture
def controller(fake_runner: FakeRunner) -> Iterator[ReviewController]:
    made = ReviewController(fake_runner, Settings(), save_delay_ms=10)
    yield made
    made.close_review()
    made.deleteLater()


def test_open_fills_the_review_and_remembers_the_file(
    controller: ReviewController, sample_docx: Path
) -> None:
    events = Events(controller)
    controller.open_file(sample_docx)
    assert events.failed == []
    review = events.opened[0]
    assert review.path == sample_docx
    library = review.result.library
    assert len(review.result.findings) == len(library.entries)
    assert review.finding("governing_law") is not None
    assert review.review_path is None  # nothing written until the reviewer decides something
    assert not beside_review_path(sample_docx).exists()
    assert events.busy == [True, False]
    assert load_settings()[0].recent_files == [str(sample_docx)]
    assert review.session.library_version == library.version


def test_decisions_are_saved_debounced_and_restored(
    qtbot: QtBot, controller: ReviewController, sample_docx: Path
) -> None:
    controller.open_file(sample_docx)
    controller.set_decision("insurance", Decision.NOT_APPLICABLE)
    controller.set_note("insurance", "Covered by the group policy.")
    controller.set_done("insurance", True)
    review_file = beside_review_path(sample_docx)
    assert not review_file.exists()  # debounced: written after the burst
    qtbot.waitUntil(review_file.exists, timeout=3000)
    items = {i["clause_id"]: i for i in json.loads(review_file.read_text("utf-8"))["items"]}
    assert items["insurance"]["decision"] == "not_applicable"
    assert items["insurance"]["note"] == "Covered by the group policy."
    assert items["insurance"]["done"] is True

    controller.close_review()
    events = Events(controller)
    controller.open_file(sample_docx)
    restored = events.opened[0].session.items["insurance"]
    assert restored.decision is Decision.NOT_APPLICABLE
    assert restored.done
    remaining, total = events.opened[0].remaining()
    assert total == len(events.opened[0].result.findings)
    assert remaining == total - 1


def test_close_flushes_a_pending_save(controller: ReviewController, sample_docx: Path) -> None:
    controller.open_file(sample_docx)
    controller.set_decision("benchmarking", Decision.MISSING)
    controller.close_review()
    data = json.loads(beside_review_path(sample_docx).read_text("utf-8"))
    assert [i["decision"] for i in data["items"]] == ["missing"]


def test_rethreshold_reanalyses_without_rereading(
    controller: ReviewController, sample_docx: Path, fake_runner: FakeRunner
) -> None:
    events = Events(controller)
    controller.open_file(sample_docx)
    before = events.opened[0]
    document = before.result.document
    present_before = sum(f.status is Status.PRESENT for f in before.result.findings)
    strict = Settings(present_threshold=0.95, weak_threshold=0.9)
    controller.apply_settings(strict)
    updated = events.updated[0]
    assert updated.result.document is document  # the same Document object: not read again
    present_after = sum(f.status is Status.PRESENT for f in updated.result.findings)
    assert present_after < present_before
    assert load_settings()[0].present_threshold == 0.95


def test_broken_library_folder_is_reported_and_the_old_library_kept(
    controller: ReviewController, sample_docx: Path, broken_library_dir: Path
) -> None:
    events = Events(controller)
    controller.open_file(sample_docx)
    library = controller.library
    controller.apply_settings(Settings(library_folder=str(broken_library_dir)))
    assert len(events.library_failed) == 1
    assert "governing_law" in getattr(events.library_failed[0], "details", "")
    assert controller.library is library
    assert events.failed == []


def test_unreadable_files_fail_with_the_core_sentence(
    controller: ReviewController, tmp_path: Path
) -> None:
    events = Events(controller)
    corrupt = tmp_path / "broken.docx"
    corrupt.write_bytes(b"PK\x03\x04" + b"not a zip" * 50)
    controller.open_file(corrupt)
    unsupported = tmp_path / "notes.rtf"
    unsupported.write_text("{\\rtf1}", "utf-8")
    controller.open_file(unsupported)
    assert [type(e) for e in events.failed] == [CorruptDocument, UnsupportedFormat]
    assert "broken.docx is not a Word document" in str(events.failed[0])
    assert events.opened == []
    assert controller.review is None


def test_encrypted_pdf_asks_for_the_password_until_it_opens(
    controller: ReviewController, tmp_path: Path
) -> None:
    events = Events(controller)
    locked = write_encrypted(tmp_path / "locked.pdf")
    controller.open_file(locked)
    assert events.passwords == [(locked, False)]
    controller.open_file(locked, "wrong")
    assert events.passwords[-1] == (locked, True)
    controller.open_file(locked, PASSWORD)
    assert events.failed == []
    assert events.opened[0].password == PASSWORD
    assert "CONFIDENTIALITY" in events.opened[0].result.document.text


def test_cancel_on_the_thread_pool_is_silent(
    qtbot: QtBot,
    tmp_path: Path,
    long_contract: Path,
    analysis_waits_for_cancel: None,
) -> None:
    runner = JobRunner(QThreadPool())
    controller = ReviewController(runner, Settings())
    events = Events(controller)
    with qtbot.waitSignal(controller.progressChanged, timeout=10000):
        controller.open_file(long_contract)
    assert controller.busy
    controller.cancel()
    qtbot.waitUntil(lambda: events.busy == [True, False], timeout=20000)
    assert runner.wait(20000)
    qtbot.wait(50)
    assert events.opened == []
    assert events.failed == []
    assert controller.review is None
    controller.deleteLater()
