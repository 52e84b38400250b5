"""CSV export: the issues list, UTF-8 with BOM and CRLF so Excel opens it as intended."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export import formats
from ito_desktop.export.base import ExportOptions, TextExporter
from ito_desktop.export.cells import safe_text
from ito_desktop.export.rows import COLUMNS, issue_rows

# With a byte-order mark, so Excel reads UTF-8 and not the local code page.
ENCODING = "utf-8-sig"


def csv_text(rows: Iterable[Sequence[str | int]]) -> str:
    """Rows as CSV (CRLF, every field that needs it quoted), each text cell formula-guarded."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_text(value) if isinstance(value, str) else value for value in row])
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[str | int]]) -> bytes:
    """The file's bytes, BOM first."""
    return csv_text(rows).encode(ENCODING)


class CsvExporter(TextExporter):
    spec = formats.CSV
    encoding = ENCODING  # printed, the text has no BOM

    def render(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> str:
        rows = issue_rows(result, session, options)
        return csv_text([COLUMNS, *(row.cells() for row in rows)])
