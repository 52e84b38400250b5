"""CSV, Markdown and JSON exports of the sample contract, read back and against golden files."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
from pathlib import Path

import pytest

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.serialize import review_to_dict
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.csv_export import CsvExporter
from ito_desktop.export.json_export import JsonExporter
from ito_desktop.export.markdown_export import MarkdownExporter
from ito_desktop.export.rows import COLUMNS
from tests.conftest import PROJECT_ROOT
from tests.export.conftest import DELIBERATELY_MISSING, TFC_EVIDENCE, TFC_MESSAGE_START

GOLDEN = PROJECT_ROOT / "tests" / "fixtures" / "golden" / "export"


def _golden(name: str, actual: str) -> None:
    """Compare with the golden file; ITO_UPDATE_GOLDEN=1 rewrites it (review the diff)."""
    path = GOLDEN / name
    if os.environ.get("ITO_UPDATE_GOLDEN"):
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"{path} missing: run with ITO_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes().decode("utf-8"), (
        f"{path.name} differs: if the clause library or the engine changed on purpose, rerun "
        "with ITO_UPDATE_GOLDEN=1 and review the diff"
    )


def _read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert raw.count(b"\r\n") == len(rows) + 1  # CRLF ends records; cells break lines with LF
    return rows


def test_csv_reads_back_as_the_review(
    sample_result: ReviewResult, options: ExportOptions, tmp_path: Path
) -> None:
    out = tmp_path / "issues.csv"
    CsvExporter().write(sample_result, None, options, out)
    rows = _read_csv(out)
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(sample_result.findings)
    by_clause = {row["Clause"]: row for row in rows}
    for finding in sample_result.findings:
        assert by_clause[finding.title]["Status"] == finding.status.value.capitalize()
    missing = [f.title for f in sample_result.findings if f.clause_id in DELIBERATELY_MISSING]
    assert all(by_clause[title]["Status"] == "Missing" for title in missing)
    tfc = by_clause["Termination for convenience"]
    assert tfc["Contract wording (excerpt)"].startswith(TFC_EVIDENCE)
    assert tfc["Issue / why it matters"].startswith(TFC_MESSAGE_START)
    assert tfc["Risk severity"] == "High"
    assert rows[0]["Status"] == "Missing"  # missing first


def test_csv_golden(sample_result: ReviewResult, options: ExportOptions) -> None:
    _golden("sample_msa.csv", CsvExporter().render(sample_result, None, options))


def test_csv_keeps_not_applicable_when_asked(
    sample_result: ReviewResult, sample_session: ReviewSession, tmp_path: Path
) -> None:
    out = tmp_path / "issues.csv"
    exporter = CsvExporter()
    exporter.write(sample_result, sample_session, ExportOptions(), out)
    assert "Insurance" not in {row["Clause"] for row in _read_csv(out)}
    exporter.write(sample_result, sample_session, ExportOptions(include_not_applicable=True), out)
    rows = _read_csv(out)
    assert rows[-1]["Clause"] == "Insurance"
    assert rows[-1]["Status"] == "Not applicable"
    assert rows[-1]["Reviewer note"] == "Covered by the group insurance programme."


def test_markdown_golden_and_content(
    sample_result: ReviewResult, options: ExportOptions, tmp_path: Path
) -> None:
    out = tmp_path / "review.md"
    MarkdownExporter().write(sample_result, None, options, out)
    text = out.read_text(encoding="utf-8")
    _golden("sample_msa.md", text)
    summary = sample_result.summary
    assert text.startswith("# Contract review: sample_msa.docx\n")
    assert "| Date | 2026-01-15 |" in text
    assert f"{summary.present} present, {summary.weak} weak, {summary.missing} missing" in text
    assert f"`{sample_result.document.sha256}`" in text
    assert "### 1. " in text
    assert "Termination for convenience — Present, risk high" in text
    assert f"> {TFC_EVIDENCE}" in text


def test_markdown_shows_the_reviewer_work(
    sample_result: ReviewResult, sample_session: ReviewSession, options: ExportOptions
) -> None:
    text = MarkdownExporter().render(sample_result, sample_session,
                                     dataclasses.replace(options, include_not_applicable=True))
    assert "| Reviewer | Dana Reviewer |" in text
    assert "**Reviewer note:** Ask for 12 months' notice." in text
    assert "## Not applicable (1)" in text
    assert "Insurance — note: Covered by the group" in text


def test_json_without_session_is_the_ito_review_object(
    sample_result: ReviewResult, options: ExportOptions, tmp_path: Path
) -> None:
    out = tmp_path / "review.json"
    JsonExporter().write(sample_result, None, options, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(review_to_dict(sample_result)))


def test_json_with_session_adds_review_only(
    sample_result: ReviewResult, sample_session: ReviewSession, options: ExportOptions
) -> None:
    data = json.loads(JsonExporter().render(sample_result, sample_session, options))
    plain = json.loads(json.dumps(review_to_dict(sample_result)))
    assert {key: value for key, value in data.items() if key != "review"} == plain
    review = data["review"]
    assert review["reviewer"] == "Dana Reviewer"
    assert review["date"] == "2026-01-15"
    items = {item["clause_id"]: item for item in review["items"]}
    assert items["insurance"]["decision"] == "not_applicable"
    assert items["insurance"]["effective_status"] == "not_applicable"
    assert items["charges_and_payment"]["open_risks"] == []
    assert items["termination_for_convenience"]["note"] == "Ask for 12 months' notice."


@pytest.mark.parametrize("exporter", [CsvExporter(), MarkdownExporter(), JsonExporter()])
def test_text_export_replaces_atomically(
    exporter: CsvExporter | MarkdownExporter | JsonExporter,
    sample_result: ReviewResult,
    options: ExportOptions,
    tmp_path: Path,
) -> None:
    out = tmp_path / f"old{exporter.suffix}"
    out.write_text("old", encoding="utf-8")
    exporter.write(sample_result, None, options, out)
    assert out.read_text(encoding="utf-8-sig") != "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temp file left


@pytest.mark.parametrize("exporter", [CsvExporter(), MarkdownExporter(), JsonExporter()])
def test_no_format_replaces_the_contract(
    sample_result: ReviewResult, exporter: CsvExporter | MarkdownExporter | JsonExporter
) -> None:
    from ito_desktop.export.base import ExportError

    contract = sample_result.document.path
    before = contract.read_bytes()
    with pytest.raises(ExportError, match="cannot replace the contract"):
        exporter.write(sample_result, None, ExportOptions(), contract)
    assert contract.read_bytes() == before
