"""OCR of scanned pages (issue 13): scans made here by rendering the sample contract's pages."""

from __future__ import annotations

import threading
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from rapidfuzz import fuzz

from benchmarks.scanned import blank_page_pdf, image_only_pdf
from ito_desktop.cli.review_options import with_limit_hint
from ito_desktop.core.errors import (
    Cancelled,
    CorruptDocument,
    NoTextLayer,
    TooLarge,
    UserLimit,
)
from ito_desktop.core.ingest import ocr
from ito_desktop.core.ingest.base import Deadline, Limits, read_blocks
from ito_desktop.core.ingest.image_reader import ImageReader
from ito_desktop.core.ingest.pdf_reader import PdfReader
from ito_desktop.core.model import Box, Document
from ito_desktop.core.progress import CancelToken
from ito_desktop.core.review import review
from ito_desktop.core.serialize import review_to_dict
from tests.conftest import SAMPLES
from tests.core.ingest import pdf_factory

SAMPLE_PDF = SAMPLES / "sample_msa.pdf"


def _text(document: Document, page: int) -> str:
    return " ".join(
        document.text[line.start : line.end]
        for block in document.blocks
        for line in block.lines
        if line.page == page
    )


@pytest.fixture(scope="module")
def born_digital() -> Document:
    return read_blocks(PdfReader(), SAMPLE_PDF)


@pytest.fixture(scope="module")
def scan_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scans")


@pytest.fixture(scope="module")
def scanned(scan_dir: Path) -> Path:
    """The sample's first three pages as a 150-dpi image-only PDF (no text layer)."""
    path = scan_dir / "scanned.pdf"
    path.write_bytes(image_only_pdf(SAMPLE_PDF, 150, pages=[0, 1, 2]))
    return path


PROGRESS: list[tuple[float, str]] = []  # what reading the scan reported


@pytest.fixture(scope="module")
def scanned_doc(scanned: Path) -> Document:
    return read_blocks(PdfReader(), scanned, progress=lambda f, m: PROGRESS.append((f, m)))


def test_a_scanned_pdf_is_read_by_ocr(scanned_doc: Document, born_digital: Document) -> None:
    assert scanned_doc.pages == 3
    assert scanned_doc.ocr is not None
    assert scanned_doc.ocr.pages == (1, 2, 3)
    assert all(0.85 <= c <= 1.0 for c in scanned_doc.ocr.confidences)
    mean = scanned_doc.ocr.mean_confidence
    assert scanned_doc.warnings[0] == (
        f"Pages 1-3 were read by OCR (mean confidence {mean:.2f}); check quotes against the "
        "page image"
    )
    for page in (1, 2, 3):
        similarity = fuzz.ratio(_text(scanned_doc, page), _text(born_digital, page))
        assert similarity > 95, (page, similarity)


def test_ocr_boxes_sit_where_the_text_is_printed(
    scanned_doc: Document, born_digital: Document
) -> None:
    """The highlight on the page image needs boxes in page points, top-left origin."""
    start = scanned_doc.text.index("shall")
    (span,) = scanned_doc.spans(start, start + 5)
    reference = born_digital.text.index(scanned_doc.text[start : start + 60])
    (ref_span,) = born_digital.spans(reference, reference + 5)
    assert span.page == ref_span.page
    ocr_box, ref_box = span.boxes[0], ref_span.boxes[0]
    assert abs(ocr_box.x0 - ref_box.x0) < 4
    assert abs(ocr_box.top - ref_box.top) < 6


def test_only_pages_without_text_are_recognised(
    scan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = scan_dir / "mixed.pdf"
    path.write_bytes(image_only_pdf(SAMPLE_PDF, 150, pages=[0, 1, 2], keep_text=[0, 2]))
    seen: list[int] = []
    recognise = ocr.OcrEngine.recognise

    def spy(self: ocr.OcrEngine, image: ocr.PageImage) -> ocr.OcrPage:
        seen.append(image.number)
        return recognise(self, image)

    monkeypatch.setattr(ocr.OcrEngine, "recognise", spy)
    doc = read_blocks(PdfReader(), path)
    assert seen == [2]
    assert doc.ocr is not None
    assert doc.ocr.pages == (2,)
    assert doc.warnings[0].startswith("Page 2 was read by OCR (mean confidence 0.9")
    assert {line.page for block in doc.blocks for line in block.lines} == {1, 2, 3}


def test_blank_scanned_pages_are_skipped_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: list[int] = []
    monkeypatch.setattr(ocr.OcrEngine, "recognise", lambda self, image: called.append(1))
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(blank_page_pdf())
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(SAMPLE_PDF)), [0])
    mixed.import_pages(pdfium.PdfDocument(str(blank)), [0])
    mixed.save(str(tmp_path / "with-blank.pdf"))
    doc = read_blocks(PdfReader(), tmp_path / "with-blank.pdf")
    assert called == []
    assert doc.ocr is None
    assert not any("OCR" in warning for warning in doc.warnings), doc.warnings
    doc = read_blocks(PdfReader(), pdf_factory.write_with_blank_pages(tmp_path / "b.pdf"))
    assert called == []


