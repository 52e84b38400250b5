"""A comparison of two drafts as a workbook (one row per clause) or a Word report."""

from __future__ import annotations

from docx import Document
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Font

from ito_desktop.core.compare import (
    Change,
    ClauseComparison,
    Comparison,
    DiffKind,
    diff_text,
    place,
)
from ito_desktop.export.cells import excerpt
from ito_desktop.export.docx_common import add_text, cell_paragraph, document_bytes, repeat_header
from ito_desktop.export.palette import MUTED_TEXT, STATUS_FILLS
from ito_desktop.export.xlsx_common import (
    BODY_FONT,
    WRAP_TOP,
    fill,
    fit_row_heights,
    header_row,
    landscape_fit_width,
    put,
    set_widths,
    workbook_bytes,
)

_COLUMNS = (
    ("Clause", 26),
    ("Category", 16),
    ("Importance", 12),
    ("Before", 10),
    ("Now", 10),
    ("What changed", 24),
    ("Where before", 16),
    ("Where now", 16),
    ("Risks added", 34),
    ("Risks gone", 34),
    ("Wording: [-earlier-] {+new+}", 70),
    ("Your earlier review", 30),
)
_DELETED, _INSERTED = RGBColor(0xC0, 0x00, 0x00), RGBColor(0x00, 0x61, 0x00)


def _earlier(row: ClauseComparison) -> str:
    return row.carried.describe() if row.carried is not None else ""


def comparison_xlsx(comparison: Comparison) -> bytes:
    """Every clause of the library, changed ones first, and a summary sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Changes"
    header_row(sheet, [title for title, _ in _COLUMNS])
    widths = [width for _, width in _COLUMNS]
    for index, row in enumerate(comparison.rows, start=2):
        added, removed = row.risk_messages()
        values = (
            row.title,
            row.category_title,
            row.importance,
            row.old_status.value,
            row.new_status.value,
            ", ".join(c.label for c in row.changes) or "unchanged",
            place(row.old),
            place(row.new),
            "\n".join(added),
            "\n".join(removed),
            excerpt(diff_text(row.diff), 4000) if row.diff else "",
            _earlier(row),
        )
        for column, value in enumerate(values, start=1):
            cell = put(sheet, index, column, value)
            cell.alignment = WRAP_TOP
            cell.font = BODY_FONT
        for column, status in ((4, row.old_status), (5, row.new_status)):
            sheet.cell(row=index, column=column).fill = fill(STATUS_FILLS[status])
        if not row.changes:
            sheet.cell(row=index, column=6).font = Font(size=10, color=MUTED_TEXT)
    set_widths(sheet, widths)
    fit_row_heights(sheet, widths)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    landscape_fit_width(sheet, sheet.PAPERSIZE_A3)

    summary = workbook.create_sheet("Summary")
    facts: list[tuple[str, str | int]] = [
        ("Earlier draft", comparison.old.document.path.name),
        ("sha256", comparison.old.document.sha256),
        ("New draft", comparison.new.document.path.name),
        ("sha256", comparison.new.document.sha256),
        ("Library", f"{comparison.new.library.name} {comparison.new.library.version}"),
        ("Clauses changed", len(comparison.changed)),
        ("Clauses unchanged", len(comparison.unchanged)),
        *((change.label.capitalize(), comparison.count(change)) for change in Change),
    ]
    for index, (label, fact) in enumerate(facts, start=1):
        put(summary, index, 1, label).font = Font(bold=True)
        put(summary, index, 2, fact)
    set_widths(summary, [22, 70])
    return workbook_bytes(workbook)


def comparison_docx(comparison: Comparison) -> bytes:
    """A Word report: the changed clauses in a table, then each one's wording as a diff."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    old, new = comparison.old.document.path.name, comparison.new.document.path.name
    document.add_heading(f"Changes from {old} to {new}", level=1)
    add_text(
        document.add_paragraph(),
        f"{len(comparison.changed)} clauses changed, {len(comparison.unchanged)} unchanged "
        f"(not listed). {comparison.new.library.name} {comparison.new.library.version}.",
        italic=True,
        colour=MUTED_TEXT,
    )
    changed = comparison.changed
    if changed:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        headings = ("Clause", "Before → now", "What changed", "Where now")
        for cell, title in zip(table.rows[0].cells, headings, strict=True):
            add_text(cell_paragraph(cell, first=True), title, bold=True)
        repeat_header(table)
        for row in changed:
            cells = table.add_row().cells
            texts = (
                row.title,
                f"{row.old_status.value} → {row.new_status.value}",
                ", ".join(c.label for c in row.changes),
                place(row.new),
            )
            for cell, text in zip(cells, texts, strict=True):
                add_text(cell_paragraph(cell, first=True), text)
    for row in changed:
        document.add_heading(row.title, level=2)
        added, removed = row.risk_messages()
        for heading, messages in (("New risk", added), ("Risk gone", removed)):
            for message in messages:
                paragraph = document.add_paragraph()
                add_text(paragraph, f"{heading}: ", bold=True)
                add_text(paragraph, message)
        earlier = _earlier(row)
        if earlier:
            paragraph = document.add_paragraph()
            add_text(paragraph, "Your review of the earlier draft: ", bold=True)
            add_text(paragraph, earlier)
        if row.diff:
            paragraph = document.add_paragraph()
            add_text(paragraph, "Wording (struck through: earlier; underlined: new): ", bold=True)
            for part in row.diff:
                run = paragraph.add_run(part.text + " ")
                if part.kind is DiffKind.DELETE:
                    run.font.strike = True
                    run.font.color.rgb = _DELETED
                elif part.kind is DiffKind.INSERT:
                    run.font.underline = True
                    run.font.color.rgb = _INSERTED
        elif row.old is not None and row.new is None:
            paragraph = document.add_paragraph()
            add_text(paragraph, f"Earlier wording ({place(row.old)}): ", bold=True)
            add_text(paragraph, row.old.text)
    return document_bytes(document)
