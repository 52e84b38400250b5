"""What each export format is and can do, declared once, readable without importing its exporter.

The Export dialog, ``ito-review analyze`` and its help read these declarations; none of them
checks a format's name. Each exporter class points at its declaration (``Exporter.spec``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ito_desktop.core.model import DocumentFormat
from ito_desktop.core.review import ReviewResult

WORD_ONLY = "Only for Word (.docx) contracts."


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str  # the CLI --format value: "xlsx", "annotated-docx", ...
    label: str  # what a user picks in the Export dialog
    suffix: str  # file name suffix, dot included
    purpose: str  # what the format is for, shown under the choice in the Export dialog
    file_word: str  # the suggested file name: "<contract> - <file_word><suffix>"
    # Plain text (a TextExporter): ``ito-review analyze`` can print it; the others need -o.
    text: bool = False
    # A copy of the contract's own Word file: cannot be made of a PDF or TXT contract.
    needs_docx_source: bool = False
    # Lists the issues, leaving out findings marked not applicable unless
    # ``ExportOptions.include_not_applicable`` keeps them (the dialog offers the choice).
    lists_issues: bool = False

    @property
    def binary(self) -> bool:
        """A binary file: cannot go to stdout."""
        return not self.text

    def unavailable_reason(self, result: ReviewResult) -> str | None:
        """None when this format can be made from ``result``, else a sentence saying why not."""
        if self.needs_docx_source and result.document.format != DocumentFormat.DOCX:
            return WORD_ONLY
        return None


XLSX = ExportFormat(
    "xlsx",
    "Excel issues list (.xlsx)",
    ".xlsx",
    "The issues list for the negotiation meeting: one row per clause, with empty columns for "
    "the supplier's response, agreed position and owner.",
    "issues",
    lists_issues=True,
)
DOCX = ExportFormat(
    "docx",
    "Word issues-list report (.docx)",
    ".docx",
    "A Word report: summary, then Clause | Issue | Customer position | Supplier response, "
    "missing clauses first.",
    "issues report",
    lists_issues=True,
)
ANNOTATED_DOCX = ExportFormat(
    "annotated-docx",
    "Annotated copy of the contract with Word comments (.docx)",
    ".docx",
    "A copy of the contract with a Word comment on every weak or risky clause and one listing "
    "the missing clauses. The contract itself is not changed.",
    "annotated",
    needs_docx_source=True,
)
REDLINE = ExportFormat(
    "redline",
    "Redline: the fixes as Word tracked changes (.docx)",
    ".docx",
    "A copy of the contract with the clause library's wording as Word tracked changes, each "
    "with a comment saying why: missing clauses inserted, risky sentences replaced. Accept or "
    "reject each in Word. For a PDF contract: a Word document of the proposed wording and "
    "where it goes.",
    "redline",
)
CSV = ExportFormat(
    "csv",
    "Issues list as CSV (.csv)",
    ".csv",
    "The issues list as CSV (UTF-8), for other spreadsheets and tools.",
    "issues",
    text=True,
    lists_issues=True,
)
MD = ExportFormat(
    "md",
    "Markdown summary (.md)",
    ".md",
    "A readable summary in Markdown, for e-mail, wikis and tickets.",
    "review",
    text=True,
    lists_issues=True,
)
JSON = ExportFormat(
    "json",
    "JSON for other programs (.json)",
    ".json",
    "The review as JSON (ito-review/1) with your decisions, for other programs.",
    "review",
    text=True,
)

# In the order a user is offered them.
FORMATS: tuple[ExportFormat, ...] = (XLSX, DOCX, ANNOTATED_DOCX, REDLINE, CSV, MD, JSON)
