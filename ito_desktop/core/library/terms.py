"""Compile key terms ("personal data", "terminat*") into whole-word, case-insensitive regexes."""

from __future__ import annotations

import re


def term_regex_source(term: str) -> str:
    """Regex source for one term: whole words, flexible whitespace and hyphens, ``*`` = prefix."""
    term = term.strip().lower()
    prefix = term.endswith("*")
    term = term.rstrip("*").strip()
    words = re.split(r"[\s-]+", term)
    body = r"[\s-]+".join(re.escape(word) for word in words if word)
    tail = r"\w*" if prefix else r"(?:s|es)?\b"
    head = r"\b" if term[:1].isalnum() else ""
    return head + body + tail


def group_regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of ``terms``; longer terms first so the longest match wins."""
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(term_regex_source(t) for t in ordered), re.IGNORECASE)
