"""DetailsPanel: a real finding explained, and the reviewer's controls, by clicking and typing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from ito_desktop.core.findings import Finding
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.session import Decision, FindingReview
from ito_desktop.ui.common.highlight import status_color
from ito_desktop.ui.details.details_panel import DetailsPanel

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_msa.docx"


@pytest.fixture(scope="module")
def result() -> ReviewResult:
    return review(SAMPLE, load_library(include_user_layer=False))


def finding(result: ReviewResult, clause_id: str) -> Finding:
    return next(f for f in result.findings if f.clause_id == clause_id)


@pytest.fixture
def panel(qtbot: QtBot) -> DetailsPanel:
    panel = DetailsPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 800)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def shown_text(panel: DetailsPanel) -> str:
    """Every label the reviewer can see, top to bottom (hidden, pooled widgets excluded)."""
    QApplication.processEvents()  # lay the sections out

    def place(label: QLabel) -> tuple[int, int]:
        point = label.mapTo(panel, QPoint(0, 0))
        return point.y(), point.x()

    labels = [w for w in panel.findChildren(QLabel) if w.isVisibleTo(panel)]
    return "\n".join(label.text() for label in sorted(labels, key=place))


def test_present_finding_explains_evidence_reasons_and_risks(
    panel: DetailsPanel, result: ReviewResult
) -> None:
    tfc = finding(result, "termination_for_convenience")
    panel.show_finding(tfc, result, None)
    text = shown_text(panel)
    entry = result.library.entry(tfc.clause_id)
    for heading in ("Why it matters", "Evidence", "Why this status", "Risks", "Guidance"):
        assert heading in text
    assert "Your review" in text
    assert tfc.title in text
    assert entry.description in text
    for evidence in tfc.evidence:
        assert evidence.text in text
        assert f"Clause {evidence.clause_number}" in text
    for reason in tfc.reason_texts:
        assert reason in text
    assert "Notice period: 30 days; the library asks for 90 days or more" in text
    assert "notice_days" not in text
    for risk in tfc.risks:
        assert risk.message in text
        assert risk.recommendation in text
    # one flag per risk per clause: the supplier's 30-day convenience right is one high risk
    assert "High risk" in text
    assert entry.guidance.preferred in text
    assert entry.guidance.sample_wording in text
    assert "Present" in panel.status_badge.text()
    assert f"Score {tfc.score:.2f}" in panel.facts_label.text()
    # Lawyers copy quotes: the evidence label is selectable.
    quote = next(w for w in panel.findChildren(QLabel) if w.text() == tfc.evidence[0].text)
    assert quote.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_missing_finding_shows_what_was_looked_for_and_guidance(
    panel: DetailsPanel, result: ReviewResult
) -> None:
    insurance = finding(result, "insurance")
    panel.show_finding(insurance, result, None)
    text = shown_text(panel)
    assert "Missing" in panel.status_badge.text()
    assert "What we looked for" in text
    assert "Evidence" not in text.split("\n")
    assert result.library.entry("insurance").guidance.preferred in text
    assert text.index("What we looked for") < text.index("Guidance") < text.index("Why it matters")


def test_show_in_document_emits_the_evidence_index(
    qtbot: QtBot, panel: DetailsPanel, result: ReviewResult
) -> None:
    cause = finding(result, "termination_for_cause")
    assert len(cause.evidence) >= 2
    panel.show_finding(cause, result, None)
    buttons = [
        b
        for b in panel.findChildren(QPushButton)
        if b.text() == "Show in document" and b.isVisibleTo(panel)
    ]
    assert len(buttons) == len(cause.evidence)
    with qtbot.waitSignal(panel.showEvidence) as blocker:
        qtbot.mouseClick(buttons[1], Qt.MouseButton.LeftButton)
    assert blocker.args == [1]


def test_decision_radio_emits_and_updates_the_header(
    qtbot: QtBot, panel: DetailsPanel, result: ReviewResult
) -> None:
    panel.show_finding(finding(result, "termination_for_convenience"), result, None)
    radio = panel.review.radios[Decision.NOT_APPLICABLE]
    assert radio.text() == "Not applicable"
    assert panel.review.radios[None].isChecked()
    with qtbot.waitSignal(panel.decisionChanged) as blocker:
        qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)
    assert blocker.args == ["termination_for_convenience", Decision.NOT_APPLICABLE]
    assert "Not applicable" in panel.status_badge.text()
    assert "the tool said Present" in panel.decision_label.text()
    with qtbot.waitSignal(panel.decisionChanged) as blocker:
        qtbot.mouseClick(panel.review.radios[None], Qt.MouseButton.LeftButton)
    assert blocker.args == ["termination_for_convenience", None]
    assert "Present" in panel.status_badge.text()


def test_showing_a_review_restores_controls_silently(
    panel: DetailsPanel, result: ReviewResult
) -> None:
    spies = [QSignalSpy(s) for s in (panel.decisionChanged, panel.noteChanged, panel.doneChanged)]
    item = FindingReview(
        "governing_law", decision=Decision.RISK_ACCEPTED, note="Checked with tax.", done=True
    )
    panel.show_finding(finding(result, "governing_law"), result, item)
    assert panel.review.radios[Decision.RISK_ACCEPTED].isChecked()
    assert panel.review.note.toPlainText() == "Checked with tax."
    assert panel.review.done.isChecked()
    panel.show_finding(finding(result, "insurance"), result, None)
    assert panel.review.radios[None].isChecked()
    assert panel.review.note.toPlainText() == ""
    assert not panel.review.done.isChecked()
    assert [spy.count() for spy in spies] == [0, 0, 0]


def test_note_is_emitted_once_after_typing_stops(
    qtbot: QtBot, panel: DetailsPanel, result: ReviewResult
) -> None:
    panel.show_finding(finding(result, "insurance"), result, None)
    spy = QSignalSpy(panel.noteChanged)
    with qtbot.waitSignal(panel.noteChanged, timeout=3000) as blocker:
        qtbot.keyClicks(panel.review.note, "Ask for cyber cover")
    assert blocker.args == ["insurance", "Ask for cyber cover"]
    assert spy.count() == 1  # debounced: one signal for the whole phrase


def test_pending_note_is_flushed_when_switching_findings(
    qtbot: QtBot, panel: DetailsPanel, result: ReviewResult
) -> None:
    panel.show_finding(finding(result, "insurance"), result, None)
    spy = QSignalSpy(panel.noteChanged)
    qtbot.keyClicks(panel.review.note, "Pending")
    assert spy.count() == 0
    panel.show_finding(finding(result, "governing_law"), result, None)
    assert spy.count() == 1
    assert spy.at(0) == ["insurance", "Pending"]


def test_copy_puts_the_sample_wording_on_the_clipboard(
    qtbot: QtBot, panel: DetailsPanel, result: ReviewResult
) -> None:
    panel.show_finding(finding(result, "termination_for_convenience"), result, None)
    button = next(
        b for b in panel.findChildren(QPushButton, "copySampleWording") if b.isVisibleTo(panel)
    )
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wording = result.library.entry("termination_for_convenience").guidance.sample_wording
    assert QGuiApplication.clipboard().text() == wording


def test_done_tick_emits(qtbot: QtBot, panel: DetailsPanel, result: ReviewResult) -> None:
    panel.show_finding(finding(result, "governing_law"), result, None)
    with qtbot.waitSignal(panel.doneChanged) as blocker:
        qtbot.mouseClick(panel.review.done, Qt.MouseButton.LeftButton)
    assert blocker.args == ["governing_law", True]


def test_remaining_count_and_clear(panel: DetailsPanel, result: ReviewResult) -> None:
    panel.set_remaining(12, 40)
    assert panel.remaining_label.text() == "12 of 40 still to review"
    panel.set_remaining(0, 40)
    assert "All 40" in panel.remaining_label.text()
    panel.show_finding(finding(result, "governing_law"), result, None)
    panel.clear()
    assert panel.placeholder.isVisible()
    assert not panel.scroll_area.isVisible()


def test_switching_findings_reuses_the_same_widgets(
    panel: DetailsPanel, result: ReviewResult
) -> None:
    # Three evidence blocks and one risk card (one flag per risk per clause): the largest pools
    # the sample needs.
    panel.show_finding(finding(result, "charges_and_payment"), result, None)
    before = {id(w): w for w in panel.findChildren(QWidget)}
    blocks = list(panel.evidence.blocks.items)
    cards = list(panel.risks.cards.items)
    assert (len(blocks), len(cards)) == (3, 1)
    for clause_id in ("governing_law", "insurance", "termination_for_convenience"):
        panel.show_finding(finding(result, clause_id), result, None)
        after = {id(w): w for w in panel.findChildren(QWidget)}
        assert after.keys() == before.keys(), clause_id  # nothing built, nothing deleted
    assert panel.evidence.blocks.items == blocks
    assert panel.risks.cards.items == cards


def test_pooled_blocks_beyond_the_count_are_hidden(
    panel: DetailsPanel, result: ReviewResult
) -> None:
    renewal = finding(result, "term_and_renewal")
    panel.show_finding(renewal, result, None)
    law = finding(result, "governing_law")
    panel.show_finding(law, result, None)
    text = shown_text(panel)
    assert law.evidence[0].text in text
    for evidence in renewal.evidence:
        assert evidence.text not in text
    for risk in renewal.risks:
        assert risk.message not in text
    assert "Risks" not in text.split("\n")
    shown = [b for b in panel.findChildren(QPushButton) if b.text() == "Show in document"]
    assert sum(b.isVisibleTo(panel) for b in shown) == 1
    # More evidence than ever before: the pool grows by what is missing.
    panel.show_finding(finding(result, "data_protection"), result, None)
    assert len(panel.evidence.blocks.items) == 3


def test_missing_then_present_restores_the_section_order(
    panel: DetailsPanel, result: ReviewResult
) -> None:
    panel.show_finding(finding(result, "insurance"), result, None)
    tfc = finding(result, "termination_for_convenience")
    panel.show_finding(tfc, result, None)
    text = shown_text(panel)
    assert "What we looked for" not in text
    order = ["Why it matters", "Evidence", "Why this status", "Risks", "Guidance"]
    positions = [text.index(f"\n{heading}\n") for heading in order]
    assert positions == sorted(positions)


def test_evidence_accent_follows_the_decision(
    qtbot: QtBot, panel: DetailsPanel, result: ReviewResult
) -> None:
    panel.show_finding(finding(result, "governing_law"), result, None)
    block = panel.evidence.blocks.items[0]
    assert block.accent() == status_color("present")
    qtbot.mouseClick(panel.review.radios[Decision.MISSING], Qt.MouseButton.LeftButton)
    assert block.accent() == status_color("missing")
    assert panel.badge.accent() == status_color("missing")
    assert panel.badge.accessibleName() == "Status: Missing"


def test_every_text_gets_its_full_height_whatever_was_shown_before(
    panel: DetailsPanel, result: ReviewResult
) -> None:
    # Reused labels must never keep the height of the text they showed before (quotes cut).
    for shown in result.findings:
        panel.show_finding(shown, result, None)
        QApplication.processEvents()
        for label in panel.findChildren(QLabel):
            if label.isVisibleTo(panel) and label.wordWrap():
                needed = QLabel.heightForWidth(label, label.width())
                assert label.height() >= needed, (shown.clause_id, label.text()[:60])


def test_a_quote_cut_from_a_long_sentence_is_shown_as_cut(
    panel: DetailsPanel, result: ReviewResult
) -> None:
    from dataclasses import replace

    tfc = finding(result, "termination_for_convenience")
    first = tfc.evidence[0]
    cut = replace(first, text=first.text.rstrip(".") + ",")  # as the matcher cuts a long one
    panel.show_finding(replace(tfc, evidence=(cut, *tfc.evidence[1:])), result, None)
    text = shown_text(panel)
    assert cut.text + "\u2009\u2026" in text
    panel.show_finding(tfc, result, None)
    text = shown_text(panel)
    assert first.text in text
    assert first.text + "\u2009\u2026" not in text
