"""Page, styles, document properties and packaging of the sample contract's DOCX."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from sample_docx_parts import add_field, set_fonts

FONT = "Arial"  # LibreOffice renders it with the metric-compatible Liberation Sans
MARGIN_CM = 2.25
TEXT_WIDTH_CM = 21.0 - 2 * MARGIN_CM  # A4
FIXED_TIME = (2026, 3, 2, 9, 0, 0)  # zip entry and core-property timestamps: stable rebuilds
# The template's app.xml claims "Microsoft Macintosh Word" and one page; say what made it.
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>ITO Review tools/build_sample.py"
    b" (python-docx)</Application><DocSecurity>0</DocSecurity><Company>ITO Review</Company>"
    b"</Properties>"
)


def setup_styles(document: DocxDocument) -> None:
    """Arial 11pt body, black bold headings, a table-text style, small grey header/footer."""
    styles = document.styles
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            set_fonts(r_pr, FONT)
            lang = r_pr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), "en-GB")

    normal = styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.name = FONT
    normal.font.size = Pt(11)
    set_fonts(normal.element.get_or_add_rPr(), FONT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(5)
    fmt.line_spacing = 1.0
    fmt.widow_control = True

    for name, size, before, after in (("Heading 1", 11, 14, 6), ("Heading 2", 11, 10, 4)):
        style = styles[name]
        assert isinstance(style, ParagraphStyle)
        r_pr = style.element.get_or_add_rPr()
        for tag in ("w:color", "w:i", "w:iCs"):
            for found in r_pr.findall(qn(tag)):
                r_pr.remove(found)
        set_fonts(r_pr, FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True

    heading = styles.add_style("Contract Heading", 1)
    assert isinstance(heading, ParagraphStyle)
    heading.base_style = normal
    heading.font.bold = True
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.keep_with_next = True

    table_text = styles.add_style("Table Text", 1)
    assert isinstance(table_text, ParagraphStyle)
    table_text.base_style = normal
    table_text.font.size = Pt(9.5)
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0

    for name in ("Header", "Footer"):
        style = styles[name]
        assert isinstance(style, ParagraphStyle)
        # The template's stops are for US Letter; one right stop at the A4 text edge instead.
        style.paragraph_format.tab_stops.clear_all()
        style.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
        style.font.size = Pt(8.5)
        style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def setup_page(document: DocxDocument, meta: Mapping[str, str]) -> None:
    """A4 page, margins, and the running header and "Page X of Y" footer."""
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    section.header_distance = section.footer_distance = Cm(1.25)
    section.different_first_page_header_footer = True  # the cover page stays clean

    header = section.header.paragraphs[0]
    header.text = meta["header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    footer = section.footer.paragraphs[0]
    footer.add_run(f"{meta['footer_left']}\tPage ")
    add_field(footer, "PAGE")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES")


def set_properties(document: DocxDocument, meta: Mapping[str, str]) -> None:
    """Core properties (title, author...) with fixed timestamps."""
    props = document.core_properties
    stamp = dt.datetime(*FIXED_TIME, tzinfo=dt.UTC)
    props.title = meta["title"]
    props.author = meta["author"]
    props.last_modified_by = meta["author"]
    props.subject = " ".join(meta["subject"].split())
    props.keywords = meta["keywords"]
    props.category = "Sample contract"
    props.comments = "Generated by tools/build_sample.py from tools/sample_contract.yaml"
    props.language = "en-GB"
    props.revision = 1
    props.created = props.modified = stamp
    props.last_printed = stamp


def stable_zip(blob: bytes) -> bytes:
    """Rewrite the package with fixed timestamps so an unchanged contract rebuilds identically."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue  # the template's thumbnail shows a blank page, not this contract
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                data = APP_XML
            if info.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*thumbnail\.jpeg\"/>", b"", data)
            dst.writestr(entry, data)
    return out.getvalue()
