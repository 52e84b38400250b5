"""python-docx helpers for the report: cell shading, header rows, widths, bytes out."""

from __future__ import annotations

import io

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ito_desktop.export.cells import xml_safe


def shade(cell: _Cell, colour: str) -> None:
    """Fill a table cell with a solid colour (python-docx has no API for it)."""
    properties = cell._tc.get_or_add_tcPr()
    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def shade_paragraph(paragraph: Paragraph, colour: str) -> None:
    """A coloured band behind one paragraph (used for status labels)."""
    properties = paragraph._p.get_or_add_pPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def repeat_header(table: Table) -> None:
    """Repeat the first row at the top of every page the table runs onto."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row_properties.append(marker)


def add_text(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    colour: str | None = None,
) -> None:
    run = paragraph.add_run(xml_safe(text))
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = RGBColor.from_string(colour)


def cell_paragraph(cell: _Cell, *, first: bool = False) -> Paragraph:
    """The cell's empty first paragraph, or a new one after it."""
    paragraph: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    return paragraph


def document_bytes(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
