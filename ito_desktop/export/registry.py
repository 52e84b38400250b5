"""Every export format by name, in the order a user is offered them."""

from __future__ import annotations

from ito_desktop.export.annotated_docx import AnnotatedDocxExporter
from ito_desktop.export.base import Exporter
from ito_desktop.export.csv_export import CsvExporter
from ito_desktop.export.docx_report import DocxReportExporter
from ito_desktop.export.json_export import JsonExporter
from ito_desktop.export.markdown_export import MarkdownExporter
from ito_desktop.export.xlsx_export import XlsxExporter

_ALL: tuple[Exporter, ...] = (
    XlsxExporter(),
    DocxReportExporter(),
    AnnotatedDocxExporter(),
    CsvExporter(),
    MarkdownExporter(),
    JsonExporter(),
)
EXPORTERS: dict[str, Exporter] = {exporter.name: exporter for exporter in _ALL}


def exporter(name: str) -> Exporter:
    """The exporter for a format name ("xlsx", "annotated-docx", ...); KeyError if unknown."""
    return EXPORTERS[name]


def format_names() -> tuple[str, ...]:
    return tuple(EXPORTERS)
