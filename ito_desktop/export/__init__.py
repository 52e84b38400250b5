"""Export formats for review results: one module per format behind the Exporter protocol."""

from ito_desktop.export.base import Exporter, ExportError, ExportOptions, TextExporter
from ito_desktop.export.formats import FORMATS, ExportFormat
from ito_desktop.export.registry import EXPORTERS, exporter, format_names

__all__ = [
    "EXPORTERS",
    "FORMATS",
    "ExportError",
    "ExportFormat",
    "ExportOptions",
    "Exporter",
    "TextExporter",
    "exporter",
    "format_names",
]
