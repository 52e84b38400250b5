"""Build the bundled sample contract (DOCX, and PDF via LibreOffice) from sample_contract.yaml.

Usage: python tools/build_sample.py [--no-pdf] [--out DIR]

The DOCX uses real Word list numbering (numbering.xml), so clause numbers are what Word and
LibreOffice compute, not typed text. The PDF is rendered from that DOCX by LibreOffice headless
when `soffice` is on PATH; otherwise the committed PDF is left as it is.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_docx_layout import (  # tools/ is not a package: imported via sys.path
    TEXT_WIDTH_CM,
    set_properties,
    setup_page,
    setup_styles,
    stable_zip,
)
from sample_docx_parts import (
    TWIPS_PER_CM,
    NumIds,
    install_numbering,
    keep_row_together,
    mark_header_row,
    set_numbering,
    shade_cell,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tools" / "sample_contract.yaml"
OUT_DIR = ROOT / "resources" / "samples"
STEM = "sample_msa"
BODY_INDENT_CM = 1.27  # where sub-clause text starts (matches the 720-twip list indent)
TBL_PR_AFTER_IND = ("tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption")
REF = re.compile(r"\[\[([a-z0-9_]+)\]\]")
BOLD_SPLIT = re.compile(r"\*\*")


# --------------------------------------------------------------------------- text helpers
def smart_quotes(text: str) -> str:
    """Straight quotes to typographic ones, as Word's AutoFormat would type them."""
    out: list[str] = []
    for i, ch in enumerate(text):
        # Look through **bold** markers: `("**Customer**")` closes after the name.
        before = text[:i].rstrip("*")
        prev = before[-1] if before else " "
        if ch == '"':
            out.append("“" if prev.isspace() or prev in "([—" else "”")
        elif ch == "'":
            out.append("‘" if prev.isspace() or prev in "([" else "’")
        else:
            out.append(ch)
    return "".join(out)


def collect_refs(data: Mapping[str, Any]) -> dict[str, str]:
    """Map every `id` in the data to the number Word will print for it."""
    refs: dict[str, str] = {}

    def add(key: str | None, number: str) -> None:
        if key is None:
            return
        if key in refs:
            raise ValueError(f"duplicate id {key!r}")
        refs[key] = number

    for i, clause in enumerate(data["clauses"], 1):
        add(clause.get("id"), str(i))
        for j, sub in enumerate(clause["body"], 1):
            add(sub.get("id"), f"{i}.{j}")
    for k, schedule in enumerate(data["schedules"], 1):
        add(schedule.get("id"), f"Schedule {k}")
        for s, section in enumerate(schedule["sections"], 1):
            add(section.get("id"), str(s))
            for t, sub in enumerate(section["body"], 1):
                add(sub.get("id"), f"{s}.{t}")
    return refs


