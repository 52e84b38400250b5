"""A small clause library with a known set of problems, written as real YAML files."""

from __future__ import annotations

from pathlib import Path

# library.yaml: its categories are not a list.
INDEX = """\
name: Broken test library
version: "0.1"
categories: legal
"""

# legal.yaml: one entry with three problems, one that is not a mapping, and one that loads
# with fewer examples than SCHEMA.md asks for (a warning).
LEGAL = """\
category: legal
entries:
  - id: escrow_test
    title: Escrow
    importance: critical
    description: Source code held by a third party.
    headings: [Source Code Escrow]
    key_terms: [[escrow], [source code]]
    examples: [The source code is held in escrow.]
    risk_rules:
      - id: no_release
        severity: extreme
        pattern: "release event"
        message: No release event.
        recommendation: Name the release events.
    guidance:
      preferred: P
      fallback: F
  - just a line of text
  - id: thin_entry
    title: Thin
    importance: optional
    description: Loads, with one example.
    headings: [Thin]
    key_terms: [[thin]]
    examples: [The thin clause.]
    guidance: {preferred: P, fallback: F, sample_wording: S}
"""

# notes.yaml: YAML, but a list where a category file is a mapping.
NOTES = "- a note\n- another note\n"


def write_broken_library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "library.yaml").write_text(INDEX, encoding="utf-8")
    (folder / "legal.yaml").write_text(LEGAL, encoding="utf-8")
    (folder / "notes.yaml").write_text(NOTES, encoding="utf-8")
    return folder


_SHORT = (
    "1 of the 3 model wordings SCHEMA.md asks for; with fewer the clause is recognised less "
    "reliably"
)

# What the loader reports for that library, in its order: (file, entry, field, message).
PROBLEMS = (
    ("library.yaml", "", "categories", "expected a list"),
    (
        "legal.yaml",
        "escrow_test",
        "importance",
        "'critical' is not one of required / recommended / optional",
    ),
    (
        "legal.yaml",
        "escrow_test",
        "risk_rules[0].severity",
        "'extreme' is not one of high / medium / low / check",
    ),
    ("legal.yaml", "escrow_test", "guidance.sample_wording", "missing or empty"),
    ("legal.yaml", "#2", "", "expected a mapping"),
    ("notes.yaml", "", "", "expected a mapping with 'category' and 'entries'"),
)
WARNINGS = (
    ("legal.yaml", "escrow_test", "examples", _SHORT),
    ("legal.yaml", "thin_entry", "examples", _SHORT),
)

# What ``ito-review library validate`` prints on stderr for it (before the tally line).
CLI_LINES = (
    "library.yaml: field 'categories': expected a list",
    "legal.yaml: entry 'escrow_test': field 'importance': "
    "'critical' is not one of required / recommended / optional",
    "legal.yaml: entry 'escrow_test': field 'risk_rules[0].severity': "
    "'extreme' is not one of high / medium / low / check",
    "legal.yaml: entry 'escrow_test': field 'guidance.sample_wording': missing or empty",
    "legal.yaml: entry #2: expected a mapping",
    "notes.yaml: expected a mapping with 'category' and 'entries'",
    f"warning: legal.yaml: entry 'escrow_test': field 'examples': {_SHORT}",
    f"warning: legal.yaml: entry 'thin_entry': field 'examples': {_SHORT}",
)
