"""The risk card names where an absence was checked and what lowered a risk."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ito_desktop.core.findings import RiskFlag, RiskQuote
from ito_desktop.core.library.schema import Party, Severity
from ito_desktop.ui.details.details_cards import RiskCard


def _flag(**changes: object) -> RiskFlag:
    fields: dict[str, object] = {
        "rule_id": "disp_no_escalation",
        "severity": Severity.LOW,
        "message": "The dispute clause goes straight to arbitration.",
        "recommendation": "Add an escalation step.",
        "text": "Any dispute shall be settled by arbitration.",
        "page": None,
        "start": 10,
        "end": 50,
        "clause_number": "14.1",
    }
    fields.update(changes)
    return RiskFlag(**fields)  # type: ignore[arg-type]


def test_card_names_where_an_absence_was_checked(qtbot: QtBot) -> None:
    card = RiskCard()
    qtbot.addWidget(card)
    card.set_risk(_flag(looked_in="clause 14.1 and the rest of section 14"))
    assert not card.context.isHidden()
    assert "Looked for it in:</b> clause 14.1 and the rest of section 14" in card.context.text()


def test_card_says_why_a_risk_was_lowered_and_quotes_every_sentence(qtbot: QtBot) -> None:
    card = RiskCard()
    qtbot.addWidget(card)
    quotes = (
        RiskQuote(10, 40, "The term renews automatically.", None, "2"),
        RiskQuote(41, 80, "Each renewal term renews automatically.", None, "2"),
    )
    card.set_risk(
        _flag(
            quotes=quotes,
            party=Party.EITHER,
            mitigation="The customer may terminate for convenience on 30 days' notice.",
        )
    )
    assert "Lowered:</b> The customer may terminate" in card.context.text()
    assert "Looked for it in" not in card.context.text()


def test_card_without_context_hides_the_line(qtbot: QtBot) -> None:
    card = RiskCard()
    qtbot.addWidget(card)
    card.set_risk(_flag())
    assert card.context.isHidden()


def test_card_says_values_in_words_with_the_librarys_limit(qtbot: QtBot) -> None:
    from ito_desktop.core.library.schema import ParamCheck

    card = RiskCard()
    qtbot.addWidget(card)
    card.set_risk(
        _flag(
            rule_id="sin_late_notice",
            values={"breach_notice_hours": 168.0},
            limits=(ParamCheck("breach_notice_hours", ">", 72),),
        )
    )
    text = card.values.text()
    assert "Breach notice: 168 hours (7 days); the library asks for 72 hours or less" in text
    assert "breach_notice_hours" not in text
    assert "=" not in text


def test_a_check_flag_is_not_called_a_risk(qtbot: QtBot) -> None:
    card = RiskCard()
    qtbot.addWidget(card)
    card.set_risk(
        _flag(
            severity=Severity.CHECK,
            mitigation="The customer may terminate on 30 days' notice at any time (clause 6.2).",
        )
    )
    assert "To check (not a risk)" in card.severity.text()
    assert card.accessibleName() == "To check (not a risk)"
    assert "Mitigated:</b> The customer may terminate" in card.context.text()
