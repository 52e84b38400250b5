"""The batch portfolio's rows: one per contract, one cell per clause id, in plain words a
spreadsheet filter can match. Kept apart from the writers so the CSV and XLSX writers both read
it without importing each other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ito_desktop.core.effective import (
    EffectiveStatus,
    effective_counts,
    effective_status,
    highest_severity,
    open_risks,
)
from ito_desktop.core.findings import Status
from ito_desktop.core.library.schema import Library, Severity
from ito_desktop.core.review import ReviewResult

# A batch applies no decisions: the engine's statuses, then its risks (not those to check).
COUNT_COLUMNS = (*(status.label for status in Status), "High risks", "Medium risks", "Low risks")


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """What the batch learnt about one file (picklable: it comes back from a worker process)."""

    file: str  # path relative to the batch folder
    ok: bool
    cells: dict[str, str] = field(default_factory=dict)  # clause id -> "present (risk: high)"
    counts: tuple[int, ...] = ()  # as COUNT_COLUMNS
    error: str = ""
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class PortfolioInfo:
    folder: str
    library: Library
    date: dt.date
    wall_seconds: float
    jobs: int


def status_cell(status: EffectiveStatus, severity: Severity | None) -> str:
    """``present``, or ``present (risk: high)``: plain words a spreadsheet filter can match."""
    return f"{status.value} (risk: {severity.value})" if severity else status.value


def portfolio_row(file: str, result: ReviewResult, seconds: float) -> PortfolioRow:
    cells: dict[str, str] = {}
    for finding in result.findings:
        status = effective_status(finding, None)
        worst = highest_severity(open_risks(finding, None))
        cells[finding.clause_id] = status_cell(status, worst)
    tally = effective_counts(result.findings)
    counts = (
        *(tally.of(status.effective) for status in Status),
        tally.risks_high,
        tally.risks_medium,
        tally.risks_low,
    )
    return PortfolioRow(file, True, cells, counts, "", round(seconds, 3))


def columns(library: Library) -> list[str]:
    return ["File", "Status", *COUNT_COLUMNS, *(e.id for e in library.entries), "Error"]


def row_values(row: PortfolioRow, library: Library) -> list[str | int]:
    counts: list[str | int] = list(row.counts) if row.ok else [""] * len(COUNT_COLUMNS)
    clauses = [row.cells.get(entry.id, "") for entry in library.entries]
    return [row.file, "ok" if row.ok else "error", *counts, *clauses, row.error]