class Writer:
    """Turns the contract data into python-docx paragraphs and tables."""

    def __init__(self, document: DocxDocument, refs: Mapping[str, str], nums: NumIds) -> None:
        self.doc = document
        self.refs = refs
        self.nums = nums
        self.after_table = False

    def resolve(self, text: str) -> str:
        def number(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in self.refs:
                raise KeyError(f"unknown cross-reference [[{key}]] in: {text[:60]}")
            return self.refs[key]

        return smart_quotes(REF.sub(number, " ".join(text.split())))

    def runs(self, paragraph: Paragraph, text: str, bold: bool = False) -> None:
        """Add text with **bold** markup as runs."""
        for k, piece in enumerate(BOLD_SPLIT.split(self.resolve(text))):
            if piece:
                paragraph.add_run(piece).bold = True if (bold or k % 2 == 1) else None

    def para(
        self,
        text: str = "",
        style: str = "Normal",
        num: tuple[int, int] | None = None,
        align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.JUSTIFY,
        lead: str | None = None,
    ) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        if align is not None:
            paragraph.alignment = align
        if num is not None:
            set_numbering(paragraph, *num)
        if lead:
            self.runs(paragraph, lead, bold=True)
            paragraph.add_run(" ")
        if text:
            self.runs(paragraph, text)
        if self.after_table:
            paragraph.paragraph_format.space_before = Pt(8)
            self.after_table = False
        return paragraph

    # ----------------------------------------------------------------- contract parts
    def sub_clause(self, sub: Mapping[str, Any], num_id: int, level: int) -> None:
        self.para(sub.get("text", ""), num=(num_id, level), lead=sub.get("title"))
        for term, meaning in sub.get("definitions", []):
            paragraph = self.para()
            paragraph.paragraph_format.left_indent = Cm(BODY_INDENT_CM)
            self.runs(paragraph, f"**{term}**: {meaning}")
        self.items(sub.get("items", []), num_id, level + 1)
        if "table" in sub:
            self.table(sub["table"], indent_cm=BODY_INDENT_CM)

    def items(self, items: Iterable[Any], num_id: int, level: int) -> None:
        for item in items:
            if isinstance(item, str):
                self.para(item, num=(num_id, level))
            else:
                self.para(item["text"], num=(num_id, level))
                self.items(item.get("items", []), num_id, level + 1)

    def table(self, spec: Mapping[str, Any], indent_cm: float) -> None:
        columns: Sequence[str] = spec["columns"]
        rows: Sequence[Sequence[Any]] = spec["rows"]
        aligns: Sequence[str] = spec.get("align", ["left"] * len(columns))
        for row in [spec["widths"], aligns, *rows]:
            if len(row) != len(columns):  # an unquoted comma in YAML splits a cell
                raise ValueError(f"table {columns}: row {row} has {len(row)} cells")
        raw = [float(w) for w in spec["widths"]]
        scale = (TEXT_WIDTH_CM - indent_cm - 0.1) / sum(raw)
        widths = [Cm(w * scale) for w in raw]

        table = self.doc.add_table(rows=1 + len(rows), cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        indent = parse_xml(
            f'<w:tblInd {nsdecls("w")} w:w="{round(indent_cm * TWIPS_PER_CM)}" w:type="dxa"/>'
        )
        # Schema order matters to Word: tblInd comes before borders, layout, margins and look.
        later = [tbl_pr.find(qn(f"w:{tag}")) for tag in TBL_PR_AFTER_IND]
        following = next((el for el in later if el is not None), None)
        if following is None:
            tbl_pr.append(indent)
        else:
            following.addprevious(indent)
        grid = table._tbl.tblGrid
        for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
            col.set(qn("w:w"), str(width.twips))
        tbl_w = tbl_pr.find(qn("w:tblW"))
        if tbl_w is not None:
            tbl_w.set(qn("w:type"), "dxa")
            tbl_w.set(qn("w:w"), str(sum(width.twips for width in widths)))
        for r, values in enumerate([list(columns), *[list(row) for row in rows]]):
            row = table.rows[r]
            (mark_header_row if r == 0 else keep_row_together)(row._tr)
            for c, value in enumerate(values):
                cell = row.cells[c]
                cell.width = widths[c]
                paragraph = cell.paragraphs[0]
                paragraph.style = self.doc.styles["Table Text"]
                if aligns[c] == "right":
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self.runs(paragraph, str(value), bold=(r == 0))
                if r == 0:
                    shade_cell(cell._tc, "D9D9D9")
        self.after_table = True

    def cover(self, cover: Mapping[str, str]) -> None:
        lines: list[tuple[str, float, bool, float]] = [
            (cover["title"], 22, True, 150),
            (cover["subtitle"], 12, False, 10),
            (cover["between"], 11, False, 60),
            (cover["customer"], 13, True, 10),
            (cover["and"], 11, False, 10),
            (cover["supplier"], 13, True, 10),
            (cover["date"], 11, False, 60),
        ]
        for text, size, bold, before in lines:
            paragraph = self.para(text, align=WD_ALIGN_PARAGRAPH.CENTER)
            paragraph.paragraph_format.space_before = Pt(before)
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.bold = bold
        notice = self.para(cover["notice"], align=WD_ALIGN_PARAGRAPH.CENTER)
        notice.paragraph_format.space_before = Pt(170)
        for run in notice.runs:
            run.font.size = Pt(9)
            run.italic = True

    def front(self, front: Mapping[str, Any]) -> None:
        self.para(front["date_line"]).paragraph_format.page_break_before = True
        self.para(front["parties_heading"], style="Contract Heading", align=None)
        for party in front["parties"]:
            self.para(party, num=(self.nums.parties, 0))
        self.para(front["parties_closing"])
        self.para(front["recitals_heading"], style="Contract Heading", align=None)
        for recital in front["recitals"]:
            self.para(recital, num=(self.nums.recitals, 0))
        self.para(front["agreed_heading"], style="Contract Heading", align=None)

    def clauses(self, clauses: Sequence[Mapping[str, Any]]) -> None:
        for clause in clauses:
            self.para(clause["title"], style="Heading 1", num=(self.nums.clauses, 0), align=None)
            for sub in clause["body"]:
                self.sub_clause(sub, self.nums.clauses, 1)

    def schedules(self, schedules: Sequence[Mapping[str, Any]]) -> None:
        for k, schedule in enumerate(schedules):
            body_num = self.nums.schedule_bodies[k]
            heading = self.para(
                schedule["title"], style="Heading 1", num=(self.nums.schedule_heads, 0), align=None
            )
            heading.paragraph_format.page_break_before = True
            for section in schedule["sections"]:
                self.para(section["title"], style="Heading 2", num=(body_num, 0), align=None)
                for sub in section["body"]:
                    self.sub_clause(sub, body_num, 1)

    def execution(self, execution: Mapping[str, Any]) -> None:
        """Signature blocks side by side in a borderless table."""
        heading = self.para(execution["heading"], style="Contract Heading", align=None)
        heading.paragraph_format.space_before = Pt(18)
        parties: Sequence[str] = execution["parties"]
        table = self.doc.add_table(rows=1, cols=len(parties))
        table.autofit = False
        for cell, party in zip(table.rows[0].cells, parties, strict=True):
            cell.width = Cm(TEXT_WIDTH_CM / len(parties))
            first = cell.paragraphs[0]
            self.runs(first, f"Signed for and on behalf of **{party}**")
            for label in ("Signature", "Name", "Title", "Date"):
                line = cell.add_paragraph()
                line.paragraph_format.space_before = Pt(22 if label == "Signature" else 12)
                line.paragraph_format.tab_stops.add_tab_stop(
                    Cm(TEXT_WIDTH_CM / len(parties) - 1.0),
                    WD_TAB_ALIGNMENT.LEFT,
                    WD_TAB_LEADER.DOTS,
                )
                line.add_run(f"{label}:\t")
        keep_row_together(table.rows[0]._tr)


def build_docx(data: Mapping[str, Any]) -> bytes:
    document = Document()
    setup_styles(document)
    setup_page(document, data["meta"])
    nums = install_numbering(document, schedules=len(data["schedules"]))
    # python-docx's template starts with one empty paragraph; the cover replaces it.
    body = document.element.body
    for paragraph in list(body.findall(qn("w:p"))):
        body.remove(paragraph)

    writer = Writer(document, collect_refs(data), nums)
    writer.cover(data["cover"])
    writer.front(data["front"])
    writer.clauses(data["clauses"])
    closing = writer.para(data["closing"])
    closing.paragraph_format.space_before = Pt(12)
    writer.execution(data["execution"])
    writer.schedules(data["schedules"])
    set_properties(document, data["meta"])

    raw = io.BytesIO()
    document.save(raw)
    return stable_zip(raw.getvalue())


# --------------------------------------------------------------------------- PDF
def render_pdf(docx_path: Path, pdf_path: Path) -> bool:
    """Convert with LibreOffice headless; False when LibreOffice is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    with tempfile.TemporaryDirectory(prefix="ito_sample_") as tmp:
        profile = Path(tmp, "profile").as_uri()  # private profile: no clash with a running LO
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, str(docx_path)],
            check=True, capture_output=True, timeout=600,
        )
        shutil.move(Path(tmp, docx_path.with_suffix(".pdf").name), pdf_path)
    return True


def page_count(pdf_path: Path) -> int | None:
    try:
        import pypdfium2
    except ImportError:
        return None
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--no-pdf", action="store_true", help="build the DOCX only")
    args = parser.parse_args(argv)

    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    docx_path = args.out / f"{STEM}.docx"
    docx_path.write_bytes(build_docx(data))
    print(f"wrote {docx_path.relative_to(ROOT) if docx_path.is_relative_to(ROOT) else docx_path}")

    pdf_path = args.out / f"{STEM}.pdf"
    if args.no_pdf:
        print("PDF not rebuilt (--no-pdf)")
    elif render_pdf(docx_path, pdf_path):
        pages = page_count(pdf_path)
        print(f"wrote {pdf_path.name}" + (f" ({pages} pages)" if pages else ""))
    else:
        print("PDF not rebuilt: LibreOffice (soffice) is not on PATH; "
              "install libreoffice-writer to render it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
