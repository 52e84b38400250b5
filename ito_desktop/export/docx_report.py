"""DOCX export: the negotiation issues-list report (Clause | Issue | Customer position | ...)."""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

from ito_desktop.core.effective import EffectiveStatus
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export import formats
from ito_desktop.export.base import Exporter, ExportOptions
from ito_desktop.export.docx_common import (
    add_text,
    cell_paragraph,
    document_bytes,
    repeat_header,
    shade,
    shade_paragraph,
)
from ito_desktop.export.palette import (
    ACCEPTED_FILL,
    HEADER_FILL,
    HEADER_TEXT,
    MUTED_TEXT,
    SEVERITY_FILLS,
    STATUS_FILLS,
)
from ito_desktop.export.rows import Group, IssueRow
from ito_desktop.export.summary import Report, ReportHeader, report_content

TITLE = "Contract review: negotiation issues list"
ISSUE_COLUMNS = ("Clause", "Issue", "Customer position", "Supplier response")
_ISSUE_WIDTHS = (Cm(4.8), Cm(8.6), Cm(9.0), Cm(4.2))  # A4 landscape, 1.8 cm margins


def build_report(
    result: ReviewResult, session: ReviewSession | None, options: ExportOptions
) -> DocumentObject:
    document = Document()
    _page_setup(document)
    report = report_content(result, session, options)
    _title_block(document, report.header)
    _summary(document, report)
    issues = report.issues
    document.add_heading(f"Issues for negotiation ({len(issues)})", level=1)
    if issues:
        note = document.add_paragraph()
        add_text(note, "Missing clauses first, then risks by severity, then clauses to check.",
                 italic=True, colour=MUTED_TEXT)
        _issues_table(document, issues)
    else:
        document.add_paragraph("No missing, weak or risky clauses.")
    _found_table(document, report.in_group(Group.PRESENT), "Clauses found without issues")
    _found_table(document, report.in_group(Group.NOT_APPLICABLE), "Marked not applicable")
    return document


