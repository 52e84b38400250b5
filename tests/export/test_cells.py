"""The formula-injection guard and cell text helpers."""

from __future__ import annotations

import pytest

from ito_desktop.export.cells import excerpt, is_formula_like, safe_text, xml_safe


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tx", "\r=1",
     "  =1+1"],
)
def test_formula_like_text_gets_an_apostrophe(text: str) -> None:
    assert is_formula_like(text)
    guarded = safe_text(text)
    assert guarded == "'" + text
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("text", ["Present", "17.2", "", "a = b", "Customer-owned", "'quoted"])
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert safe_text(text) == text


def test_xml_safe_drops_control_characters_only() -> None:
    assert xml_safe("a\x00b\x07c\td\ne") == "abc\td\ne"


def test_excerpt_cuts_at_a_word() -> None:
    text = "word " * 200
    cut = excerpt(text, 50)
    assert len(cut) <= 50
    assert cut.endswith("\u2026")
    assert "  " not in cut
    assert excerpt("short  text", 50) == "short text"
