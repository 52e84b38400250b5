"""Build small .docx files for reader tests: python-docx for the package, raw XML for the body."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
NSDECLS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())


# --- runs and paragraphs ------------------------------------------------------------------------


def run(text: str = "", *, bold: bool = False, rpr: str = "", inner: str = "") -> str:
    """A ``w:r`` with optional text (spaces preserved), bold, extra run properties or content."""
    props = ("<w:b/>" if bold else "") + rpr
    body = f'<w:t xml:space="preserve">{escape(text)}</w:t>' if text else ""
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{body}{inner}</w:r>"


def para(*content: str, style: str | None = None, num: str | None = None,
         ilvl: int | None = None, ppr: str = "") -> str:
    """A ``w:p``; plain strings in ``content`` that do not start with "<" become runs."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None or ilvl is not None:
        level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        number = f'<w:numId w:val="{num}"/>' if num is not None else ""
        props += f"<w:numPr>{level}{number}</w:numPr>"
    props += ppr
    runs = "".join(item if item.startswith("<") else run(item) for item in content)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"


def inserted(*runs: str) -> str:
    attributes = 'w:id="1" w:author="Reviewer" w:date="2024-01-01T00:00:00Z"'
    return f'<w:ins {attributes}>{"".join(runs)}</w:ins>'


def deleted(text: str) -> str:
    return (f'<w:del w:id="2" w:author="Reviewer" w:date="2024-01-01T00:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def content_control(inner: str, tag: str = "field") -> str:
    """A ``w:sdt`` around ``inner`` (runs for a run-level control, paragraphs for block-level)."""
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{tag}"/><w:tag w:val="{tag}"/></w:sdtPr>'
            f"<w:sdtContent>{inner}</w:sdtContent></w:sdt>")


def complex_field(instruction: str, result: str) -> str:
    """A field as Word writes it: begin, instruction, separate, result runs, end."""
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run(result)}'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def text_box(paragraphs: str) -> str:
    """A floating text box as Word writes it: a DrawingML choice and a VML fallback copy."""
    return (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
        "<a:graphic><a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/"
        f"wordprocessingShape\"><wps:wsp><wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent>"
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent>"
        "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def table(rows: Iterable[Iterable[str]]) -> str:
    """A ``w:tbl``; a cell given as plain text becomes one paragraph, XML is used as is."""
    xml_rows = []
    for row in rows:
        cells = "".join(
            f"<w:tc>{cell if cell.startswith('<') else para(cell)}</w:tc>" for cell in row)
        xml_rows.append(f"<w:tr>{cells}</w:tr>")
    return f"<w:tbl><w:tblPr/>{''.join(xml_rows)}</w:tbl>"


# --- numbering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lvl:
    """One numbering level for :func:`abstract_num`."""

    fmt: str
    text: str
    start: int = 1
    restart: int | None = None
    legal: bool = False
    style: str | None = None


def abstract_num(abstract_id: int, levels: Iterable[Lvl], *, style_link: str | None = None,
                 num_style_link: str | None = None) -> str:
    """A ``w:abstractNum``; ``num_style_link`` makes it a pointer to a numbering style."""
    xml = [f'<w:styleLink w:val="{style_link}"/>' if style_link else "",
           f'<w:numStyleLink w:val="{num_style_link}"/>' if num_style_link else ""]
    for ilvl, lvl in enumerate(levels):
        xml.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{lvl.start}"/>'
            f'<w:numFmt w:val="{lvl.fmt}"/>'
            + (f'<w:lvlRestart w:val="{lvl.restart}"/>' if lvl.restart is not None else "")
            + (f'<w:pStyle w:val="{lvl.style}"/>' if lvl.style else "")
            + ("<w:isLgl/>" if lvl.legal else "")
            + f"<w:lvlText w:val={quoteattr(lvl.text)}/></w:lvl>")
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{"".join(xml)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, start_overrides: Mapping[int, int] | None = None) -> str:
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        for ilvl, start in (start_overrides or {}).items())
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def paragraph_style(style_id: str, name: str, *, based_on: str | None = None,
                    num_id: int | None = None, ilvl: int | None = None) -> str:
    """A ``w:style`` of type paragraph, optionally numbered."""
    numbering = ""
    if num_id is not None:
        level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        numbering = f'<w:pPr><w:numPr>{level}<w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f"{base}{numbering}</w:style>")


