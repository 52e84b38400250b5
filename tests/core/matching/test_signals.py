"""Heading similarity: containment counts for heading-sized titles only."""

from __future__ import annotations

from ito_desktop.core.matching.signals import heading_scores


def test_a_heading_contained_in_a_short_title_scores_high() -> None:
    scores = heading_scores(
        ["Term and Termination", "Exclusions and Limitations of Liability"],
        [("Term",), ("Exclusions",)],
    )
    assert scores[0, 0] >= 0.9
    assert scores[1, 1] >= 0.9


def test_a_paragraph_mistaken_for_a_title_does_not_match_a_one_word_heading() -> None:
    paragraph = (
        "Portions of this exhibit marked with asterisks have been excluded from the public "
        "filing because they are not material and would likely cause competitive harm"
    )
    scores = heading_scores([paragraph], [("Exclusions",), ("Term",)])
    assert scores[0, 0] < 0.3
    assert scores[0, 1] == 0.0


def test_look_alike_words_of_other_topics_do_not_match() -> None:
    scores = heading_scores(
        ["Exclusivity", "Order Confirmation", "Governing Law", "Exclusions"],
        [("Exclusions",), ("Confidentiality",), ("Governance",)],
    )
    assert scores[0, 0] == 0.0
    assert scores[1, 1] == 0.0
    assert scores[2, 2] == 0.0
    assert scores[3, 0] == 1.0


def test_configuration_and_government_are_other_topics() -> None:
    scores = heading_scores(
        ["Configuration Management", "Government Approvals"],
        [("Confidentiality",), ("Governance",)],
    )
    assert scores[0, 0] == 0.0
    assert scores[1, 1] == 0.0
