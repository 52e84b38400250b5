"""PdfReader on PDFs we build (layout, running text, tables, damage) and on real CUAD PDFs."""

from __future__ import annotations

import csv
import json
import os
import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from ito_desktop.core.errors import (
    Cancelled,
    CorruptDocument,
    EncryptedDocument,
    NoTextLayer,
    TooLarge,
)
from ito_desktop.core.ingest import pdf_reader
from ito_desktop.core.ingest.base import Limits, read_blocks
from ito_desktop.core.ingest.pdf_layout import (
    PAGE_NUMBER,
    PageText,
    TextLine,
    join_lines,
    remove_running_text,
)
from ito_desktop.core.ingest.pdf_reader import PdfReader
from ito_desktop.core.model import BlockKind, Document
from ito_desktop.core.progress import CancelToken
from tests.core.ingest import pdf_factory

GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "golden" / "pdf" / "contract.json"


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdfs")


@pytest.fixture(scope="module")
def contract_pdf(pdf_dir: Path) -> Path:
    return pdf_factory.write_contract(pdf_dir / "contract.pdf")


@pytest.fixture(scope="module")
def contract(contract_pdf: Path) -> Document:
    return read_blocks(PdfReader(), contract_pdf)


def _block(doc: Document, prefix: str) -> int:
    return next(i for i, block in enumerate(doc.blocks) if block.text.startswith(prefix))


def _golden_view(doc: Document) -> list[dict[str, object]]:
    return [
        {
            "text": block.text,
            "kind": block.kind.value,
            "page": block.page,
            "first_line_box": [
                round(value)
                for value in (
                    block.lines[0].box.x0,
                    block.lines[0].box.top,
                    block.lines[0].box.x1,
                    block.lines[0].box.bottom,
                )
            ],
        }
        for block in doc.blocks
    ]