# --- whole files ----------------------------------------------------------------------------


def build_docx(
    path: Path,
    body: str,
    *,
    numbering: str = "",
    styles: str = "",
    header: str | None = None,
    footer: str | None = None,
    title: str | None = None,
) -> Path:
    """Write a .docx whose body is ``body`` (raw WordprocessingML) and return its path.

    ``numbering`` replaces the template's numbering definitions; ``styles`` holds ``w:style``
    elements that replace template styles with the same id or are added.
    """
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    body_element = document.element.body
    sect_pr = body_element.find(qn("w:sectPr"))
    for child in list(body_element):
        if child is not sect_pr:
            body_element.remove(child)
    for child in list(parse_xml(f"<w:body {NSDECLS}>{body}</w:body>")):
        sect_pr.addprevious(child)
    if numbering:
        part = document.part.numbering_part
        part._element = parse_xml(f"<w:numbering {NSDECLS}>{numbering}</w:numbering>")
    if styles:
        styles_element = document.styles.element
        for style in list(parse_xml(f"<w:styles {NSDECLS}>{styles}</w:styles>")):
            old = styles_element.find(
                f"{qn('w:style')}[@{qn('w:styleId')}='{style.get(qn('w:styleId'))}']")
            if old is not None:
                styles_element.remove(old)
            styles_element.append(style)
    document.save(str(path))
    return path


