"""Every format is registered once, behind the Exporter protocol."""

from __future__ import annotations

from ito_desktop.core.review import ReviewResult
from ito_desktop.export import EXPORTERS, Exporter, TextExporter, exporter, format_names


def test_all_formats_registered() -> None:
    assert set(format_names()) == {"xlsx", "docx", "annotated-docx", "csv", "md", "json"}
    for name, item in EXPORTERS.items():
        assert isinstance(item, Exporter)
        assert item.name == name
        assert item.suffix.startswith(".")
        assert item.label
        assert exporter(name) is item
        assert isinstance(item, TextExporter) == (not item.binary)


def test_availability(sample_result: ReviewResult, pdf_result: ReviewResult) -> None:
    assert all(item.unavailable_reason(sample_result) is None for item in EXPORTERS.values())
    unavailable = {name for name, item in EXPORTERS.items()
                   if item.unavailable_reason(pdf_result) is not None}
    assert unavailable == {"annotated-docx"}
