"""Multi-page TIFF scans (issue 13): every page read by OCR, one at a time, as its own page.

The scans are made here as test_ocr.py makes its image files: the sample contract's pages
rendered by PDFium to grey images, saved by Pillow (here as one TIFF, CCITT G4 like a scanner).
"""

from __future__ import annotations

import tempfile
import tracemalloc
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from rapidfuzz import fuzz

from ito_desktop.cli.review_options import with_limit_hint
from ito_desktop.core.errors import Cancelled, CorruptDocument, TooLarge, UserLimit
from ito_desktop.core.ingest import ocr
from ito_desktop.core.ingest.base import Limits, read_blocks
from ito_desktop.core.ingest.image_reader import ImageReader
from ito_desktop.core.ingest.pdf_reader import PdfReader
from ito_desktop.core.ingest.tiff_pages import TiffError, single_page, tiff_pages
from ito_desktop.core.model import Document
from ito_desktop.core.progress import CancelToken
from ito_desktop.core.review import review
from ito_desktop.core.serialize import review_to_dict
from tests.conftest import SAMPLES
from tests.core.ingest.test_ocr import _text

SAMPLE_PDF = SAMPLES / "sample_msa.pdf"


def scanned_tiff(path: Path, pages: list[int | None], compression: str = "group4") -> Path:
    """The sample's 0-based ``pages`` (None: a blank sheet) scanned at 150 dpi into one TIFF."""
    pdf = pdfium.PdfDocument(str(SAMPLE_PDF))
    images = []
    for index in pages:
        if index is None:
            images.append(Image.new("L", (1275, 1650), 255))
        else:
            images.append(pdf[index].render(scale=150 / 72, grayscale=True).to_pil())
    if compression == "group4":
        images = [image.convert("1") for image in images]
    images[0].save(path, save_all=True, append_images=images[1:], compression=compression)
    return path