def rewrite_part(source: Path, target: Path, name: str, data: bytes | None) -> Path:
    """Copy a zip, replacing part ``name`` with ``data`` (or dropping it when None)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != name:
                new.writestr(info, old.read(info))
        if data is not None:
            new.writestr(name, data)
    return target


def patch_declared_size(path: Path, name: str, size: int) -> None:
    """Make the zip's central directory claim ``size`` uncompressed bytes for part ``name``.

    The data stays as it is: this fakes a part that claims to be huge (a zip bomb's directory)
    or one that claims to be smaller than it inflates to, without writing either.
    """
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    offset = data.find(b"PK\x01\x02")
    while offset != -1:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if bytes(data[offset + 46: offset + 46 + name_length]) == encoded:
            struct.pack_into("<I", data, offset + 24, size)
            path.write_bytes(bytes(data))
            return
        offset = data.find(b"PK\x01\x02", offset + 4)
    raise KeyError(name)


# --- the rich fixture behind the golden file -------------------------------------------------

HEADER_TEXT = "HEADER-MARKER Confidential draft"
FOOTER_TEXT = "FOOTER-MARKER Page footer"

RICH_NUMBERING = "".join((
    # Outline linked to the heading styles: 1. / 1.1 / (a) / (i)
    abstract_num(10, [Lvl("decimal", "%1.", style="Heading1"),
                      Lvl("decimal", "%1.%2", style="Heading2"),
                      Lvl("lowerLetter", "(%3)"), Lvl("lowerRoman", "(%4)")]),
    # Articles in Roman numerals with legal-style sections: Article IV / 4.1
    abstract_num(20, [Lvl("upperRoman", "Article %1"), Lvl("decimal", "%1.%2", legal=True)]),
    abstract_num(30, [Lvl("bullet", "\u2022")]),
    # A second level that never restarts: a) b) c) run on across 1. 2. 3.
    abstract_num(40, [Lvl("decimal", "%1."), Lvl("lowerLetter", "%2)", restart=0)]),
    num(1, 10), num(2, 20), num(3, 20, {0: 4}), num(4, 30), num(5, 40),
))

RICH_STYLES = "".join((
    paragraph_style("Heading1", "heading 1", based_on="Normal", num_id=1),
    paragraph_style("Heading2", "heading 2", based_on="Normal", num_id=1, ilvl=1),
    paragraph_style("SubClause", "Sub Clause", based_on="Heading2"),
))


def rich_body() -> str:
    """A short services agreement exercising everything the reader must get right."""
    hidden = run("HIDDEN-MARKER", rpr="<w:vanish/>")
    moved_from = ('<w:moveFrom w:id="5" w:author="Reviewer" w:date="2024-01-01T00:00:00Z">'
                  f"{run('MOVED-AWAY ')}</w:moveFrom>")
    moved_to = ('<w:moveTo w:id="6" w:author="Reviewer" w:date="2024-01-01T00:00:00Z">'
                f"{run('in writing ')}</w:moveTo>")
    link = f'<w:hyperlink w:anchor="portal">{run("the service portal")}</w:hyperlink>'
    smart_tag = f'<w:smartTag w:element="place">{run("Springfield")}</w:smartTag>'
    deleted_mark = '<w:rPr><w:del w:id="7" w:author="R" w:date="2024-01-01T00:00:00Z"/></w:rPr>'
    support_cell = para("Support desk") + table([["Hours", "24x7"]])
    return "".join((
        para("Managed Services Agreement", style="Title"),
        para("This agreement is made at ", smart_tag, " between the Customer and the Supplier."),
        para("Definitions", style="Heading1"),
        para("Interpretation. Words in the singular ", deleted("exclude"),
             inserted(run("include")), " the plural.", style="Heading2"),
        para("Notices may be given through ", link, ".", num="1", ilvl=2),
        para("Invoices are payable within ",
             content_control(run("thirty (30) days"), "payment_days"), ".", num="1", ilvl=2),
        para("Services", style="Heading1"),
        para("Scope.", "<w:r><w:tab/></w:r>", "The Supplier will provide the services.",
             style="Heading2"),
        para("Standards. Work is done with reasonable skill.", style="SubClause"),
        para(deleted("This whole clause was struck out."), style="Heading2",
             ppr=deleted_mark),
        para("Changes. Changes must be agreed ", moved_from, moved_to, "by both parties.",
             style="Heading2"),
        table([["Service", "Availability"], ["Hosting", "99.9%"],
               [support_cell, content_control(para("Business hours"), "hours")]]),
        para("Service credits apply under clause ",
             complex_field(" REF _Ref100 \\r \\h ", "2.3"), " of this agreement."),
        content_control(
            para("Data Protection", style="Heading1")
            + para("Personal data is handled as described in ",
                   '<w:fldSimple w:instr=" DOCPROPERTY Annex ">'
                   f'{run("Annex A")}</w:fldSimple>', "."),
            "data_section"),
        para("General", num="2", ilvl=0),
        para("Term", num="2", ilvl=0),
        para("Exit", num="3", ilvl=0),
        para("The Supplier will deliver an exit plan.", num="3", ilvl=1),
        para("Notices", num="2", ilvl=0),
        para("Monthly service reports.", num="4", ilvl=0),
        para("Alpha", num="5", ilvl=0),
        para("first item", num="5", ilvl=1),
        para("Beta", num="5", ilvl=0),
        para("second item", num="5", ilvl=1),
        para("Line one", "<w:r><w:br/></w:r>", "line two, non", "<w:r><w:noBreakHyphen/></w:r>",
             "breaking", '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>', hidden, "."),
        para("See the note. ", text_box(para("Boxed note text."))),
        para(run("Schedule 1", bold=True), run(" Charges", bold=True)),
        para(),
    ))


def build_rich(path: Path) -> Path:
    return build_docx(path, rich_body(), numbering=RICH_NUMBERING, styles=RICH_STYLES,
                      header=HEADER_TEXT, footer=FOOTER_TEXT, title="Managed Services Agreement")
