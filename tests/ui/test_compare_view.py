"""File > Compare with an earlier draft…: the changed clauses, a jump to each, carry-over."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.session import Decision, ReviewSession, save_session
from ito_desktop.ui.dialogs.compare_view import CompareDialog, detail_html
from tests.ui.test_main_window import only_dialog, open_review

FREE = "7.1 Supplier may subcontract any of its obligations under this Agreement without"
BOUND = "7.1 Supplier shall not subcontract any of its obligations under this Agreement without"


@pytest.fixture
def drafts(sample_docx: Path) -> tuple[Path, Path]:
    """Round 1 (the sample contract as text, with a saved review) and round 2 (the supplier
    now needs consent to subcontract)."""
    text = read_document(sample_docx).text
    folder = sample_docx.parent
    old, new = folder / "round1.txt", folder / "round2.txt"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace(FREE, BOUND), encoding="utf-8")
    session = ReviewSession(old, hashlib.sha256(old.read_bytes()).hexdigest())
    session.set_decision("subcontracting", Decision.RISK_ACCEPTED)
    session.set_decision("insurance", Decision.NOT_APPLICABLE)
    session.set_note("insurance", "Covered by the group policy.")
    save_session(session)
    return old, new


def test_compare_lists_the_changed_clause_and_jumps_to_it(
    qtbot: QtBot, make_window, drafts: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = drafts
    window = make_window()
    assert not window.compare_action.isEnabled()
    open_review(qtbot, window, new)
    assert window.compare_action.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(old), ""))
    window.compare_action.trigger()
    qtbot.waitUntil(lambda: any(isinstance(d, CompareDialog) for d in window.dialogs), timeout=5000)
    dialog = only_dialog(window, CompareDialog)
    assert dialog.isVisible()
    assert not dialog.isModal()
    assert dialog.rows.topLevelItemCount() == 1
    row = dialog.rows.topLevelItem(0)
    assert row is not None
    assert row.text(0) == "Subcontracting"
    assert row.text(2) == "wording changed, risk removed"
    assert row.text(3) == "clause 7.1"
    shown = dialog.detail.toPlainText()
    assert "Risk gone: The supplier may subcontract" in shown
    assert "risk accepted" in shown
    assert "Re-check: the wording changed." in shown

    QTest.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    assert window.selected == "subcontracting"
    assert "shall not subcontract" in window.document_view.selected_text()


def test_carry_over_applies_unchanged_decisions_and_asks_to_recheck_the_rest(
    qtbot: QtBot, make_window, drafts: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = drafts
    window = make_window()
    open_review(qtbot, window, new)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(old), ""))
    window.compare_action.trigger()
    qtbot.waitUntil(lambda: any(isinstance(d, CompareDialog) for d in window.dialogs), timeout=5000)
    dialog = only_dialog(window, CompareDialog)
    review = window.controller.review
    assert review is not None
    QTest.mouseClick(dialog.carry_button, Qt.MouseButton.LeftButton)
    insurance = review.item("insurance")
    assert insurance is not None
    assert insurance.decision is Decision.NOT_APPLICABLE
    assert insurance.note == "Covered by the group policy."
    subcontracting = review.item("subcontracting")
    assert subcontracting is not None
    assert subcontracting.decision is None  # reworded: not applied blindly
    assert subcontracting.note.startswith("Re-check: the wording changed since round1.txt.")
    assert "risk accepted" in subcontracting.note
    assert not dialog.carry_button.isEnabled()
    assert "Carried over the earlier review of 2 clauses" in window.statusBar().currentMessage()


def test_an_unreadable_earlier_draft_is_an_error_not_a_comparison(
    qtbot: QtBot, make_window, drafts: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _old, new = drafts
    broken = new.parent / "round0.docx"
    broken.write_bytes(b"not a zip at all")
    window = make_window()
    shown: list[BaseException] = []
    window.error_dialog_factory = lambda error, parent, path: shown.append(error) or QDialog(parent)
    open_review(qtbot, window, new)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(broken), ""))
    window.compare_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "round0.docx" in str(shown[0])
    assert not any(isinstance(d, CompareDialog) for d in window.dialogs)
    assert window.controller.review is not None
    assert window.controller.review.path == new


def test_detail_of_an_opened_gap_shows_the_earlier_wording() -> None:
    from ito_desktop.core.compare import compare_reviews
    from ito_desktop.core.library.loader import load_library
    from ito_desktop.core.review import review_document
    from tests.core.textdoc import document_from_lines

    escrow = (
        "Supplier shall deposit the source code of the Software with an escrow agent under a "
        "three-party escrow agreement, to be released to the Customer if Supplier becomes "
        "insolvent."
    )
    law = "This Agreement is governed by the laws of England and Wales."
    library = load_library(include_user_layer=False)
    old = review_document(
        document_from_lines(["1. Escrow", f"1.1 {escrow}", "2. Law", f"2.1 {law}"]), library
    )
    new = review_document(document_from_lines(["2. Law", f"2.1 {law}"]), library)
    (row,) = [r for r in compare_reviews(old, new).rows if r.clause_id == "source_code_escrow"]
    assert row.changes[0].value == "gap_opened"
    shown = detail_html(row)
    assert "Earlier wording" in shown
    assert "escrow agent" in shown
