"""Turn a born-digital PDF into an image-only "scan" of it (no text layer), with pypdfium2.

Used by the OCR benchmark (benchmarks/ocr.py) and the OCR tests: each page is rendered to a
grey bitmap at ``dpi`` and placed as the only object on a page of the same size.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

if TYPE_CHECKING:
    from PIL import Image


def image_only_pdf(
    source: Path | bytes,
    dpi: float = 150.0,
    *,
    pages: Sequence[int] | None = None,
    keep_text: Sequence[int] = (),
    turn: dict[int, int] | None = None,
) -> bytes:
    """The PDF ``source`` with its pages (0-based ``pages``, default all) as images.

    Pages in ``keep_text`` are copied as they are (a mixed PDF); ``turn`` maps a page to a
    clockwise rotation of its image (a page scanned sideways or upside down).
    """
    src = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    out = pdfium.PdfDocument.new()
    try:
        chosen = list(range(len(src))) if pages is None else list(pages)
        for index in chosen:
            if index in keep_text:
                out.import_pages(src, [index])
                continue
            page = src[index]
            width, height = page.get_size()
            angle = (turn or {}).get(index, 0)
            bitmap = page.render(scale=dpi / 72.0, grayscale=True, rotation=angle)
            if angle in (90, 270):
                width, height = height, width
            _image_page(out, bitmap, width, height)
            bitmap.close()
            page.close()
        return _saved(out)
    finally:
        out.close()
        src.close()


def images_pdf(images: Sequence[Image.Image], dpi: float) -> bytes:
    """An image-only PDF with one page for each grey Pillow image, its size from ``dpi``."""
    out = pdfium.PdfDocument.new()
    try:
        for image in images:
            bitmap = pdfium.PdfBitmap.from_pil(image)
            _image_page(out, bitmap, image.width * 72 / dpi, image.height * 72 / dpi)
            bitmap.close()
        return _saved(out)
    finally:
        out.close()


def blank_page_pdf(width: float = 612.0, height: float = 792.0, dpi: float = 150.0) -> bytes:
    """One page holding one white image: a blank scanned separator page."""
    out = pdfium.PdfDocument.new()
    try:
        bitmap = pdfium.PdfBitmap.new_native(
            round(width * dpi / 72), round(height * dpi / 72), pdfium.raw.FPDFBitmap_Gray
        )
        bitmap.fill_rect((255, 255, 255, 255), 0, 0, bitmap.width, bitmap.height)
        _image_page(out, bitmap, width, height)
        return _saved(out)
    finally:
        out.close()


def _image_page(
    out: pdfium.PdfDocument, bitmap: pdfium.PdfBitmap, width: float, height: float
) -> None:
    """Add a page of ``width`` x ``height`` points to ``out`` holding ``bitmap`` as its only
    object, scaled to fill it."""
    page = out.new_page(width, height)
    image = pdfium.PdfImage.new(out)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()
    page.close()


def _saved(out: pdfium.PdfDocument) -> bytes:
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
