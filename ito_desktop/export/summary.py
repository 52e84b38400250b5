"""The facts every report header shows: contract, hash, date, library, reviewer, counts."""

from __future__ import annotations

from dataclasses import dataclass

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.rows import Counts, count_effective


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

    @property
    def counts_line(self) -> str:
        c = self.counts
        return (
            f"{c.present} present, {c.weak} weak, {c.missing} missing, "
            f"{c.not_applicable} not applicable"
        )

    @property
    def risks_line(self) -> str:
        c = self.counts
        return f"{c.risks_high} high, {c.risks_medium} medium, {c.risks_low} low"


def report_header(
    result: ReviewResult, session: ReviewSession | None, options: ExportOptions
) -> ReportHeader:
    document = result.document
    pages = f"{document.pages} pages, " if document.pages else ""
    return ReportHeader(
        contract=document.path.name,
        format=document.format.upper(),
        size=f"{pages}{len(document.clauses)} clauses",
        sha256=document.sha256,
        date=options.day().isoformat(),
        library=f"{result.library.name} {result.library.version}".strip(),
        reviewer=options.reviewer_name(session),
        counts=count_effective(result, session),
        warnings=document.warnings,
    )
