"""Recognise printed clause numbers ("12.3", "(b)", "Article IV", "Schedule 2") and their kind."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = re.compile(
    r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I
)

# Order matters: the first pattern that matches the start of a block wins.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "schedule",
        re.compile(
            r"^(?P<num>(?:schedule|exhibit|appendix|annex|attachment|addendum)"
            r"\s+(?:[A-Z0-9]{1,4}(?:[.-]\d+)?|[IVXL]+))\b[.:\s-]*",
            re.I,
        ),
    ),
    (
        "article",
        re.compile(r"^(?P<num>article\s+(?:[IVXLC]+|\d+|[A-Z]))\b[.:\s-]*", re.I),
    ),
    (
        "section",
        re.compile(
            r"^(?P<num>(?:section|clause|§)\s*\d+(?:\.\d+)*[A-Za-z]?)\.?(?=\s|$)[:\s-]*", re.I
        ),
    ),
    ("dotted", re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3})+)\.?(?=\s|$)\s*")),
    ("decimal", re.compile(r"^(?P<num>\d{1,3})(?:\.|\))(?=\s|$)\s*")),
    ("paren", re.compile(r"^(?P<num>\(\s*(?:[a-z]{1,2}|[A-Z]{1,2}|\d{1,3}|[ivxlc]{1,6})\s*\))\s*")),
    ("halfparen", re.compile(r"^(?P<num>(?:[a-z]|[ivx]{1,4}|[A-Z])\))\s+")),
    ("letter_dot", re.compile(r"^(?P<num>[A-Z]\.)\s+(?=[A-Z])")),
)


_WORD_LABELS = frozenset({"schedule", "article", "section"})
# After the label, a lower-case word other than "to" ("Schedule 1 to the Agreement" is a
# heading) continues a sentence.
_CROSS_REFERENCE = re.compile(r"(?!to\b)[a-z]")


@dataclass(frozen=True, slots=True)
class NumberLabel:
    """A clause number found at the start of a block."""

    text: str  # as printed, e.g. "12.3", "(b)", "Article IV"
    style: str  # a key for the numbering style: "dotted2", "paren-alpha", "article", ...
    depth_hint: int  # 1 for top-level styles, more for nested ones; 0 if unknown
    length: int  # characters consumed at the start of the block, spaces included


def parse_number(text: str, open_labels: dict[str, str] | None = None) -> NumberLabel | None:
    """Find a clause number at the start of ``text``.

    ``open_labels`` maps the numbering styles of the enclosing clauses to their last bare
    label ({"paren-alpha": "h", "paren-roman": "iv"}); it tells a lettered "(i)" after "(h)"
    from a roman "(i)", and "(v)" after "(iv)" from the letter v.
    """
    open_labels = open_labels or {}
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        if kind in _WORD_LABELS and _CROSS_REFERENCE.match(text, match.end()):
            # "Schedule B. with a separate fee ..." is a cross-reference wrapped to the start of
            # a line, not the heading of Schedule B.
            continue
        label = match.group("num").strip()
        style, depth = _classify(kind, label, open_labels)
        if style is None:
            continue
        return NumberLabel(label, style, depth, match.end())
    return None


def _classify(kind: str, label: str, open_labels: dict[str, str]) -> tuple[str | None, int]:
    if kind == "schedule":
        return "schedule", 1
    if kind == "article":
        return "article", 1
    if kind == "section":
        digits = re.sub(r"^(?:section|clause|§)\s*", "", label, flags=re.I)
        parts = digits.split(".")
        return f"dotted{len(parts)}", len(parts)
    if kind == "dotted":
        parts = label.split(".")
        return f"dotted{len(parts)}", len(parts)
    if kind == "decimal":
        return "dotted1", 1
    inner = label.strip("()").strip()
    if kind == "letter_dot":
        return "upper-dot", 0
    if inner.isdigit():
        return "paren-digit", 0
    if _ROMAN.match(inner) and _is_roman(inner, open_labels):
        return ("paren-roman" if inner.islower() else "paren-ROMAN"), 0
    if inner.isalpha() and len(inner) <= 2:
        return ("paren-alpha" if inner.islower() else "paren-ALPHA"), 0
    return None, 0


def _is_roman(inner: str, open_labels: dict[str, str]) -> bool:
    """Decide whether a roman-looking label is a roman numeral or a letter.

    Multi-letter labels ("ii", "iv") are roman. A single "i", "v" or "x" is roman unless it
    continues an open lettered list ("(i)" after "(h)"); "v" and "x" are roman only when they
    continue an open roman list. "c", "d", "l" and "m" are letters.
    """
    if len(inner) > 1:
        return True
    lower = inner.lower()
    alpha_key = "paren-alpha" if inner.islower() else "paren-ALPHA"
    roman_key = "paren-roman" if inner.islower() else "paren-ROMAN"
    previous_alpha = open_labels.get(alpha_key, "")
    if len(previous_alpha) == 1 and ord(lower) == ord(previous_alpha.lower()) + 1:
        return False
    if lower == "i":
        return True
    if lower in "vx":
        previous = roman_to_int(open_labels.get(roman_key, ""))
        current = roman_to_int(lower)
        return previous is not None and current is not None and current == previous + 1
    return False


def roman_to_int(text: str) -> int | None:
    """Value of a roman numeral, or None."""
    if not text or not _ROMAN.match(text):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    prev = 0
    for char in reversed(text.lower()):
        value = values[char]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total
