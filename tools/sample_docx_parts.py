"""Low-level Word XML helpers for the sample-contract generator: numbering, fields, styles."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

TWIPS_PER_CM = 567

# (numFmt, lvlText, left indent, hanging indent, bold) for the clause outline: "1." heading,
# "1.1" sub-clause, "(a)" item, "(i)" sub-item. Levels 4-8 exist only because Word expects
# nine levels in a multilevel list; the sample never uses them.
CLAUSE_LEVELS: tuple[tuple[str, str, int, int, bool], ...] = (
    ("decimal", "%1.", 720, 720, True),
    ("decimal", "%1.%2", 720, 720, False),
    ("lowerLetter", "(%3)", 1440, 720, False),
    ("lowerRoman", "(%4)", 2160, 720, False),
    ("upperLetter", "(%5)", 2880, 720, False),
    ("decimal", "(%6)", 3600, 720, False),
    ("lowerLetter", "%7.", 4320, 360, False),
    ("lowerRoman", "%8.", 5040, 360, False),
    ("decimal", "%9.", 5760, 360, False),
)


@dataclass(frozen=True)
class NumIds:
    """The w:numId values the generator puts on paragraphs."""

    clauses: int
    schedule_heads: int
    schedule_bodies: tuple[int, ...]
    parties: int
    recitals: int


def _lvl(ilvl: int, fmt: str, text: str, left: int, hanging: int, bold: bool) -> str:
    bold_xml = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
        f'<w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
        f"<w:rPr>{bold_xml}</w:rPr></w:lvl>"
    )


def _abstract(abstract_id: int, name: str, levels: str) -> BaseOxmlElement:
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{0x5A3C0000 + abstract_id:08X}"/>'
        f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{name}"/>'
        f"{levels}</w:abstractNum>"
    )


def _num(num_id: int, abstract_id: int, restart: bool = False) -> BaseOxmlElement:
    override = (
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
    )
    return parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}">'
        f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
    )


def install_numbering(document: DocxDocument, schedules: int) -> NumIds:
    """Add the sample's list definitions to numbering.xml and return the numIds to use."""
    numbering = document.part.numbering_part.element
    used_abstract = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    used_num = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    next_abstract = max(used_abstract, default=-1) + 1
    next_num = max(used_num, default=0) + 1

    outline = "".join(_lvl(i, *spec) for i, spec in enumerate(CLAUSE_LEVELS))
    abstracts = {
        "clauses": _abstract(next_abstract, "MSA Clauses", outline),
        "schedule_heads": _abstract(
            next_abstract + 1,
            "MSA Schedules",
            _lvl(0, "decimal", "Schedule %1", 1701, 1701, True),
        ),
        "schedule_bodies": _abstract(next_abstract + 2, "MSA Schedule Paragraphs", outline),
        "parties": _abstract(
            next_abstract + 3, "MSA Parties", _lvl(0, "decimal", "(%1)", 720, 720, False)
        ),
        "recitals": _abstract(
            next_abstract + 4, "MSA Recitals", _lvl(0, "upperLetter", "(%1)", 720, 720, False)
        ),
    }
    # Schema order is abstractNum* then num*: new abstracts go before the first existing num.
    first_num = numbering.find(qn("w:num"))
    for element in abstracts.values():
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)

    def abstract_id(key: str) -> int:
        return int(abstracts[key].get(qn("w:abstractNumId")))

    ids = NumIds(
        clauses=next_num,
        schedule_heads=next_num + 1,
        # Each schedule restarts its paragraph numbering at 1 through its own w:num.
        schedule_bodies=tuple(next_num + 2 + k for k in range(schedules)),
        parties=next_num + 2 + schedules,
        recitals=next_num + 3 + schedules,
    )
    numbering.append(_num(ids.clauses, abstract_id("clauses")))
    numbering.append(_num(ids.schedule_heads, abstract_id("schedule_heads")))
    for num_id in ids.schedule_bodies:
        numbering.append(_num(num_id, abstract_id("schedule_bodies"), restart=True))
    numbering.append(_num(ids.parties, abstract_id("parties")))
    numbering.append(_num(ids.recitals, abstract_id("recitals")))
    return ids


def set_numbering(paragraph: Paragraph, num_id: int, ilvl: int) -> None:
    """Attach real Word list numbering (w:numPr) to a paragraph."""
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    # numPr sits after pStyle/keepNext/keepLines/pageBreakBefore/framePr/widowControl.
    anchor = None
    for tag in ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:widowControl"):
        found = p_pr.find(qn(tag))
        if found is not None:
            anchor = found
    if anchor is None:
        p_pr.insert(0, num_pr)
    else:
        anchor.addnext(num_pr)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a complex field (PAGE, NUMPAGES...) that Word and LibreOffice update on render."""
    run_xml = (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText>'
        "</w:r>",
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}><w:t>{placeholder}</w:t></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    )
    for xml in run_xml:
        paragraph._p.append(parse_xml(xml))


def set_fonts(r_pr: BaseOxmlElement, font: str) -> None:
    """Give an rPr explicit fonts, dropping theme fonts that would otherwise win in Word."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f'<w:rFonts {nsdecls("w")}/>')
        r_pr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)


def shade_cell(cell_element: BaseOxmlElement, fill: str) -> None:
    """Background colour for a table cell (w:shd in w:tcPr)."""
    tc_pr = cell_element.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def mark_header_row(row_element: BaseOxmlElement) -> None:
    """Repeat the row at the top of each page and never split a row across pages."""
    tr_pr = row_element.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def keep_row_together(row_element: BaseOxmlElement) -> None:
    row_element.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
