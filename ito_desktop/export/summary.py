"""What every report shows: the header facts (contract, hash, date, library...) and the rows."""

from __future__ import annotations

from dataclasses import dataclass

from ito_desktop.core.attention import attention_list, reviewed_count
from ito_desktop.core.effective import Counts, EffectiveStatus
from ito_desktop.core.plural import count
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.rows import Group, IssueRow, count_effective, issue_rows


@dataclass(frozen=True, slots=True)
class ReportHeader:
    contract: str  # file name
    format: str  # "DOCX"
    size: str  # "341 clauses" / "24 pages, 180 clauses"
    sha256: str
    date: str  # ISO date
    library: str  # "name version"
    reviewer: str
    counts: Counts
    warnings: tuple[str, ...]
    # The reviewer's progress, counted as the app's "Reviewed n of N" counts it; None without
    # a review session (an export straight from the command line).
    reviewed: int | None = None
    attention: int | None = None  # findings still needing attention (the app's view)
    total: int = 0

    @property
    def progress_facts(self) -> tuple[tuple[str, str], ...]:
        """("Reviewed", "12 of 40 (decided or ticked done)"), ("Needs attention", "5 findings")."""
        if self.reviewed is None or self.attention is None:
            return ()
        return (
            ("Reviewed", f"{self.reviewed} of {self.total} (decided or ticked done)"),
            ("Needs attention", count(self.attention, "finding")),
        )

    @property
    def counts_line(self) -> str:
        c = self.counts
        return ", ".join(f"{c.of(status)} {status.label.lower()}" for status in EffectiveStatus)

    @property
    def risks_line(self) -> str:
        c = self.counts
        line = f"{c.risks_high} high, {c.risks_medium} medium, {c.risks_low} low"
        if c.risks_check:
            line += f"; {c.risks_check} to check"
        if c.risks_accepted:
            line += f" ({c.risks_accepted} more accepted by the reviewer)"
        return line


def report_header(
    result: ReviewResult, session: ReviewSession | None, options: ExportOptions
) -> ReportHeader:
    document = result.document
    pages = f"{count(document.pages, 'page')}, " if document.pages else ""
    return ReportHeader(
        contract=document.path.name,
        format=document.format.upper(),
        size=f"{pages}{count(len(document.clauses), 'clause')}",
        sha256=document.sha256,
        date=options.day().isoformat(),
        library=f"{result.library.name} {result.library.version}".strip(),
        reviewer=options.reviewer_name(session),
        counts=count_effective(result, session),
        warnings=document.warnings,
        reviewed=reviewed_count(result.findings, session) if session is not None else None,
        attention=len(attention_list(result.findings, session)) if session is not None else None,
        total=len(result.findings),
    )


@dataclass(frozen=True, slots=True)
class Report:
    """A report's content: the header and the issues-list rows, in negotiation order."""

    header: ReportHeader
    rows: tuple[IssueRow, ...]

    @property
    def issues(self) -> list[IssueRow]:
        """The rows to negotiate: missing, risky and weak clauses."""
        return [row for row in self.rows if row.has_issue]

    def in_group(self, group: Group) -> list[IssueRow]:
        return [row for row in self.rows if row.group is group]


def report_content(
    result: ReviewResult, session: ReviewSession | None, options: ExportOptions
) -> Report:
    return Report(
        report_header(result, session, options), tuple(issue_rows(result, session, options))
    )
