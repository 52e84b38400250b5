"""One selected finding: the findings list's current row is what Details shows and decides.

Each test selects a finding, clicks inside the text of another clause (which narrows the list
to that clause's findings), makes a decision with the keyboard, the radio buttons or the note
box, and then reads the review file from disk: the decision must land on the finding that
Details and the list show, never on the one selected before the click.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from ito_desktop.core.session import Decision, beside_review_path
from ito_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import click_finding, open_review

MakeWindow = Callable[..., MainWindow]

# In the sample, *Data location* is missing (no evidence anywhere) and clause 11.1 is the
# evidence of *Confidentiality* alone; clause 1.1 (definitions) is cited by no finding.
BEFORE = "data_location"
CLAUSE = "11.1"
CITED_BY = "confidentiality"
UNCITED_CLAUSE = "1.1"


def click_in_text(qtbot: QtBot, window: MainWindow, reference: str) -> None:
    """Scroll to clause ``reference`` and click inside a word of its body, as a user would."""
    view = window.document_view
    document = view.document()
    assert document is not None
    clause = next(c for c in document.clauses if c.reference == reference)
    # The clause's own words, before any sub-clause such as 11.1(a) begins.
    own_end = min(
        (c.start for c in document.clauses if clause.start < c.start < clause.end),
        default=clause.end,
    )
    body = document.text[clause.start : own_end]
    middle = len(body) // 2
    match = re.search(r"[a-z]{4}", body[middle:])
    assert match is not None
    offset = clause.start + middle + match.start() + 2
    view.show_range(offset, offset, flash=False)  # programmatic: reports no clause
    point = view.editor.rect_for(view.view_position(offset)).center()
    with qtbot.waitSignal(view.clauseSelected, timeout=2000):
        QTest.mouseClick(view.editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert document.clause_at(offset).reference == reference  # type: ignore[union-attr]


def press(window: MainWindow, keys: str) -> None:
    """Type a shortcut into whatever has the focus (the contract text, after a click there)."""
    QTest.keySequence(window.focusWidget() or window, QKeySequence(keys))


def saved_items(window: MainWindow) -> dict[str, dict[str, Any]]:
    """The review file on disk, after the window's pending writes: clause id -> item."""
    window.details_panel.flush_note()
    window.controller.flush()
    review = window.controller.review
    assert review is not None
    path = beside_review_path(review.path)
    if not path.exists():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {item["clause_id"]: item for item in data["items"]}


def shown(window: MainWindow) -> str | None:
    """The clause id of the finding Details shows."""
    finding = window.details_panel.finding
    return finding.clause_id if finding is not None else None


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, sample_docx: Path) -> MainWindow:
    """The sample open, *Data location* selected, then a click inside clause 11.1's text."""
    window = make_window()
    window.show()
    window.activateWindow()
    open_review(qtbot, window, sample_docx)
    click_finding(window, BEFORE)
    assert shown(window) == BEFORE
    click_in_text(qtbot, window, CLAUSE)
    assert window.findings_panel.banner.isVisible()
    return window


def assert_one_selection(window: MainWindow) -> str:
    """Details, the list's current row and the window agree; returns that clause id."""
    current = window.findings_panel.current_clause_id()
    assert shown(window) == current == window.selected
    assert current is not None
    return current


@pytest.mark.parametrize(
    ("keys", "decision"),
    [
        ("Ctrl+1", Decision.PRESENT),
        ("Ctrl+2", Decision.MISSING),
        ("Ctrl+3", Decision.NOT_APPLICABLE),
        ("Ctrl+4", Decision.RISK_ACCEPTED),
    ],
)
def test_decision_keys_clicked_in_text_decide_the_finding_details_shows(
    window: MainWindow, keys: str, decision: Decision
) -> None:
    press(window, keys)
    items = saved_items(window)
    assert BEFORE not in items
    assert items[CITED_BY]["decision"] == decision.value
    assert assert_one_selection(window) == CITED_BY
    assert window.details_panel.review.radios[decision].isChecked()


def test_clear_key_clicked_in_text_clears_the_finding_details_shows(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.controller.set_decision(BEFORE, Decision.NOT_APPLICABLE)
    window.controller.set_decision(CITED_BY, Decision.MISSING)
    press(window, "Ctrl+0")
    items = saved_items(window)
    assert items[BEFORE]["decision"] == "not_applicable"
    assert items[CITED_BY]["decision"] is None
    assert_one_selection(window)


def test_done_key_clicked_in_text_ticks_the_finding_details_shows(window: MainWindow) -> None:
    press(window, "Ctrl+D")
    items = saved_items(window)
    assert BEFORE not in items
    assert items[CITED_BY]["done"] is True
    assert_one_selection(window)
    assert window.details_panel.review.done.isChecked()


def test_radio_clicked_in_text_decides_the_finding_details_shows(window: MainWindow) -> None:
    radio = window.details_panel.review.radios[Decision.NOT_APPLICABLE]
    QTest.mouseClick(radio, Qt.MouseButton.LeftButton)
    items = saved_items(window)
    assert BEFORE not in items
    assert items[CITED_BY]["decision"] == "not_applicable"
    assert_one_selection(window)


def test_note_clicked_in_text_is_saved_on_the_finding_details_shows(
    qtbot: QtBot, window: MainWindow
) -> None:
    note = window.details_panel.review.note
    note.setFocus()
    QTest.keyClicks(note, "Ask for EU-only hosting")
    items = saved_items(window)
    assert BEFORE not in items
    assert items[CITED_BY]["note"] == "Ask for EU-only hosting"
    assert_one_selection(window)


def test_show_all_after_clicked_in_text_keeps_one_selection(window: MainWindow) -> None:
    QTest.mouseClick(window.findings_panel.show_all_button, Qt.MouseButton.LeftButton)
    assert not window.findings_panel.banner.isVisible()
    window.document_view.editor.setFocus()
    press(window, "Ctrl+2")
    items = saved_items(window)
    assert BEFORE not in items
    assert items[assert_one_selection(window)]["decision"] == "missing"


def test_clicked_in_text_of_an_uncited_clause_selects_nothing_and_decides_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_in_text(qtbot, window, UNCITED_CLAUSE)
    assert window.findings_panel.finding_indexes() == []
    for keys in ("Ctrl+2", "Ctrl+D"):
        press(window, keys)
    assert saved_items(window) == {}
    assert window.findings_panel.current_clause_id() is None
    assert window.selected is None
    assert shown(window) is None
    assert not window.details_panel.review.isEnabled()


def test_selection_kept_when_clicked_in_text_of_a_clause_it_cites(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.findings_panel.show_only_clause(None)
    click_finding(window, "ip_ownership")  # evidence in 12.1, 12.2 and 12.6
    click_in_text(qtbot, window, "12.2")
    press(window, "Ctrl+3")
    assert saved_items(window)["ip_ownership"]["decision"] == "not_applicable"
    assert assert_one_selection(window) == "ip_ownership"


def test_margin_label_clicked_in_text_of_a_filtered_list_shows_its_finding(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A label in the margin selects its finding even when the list's filter hides it."""
    view = window.document_view
    qtbot.waitUntil(lambda: bool(view.margin_labels()), timeout=2000)
    label = next(m for m in view.margin_labels() if m.clause_id == "ip_ownership")
    view._label_clicked(label)  # the gutter's own click is tested in test_document_view
    press(window, "Ctrl+3")
    items = saved_items(window)
    assert items["ip_ownership"]["decision"] == "not_applicable"
    assert CITED_BY not in items
    assert assert_one_selection(window) == "ip_ownership"
