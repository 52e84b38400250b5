"""Batch portfolio export: one row per contract, one column per clause id (CSV or XLSX)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ito_desktop.export.base import ExportError, write_atomically
from ito_desktop.export.csv_export import csv_bytes
from ito_desktop.export.portfolio_rows import PortfolioInfo, PortfolioRow, columns, row_values

SUFFIXES = (".xlsx", ".csv")


def suffix_problem(path: Path) -> str | None:
    """None when ``path`` names a portfolio this module writes, else the sentence why not."""
    if path.suffix.lower() in SUFFIXES:
        return None
    return f"{path.name}: the portfolio must be a {' or '.join(SUFFIXES)} file."


def write_portfolio(
    path: Path, rows: Sequence[PortfolioRow], info: PortfolioInfo, *, replace: bool = True
) -> None:
    """Write ``rows`` as .xlsx or .csv (by ``path``'s suffix), atomically."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table: list[Sequence[str | int]] = [columns(info.library)]
        table.extend(row_values(row, info.library) for row in rows)
        write_atomically(path, csv_bytes(table), replace=replace)
    elif suffix == ".xlsx":
        # Imported here: openpyxl is slow to import and a CSV portfolio does not need it.
        from ito_desktop.export.portfolio_xlsx import portfolio_workbook_bytes

        write_atomically(path, portfolio_workbook_bytes(rows, info), replace=replace)
    else:
        raise ExportError(str(suffix_problem(path)), path=path)
