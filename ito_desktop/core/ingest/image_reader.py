"""Image reader: a scanned page saved as PNG, JPEG or TIFF, read by OCR into one page."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from ito_desktop.core.errors import CorruptDocument, NoTextLayer, TooLarge
from ito_desktop.core.ingest.base import Limits, ReadResult, file_data
from ito_desktop.core.ingest.ocr import (
    OcrImageError,
    OcrUnavailable,
    PageImage,
    recognise_pages,
)
from ito_desktop.core.ingest.pdf_layout import PageText, build_blocks
from ito_desktop.core.ingest.pdf_reader import ocr_summary
from ito_desktop.core.model import DocumentFormat
from ito_desktop.core.progress import CancelToken, ProgressSink

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
# A page scanned at 600 dpi is 35 million pixels; a small file that claims far more is built to
# exhaust memory (the engine decodes it whole, up to 4 bytes a pixel).
MAX_IMAGE_PIXELS = 150_000_000
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


class ImageReader:
    """Reads one scanned page from an image file by OCR (the first page of a TIFF)."""

    format = DocumentFormat.IMAGE
    extensions = IMAGE_EXTENSIONS

    def read(
        self,
        path: Path,
        limits: Limits,
        progress: ProgressSink,
        cancel: CancelToken,
        *,
        data: bytes | None = None,
    ) -> ReadResult:
        data = file_data(path, limits, data)
        if not data.startswith(_SIGNATURES):
            raise CorruptDocument(
                f"{path.name} is not a PNG, JPEG or TIFF image (it does not start like one).",
                path=path,
                details=f"first bytes: {data[:16]!r}",
            )
        width, height = pixel_size(data)
        if width * height > MAX_IMAGE_PIXELS:
            raise TooLarge(
                f"{path.name} is an image of {width:,} x {height:,} pixels, too large to read "
                "as a scanned page; it was not read.",
                path=path,
            )
        # The engine reads images from a file: the bytes already read, so that the text and
        # the file's hash come from the same version of the file.
        handle, name = tempfile.mkstemp(suffix=path.suffix.lower())
        started = time.monotonic()
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            pages = recognise_pages([PageImage(1, file=Path(name))], 1, progress, cancel)
        except OcrUnavailable as error:
            raise NoTextLayer(
                f"{path.name} is an image: its text can only be read by OCR, which could not "
                f"start here ({error}).",
                path=path,
                details=str(error),
            ) from None
        except OcrImageError as error:
            raise CorruptDocument(
                f"{path.name} is damaged or is not an image that can be read.",
                path=path,
                details=str(error),
            ) from None
        finally:
            Path(name).unlink(missing_ok=True)
        page = pages[0]
        if not page.lines:
            raise NoTextLayer(f"{path.name}: OCR found no text in this image.", path=path)
        notes: list[str] = []
        ocr = ocr_summary(pages, notes, time.monotonic() - started)
        text = PageText(1, page.width, page.height, lines=list(page.lines))
        blocks = build_blocks([text])
        return ReadResult(blocks=blocks, pages=1, warnings=notes, ocr=ocr)


def pixel_size(data: bytes) -> tuple[int, int]:
    """Width and height a PNG or JPEG header declares ((0, 0) when not found, and for TIFF)."""
    if data.startswith(_SIGNATURES[0]) and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(_SIGNATURES[1]):
        at = 2
        while at + 9 < len(data) and data[at] == 0xFF:
            marker = data[at + 1]
            if marker == 0xFF:  # fill byte
                at += 1
                continue
            if marker in _JPEG_FRAMES:
                height = int.from_bytes(data[at + 5 : at + 7], "big")
                return int.from_bytes(data[at + 7 : at + 9], "big"), height
            at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return 0, 0
