"""Every format is registered once, behind the Exporter base class, and imported only on use."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export import (
    EXPORTERS,
    FORMATS,
    Exporter,
    ExportError,
    ExportOptions,
    TextExporter,
    exporter,
    format_names,
)
from tests.conftest import PROJECT_ROOT

# The modules that import openpyxl or python-docx, and those libraries.
HEAVY = (
    "ito_desktop.export.xlsx_export",
    "ito_desktop.export.docx_report",
    "ito_desktop.export.annotated_docx",
    "ito_desktop.export.portfolio_xlsx",
    "openpyxl",
    "docx",
)


def test_all_formats_registered() -> None:
    assert format_names() == ("xlsx", "docx", "annotated-docx", "redline", "csv", "md", "json")
    assert len(EXPORTERS) == 7
    for name, item in EXPORTERS.items():
        assert isinstance(item, Exporter)
        assert item.name == name
        assert item.suffix.startswith(".")
        assert item.label
        assert exporter(name) is item
        assert isinstance(item, TextExporter) == (not item.binary)
    with pytest.raises(KeyError):
        exporter("pdf")


def test_each_exporter_carries_its_declaration() -> None:
    assert tuple(spec.name for spec in FORMATS) == format_names()
    for spec in FORMATS:
        assert exporter(spec.name).spec is spec
    declared = {spec.name: (spec.text, spec.needs_docx_source, spec.lists_issues)
                for spec in FORMATS}
    assert declared == {
        "xlsx": (False, False, True),
        "docx": (False, False, True),
        "annotated-docx": (False, True, False),
        "redline": (False, False, False),
        "csv": (True, False, True),
        "md": (True, False, True),
        "json": (True, False, False),
    }


def test_availability(sample_result: ReviewResult, pdf_result: ReviewResult) -> None:
    assert all(item.unavailable_reason(sample_result) is None for item in EXPORTERS.values())
    unavailable = {name for name, item in EXPORTERS.items()
                   if item.unavailable_reason(pdf_result) is not None}
    assert unavailable == {"annotated-docx"}


@pytest.mark.parametrize("name", ["csv", "md", "json"])
def test_a_text_format_writes_what_it_prints(
    name: str,
    sample_result: ReviewResult,
    sample_session: ReviewSession,
    options: ExportOptions,
    tmp_path: Path,
) -> None:
    text_exporter = exporter(name)
    assert isinstance(text_exporter, TextExporter)
    out = tmp_path / f"review{text_exporter.suffix}"
    text_exporter.write(sample_result, sample_session, options, out)
    text = text_exporter.render(sample_result, sample_session, options)
    assert out.read_bytes() == text.encode(text_exporter.encoding)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") == (name == "csv")  # Excel wants a BOM


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_an_unwritable_file_is_a_sentence(
    name: str, sample_result: ReviewResult, options: ExportOptions, tmp_path: Path
) -> None:
    out = tmp_path / "no such folder" / f"review.{name}"
    with pytest.raises(ExportError, match=rf"review\.{name} could not be written"):
        exporter(name).write(sample_result, None, options, out)
    assert not out.parent.exists()


_IMPORTED = """
import sys
{code}
print(sorted(name for name in sys.modules if name in {heavy}))
"""


def _heavy_loaded_after(code: str) -> list[str]:
    """Which of HEAVY a fresh interpreter has imported after running ``code``."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED.format(code=code, heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    loaded = ast.literal_eval(done.stdout.strip())
    assert isinstance(loaded, list)
    return loaded


def test_the_cli_starts_without_openpyxl_or_python_docx() -> None:
    # They cost a few hundred milliseconds that --version, the table, the text formats and a
    # CSV portfolio do not need.
    cli = "from ito_desktop.cli.main import build_parser; build_parser()"
    assert _heavy_loaded_after(cli) == []
    assert _heavy_loaded_after("from ito_desktop.export import EXPORTERS; EXPORTERS['md']") == []


def test_a_binary_format_imports_its_own_library_when_used() -> None:
    loaded = _heavy_loaded_after("from ito_desktop.export import exporter; exporter('xlsx')")
    assert loaded == ["ito_desktop.export.xlsx_export", "openpyxl"]
    loaded = _heavy_loaded_after("from ito_desktop.export import exporter; exporter('docx')")
    assert loaded == ["docx", "ito_desktop.export.docx_report"]
