"""Two windows on one contract: each save merges what the other saved, nothing is dropped."""

from __future__ import annotations

import json
from pathlib import Path

from ito_desktop.core.session import Decision, beside_review_path
from ito_desktop.core.settings import Settings
from ito_desktop.ui.review.review_controller import OpenReview, ReviewController
from tests.ui.fakes import FakeRunner


def test_the_second_window_merges_the_first_windows_decision(
    fake_runner: FakeRunner, sample_docx: Path
) -> None:
    first = ReviewController(fake_runner, Settings(), save_delay_ms=10)
    second = ReviewController(fake_runner, Settings(), save_delay_ms=10)
    first.open_file(sample_docx)
    second.open_file(sample_docx)
    notices: list[str] = []
    updated: list[OpenReview] = []
    second.notices.connect(notices.extend)
    second.reviewUpdated.connect(updated.append)

    first.set_decision("insurance", Decision.NOT_APPLICABLE)
    first.save_now()
    second.set_note("benchmarking", "Ask for yearly benchmarking.")
    second.save_now()

    data = json.loads(beside_review_path(sample_docx).read_text("utf-8"))
    items = {item["clause_id"]: item for item in data["items"]}
    assert items["insurance"]["decision"] == "not_applicable"
    assert items["benchmarking"]["note"] == "Ask for yearly benchmarking."
    review = second.review
    assert review is not None
    assert review.session.items["insurance"].decision is Decision.NOT_APPLICABLE
    assert updated == [review]  # the panels show the merged decision
    assert any("merged" in notice for notice in notices)
    for controller in (first, second):
        controller.close_review()
        controller.deleteLater()
