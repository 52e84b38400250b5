"""Skewed scans straightened before OCR, and pages where OCR left ink unread (issue 13).

The page images are the sample contract's pages rendered by the test, then turned or spoiled.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from rapidfuzz import fuzz

from benchmarks.scanned import images_pdf
from ito_desktop.core.ingest import ocr
from ito_desktop.core.ingest.base import read_blocks
from ito_desktop.core.ingest.deskew import skew_of, straight_size, straighten_box, unskew_box
from ito_desktop.core.ingest.image_reader import ImageReader
from ito_desktop.core.ingest.page_ink import ink_cells, unread_share
from ito_desktop.core.ingest.pdf_reader import PdfReader
from ito_desktop.core.model import Box, Document
from ito_desktop.core.review import review
from ito_desktop.core.serialize import review_to_dict
from tests.conftest import SAMPLES

SAMPLE_PDF = SAMPLES / "sample_msa.pdf"
DPI = 150
SKEW = 2.0
MISSED = "OCR may have missed some text on page 1"


def _page_image(index: int, dpi: float = DPI) -> Image.Image:
    page = pdfium.PdfDocument(str(SAMPLE_PDF))[index]
    return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")


def _blocks(document: Document) -> list[str]:
    return [" ".join(document.text[b.start : b.end].split()) for b in document.blocks]


@pytest.fixture(scope="module")
def straight_image() -> Image.Image:
    # page 11 holds the wrapped line "(30) days." that a 1-2 degree skew cut into a clause
    return _page_image(10)


@pytest.fixture(scope="module")
def skewed_image(straight_image: Image.Image) -> Image.Image:
    # anticlockwise, as a page laid crooked on the glass; corners white
    return straight_image.rotate(SKEW, Image.Resampling.BICUBIC, expand=True, fillcolor=255)


@pytest.fixture(scope="module")
def straight_doc(straight_image: Image.Image, tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("straight") / "page.png"
    straight_image.save(path)
    return read_blocks(ImageReader(), path)


@pytest.fixture(scope="module")
def skewed_doc(skewed_image: Image.Image, tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("skewed") / "page.png"
    skewed_image.save(path)
    return read_blocks(ImageReader(), path)


def test_only_a_tilt_of_a_skewed_scan_is_straightened() -> None:
    assert skew_of([1.9, 2.0, 2.1, 2.05]) == pytest.approx(2.025)
    assert skew_of([-1.0, -1.1, -0.9]) == pytest.approx(-1.0)
    assert skew_of([0.0, 0.1, 0.0]) == 0.0  # straight enough
    assert skew_of([0.2, 0.2, 0.2]) == 0.0
    assert skew_of([-8.0, -8.0, -8.0]) == 0.0  # not a skewed scan
    assert skew_of([2.0, 2.0]) == 0.0  # too few lines to tell


def test_a_word_straightened_and_turned_back_is_where_it_was() -> None:
    size = (1000.0, 1400.0)
    straight = straight_size(3.0, size)
    assert straight[0] > size[0]
    assert straight[1] > size[1]
    # a 200 x 30 word tilted 3 degrees anticlockwise, middle at (600, 400): its upright box
    cos, sin = math.cos(math.radians(3.0)), math.sin(math.radians(3.0))
    outline = (600 - (100 * cos + 15 * sin), 400 - (100 * sin + 15 * cos))
    tilted = (outline[0], outline[1], 1200 - outline[0], 800 - outline[1])
    x0, top, x1, bottom = straighten_box(tilted, 3.0, size, straight)
    assert x1 - x0 == pytest.approx(200, abs=0.5)
    assert bottom - top == pytest.approx(30, abs=0.5)
    back = unskew_box(Box(x0, top, x1, bottom), 3.0, size, straight)
    assert back.x0 == pytest.approx(tilted[0], abs=0.5)
    assert back.top == pytest.approx(tilted[1], abs=0.5)
    assert back.x1 == pytest.approx(tilted[2], abs=0.5)
    assert back.bottom == pytest.approx(tilted[3], abs=0.5)


def test_a_page_skewed_by_two_degrees_reads_like_the_straight_one(
    straight_doc: Document, skewed_doc: Document
) -> None:
    """Unstraightened, the same page came out in 34 blocks instead of 22: wrapped lines became
    clauses of their own and quotes were cut to "days."."""
    straight, skewed = _blocks(straight_doc), _blocks(skewed_doc)
    assert len(skewed) == len(straight)
    for block, same in zip(skewed, straight, strict=True):
        assert block[:12] == same[:12]  # the same paragraphs, numbered alike
        assert fuzz.ratio(block, same) > 97  # a character or two may differ
    assert any(block.endswith("(30) days.") for block in skewed)
    assert not any(block in ("days.", "(30) days.") for block in skewed)


def test_boxes_of_a_skewed_page_land_on_its_text(
    straight_doc: Document,
    skewed_doc: Document,
    straight_image: Image.Image,
    skewed_image: Image.Image,
) -> None:
    """Highlights are drawn on the page image as scanned: each line's box, mapped back from
    the straightened page, is where the tilted image shows that line."""
    dark = np.asarray(skewed_image) < 128
    # an image page is shown IMAGE_PAGE_WIDTH_PT wide: points to pixels of each image
    to_pixels = skewed_image.width / ocr.IMAGE_PAGE_WIDTH_PT
    straight_to_pixels = straight_image.width / ocr.IMAGE_PAGE_WIDTH_PT
    angle = math.radians(SKEW)
    checked = 0
    for block_straight, block_skewed in zip(straight_doc.blocks, skewed_doc.blocks, strict=True):
        for line_s, line_k in zip(block_straight.lines, block_skewed.lines, strict=True):
            if len(skewed_doc.text[line_k.start : line_k.end].split()) < 3:
                continue
            box = line_k.box
            x0, top = int(box.x0 * to_pixels), int(box.top * to_pixels)
            x1, bottom = math.ceil(box.x1 * to_pixels), math.ceil(box.bottom * to_pixels)
            inside = dark[top:bottom, x0:x1]
            # the line's ink is in its box (a band as high as the tilt makes it)
            assert inside.sum() > 0.01 * inside.size
            # and the box's middle is where the straight line's middle lands when the image is
            # turned SKEW degrees anticlockwise about its middle (as Pillow turned it)
            s = line_s.box
            x = (s.x0 + s.x1) / 2 * straight_to_pixels - straight_image.width / 2
            y = (s.top + s.bottom) / 2 * straight_to_pixels - straight_image.height / 2
            expected = (
                skewed_image.width / 2 + x * math.cos(angle) + y * math.sin(angle),
                skewed_image.height / 2 - x * math.sin(angle) + y * math.cos(angle),
            )
            middle = ((box.x0 + box.x1) / 2 * to_pixels, (box.top + box.bottom) / 2 * to_pixels)
            assert math.dist(middle, expected) < 4  # pixels at 150 dpi
            checked += 1
    assert checked > 20


def test_a_clean_page_does_not_warn_of_missed_text(
    straight_image: Image.Image, straight_doc: Document, tmp_path: Path
) -> None:
    assert straight_doc.ocr is not None
    assert straight_doc.ocr.unread == (None,)  # an image file's pixels only the engine sees
    path = tmp_path / "clean.pdf"
    path.write_bytes(images_pdf([straight_image], DPI))
    document = read_blocks(PdfReader(), path)
    assert document.ocr is not None
    assert document.ocr.unread[0] < 0.05
    assert not any(MISSED in warning for warning in document.warnings)


def test_a_page_whose_lower_half_ocr_could_not_read_is_named(tmp_path: Path) -> None:
    """Noise over the lower half: Tesseract drops it and reads the rest with confidence 0.93,
    so no low-confidence warning can say that half the page is missing."""
    pixels = np.asarray(_page_image(9)).copy()
    lower = pixels[pixels.shape[0] // 2 :]
    lower[np.random.default_rng(0).random(lower.shape) < 0.35] = 0
    path = tmp_path / "noisy.pdf"
    path.write_bytes(images_pdf([Image.fromarray(pixels)], DPI))
    result = review(path)  # as the app and the CLI read it
    document = result.document
    assert document.ocr is not None
    assert document.ocr.mean_confidence >= ocr.LOW_CONFIDENCE  # the old check is silent
    assert document.ocr.unread[0] > ocr.UNREAD_INK
    missed = (
        "OCR may have missed some text on page 1 (ink outside the words it read); check it "
        "against the page image"
    )
    assert missed in document.warnings
    assert missed in review_to_dict(result)["document"]["warnings"]


def _text_like(grey: np.ndarray, top: int, left: int, bottom: int, right: int) -> None:
    """Rows of "letters" (strokes 4 pixels wide, lines 10 high with 10 between) in a box."""
    y, x = np.mgrid[top:bottom, left:right]
    grey[top:bottom, left:right][((x // 4) % 2 == 0) & (y % 20 < 10)] = 20


def test_rules_borders_and_shadows_are_not_taken_for_unread_text() -> None:
    grey = np.full((1100, 850), 255, np.uint8)
    _text_like(grey, 50, 50, 450, 450)  # text, read
    grey[:, :12] = 0  # the dark edge of the scanner's lid
    grey[470:473, 50:800] = 0  # a rule across the page
    grey[:, 505:] = 110  # a shadow over the right of the page ...
    _text_like(grey, 50, 550, 450, 800)  # ... and text in it, read
    grey[500:700, 100:400] = 0  # a redaction: a solid black patch
    words = [(50.0, 50.0, 450.0, 450.0), (550.0, 50.0, 800.0, 450.0)]
    ink, factor = ink_cells(grey.tobytes(), 850, 1100, 100)
    assert unread_share(ink, factor, 100, words) < 0.03  # corners of the patch and the rule
    _text_like(grey, 750, 50, 850, 450)  # text not read: 40,000 of 300,000 square pixels
    share = unread_share(*ink_cells(grey.tobytes(), 850, 1100, 100), 100, words)
    assert 0.12 < share < 0.16
    noise = grey[900:1100, 100:800]  # noise where text was
    noise[np.random.default_rng(0).random(noise.shape) < 0.35] = 0
    assert unread_share(*ink_cells(grey.tobytes(), 850, 1100, 100), 100, words) > ocr.UNREAD_INK
