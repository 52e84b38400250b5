"""The bundled sample contract: Word numbering, a 15-25 page PDF, deliberate gaps and risks."""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pypdfium2
import pytest
import yaml

from ito_desktop.core.ingest.pdf_reader import PDFIUM_LOCK

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = PROJECT_ROOT / "resources" / "samples"
DOCX = SAMPLES / "sample_msa.docx"
PDF = SAMPLES / "sample_msa.pdf"
GENERATOR = PROJECT_ROOT / "tools" / "build_sample.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Topics the sample leaves out on purpose (source_code_escrow, benchmarking, non_solicitation,
# insurance, key_personnel, data_location): not even a word about them may appear.
ABSENT_WORDS = ("escrow", "benchmark", "solicit", "insurance", "key personnel", "offshore")

# The deliberately risky sentences, as the contract prints them, with the clause they live in.
RISKY_SENTENCES = {
    "17.2": "Supplier may terminate this Agreement for convenience on thirty (30) days’ written "
    "notice to Customer.",
    "15.3": "shall be limited to the Charges paid in the three (3) months preceding the claim.",
    "10.6": "Supplier shall notify Customer within seven (7) days of becoming aware of a Security "
    "Incident.",
    "18.3": "For a period of three (3) months after termination or expiry of this Agreement",
    "8.3": "Customer shall pay each valid invoice within fifteen (15) days of the invoice date.",
    "16.2": "this Agreement renews automatically for successive periods of twelve (12) months "
    "(each a “Renewal Term”) unless either party gives notice of non-renewal at least one "
    "hundred and eighty (180) days before the end of the then-current term.",
    "7.1": "Supplier may subcontract any of its obligations under this Agreement without "
    "Customer’s prior consent.",
    "12.2": "Supplier shall own all right, title and interest in the Deliverables, including all "
    "Intellectual Property Rights in them.",
    "3.7": "Service Credits are Customer’s sole and exclusive remedy for any failure by Supplier "
    "to meet the Service Levels.",
    "18.7": "Supplier may retain copies of Customer Data for its records after termination or "
    "expiry of this Agreement.",
}


def _xml(name: str, path: Path = DOCX) -> ElementTree.Element:
    with zipfile.ZipFile(path) as package:
        return ElementTree.fromstring(package.read(name))


def _val(element: ElementTree.Element, path: str) -> str | None:
    """The w:val of the child at a w:-prefixed path ("pPr/pStyle"), or None."""
    child = element.find("/".join(f"{W}{step}" for step in path.split("/")))
    return None if child is None else child.get(f"{W}val")


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    return "".join(node.text or "" for node in paragraph.iter(f"{W}t"))


@functools.cache
def _docx_text() -> str:
    body = _xml("word/document.xml")
    return "\n".join(_paragraph_text(p) for p in body.iter(f"{W}p"))


@functools.cache
def _pdf_pages() -> tuple[str, ...]:
    # PDFium is not thread-safe: a page the window tests asked for may still be rendering on a
    # worker thread, so take the lock the app's own PDFium users hold (without it, a PDFium
    # check failed and the whole test run crashed with SIGTRAP, once in several runs).
    with PDFIUM_LOCK:
        pdf = pypdfium2.PdfDocument(str(PDF))
        try:
            pages = []
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                pages.append(textpage.get_text_range())
                textpage.close()
                page.close()
            return tuple(pages)
        finally:
            pdf.close()


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_both_sample_files_exist() -> None:
    assert DOCX.stat().st_size > 10_000
    assert PDF.stat().st_size > 10_000
    assert PDF.read_bytes().startswith(b"%PDF-")


