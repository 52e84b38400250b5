"""Counts in words people read: "1 clause", "2 clauses", "1,204 pages"."""

from __future__ import annotations


def count(n: int, noun: str, plural: str = "") -> str:
    """``n`` with ``noun`` in the right number (``plural`` when adding "s" is wrong)."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
