"""Clause labels at the start of a line, and when a short numbered line is a heading.

Shared by the PDF layout and the plain-text reader, so both read "12. Termination" alike.
"""

from __future__ import annotations

import re

# A printed clause label at the start of a line: "12.3", "12.", "(a)", "(iv)", "a.", "Section 4",
# "ARTICLE V", bullets. Section words need a capital so a wrapped "section 4 hereof" continues.
CLAUSE_START = re.compile(
    r"""^(?:
        (?:Section|SECTION|Article|ARTICLE|Clause|CLAUSE|Schedule|SCHEDULE|Exhibit|EXHIBIT
           |Annex|ANNEX|Appendix|APPENDIX|Part|PART)\s+(?:\d+[A-Za-z]?(?:\.\d+)*|[IVXLC]+|[A-Z])\b
           (?!\.\d)  # the whole number: "Section 3.2" must not fall back to "Section 3"
           (?![.:]?\s+(?!to\b)[a-z])  # "Schedule B. with a fee" is a cross-reference
      | \d{1,3}(?:\.\d{1,3})+\.?(?=\s|$)
      | \d{1,3}[.)](?=\s|$)
      | \((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z])\)
      | (?:[a-zA-Z]|[ivx]{1,5})\.(?=\s)
      | [•▪●◦■□➢✓·]\s?
    )""",
    re.VERBOSE,
)
LIST_LABEL = re.compile(r"^(?:\((?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3}|[A-Z])\)|[a-z]\.\s|[•▪●◦■□➢✓·])")
TERMINAL = (".", "!", "?", ":", ";")
LIST_JOINER = re.compile(r"[;,]\s*(?:and|or|and/or)$")


def is_numbered_heading(text: str) -> bool:
    """A short line that starts with a clause label (not a list label) and ends without
    punctuation, such as "12. Termination" or "Schedule 2 Service Levels"."""
    return bool(
        len(text) <= 80
        and CLAUSE_START.match(text)
        and not LIST_LABEL.match(text)
        and not text.endswith((".", ",", ";", ":"))
        and len(text.split()) <= 9
    )