@pytest.fixture(scope="module")
def tiff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sample pages 1 and 2, a blank sheet (the back of page 2), then sample page 3."""
    folder = tmp_path_factory.mktemp("tiff")
    return scanned_tiff(folder / "scan.tif", [0, 1, None, 2])


PROGRESS: list[str] = []


@pytest.fixture(scope="module")
def tiff_doc(tiff: Path) -> Document:
    return read_blocks(ImageReader(), tiff, progress=lambda _f, message: PROGRESS.append(message))


@pytest.fixture(scope="module")
def born_digital() -> Document:
    return read_blocks(PdfReader(), SAMPLE_PDF)


def test_every_page_of_a_tiff_is_read_as_its_own_page(
    tiff_doc: Document, born_digital: Document
) -> None:
    assert tiff_doc.format == "image"
    assert tiff_doc.pages == 4
    assert tiff_doc.ocr is not None
    assert tiff_doc.ocr.pages == (1, 2, 4)  # the blank sheet is not recognised text
    for page, original in ((1, 1), (2, 2), (4, 3)):
        similarity = fuzz.ratio(_text(tiff_doc, page), _text(born_digital, original))
        assert similarity > 90, (page, similarity)
    assert _text(tiff_doc, 3) == ""
    # Skipped silently: only the summary of what OCR read, nothing about page 3.
    assert len(tiff_doc.warnings) == 1, tiff_doc.warnings
    assert tiff_doc.warnings[0].startswith("Pages 1-2, 4 were read by OCR (mean confidence 0.9")


def test_boxes_are_on_their_own_page(tiff_doc: Document) -> None:
    for block in tiff_doc.blocks:
        for line in block.lines:
            assert 0 <= line.box.x0 < line.box.x1 <= ocr.IMAGE_PAGE_WIDTH_PT
            assert 0 <= line.box.top < line.box.bottom <= ocr.IMAGE_PAGE_WIDTH_PT * 1650 / 1275


def test_progress_is_reported_per_page() -> None:
    assert [m for m in PROGRESS if "(OCR)" in m] == [
        *(f"Recognising page {n} of 4 (OCR)" for n in (1, 2, 3, 4)),
        "Recognised 4 pages (OCR)",
    ]


def test_evidence_from_page_two_says_page_two(tiff: Path, born_digital: Document) -> None:
    data = review_to_dict(review(tiff))
    evidence = [ev for finding in data["findings"] for ev in finding["evidence"]]
    assert all(ev["ocr"] is True for ev in evidence)
    on_two = [ev for ev in evidence if ev["page"] == 2]
    assert on_two, sorted({ev["page"] for ev in evidence})
    page_two = _text(born_digital, 2)
    for ev in on_two:
        assert fuzz.partial_ratio(ev["text"], page_two) > 90, ev["text"]
    assert data["document"]["ocr"]["pages"] == [1, 2, 4]


def test_the_page_limit_stops_before_any_page_is_read(
    tiff: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: list[int] = []
    monkeypatch.setattr(ocr.OcrEngine, "recognise", lambda self, image: called.append(1))
    with pytest.raises(TooLarge) as caught:
        read_blocks(ImageReader(), tiff, Limits(max_ocr_pages=3))
    assert caught.value.limit is UserLimit.OCR_PAGES
    assert with_limit_hint(caught.value) == (
        "scan.tif has 4 pages, over the 3-page limit for reading pages by OCR (raise the limit "
        "with --max-ocr-pages or in Settings)."
    )
    with pytest.raises(TooLarge) as pages:
        read_blocks(ImageReader(), tiff, Limits(max_pages=2))
    assert pages.value.limit is UserLimit.PAGES
    assert called == []


def test_cancel_stops_between_pages_and_leaves_no_files(
    tiff: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    token = CancelToken()
    messages: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        messages.append(message)
        if message.startswith("Recognising page 2 of 4"):
            token.cancel()

    with pytest.raises(Cancelled):
        read_blocks(ImageReader(), tiff, progress=progress, cancel=token)
    assert "Recognising page 4 of 4 (OCR)" not in messages
    assert list(tmp_path.iterdir()) == []


def test_pages_are_cut_out_in_any_compression(tmp_path: Path) -> None:
    for compression in ("tiff_lzw", "tiff_deflate", "raw"):
        path = scanned_tiff(tmp_path / f"{compression}.tif", [None, 3], compression)
        data = path.read_bytes()
        pages = tiff_pages(data, 10)
        assert [(page.width, page.height) for page in pages] == [(1275, 1650), (1241, 1754)]
        with Image.open(path) as whole:
            whole.seek(1)
            expected = whole.tobytes()
        one = tmp_path / "one.tif"
        one.write_bytes(single_page(data, pages[1]))
        with Image.open(one) as cut:
            assert cut.n_frames == 1
            assert cut.tobytes() == expected


def test_a_damaged_tiff_is_refused(tiff: Path, tmp_path: Path) -> None:
    data = tiff.read_bytes()
    loop = bytearray(data)
    first = int.from_bytes(data[4:8], "little")
    entries = int.from_bytes(data[first : first + 2], "little")
    next_at = first + 2 + 12 * entries
    loop[next_at : next_at + 4] = first.to_bytes(4, "little")  # page 1 follows page 1
    (tmp_path / "loop.tif").write_bytes(bytes(loop))
    with pytest.raises(CorruptDocument, match=r"loop\.tif is damaged") as caught:
        read_blocks(ImageReader(), tmp_path / "loop.tif")
    assert "loop back" in caught.value.details
    (tmp_path / "cut.tif").write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptDocument, match=r"cut\.tif is damaged"):
        read_blocks(ImageReader(), tmp_path / "cut.tif")


def _claiming_60000_pixels_square(tiff: Path, page: int) -> bytes:
    """``tiff`` whose 0-based ``page`` says it is 60,000 x 60,000 pixels."""
    data = bytearray(tiff.read_bytes())
    at = tiff_pages(bytes(data), 10)[page].offset
    for index in range(int.from_bytes(data[at : at + 2], "little")):
        entry = at + 2 + 12 * index
        if int.from_bytes(data[entry : entry + 2], "little") in (256, 257):
            data[entry + 2 : entry + 4] = (4).to_bytes(2, "little")  # LONG
            data[entry + 8 : entry + 12] = (60_000).to_bytes(4, "little")
    return bytes(data)


def test_a_tiff_page_claiming_billions_of_pixels_is_refused(tmp_path: Path) -> None:
    two = scanned_tiff(tmp_path / "a.tif", [None, None])
    (tmp_path / "bomb.tif").write_bytes(_claiming_60000_pixels_square(two, 1))
    with pytest.raises(TooLarge, match=r"Page 2 of bomb\.tif is an image of 60,000 x 60,000"):
        read_blocks(ImageReader(), tmp_path / "bomb.tif")


def _with_entries(data: bytes, at: int, extra: list[tuple[int, int, int, int]]) -> bytes:
    """``data`` with the directory at ``at`` rewritten at the file's end, ``extra`` entries
    (tag, type, count, value) appended after its own, and the header pointing at it."""
    count = int.from_bytes(data[at : at + 2], "little")
    own = data[at + 2 : at + 2 + 12 * count]
    added = b"".join(
        t.to_bytes(2, "little")
        + k.to_bytes(2, "little")
        + n.to_bytes(4, "little")
        + v.to_bytes(4, "little")
        for t, k, n, v in extra
    )
    where = len(data) + len(data) % 2
    table = (count + len(extra)).to_bytes(2, "little") + own + added + bytes(4)
    out = bytearray(data) + bytes(where - len(data)) + table
    out[4:8] = where.to_bytes(4, "little")
    return bytes(out)


def test_a_tag_given_twice_counts_as_its_first_copy(tmp_path: Path) -> None:
    data = scanned_tiff(tmp_path / "a.tif", [None]).read_bytes()
    first = tiff_pages(data, 10)[0]
    # a second ImageWidth claiming 200,000 pixels: the page's size was checked on the first
    twice = _with_entries(data, first.offset, [(256, 4, 1, 200_000)])
    page = tiff_pages(twice, 10)[0]
    assert page.width == first.width
    one = tmp_path / "one.tif"
    one.write_bytes(single_page(twice, page))
    with Image.open(one) as cut:
        assert cut.size == (first.width, first.height)


def test_overlapping_strips_are_refused_before_they_are_copied(tmp_path: Path) -> None:
    data = scanned_tiff(tmp_path / "a.tif", [3]).read_bytes()  # a page of text
    page = tiff_pages(data, 10)[0]
    # 3000 strips, each the whole file: 3000 copies of it if they were copied before the check
    offsets_at, lengths_at = len(data) + len(data) % 2, 0
    strips = 3000
    body = bytearray(data) + bytes(offsets_at - len(data))
    body += (8).to_bytes(4, "little") * strips
    lengths_at = len(body)
    body += (len(data) - 8).to_bytes(4, "little") * strips
    hostile = _with_entries(bytes(body), page.offset, [])
    at = int.from_bytes(hostile[4:8], "little")
    patched = bytearray(hostile)
    for index in range(int.from_bytes(hostile[at : at + 2], "little")):
        entry = at + 2 + 12 * index
        tag = int.from_bytes(hostile[entry : entry + 2], "little")
        if tag in (273, 279):
            patched[entry + 2 : entry + 4] = (4).to_bytes(2, "little")
            patched[entry + 4 : entry + 8] = strips.to_bytes(4, "little")
            where = offsets_at if tag == 273 else lengths_at
            patched[entry + 8 : entry + 12] = where.to_bytes(4, "little")
    hostile = bytes(patched)
    tracemalloc.start()
    try:
        with pytest.raises(TiffError, match="larger than the file"):
            single_page(hostile, tiff_pages(hostile, 10)[0])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000  # not 3000 copies of the file (74 MB)


def test_a_single_image_too_large_is_named_as_it_is_spelt(tmp_path: Path) -> None:
    one = scanned_tiff(tmp_path / "a.tif", [None])
    (tmp_path / "scan.tif").write_bytes(_claiming_60000_pixels_square(one, 0))
    with pytest.raises(TooLarge, match=r"^scan\.tif is an image of 60,000 x 60,000"):
        read_blocks(ImageReader(), tmp_path / "scan.tif")


def with_damaged_pages(tiff: Path, damage: dict[int, tuple[int, int]]) -> bytes:
    """``tiff`` with entries of its 0-based pages changed: ``{page: (tag, value)}`` sets the
    value field of the page's ``tag`` (for an array, the offset of its values)."""
    data = bytearray(tiff.read_bytes())
    pages = tiff_pages(bytes(data), 10)
    for page, (tag, value) in damage.items():
        at = pages[page].offset
        for index in range(int.from_bytes(data[at : at + 2], "little")):
            entry = at + 2 + 12 * index
            if int.from_bytes(data[entry : entry + 2], "little") == tag:
                kind = int.from_bytes(data[entry + 2 : entry + 4], "little")
                count = int.from_bytes(data[entry + 4 : entry + 8], "little")
                assert count > 1 or kind == 3, (tag, kind, count)  # an array, or one SHORT
                size = 2 if count == 1 else 4
                data[entry + 8 : entry + 12] = value.to_bytes(size, "little").ljust(4, b"\0")
    return bytes(data)


