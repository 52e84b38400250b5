"""Every format is registered once, behind the Exporter base class."""

from __future__ import annotations

from pathlib import Path

import pytest

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export import (
    EXPORTERS,
    Exporter,
    ExportError,
    ExportOptions,
    TextExporter,
    exporter,
    format_names,
)


def test_all_formats_registered() -> None:
    assert format_names() == ("xlsx", "docx", "annotated-docx", "csv", "md", "json")
    for name, item in EXPORTERS.items():
        assert isinstance(item, Exporter)
        assert item.name == name
        assert item.suffix.startswith(".")
        assert item.label
        assert exporter(name) is item
        assert isinstance(item, TextExporter) == (not item.binary)
    with pytest.raises(KeyError):
        exporter("pdf")


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
