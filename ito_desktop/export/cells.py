"""Spreadsheet cell text that can never be taken for a formula (CSV/formula injection guard)."""

from __future__ import annotations

import re

# Excel, LibreOffice and Google Sheets start a formula (or DDE call) on these characters; a
# tab or carriage return in front hides one from a quick look (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
# Control characters that XML 1.0 (and so .xlsx) cannot hold at all.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def is_formula_like(text: str) -> bool:
    """True if a spreadsheet could read ``text`` (or ``text`` after leading spaces) as a formula."""
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip(" ").startswith(FORMULA_TRIGGERS)


def safe_text(text: str) -> str:
    """``text`` with a leading apostrophe when it could start a formula, the OWASP remedy.

    Applied to every text cell, whatever its source (contract wording, library text, reviewer
    notes, file names), so no cell of ours ever begins with a trigger character.
    """
    return _QUOTE + text if is_formula_like(text) else text


def xml_safe(text: str) -> str:
    """Drop control characters an .xlsx cannot store (openpyxl raises on them)."""
    return _ILLEGAL_XML.sub("", text)


def excerpt(text: str, limit: int = 600) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "\u2026"
