"""Builds the PDFs the PDF reader tests read: our own wording, laid out line by line with fpdf2."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw

LEFT = 72.0
RIGHT = 540.0
WIDTH = RIGHT - LEFT
SIZE = 11.0
PITCH = 14.0  # baseline to baseline inside a paragraph
GAP = 10.0  # extra space between paragraphs
FIXED_DATE = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)

HEADER = "Northwind Hosting Services Agreement"
PASSWORD = "open-sesame"

# The contract of the main fixture. "\n" forces a line break (used for hyphenated words);
# other breaks are found by greedy wrapping. Tuples: (style, text), style "H" heading,
# "P" paragraph, "TABLE" a ruled table (rows of cells), "PAGE" a page break.
CONTRACT: list[tuple[str, object]] = [
    ("T", "HOSTING SERVICES AGREEMENT"),
    (
        "P",
        "This agreement is made between Northwind Traders Limited (the Customer) and Contoso "
        "Cloud Services plc (the Supplier) for the hosting and support of the Customer's "
        "order management platform.",
    ),
    ("H", "1. DEFINITIONS"),
    (
        "P",
        "1.1 In this agreement, Services means the hosting, monitoring and support services "
        "described in Schedule 1, and Service Levels means the targets in Schedule 2.",
    ),
    (
        "P",
        "1.2 Customer Data means all data that the Customer or its users upload to the hosted "
        "platform, including personal data processed on the Customer's behalf.",
    ),
    ("H", "2. TERM AND TERMINATION"),
    (
        "P",
        "2.1 This agreement starts on the Effective Date and continues for an initial term of "
        "three years. The parties accept that early termin-\nation of the Services needs an exit "
        "plan agreed in writing by both parties.",
    ),
    (
        "P",
        "2.2 The parties have signed a separate mutual non-\ndisclosure agreement that remains "
        "in force after the end of this agreement for a period of five years.",
    ),
    (
        "P",
        "2.3 Either party may terminate this agreement by written notice if the other party "
        "commits a material breach that it does not remedy within thirty days of being asked "
        "to do so, or if the other party becomes insolvent, or if a receiver is appointed over "
        "its assets, and in each of these cases the notice takes effect on the date stated in",
    ),
    ("PAGE", None),
    (
        "C",
        "the notice, which may not be earlier than the date on which the notice is received.",
    ),
    ("H", "3. CHARGES"),
    ("P", "3.1 The Customer shall pay the monthly charges set out in the table below."),
    (
        "TABLE",
        [
            ["Service", "Monthly charge", "Notice period"],
            ["Platform hosting", "EUR 12,000", "90 days"],
            ["Support desk", "EUR 3,500", "30 days"],
        ],
    ),
    (
        "P",
        "3.2 The Supplier shall invoice the charges monthly in arrears and the Customer shall "
        "pay each undisputed invoice within thirty days of receipt.",
    ),
    ("P", "(a) Disputed amounts are resolved under clause 4."),
    ("P", "(b) Late payments carry interest at two percent above the base rate."),
    ("PAGE", None),
    ("H", "4. GOVERNING LAW"),
    (
        "P",
        "4.1 This agreement and any dispute arising from it are governed by the laws of "
        "England and Wales, and the courts of London have exclusive jurisdiction.",
    ),
]


class _ContractPdf(FPDF):
    """Letter pages with a running header, a repeated footer and a page number."""

    total = 3

    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        self.text(LEFT, 40, HEADER)

    def footer(self) -> None:
        self.set_font("Helvetica", size=9)
        self.text(LEFT, 760, "Confidential")
        self.text(RIGHT - 60, 760, f"Page {self.page_no()} of {self.total}")


def _new_pdf(cls: type[FPDF] = FPDF) -> FPDF:
    pdf = cls(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title("Hosting Services Agreement")
    return pdf


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    lines: list[str] = []
    for segment in text.split("\n"):
        line = ""
        for word in segment.split():
            candidate = f"{line} {word}".strip()
            if line and pdf.get_string_width(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _justified(pdf: FPDF, line: str, x: float, y: float, width: float) -> None:
    """Spread the words of ``line`` over ``width`` like a justified paragraph."""
    words = line.split()
    if len(words) == 1:
        pdf.text(x, y, line)
        return
    used = sum(pdf.get_string_width(word) for word in words)
    space = (width - used) / (len(words) - 1)
    for word in words:
        pdf.text(x, y, word)
        x += pdf.get_string_width(word) + space


def _table(pdf: FPDF, rows: list[list[str]], y: float) -> float:
    widths = [180.0, 150.0, 138.0]
    height = 20.0
    pdf.set_line_width(0.8)
    top = y
    for row in rows:
        x = LEFT
        for cell, width in zip(row, widths, strict=True):
            pdf.text(x + 4, y + 14, cell)
            x += width
        y += height
    for index in range(len(rows) + 1):
        pdf.line(LEFT, top + index * height, LEFT + sum(widths), top + index * height)
    x = LEFT
    for width in [0.0, *widths]:
        x += width
        pdf.line(x, top, x, y)
    return y


def write_contract(path: Path) -> Path:
    """Three pages: running header/footer and page numbers, numbered clauses, a hyphenated
    break, a real hyphen at a line end, a paragraph running over a page break, a ruled table."""
    pdf = _new_pdf(_ContractPdf)
    pdf.add_page()
    y = 90.0
    for style, content in CONTRACT:
        if style == "PAGE":
            pdf.add_page()
            y = 90.0
            continue
        if style == "TABLE":
            pdf.set_font("Helvetica", size=SIZE)
            y = _table(pdf, content, y) + GAP + PITCH  # type: ignore[arg-type]
            continue
        text = str(content)
        if style in ("H", "T"):
            pdf.set_font("Helvetica", style="B", size=SIZE + (3 if style == "T" else 0))
            x = (612 - pdf.get_string_width(text)) / 2 if style == "T" else LEFT
            pdf.text(x, y, text)
            y += PITCH + GAP + (6 if style == "T" else 0)
            continue
        pdf.set_font("Helvetica", size=SIZE)
        lines = _wrap(pdf, text, WIDTH)
        for index, line in enumerate(lines):
            last = index == len(lines) - 1
            # A paragraph cut by a page break ("P" whose text does not end a sentence) keeps
            # its last line justified, as a typesetter would.
            if last and text.endswith("."):
                pdf.text(LEFT, y, line)
            else:
                _justified(pdf, line, LEFT, y, WIDTH)
            y += PITCH
        y += GAP
    pdf.output(str(path))
    return path


def _scan_image(seed: int) -> Image.Image:
    """A grey page with dark bars where text would be: pixels, no text layer."""
    image = Image.new("L", (306, 396), 235)
    draw = ImageDraw.Draw(image)
    rng = random.Random(seed)
    for row in range(40, 360, 12):
        draw.rectangle((36, row, 36 + rng.randint(120, 234), row + 5), fill=40)
    return image


def _text_page(pdf: FPDF, title: str, body: str) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=SIZE)
    pdf.text(LEFT, 90, title)
    pdf.set_font("Helvetica", size=SIZE)
    for index, line in enumerate(_wrap(pdf, body, WIDTH)):
        pdf.text(LEFT, 114 + index * PITCH, line)


def _image_page(pdf: FPDF, seed: int) -> None:
    pdf.add_page()
    pdf.image(_scan_image(seed), x=0, y=0, w=612, h=792)


def write_with_scanned_pages(path: Path) -> Path:
    """Text on pages 1 and 4, scanned images (no text layer) on pages 2 and 3."""
    pdf = _new_pdf()
    _text_page(pdf, "1. SCOPE", "The Supplier shall operate the service desk for the Customer.")
    _image_page(pdf, 1)
    _image_page(pdf, 2)
    _text_page(pdf, "2. NOTICES", "Notices must be given in writing to the addresses above.")
    pdf.output(str(path))
    return path


def write_with_blank_pages(path: Path) -> Path:
    """Text on pages 1 and 4; between them pages with pictures but nothing to OCR.

    Page 2 is a blank separator sheet as a scanner makes it (a white page-sized image), page
    3 carries only a small logo.
    """
    pdf = _new_pdf()
    _text_page(pdf, "1. SCOPE", "The Supplier shall operate the service desk for the Customer.")
    pdf.add_page()
    pdf.image(Image.new("L", (306, 396), 255), x=0, y=0, w=612, h=792)
    pdf.add_page()
    pdf.image(_scan_image(5).crop((30, 30, 150, 90)), x=LEFT, y=40, w=120, h=60)
    _text_page(pdf, "2. NOTICES", "Notices must be given in writing to the addresses above.")
    pdf.output(str(path))
    return path


def write_with_many_scanned_pages(path: Path, pairs: int) -> Path:
    """``pairs`` times a text page followed by a scanned one (pages 2, 4, 6, … are scans)."""
    pdf = _new_pdf()
    for number in range(1, pairs + 1):
        _text_page(pdf, f"{number}. PART {number}", "The Supplier shall keep records.")
        _image_page(pdf, number)
    pdf.output(str(path))
    return path


def write_image_only(path: Path) -> Path:
    """Two scanned pages and not one character of text."""
    pdf = _new_pdf()
    _image_page(pdf, 3)
    _image_page(pdf, 4)
    pdf.output(str(path))
    return path


def write_encrypted(path: Path, password: str = PASSWORD) -> Path:
    """A one-page contract that opens only with ``password`` (RC4, no extra packages)."""
    pdf = _new_pdf()
    pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    _text_page(pdf, "1. CONFIDENTIALITY", "Each party shall keep the other party's secrets.")
    pdf.output(str(path))
    return path


def write_truncated(source: Path, path: Path, keep: float = 0.6) -> Path:
    """The first ``keep`` share of ``source``'s bytes, as a cut download would leave it."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def write_random_bytes(path: Path, size: int = 4096) -> Path:
    """Noise with a .pdf name."""
    path.write_bytes(random.Random(7).randbytes(size))
    return path


def write_long(path: Path, pages: int) -> Path:
    """``pages`` pages of numbered clauses, for the page limit and progress tests."""
    pdf = _new_pdf(_ContractPdf)
    pdf.total = pages  # type: ignore[attr-defined]
    for number in range(1, pages + 1):
        _text_page(
            pdf,
            f"{number}. CLAUSE {number}",
            f"Clause {number} says the Supplier keeps records of the services for audit.",
        )
    pdf.output(str(path))
    return path
