"""A save that fails (disk full) keeps the changes pending: saved later, or asked about on close."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ito_desktop.core import atomic
from ito_desktop.core.session import Decision, beside_review_path, fallback_review_path
from ito_desktop.core.settings import Settings
from ito_desktop.ui.dialogs.unsaved_dialog import UnsavedReviewDialog
from ito_desktop.ui.review.review_controller import ReviewController
from ito_desktop.ui.window.main_window import MainWindow
from tests.ui.fakes import FakeRunner

MakeWindow = Callable[..., MainWindow]


class Disk:
    """Every review file write fails with "No space left on device" until ``free()``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = True
        real_write = atomic.write_text_atomic

        def write(path: Path, text: str) -> None:
            if self.full:
                raise OSError(28, "No space left on device", str(path))
            real_write(path, text)

        monkeypatch.setattr("ito_desktop.core.session.write_text_atomic", write)

    def free(self) -> None:
        self.full = False


def saved_decisions(contract: Path) -> dict[str, str | None]:
    data = json.loads(beside_review_path(contract).read_text("utf-8"))
    return {item["clause_id"]: item["decision"] for item in data["items"]}


def test_the_changes_stay_pending_and_are_saved_once_there_is_room(
    fake_runner: FakeRunner, sample_docx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = ReviewController(fake_runner, Settings(), save_delay_ms=10)
    save_states: list[str] = []
    controller.saveStateChanged.connect(save_states.append)
    controller.open_file(sample_docx)
    disk = Disk(monkeypatch)
    controller.set_decision("insurance", Decision.MISSING)
    controller.save_now()
    assert save_states[-1] == "Review not saved"
    assert controller.unsaved
    assert "No space left on device" not in controller.save_error  # the sentence, not errno
    assert "Could not save the review of sample_msa.docx" in controller.save_error

    disk.free()
    controller.close_review()  # flushes: the failed save is tried again
    assert saved_decisions(sample_docx) == {"insurance": "missing"}
    assert not controller.unsaved
    controller.deleteLater()


def test_a_read_only_review_is_not_unsaved(
    fake_runner: FakeRunner, sample_docx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = ReviewController(fake_runner, Settings(), save_delay_ms=10)
    controller.open_file(sample_docx)
    assert controller.review is not None
    controller.review.session.read_only = True  # saved by a newer version: never written
    controller.set_note("insurance", "typed anyway")
    controller.save_now()
    assert not controller.unsaved
    controller.close_review()
    controller.deleteLater()


def _window_with_a_failed_save(
    qtbot: QtBot, make_window: MakeWindow, contract: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, Disk]:
    window = make_window()
    window.show()
    window.open_file(contract)
    qtbot.waitUntil(window.is_settled, timeout=5000)
    disk = Disk(monkeypatch)
    window.controller.set_decision("insurance", Decision.NOT_APPLICABLE)
    window.controller.save_now()
    return window, disk


def _asked(window: MainWindow) -> UnsavedReviewDialog:
    dialogs = [d for d in window.dialogs if isinstance(d, UnsavedReviewDialog)]
    assert len(dialogs) == 1, window.dialogs
    return dialogs[0]


def test_closing_after_a_failed_save_asks_and_saves_on_try_again(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, disk = _window_with_a_failed_save(qtbot, make_window, sample_docx, monkeypatch)
    window.close()
    assert window.isVisible()  # not closed: the changes would be lost
    dialog = _asked(window)
    assert "sample_msa.docx" in dialog.text()
    assert "Could not save the review" in dialog.informativeText()

    dialog.retry_button.click()  # still full: asked again, still open
    assert window.isVisible()
    disk.free()
    _asked(window).retry_button.click()
    assert not window.isVisible()
    assert saved_decisions(sample_docx) == {"insurance": "not_applicable"}


def test_closing_after_a_failed_save_can_discard_or_stay(
    qtbot: QtBot, make_window: MakeWindow, sample_docx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _disk = _window_with_a_failed_save(qtbot, make_window, sample_docx, monkeypatch)
    window.close()
    _asked(window).cancel_button.click()
    assert window.isVisible()
    assert window.controller.unsaved

    window.close()
    _asked(window).discard_button.click()
    assert not window.isVisible()
    assert not beside_review_path(sample_docx).exists()
    assert not fallback_review_path(sample_docx).exists()


def test_opening_another_contract_after_a_failed_save_asks_first(
    qtbot: QtBot,
    make_window: MakeWindow,
    sample_docx: Path,
    sample_pdf: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, disk = _window_with_a_failed_save(qtbot, make_window, sample_docx, monkeypatch)
    window.open_file(sample_pdf)
    review = window.controller.review
    assert review is not None
    assert review.path == sample_docx  # not replaced yet
    disk.free()
    _asked(window).retry_button.click()
    qtbot.waitUntil(window.is_settled, timeout=5000)
    review = window.controller.review
    assert review is not None
    assert review.path == sample_pdf
    assert saved_decisions(sample_docx) == {"insurance": "not_applicable"}