def test_blocks_match_golden_file(contract: Document) -> None:
    actual = _golden_view(contract)
    if os.environ.get("ITO_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        rows = ",\n".join(json.dumps(block, ensure_ascii=False) for block in actual)
        GOLDEN.write_text(f"[\n{rows}\n]\n", "utf-8")
    expected = json.loads(GOLDEN.read_text("utf-8"))
    assert actual == expected


def test_running_header_footer_and_page_numbers_are_removed(contract: Document) -> None:
    assert pdf_factory.HEADER not in contract.text
    assert "Confidential" not in contract.text
    assert not re.search(r"Page \d of \d", contract.text)
    assert contract.pages == 3
    assert contract.title == "Hosting Services Agreement"


def test_end_of_line_hyphenation_is_repaired_but_real_hyphens_stay(contract: Document) -> None:
    block = contract.blocks[_block(contract, "2.1 ")]
    assert "early termination of the Services" in block.text
    assert "termin-" not in block.text
    assert "mutual non-disclosure agreement" in contract.text
    # The line ranges still cover the repaired word: "termin" ends one line, "ation" starts
    # the next, with no joining space.
    pieces = [contract.text[line.start : line.end] for line in block.lines]
    assert pieces[1].endswith("early termin")
    assert pieces[2].startswith("ation of the Services")
    assert block.lines[1].end == block.lines[2].start


def test_numbered_clauses_and_headings_start_blocks(contract: Document) -> None:
    starts = [block.text.split()[0] for block in contract.blocks]
    for label in ("1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "(a)", "(b)", "4.1"):
        assert label in starts
    headings = [b.text for b in contract.blocks if b.kind is BlockKind.HEADING]
    assert headings == [
        "HOSTING SERVICES AGREEMENT",
        "1. DEFINITIONS",
        "2. TERM AND TERMINATION",
        "3. CHARGES",
        "4. GOVERNING LAW",
    ]
    assert all(contract.blocks[_block(contract, h)].bold for h in headings)
    assert contract.blocks[_block(contract, "(a)")].kind is BlockKind.LIST_ITEM


def test_paragraph_running_over_a_page_break_keeps_lines_from_both_pages(
    contract: Document,
) -> None:
    block = contract.blocks[_block(contract, "2.3 ")]
    assert block.text.endswith(
        "the date stated in the notice, which may not be earlier than "
        "the date on which the notice is received."
    )
    assert block.page == 1
    assert [line.page for line in block.lines] == [1, 1, 1, 1, 2]


def test_line_boxes_are_points_from_the_top_left(contract: Document) -> None:
    heading = contract.blocks[_block(contract, "1. DEFINITIONS")]
    (line,) = heading.lines
    # The factory put its baseline 172 pt from the top of the 792 pt page, at x=72; capitals
    # of an 11 pt font reach about 8 pt above it.
    assert 70 <= line.box.x0 <= 74
    assert 161 <= line.box.top <= 166
    assert 171 <= line.box.bottom <= 175
    assert contract.text[line.start : line.end] == "1. DEFINITIONS"
    for block in contract.blocks:
        for item in block.lines:
            assert 0 <= item.box.x0 < item.box.x1 <= 612
            assert 0 <= item.box.top < item.box.bottom <= 792
            assert block.start <= item.start < item.end <= block.end


def test_ruled_table_becomes_table_rows_with_cells(contract: Document) -> None:
    rows = [block for block in contract.blocks if block.kind is BlockKind.TABLE_ROW]
    assert [row.cells for row in rows] == [
        ("Service", "Monthly charge", "Notice period"),
        ("Platform hosting", "EUR 12,000", "90 days"),
        ("Support desk", "EUR 3,500", "30 days"),
    ]
    assert {row.table for row in rows} == {0}
    assert {row.page for row in rows} == {2}
    assert contract.text.count("Platform hosting") == 1
    # Rows sit between the paragraph that introduces the table and the one after it.
    index = _block(contract, "Service | Monthly charge")
    assert contract.blocks[index - 1].text.startswith("3.1 ")
    assert contract.blocks[index + 3].text.startswith("3.2 ")


def test_progress_reports_each_page_and_cancel_stops(contract_pdf: Path) -> None:
    seen: list[tuple[float, str]] = []
    PdfReader().read(contract_pdf, Limits(), lambda f, m: seen.append((f, m)), CancelToken())
    messages = [message for _, message in seen]
    assert messages[:3] == ["Reading page 1 of 3", "Reading page 2 of 3", "Reading page 3 of 3"]
    assert [fraction for fraction, _ in seen] == sorted(fraction for fraction, _ in seen)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        PdfReader().read(contract_pdf, Limits(), lambda f, m: None, token)


def test_pages_without_text_layer_are_named(pdf_dir: Path, no_ocr_engine: str) -> None:
    doc = read_blocks(PdfReader(), pdf_factory.write_with_scanned_pages(pdf_dir / "mixed.pdf"))
    assert doc.warnings == (
        "pages 2-3 have no text layer; the PDF looks scanned — run OCR first "
        f"(OCR could not start here: {no_ocr_engine})",
    )
    assert [block.page for block in doc.blocks] == [1, 1, 4, 4]
    assert doc.blocks[2].text == "2. NOTICES"


def test_blank_and_logo_pages_are_not_called_scans(pdf_dir: Path) -> None:
    """Issue 11: a blank separator sheet or a logo is not a page that needs OCR."""
    doc = read_blocks(PdfReader(), pdf_factory.write_with_blank_pages(pdf_dir / "blank.pdf"))
    assert not any("OCR" in warning for warning in doc.warnings), doc.warnings
    assert [block.page for block in doc.blocks] == [1, 1, 4, 4]


def test_a_long_list_of_scanned_pages_is_summarised(pdf_dir: Path) -> None:
    path = pdf_factory.write_with_many_scanned_pages(pdf_dir / "many.pdf", 12)
    doc = read_blocks(PdfReader(), path)
    # Dark bars, not letters: OCR reads them and finds nothing.
    assert doc.warnings == (
        "12 pages (e.g. 2, 4, 6, …) have no text layer, and OCR found no text on them",
    )


def test_page_lists_name_ranges_until_they_grow_long() -> None:
    assert pdf_reader.pages_phrase([7]) == "page 7"
    assert pdf_reader.pages_phrase([3, 4, 5, 9]) == "pages 3-5, 9"
    eight = [2, 4, 6, 8, 10, 12, 14, 16]
    assert pdf_reader.pages_phrase(eight) == "pages 2, 4, 6, 8, 10, 12, 14, 16"
    assert pdf_reader.pages_phrase(list(range(9, 1501, 7))) == "214 pages (e.g. 9, 16, 23, …)"
    mixed = [*range(1, 100), *range(200, 300, 2)]
    assert pdf_reader.pages_phrase(mixed) == "149 pages (e.g. 1-99, 200, 202, …)"


def test_image_only_pdf_raises_no_text_layer(pdf_dir: Path, no_ocr_engine: str) -> None:
    path = pdf_factory.write_image_only(pdf_dir / "scan.pdf")
    with pytest.raises(NoTextLayer) as caught:
        read_blocks(PdfReader(), path)
    assert str(caught.value) == (
        "scan.pdf has no text layer: it looks like a scanned image. Run OCR on it first "
        f"(OCR could not start here: {no_ocr_engine})."
    )


def test_image_only_pdf_where_ocr_finds_nothing(pdf_dir: Path) -> None:
    path = pdf_factory.write_image_only(pdf_dir / "scan.pdf")
    with pytest.raises(NoTextLayer) as caught:
        read_blocks(PdfReader(), path)
    assert str(caught.value) == (
        "scan.pdf has no text layer (it looks like a scanned image), and OCR found no text "
        "on its pages."
    )


def test_encrypted_pdf_needs_the_right_password(pdf_dir: Path) -> None:
    path = pdf_factory.write_encrypted(pdf_dir / "locked.pdf")
    with pytest.raises(EncryptedDocument) as missing:
        read_blocks(PdfReader(), path)
    assert str(missing.value) == (
        "locked.pdf is encrypted (password-protected); supply the password."
    )
    assert missing.value.password_opens
    with pytest.raises(EncryptedDocument, match="password supplied does not open it") as wrong:
        read_blocks(PdfReader(), path, Limits(password="wrong"))
    assert wrong.value.password_opens
    doc = read_blocks(PdfReader(), path, Limits(password=pdf_factory.PASSWORD))
    assert [block.text for block in doc.blocks] == [
        "1. CONFIDENTIALITY",
        "Each party shall keep the other party's secrets.",
    ]


def test_truncated_pdf_is_reported_as_damaged(pdf_dir: Path, contract_pdf: Path) -> None:
    path = pdf_factory.write_truncated(contract_pdf, pdf_dir / "cut.pdf")
    with pytest.raises(CorruptDocument) as caught:
        read_blocks(PdfReader(), path)
    assert str(caught.value) == (
        "cut.pdf is incomplete (its end is missing, as when a download did not finish) and "
        "cannot be read as a PDF."
    )
    assert "PDFium" in caught.value.details


def test_random_bytes_named_pdf_are_refused(pdf_dir: Path) -> None:
    path = pdf_factory.write_random_bytes(pdf_dir / "noise.pdf")
    with pytest.raises(CorruptDocument, match=r"^noise\.pdf is not a PDF file"):
        read_blocks(PdfReader(), path)


def test_page_limit(pdf_dir: Path) -> None:
    path = pdf_factory.write_long(pdf_dir / "long.pdf", pages=5)
    with pytest.raises(TooLarge, match="has 5 pages, over the 3-page limit"):
        read_blocks(PdfReader(), path, Limits(max_pages=3))
    doc = read_blocks(PdfReader(), path, Limits(max_pages=5))
    assert [b.text for b in doc.blocks if b.kind is BlockKind.HEADING][-1] == "5. CLAUSE 5"
    assert "Page" not in doc.text


def test_pdfplumber_fallback_when_pdfium_cannot_open(
    contract_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise pdfium.PdfiumError("Failed to load document", err_code=pdfium_c.FPDF_ERR_FORMAT)

    monkeypatch.setattr(pdfium, "PdfDocument", refuse)
    doc = read_blocks(PdfReader(), contract_pdf)
    assert "early termination of the Services" in doc.text
    assert pdf_factory.HEADER not in doc.text
    assert doc.warnings == ("contract.pdf is damaged; it was read with a slower fallback parser",)


def test_join_lines_repairs_hyphenation_with_a_simple_rule() -> None:
    assert join_lines(["early termin-", "ation"])[0] == "early termination"
    assert join_lines(["a non-", "disclosure"])[0] == "a non-disclosure"
    assert join_lines(["third-", "party"])[0] == "third-party"
    assert join_lines(["Anglo-", "American"])[0] == "Anglo-American"
    assert join_lines(["pages 4-", "6"])[0] == "pages 4-6"
    assert join_lines(["one", "two"]) == ("one two", [(0, 3), (4, 7)])
    text, ranges = join_lines(["sub-", "contractor", "or con-", "sultant"])
    assert text == "sub-contractor or consultant"
    assert [text[a:b] for a, b in ranges] == ["sub-", "contractor", "or con", "sultant"]


def _page(number: int, *texts: tuple[str, float]) -> PageText:
    page = PageText(number, 612, 792)
    page.lines = [TextLine(number, text, 72, top, 300, top + 10) for text, top in texts]
    return page


BODY = ("Alpha applies.", "Bravo follows.", "Charlie ends.", "Delta starts.", "Echo closes.")


def test_running_text_removal_keeps_real_content() -> None:
    pages = [
        _page(
            n,
            ("Master Agreement - Confidential", 30),
            (f"ARTICLE {n} TOPIC {chr(64 + n)}", 72),
            (BODY[n - 1], 400),
            (str(n + 1), 500),  # a page number placed mid-page (scaled scans do that)
            (f"Version 2.{n} of 12 May", 760),
        )
        for n in range(1, 6)
    ]
    body = [
        TextLine(3, text, 72, top, 300, top + 10)
        for text, top in (
            ("More body.", 200),
            ("Yet more.", 250),
            ("12", 300),
            ("Last words.", 350),
        )
    ]
    pages[2].lines[2:2] = body  # "12" here is a table figure, not a page number
    remove_running_text(pages)
    texts = [[line.text for line in page.lines] for page in pages]
    assert texts[0] == ["ARTICLE 1 TOPIC A", "Alpha applies."]
    assert texts[2] == [
        "ARTICLE 3 TOPIC C",
        "More body.",
        "Yet more.",
        "12",
        "Last words.",
        "Charlie ends.",
    ]


def test_page_number_pattern() -> None:
    for text in ("12", "Page 3 of 20", "- 4 -", "page 6/110", "iv", "B-2", "(7)"):
        assert PAGE_NUMBER.match(text), text
    for text in ("1.", "12.3", "Section 4", "Page 3 of the Schedule"):
        assert not PAGE_NUMBER.match(text), text


def test_page_ranges_are_compressed() -> None:
    assert pdf_reader.pages_phrase([3, 4, 5, 9]) == "pages 3-5, 9"
    assert pdf_reader.pages_phrase([2]) == "page 2"


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[a-z0-9]+", text.lower()))


@pytest.mark.corpus
def test_cuad_pdfs_recover_the_text_of_their_txt_twins(corpus_dir: Path) -> None:
    cuad = corpus_dir / "cuad"
    with (cuad / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    twins = {Path(row["orig_pdf_relpath"]).name: row["txt_file"] for row in rows}
    pdfs = sorted(p for p in (cuad / "pdf" / "Outsourcing").glob("*") if p.name in twins)[:5]
    assert len(pdfs) == 5
    for path in pdfs:
        doc = read_blocks(PdfReader(), path)
        ours = _words(doc.text)
        theirs = _words((cuad / "txt" / twins[path.name]).read_text(encoding="utf-8"))
        shared = sum((ours & theirs).values())
        # The txt twins keep running headers and page numbers, which we drop on purpose.
        assert shared / sum(theirs.values()) > 0.9, path.name
        assert shared / sum(ours.values()) > 0.98, path.name
        edge_lines: dict[int, list[tuple[float, str]]] = {}
        for block in doc.blocks:
            for line in block.lines:
                edge_lines.setdefault(line.page, []).append(
                    (line.box.top, doc.text[line.start : line.end])
                )
        for page, lines in edge_lines.items():
            lines.sort()
            for _, text in (lines[0], lines[-1]):
                assert not PAGE_NUMBER.match(text.strip()), (path.name, page, text)


def test_a_cross_reference_at_the_start_of_a_line_does_not_start_a_clause() -> None:
    from ito_desktop.core.ingest.labels import CLAUSE_START

    assert CLAUSE_START.match("Schedule B. with a separate fee for each policy") is None
    assert CLAUSE_START.match("Section 4 of the Agreement applies") is None
    assert CLAUSE_START.match("Section 3.2 shall apply") is None  # not "Section 3"
    assert CLAUSE_START.match("Schedule 1 to the Master Services Agreement") is not None
    assert CLAUSE_START.match("Schedule B. Fees") is not None
    assert CLAUSE_START.match("Section 4 Confidentiality") is not None
