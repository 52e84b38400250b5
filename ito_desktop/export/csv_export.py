"""CSV export: the issues list, UTF-8 with BOM and CRLF so Excel opens it as intended."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.base import ExportOptions, write_atomically
from ito_desktop.export.cells import safe_text
from ito_desktop.export.rows import COLUMNS, issue_rows

BOM = "\ufeff"


def csv_text(rows: Iterable[Sequence[str | int]]) -> str:
    """Rows as CSV (CRLF, every field that needs it quoted), each text cell formula-guarded."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_text(value) if isinstance(value, str) else value for value in row])
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[str | int]]) -> bytes:
    """The file's bytes: a BOM so Excel reads UTF-8, not the local code page."""
    return (BOM + csv_text(rows)).encode("utf-8")


class CsvExporter:
    name = "csv"
    label = "Issues list as CSV (.csv)"
    suffix = ".csv"
    binary = False

    def unavailable_reason(self, result: ReviewResult) -> str | None:
        return None

    def _rows(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> list[Sequence[str | int]]:
        return [COLUMNS, *(row.cells() for row in issue_rows(result, session, options))]

    def render(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> str:
        return csv_text(self._rows(result, session, options))

    def write(
        self,
        result: ReviewResult,
        session: ReviewSession | None,
        options: ExportOptions,
        path: Path,
    ) -> None:
        write_atomically(path, csv_bytes(self._rows(result, session, options)))
