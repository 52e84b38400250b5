"""Every export format by name, in the order a user is offered them; each imported on first use."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ito_desktop.export import formats
from ito_desktop.export.base import Exporter, TextExporter

# Each format's module is imported only when the format is used: openpyxl and python-docx take
# a few hundred milliseconds to import, which every ``ito-review`` run (even --version) would
# pay if the registry imported them up front. The imports are plain statements, not
# importlib calls, so PyInstaller still finds and bundles every exporter.


def _xlsx() -> Exporter:
    from ito_desktop.export.xlsx_export import XlsxExporter

    return XlsxExporter()


def _docx() -> Exporter:
    from ito_desktop.export.docx_report import DocxReportExporter

    return DocxReportExporter()


def _annotated_docx() -> Exporter:
    from ito_desktop.export.annotated_docx import AnnotatedDocxExporter

    return AnnotatedDocxExporter()


def _redline() -> Exporter:
    from ito_desktop.export.redline_docx import RedlineExporter

    return RedlineExporter()


def _csv() -> Exporter:
    from ito_desktop.export.csv_export import CsvExporter

    return CsvExporter()


def _md() -> Exporter:
    from ito_desktop.export.markdown_export import MarkdownExporter

    return MarkdownExporter()


def _json() -> Exporter:
    from ito_desktop.export.json_export import JsonExporter

    return JsonExporter()


_MAKERS: dict[formats.ExportFormat, Callable[[], Exporter]] = {
    formats.XLSX: _xlsx,
    formats.DOCX: _docx,
    formats.ANNOTATED_DOCX: _annotated_docx,
    formats.REDLINE: _redline,
    formats.CSV: _csv,
    formats.MD: _md,
    formats.JSON: _json,
}


class _Registry(Mapping[str, Exporter]):
    """A read-only mapping that makes each exporter the first time it is looked up."""

    def __init__(self, makers: Mapping[formats.ExportFormat, Callable[[], Exporter]]) -> None:
        self._specs = {spec.name: spec for spec in makers}
        self._makers = {spec.name: make for spec, make in makers.items()}
        self._made: dict[str, Exporter] = {}

    def __getitem__(self, name: str) -> Exporter:
        made = self._made.get(name)
        if made is None:
            made = self._makers[name]()  # KeyError for an unknown format
            if made.spec is not self._specs[name]:
                raise TypeError(f"{type(made).__name__} is registered as {name!r}")
            if isinstance(made, TextExporter) != made.spec.text:
                raise TypeError(f"{type(made).__name__}: text={made.spec.text} in its spec")
            self._made[name] = made
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


EXPORTERS: Mapping[str, Exporter] = _Registry(_MAKERS)


def exporter(name: str) -> Exporter:
    """The exporter for a format name ("xlsx", "annotated-docx", ...); KeyError if unknown."""
    return EXPORTERS[name]


def format_names() -> tuple[str, ...]:
    """Every format name, without importing any exporter."""
    return tuple(EXPORTERS)