def test_recognition_can_be_cancelled(scanned: Path) -> None:
    token = CancelToken()
    messages: list[str] = []

    def progress(fraction: float, message: str) -> None:
        messages.append(message)
        if message.startswith("Recognising page 1 of 3"):
            token.cancel()

    before = threading.active_count()
    with pytest.raises(Cancelled):
        read_blocks(PdfReader(), scanned, progress=progress, cancel=token)
    assert "Recognising page 1 of 3 (OCR)" in messages
    assert "Recognising page 3 of 3 (OCR)" not in messages
    assert threading.active_count() == before  # the workers are gone


def test_progress_is_reported_per_page(scanned_doc: Document) -> None:
    ocr_steps = [(f, m) for f, m in PROGRESS if "(OCR)" in m]
    assert [m for _, m in ocr_steps] == [
        *(f"Recognising page {n} of 3 (OCR)" for n in (1, 2, 3)),
        "Recognised 3 pages (OCR)",
    ]
    assert ocr_steps[-1][0] == 1.0


def test_the_limit_on_pages_to_recognise_names_its_flag(scanned: Path) -> None:
    with pytest.raises(TooLarge) as caught:
        read_blocks(PdfReader(), scanned, Limits(max_ocr_pages=2))
    assert caught.value.limit is UserLimit.OCR_PAGES
    assert with_limit_hint(caught.value) == (
        "scanned.pdf has 3 pages without a text layer, over the 2-page limit for reading "
        "pages by OCR (raise the limit with --max-ocr-pages or in Settings)."
    )


def test_a_page_scanned_upside_down_is_turned(scan_dir: Path, scanned_doc: Document) -> None:
    path = scan_dir / "upside-down.pdf"
    path.write_bytes(image_only_pdf(SAMPLE_PDF, 150, pages=[2], turn={2: 180}))
    doc = read_blocks(PdfReader(), path)
    assert "Page 1 was scanned sideways or upside down and turned for OCR" in doc.warnings
    assert fuzz.ratio(_text(doc, 1), _text(scanned_doc, 3)) > 95
    # The boxes are on the page as it is shown: upside down, so mirrored both ways.
    line = next(b for b in scanned_doc.blocks if b.page == 3).lines[0]
    upright = line.box
    start = doc.text.index(scanned_doc.text[line.start : line.start + 40])
    box = doc.spans(start, start + 5)[0].boxes[0]
    width, height = 595.44, 841.92
    assert abs(box.x1 - (width - upright.x0)) < 4
    assert abs(box.bottom - (height - upright.top)) < 4


def test_rotating_pixels_and_boxes() -> None:
    pixels = bytes([1, 2, 3, 4, 5, 6])  # 3 wide, 2 high
    assert ocr.rotate(pixels, 3, 2, 3, 0) == (pixels, 3, 2)
    assert ocr.rotate(pixels, 3, 2, 3, 180) == (bytes([6, 5, 4, 3, 2, 1]), 3, 2)
    assert ocr.rotate(pixels, 3, 2, 3, 90) == (bytes([3, 6, 2, 5, 1, 4]), 2, 3)
    assert ocr.rotate(pixels, 3, 2, 3, 270) == (bytes([4, 1, 5, 2, 6, 3]), 2, 3)
    page = ocr.OcrPage(1, (), 0.9, 20, 10, 90, 10, 20)
    assert ocr.to_page_box(Box(0, 0, 1, 1), page) == Box(9, 0, 10, 1)


def test_an_image_file_is_read_by_ocr(scan_dir: Path, scanned_doc: Document) -> None:
    pdf = pdfium.PdfDocument(str(SAMPLE_PDF))
    image = pdf[0].render(scale=150 / 72, grayscale=True).to_pil()
    path = scan_dir / "page.png"
    image.save(path)
    doc = read_blocks(ImageReader(), path)
    assert doc.format == "image"
    assert doc.pages == 1
    assert doc.ocr is not None
    assert doc.ocr.pages == (1,)
    assert fuzz.ratio(_text(doc, 1), _text(scanned_doc, 1)) > 95
    line = doc.blocks[0].lines[0]
    assert 0 <= line.box.x0 < line.box.x1 <= ocr.IMAGE_PAGE_WIDTH_PT


def test_a_damaged_image_is_refused(tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument(str(SAMPLE_PDF))
    image = pdf[0].render(scale=1, grayscale=True).to_pil()
    whole = tmp_path / "whole.png"
    image.save(whole)
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:2000])
    with pytest.raises(CorruptDocument, match=r"cut\.png is damaged"):
        read_blocks(ImageReader(), cut)
    wrong = tmp_path / "wrong.png"
    wrong.write_bytes(b"not an image at all")
    with pytest.raises(CorruptDocument, match="not a PNG, JPEG or TIFF"):
        read_blocks(ImageReader(), wrong)