def test_docx_defines_a_multilevel_clause_list() -> None:
    numbering = _xml("word/numbering.xml")
    outlines = [
        {
            lvl.get(f"{W}ilvl"): (_val(lvl, "numFmt"), _val(lvl, "lvlText"))
            for lvl in abstract.iter(f"{W}lvl")
        }
        for abstract in numbering.iter(f"{W}abstractNum")
    ]
    clause_outline = {
        "0": ("decimal", "%1."),
        "1": ("decimal", "%1.%2"),
        "2": ("lowerLetter", "(%3)"),
        "3": ("lowerRoman", "(%4)"),
    }
    assert any(clause_outline.items() <= levels.items() for levels in outlines)
    assert any(levels.get("0") == ("decimal", "Schedule %1") for levels in outlines)


def test_docx_paragraphs_use_automatic_not_typed_numbering() -> None:
    paragraphs = list(_xml("word/document.xml").iter(f"{W}p"))
    numbered = [p for p in paragraphs if p.find(f"{W}pPr/{W}numPr") is not None]
    assert len(numbered) > 50
    headings = [
        p
        for p in numbered
        if _val(p, "pPr/pStyle") == "Heading1" and _val(p, "pPr/numPr/ilvl") == "0"
    ]
    assert len(headings) == 23 + 3  # 23 clauses and 3 schedules
    assert "Limitation of liability" in [_paragraph_text(p) for p in headings]
    typed = [t for p in paragraphs if re.match(r"\d+\.\d*\s", t := _paragraph_text(p))]
    assert typed == []


def test_docx_header_footer_and_properties() -> None:
    with zipfile.ZipFile(DOCX) as package:
        names = package.namelist()
        headers = [package.read(n).decode() for n in names if n.startswith("word/header")]
        footers = [package.read(n).decode() for n in names if n.startswith("word/footer")]
        core = package.read("docProps/core.xml").decode()
    assert any("Master Services Agreement — Confidential" in h for h in headers)
    assert any(" PAGE " in f for f in footers)
    assert "<dc:title>Master Services Agreement</dc:title>" in core
    assert "<dc:creator>ITO Review sample</dc:creator>" in core


def test_pdf_has_15_to_25_pages_of_extractable_text() -> None:
    pages = _pdf_pages()
    assert 15 <= len(pages) <= 25
    text = _flat(" ".join(pages))
    assert "Master Services Agreement" in text
    assert "governed by and construed in accordance with the laws of England and Wales" in text
    # Word numbering survives rendering: clause 15.3 is printed by the list, not typed.
    assert re.search(r"15\.3 Subject to clause 15\.1, each party", text)


@pytest.mark.parametrize("word", ABSENT_WORDS)
def test_omitted_topics_are_not_mentioned(word: str) -> None:
    assert word not in _docx_text().lower()
    assert word not in " ".join(_pdf_pages()).lower()


@pytest.mark.parametrize(("clause", "sentence"), RISKY_SENTENCES.items())
def test_risky_sentences_are_in_their_clauses(clause: str, sentence: str) -> None:
    pdf_text = _flat(" ".join(_pdf_pages()))
    assert sentence in _flat(_docx_text())
    # The printed number, then the sentence, with no other sub-clause number in between.
    same_clause = r"(?:(?!\s\d{1,2}\.\d{1,2}\s[A-Z“]).){0,400}?"
    pattern = rf"(?<!clause )(?<!\d){re.escape(clause)} {same_clause}{re.escape(sentence[:40])}"
    assert re.search(pattern, pdf_text), f"{sentence[:40]!r} is not in clause {clause} of the PDF"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_sample", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_sample", module)
    spec.loader.exec_module(module)
    return module


def test_committed_docx_matches_the_contract_data(tmp_path: Path) -> None:
    generator = _load_generator()
    data = yaml.safe_load((PROJECT_ROOT / "tools" / "sample_contract.yaml").read_text("utf-8"))
    rebuilt = tmp_path / "rebuilt.docx"
    rebuilt.write_bytes(generator.build_docx(data))
    for part in ("word/document.xml", "word/numbering.xml"):
        with zipfile.ZipFile(rebuilt) as new, zipfile.ZipFile(DOCX) as committed:
            assert new.read(part) == committed.read(part), (
                f"{part} differs: run `python tools/build_sample.py` and commit the outputs"
            )