def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.6)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(2)
    for name, size in (("Title", 20), ("Heading 1", 14)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(HEADER_FILL)
    footer = section.footer.paragraphs[0]
    add_text(footer, "ITO Review issues list · page ", size=8, colour=MUTED_TEXT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)


def _title_block(document: DocumentObject, header: ReportHeader) -> None:
    document.add_heading(TITLE, level=0)
    facts = (
        ("Contract", f"{header.contract} ({header.format}, {header.size})"),
        ("SHA-256", header.sha256),
        ("Date", header.date),
        ("Clause library", header.library),
        ("Reviewer", header.reviewer or "—"),
        *header.progress_facts,
    )
    table = document.add_table(rows=0, cols=2)
    for label, value in facts:
        cells = table.add_row().cells
        add_text(cells[0].paragraphs[0], label, bold=True)
        add_text(cells[1].paragraphs[0], value)
    _widths(table, (Cm(3.5), Cm(16)))
    for warning in header.warnings:
        add_text(document.add_paragraph(), f"Warning: {warning}", italic=True)


def _summary(document: DocumentObject, report: Report) -> None:
    document.add_heading("Summary", level=1)
    c = report.header.counts
    columns = (
        *((status.label, c.of(status), STATUS_FILLS[status]) for status in EffectiveStatus),
        ("High risks", c.risks_high, SEVERITY_FILLS["high"]),
        ("Medium risks", c.risks_medium, SEVERITY_FILLS["medium"]),
        ("Low risks", c.risks_low, SEVERITY_FILLS["low"]),
        ("Risks accepted", c.risks_accepted, ACCEPTED_FILL),
    )
    table = document.add_table(rows=2, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for index, (label, value, colour) in enumerate(columns):
        top, bottom = table.rows[0].cells[index], table.rows[1].cells[index]
        add_text(top.paragraphs[0], label, bold=True)
        shade(top, colour)
        add_text(bottom.paragraphs[0], str(value), size=14, bold=True)
    _widths(table, tuple(Cm(3.2) for _ in columns))
    required = [row.clause for row in report.in_group(Group.MISSING)
                if row.importance.value == "required"]
    if required:
        add_text(document.add_paragraph(), "Required clauses missing: " + ", ".join(required) + ".",
                 bold=True)


def _issues_table(document: DocumentObject, issues: list[IssueRow]) -> None:
    table = document.add_table(rows=1, cols=len(ISSUE_COLUMNS))
    table.style = "Table Grid"
    for index, title in enumerate(ISSUE_COLUMNS):
        cell = table.rows[0].cells[index]
        add_text(cell.paragraphs[0], title, bold=True, colour=HEADER_TEXT)
        shade(cell, HEADER_FILL)
    for row in issues:
        clause, issue, position, _ = table.add_row().cells
        _clause_cell(clause, row)
        _issue_cell(issue, row)
        _position_cell(position, row)
    repeat_header(table)
    _widths(table, _ISSUE_WIDTHS)


def _clause_cell(cell: _Cell, row: IssueRow) -> None:
    add_text(cell_paragraph(cell, first=True), f"{row.number}. {row.clause}", bold=True)
    status = cell_paragraph(cell)
    label = row.status_word.upper()
    if row.severity is not None:
        label += f" · {row.severity_word.upper()} RISK"
    add_text(status, label, bold=True, size=9)
    colour = SEVERITY_FILLS[row.severity.value] if row.severity else STATUS_FILLS[row.status]
    shade_paragraph(status, colour)
    details = f"{row.category} · {row.importance.value}"
    add_text(cell_paragraph(cell), details, size=8, colour=MUTED_TEXT)
    if row.reference:
        add_text(cell_paragraph(cell), f"Clause {row.reference}", size=9)


def _issue_cell(cell: _Cell, row: IssueRow) -> None:
    first = True
    for text in (*row.issues, *row.accepted_lines):
        add_text(cell_paragraph(cell, first=first), text)
        first = False
    for quote in filter(None, row.wording.split("\n")):
        add_text(cell_paragraph(cell, first=first), f"“{quote}”", italic=True, size=9)
        first = False
    add_text(cell_paragraph(cell, first=first), f"Why it matters: {row.why}", size=8,
             colour=MUTED_TEXT)
    if row.note:
        paragraph = cell_paragraph(cell)
        add_text(paragraph, "Reviewer note: ", bold=True)
        add_text(paragraph, row.note)


def _position_cell(cell: _Cell, row: IssueRow) -> None:
    first = True
    for text in row.recommendations:
        add_text(cell_paragraph(cell, first=first), text)
        first = False
    if row.proposed:
        paragraph = cell_paragraph(cell, first=first)
        add_text(paragraph, "Proposed wording: ", bold=True, size=8.5)
        add_text(paragraph, row.proposed, italic=True, size=8.5)


def _found_table(document: DocumentObject, rows: list[IssueRow], title: str) -> None:
    if not rows:
        return
    document.add_heading(f"{title} ({len(rows)})", level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for index, heading in enumerate(("Clause", "Status", "Contract reference", "Reviewer note")):
        cell = table.rows[0].cells[index]
        add_text(cell.paragraphs[0], heading, bold=True, colour=HEADER_TEXT)
        shade(cell, HEADER_FILL)
    for row in rows:
        cells = table.add_row().cells
        add_text(cells[0].paragraphs[0], row.clause)
        add_text(cells[1].paragraphs[0], row.status_word)
        shade(cells[1], STATUS_FILLS[row.status])
        add_text(cells[2].paragraphs[0], row.reference)
        if row.accepted:  # closed by the reviewer, and said so: never silently dropped
            accepted = cell_paragraph(cells[1])
            add_text(accepted, row.severity_word, bold=True, size=9)
            shade_paragraph(accepted, ACCEPTED_FILL)
        first = True
        for line in row.accepted_lines:  # the wide column: what exactly was accepted
            add_text(cell_paragraph(cells[3], first=first), line, size=9)
            first = False
        if row.note:
            add_text(cell_paragraph(cells[3], first=first), row.note)
    repeat_header(table)
    _widths(table, (Cm(8), Cm(3), Cm(5), Cm(10.8)))


def _widths(table: Table, widths: tuple[Cm, ...] | tuple[int, ...]) -> None:
    """Set column widths on every cell: Word reads the cells, LibreOffice the grid."""
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width


class DocxReportExporter(Exporter):
    spec = formats.DOCX

    def export_bytes(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> bytes:
        return document_bytes(build_report(result, session, options))
