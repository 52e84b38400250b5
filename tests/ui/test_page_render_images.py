"""Scanned pages saved as images, as the page view sizes and draws them (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ito_desktop.ui.page.page_render import image_page_sizes, render_page
from tests.core.ingest.test_ocr_tiff import scanned_tiff, with_damaged_pages

LETTER = (612.0, 792.0)  # the blank sheet: 1275 x 1650 pixels
A4 = (612.0, 612.0 * 1754 / 1241)  # a page of the sample: 1241 x 1754 pixels


def test_each_page_of_a_tiff_has_its_own_size_in_order(tmp_path: Path) -> None:
    path = scanned_tiff(tmp_path / "scan.tif", [None, 0, None, 1])
    sizes = image_page_sizes(path)
    assert sizes == (LETTER, A4, LETTER, A4)
    image = render_page(path, None, 4, 1.0)
    assert (image.width(), image.height()) == (612, round(A4[1]))


def test_a_single_image_is_one_page(tmp_path: Path) -> None:
    path = scanned_tiff(tmp_path / "one.tif", [None])
    assert image_page_sizes(path) == (LETTER,)
    with pytest.raises(FileNotFoundError):
        image_page_sizes(tmp_path / "gone.tif")


def test_pages_after_a_damaged_one_are_shown_with_their_own_numbers(tmp_path: Path) -> None:
    # Qt's TIFF reader stops counting at page 2, whose strip offsets lie past the end of the
    # file; the OCR reads pages 1, 3 and 4, so the view shows four pages.
    scan = scanned_tiff(tmp_path / "a.tif", [None, 0, None, 1])
    path = tmp_path / "scan.tif"
    path.write_bytes(with_damaged_pages(scan, {1: (273, 1 << 30)}))
    assert image_page_sizes(path) == (LETTER, A4, LETTER, A4)
    for page, (_, height) in ((1, LETTER), (3, LETTER), (4, A4)):
        image = render_page(path, None, page, 0.5)
        assert (image.width(), image.height()) == (306, round(height / 2)), page
    with pytest.raises(ValueError, match="page 2 cannot be read"):
        render_page(path, None, 2, 0.5)