def test_without_an_engine_the_old_message_stays_with_the_reason(
    scanned: Path, scan_dir: Path, no_ocr_engine: str
) -> None:
    with pytest.raises(NoTextLayer) as caught:
        read_blocks(PdfReader(), scanned)
    assert str(caught.value) == (
        "scanned.pdf has no text layer: it looks like a scanned image. Run OCR on it first "
        f"(OCR could not start here: {no_ocr_engine})."
    )
    png = scan_dir / "engine.png"
    pdfium.PdfDocument(str(SAMPLE_PDF))[0].render(scale=0.5).to_pil().save(png)
    with pytest.raises(NoTextLayer) as refused:
        read_blocks(ImageReader(), png)
    assert str(refused.value) == (
        "engine.png is an image: its text can only be read by OCR, which could not start "
        f"here ({no_ocr_engine})."
    )


def test_the_model_is_found_without_tessdata_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    assert (ocr.tessdata_dir() / "eng.traineddata").is_file()


def test_ocr_time_does_not_count_against_the_time_limit() -> None:
    deadline = Deadline(CancelToken(), Path("x.pdf"), 0.0)
    with pytest.raises(TooLarge):
        deadline.check()
    deadline.allow(60)
    deadline.check()


def test_findings_quoting_ocr_text_say_so(scanned: Path) -> None:
    result = review(scanned)
    data = review_to_dict(result)
    assert data["document"]["ocr"]["pages"] == [1, 2, 3]
    quoted = [ev for finding in data["findings"] for ev in finding["evidence"]]
    assert quoted
    assert all(ev["ocr"] is True for ev in quoted)
    born = review_to_dict(review(SAMPLE_PDF))
    assert all(ev["ocr"] is False for finding in born["findings"] for ev in finding["evidence"])
    assert born["document"]["ocr"] is None


def test_a_column_of_clause_numbers_joins_its_lines() -> None:
    """Tesseract reads the numbers beside the text as a block of their own, after the text."""
    from ito_desktop.core.ingest.pdf_layout import TextLine

    text = [
        TextLine(1, "Security Incidents. Supplier shall", 136, 100, 500, 110),
        TextLine(1, "aware of a Security Incident.", 136, 114, 400, 124),
        TextLine(1, "10.6", 93, 101, 115, 110),
    ]
    rows = ocr._rows(text)
    assert [row.text for row in rows] == [
        "10.6 Security Incidents. Supplier shall",
        "aware of a Security Incident.",
    ]
    assert (rows[0].x0, rows[0].x1) == (93, 500)


def test_an_image_claiming_billions_of_pixels_is_refused(tmp_path: Path) -> None:
    from ito_desktop.core.ingest.image_reader import pixel_size

    png = tmp_path / "bomb.png"
    pdfium.PdfDocument(str(SAMPLE_PDF))[0].render(scale=0.2).to_pil().save(png)
    data = bytearray(png.read_bytes())
    data[16:24] = (60_000).to_bytes(4, "big") * 2  # the header says 60,000 x 60,000
    png.write_bytes(bytes(data))
    with pytest.raises(TooLarge, match="60,000 x 60,000 pixels"):
        read_blocks(ImageReader(), png)
    jpeg = tmp_path / "page.jpg"
    pdfium.PdfDocument(str(SAMPLE_PDF))[0].render(scale=0.2).to_pil().save(jpeg)
    assert pixel_size(jpeg.read_bytes()) == (120, 169)


@pytest.mark.corpus
def test_a_scan_of_thin_typewriter_text_is_not_taken_for_a_blank_page(corpus_dir: Path) -> None:
    """At a fifth of 72 dpi PDFium's downsampling lost such strokes, and 7 of 26 CUAD
    contracts rendered as scans were skipped as blank (this one among them)."""
    from ito_desktop.core.ingest import pdf_reader

    found = sorted((corpus_dir / "cuad" / "pdf").glob("*/INKTOMICORP_06_08_1998*"))
    if not found:
        pytest.skip("the CUAD PDF is not in this corpus")
    scan = pdfium.PdfDocument(image_only_pdf(found[0], 150, pages=[0]))
    assert pdf_reader._looks_scanned(scan, 0)
    blank = pdfium.PdfDocument(blank_page_pdf())
    assert not pdf_reader._looks_scanned(blank, 0)


def test_a_photo_lit_from_one_side_keeps_the_text_in_its_dark_corner(
    tmp_path: Path, born_digital: Document
) -> None:
    """One global threshold turned the dark corner black: 28 % of the characters were lost,
    with no warning. Sauvola's local threshold reads it (benchmarks.ocr robustness)."""
    from benchmarks.ocr_robustness import DPI, photographed

    page = pdfium.PdfDocument(SAMPLE_PDF)[9]
    image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    # seen slightly from below, lit from the top left (the far corner at 35 % of the light),
    # out of focus, 150 dpi, JPEG
    photo = photographed(0.03, 0.65, 1.0, 150.0)(image)
    path = tmp_path / "photo.jpg"
    photo.save(path, "JPEG", quality=70)
    document = read_blocks(ImageReader(), path)
    read = " ".join(_text(document, 1).split())
    expected = " ".join(_text(born_digital, 10).split())
    assert fuzz.ratio(read, expected) > 95