# Page 2's strip offsets lie past the end of the file (it cannot be cut out); page 4 says it is
# compressed in a scheme no decoder knows (the engine cannot read it).
DAMAGE = {1: (273, 1 << 30), 3: (259, 12345)}


def test_a_damaged_page_is_left_out_and_the_others_keep_their_numbers(
    tiff: Path, tmp_path: Path, born_digital: Document
) -> None:
    path = tmp_path / "scan.tif"
    path.write_bytes(with_damaged_pages(tiff, DAMAGE))
    document = read_blocks(ImageReader(), path)
    assert document.pages == 4
    assert document.ocr is not None
    assert document.ocr.pages == (1,)
    assert fuzz.ratio(_text(document, 1), _text(born_digital, 1)) > 90
    assert {block.page for block in document.blocks} == {1}
    assert document.warnings == (
        "Page 1 was read by OCR (mean confidence "
        f"{document.ocr.mean_confidence:.2f}); check quotes against the page image",
        "Page 2 of scan.tif could not be read (its tag 273 points past the end of the file) "
        "and was left out",
        "Page 4 of scan.tif could not be read (its image could not be decoded) and was left out",
    )


def test_a_tiff_with_no_page_that_can_be_read_is_refused(tmp_path: Path) -> None:
    two = scanned_tiff(tmp_path / "a.tif", [None, None])
    path = tmp_path / "none.tif"
    path.write_bytes(with_damaged_pages(two, {0: (259, 12345), 1: (273, 1 << 30)}))
    with pytest.raises(CorruptDocument) as caught:
        read_blocks(ImageReader(), path)
    assert str(caught.value) == "none.tif is damaged or is not an image that can be read."
    assert caught.value.details == (
        "page 1: its image could not be decoded; "
        "page 2: its tag 273 points past the end of the file"
    )
