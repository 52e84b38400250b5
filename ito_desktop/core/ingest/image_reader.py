"""Image reader: a scanned page saved as PNG, JPEG or TIFF, read by OCR; a multi-page TIFF
page by page."""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ito_desktop.core.errors import CorruptDocument, NoTextLayer, TooLarge, UserLimit
from ito_desktop.core.ingest.base import Limits, ReadResult, file_data
from ito_desktop.core.ingest.ocr import (
    IMAGE_PAGE_WIDTH_PT,
    OcrEngine,
    OcrImageError,
    OcrPage,
    OcrUnavailable,
    PageImage,
    recognise_pages,
)
from ito_desktop.core.ingest.pdf_layout import PageText, build_blocks, remove_running_text
from ito_desktop.core.ingest.pdf_reader import ocr_summary, pages_phrase, turn_back
from ito_desktop.core.ingest.tiff_pages import TiffError, TiffPage, single_page, tiff_pages
from ito_desktop.core.model import DocumentFormat
from ito_desktop.core.progress import CancelToken, ProgressSink

log = logging.getLogger(__name__)

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
TIFF_SIGNATURES = (b"II*\x00", b"MM\x00*")
_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", *TIFF_SIGNATURES)
# A page scanned at 600 dpi is 35 million pixels; a small file that claims far more is built to
# exhaust memory (the engine decodes it whole, up to 4 bytes a pixel).
MAX_IMAGE_PIXELS = 150_000_000
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


class ImageReader:
    """Reads scanned pages from an image file by OCR: one page, or each page of a TIFF."""

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
        tiff = _tiff_pages(path, data, limits) if data.startswith(TIFF_SIGNATURES) else []
        sizes = [(page.width, page.height) for page in tiff] or [pixel_size(data)]
        for number, (width, height) in enumerate(sizes, 1):
            if width * height > MAX_IMAGE_PIXELS:
                which = f"Page {number} of {path.name}" if len(sizes) > 1 else path.name
                raise TooLarge(
                    f"{which} is an image of {width:,} x {height:,} "
                    "pixels, too large to read as a scanned page; it was not read.",
                    path=path,
                )
        started = time.monotonic()
        unreadable: dict[int, str] = {}  # page number: why it could not be read
        # The engine reads images from files: written from the bytes already read, so that the
        # text and the file's hash come from the same version of the file. A multi-page TIFF is
        # cut into one file a page, each made when a worker is free and deleted once read.
        with tempfile.TemporaryDirectory(prefix="ito-ocr-", ignore_cleanup_errors=True) as folder:
            if len(tiff) > 1:
                images: Iterator[PageImage] = _cut_pages(data, tiff, Path(folder), unreadable)
            else:
                whole = Path(folder) / f"page{path.suffix.lower()}"
                whole.write_bytes(data)
                images = iter([PageImage(1, file=whole)])
            try:
                pages = recognise_pages(
                    images,
                    len(sizes),
                    progress,
                    cancel,
                    engine_factory=lambda workers: _SkippingEngine(unreadable, sizes, workers),
                )
            except OcrUnavailable as error:
                raise NoTextLayer(
                    f"{path.name} is an image: its text can only be read by OCR, which could not "
                    f"start here ({error}).",
                    path=path,
                    details=str(error),
                ) from None
        if len(unreadable) == len(pages):
            raise _damaged(
                path, "; ".join(f"page {n}: {why}" for n, why in sorted(unreadable.items()))
            )
        if not any(page.lines for page in pages):
            raise NoTextLayer(f"{path.name}: OCR found no text in this image.", path=path)
        notes: list[str] = []
        # A page on which OCR finds nothing is taken for blank (the back of a page scanned on
        # both sides) and skipped silently: only the engine sees the pixels, so the ink check
        # of scanned PDF pages cannot tell it from a picture without text.
        ocr = ocr_summary([page for page in pages if page.lines], notes, time.monotonic() - started)
        notes.extend(_left_out(path, unreadable))
        texts = [PageText(p.number, p.width, p.height, lines=list(p.lines)) for p in pages]
        remove_running_text(texts)
        blocks = turn_back(build_blocks(texts), pages)
        return ReadResult(blocks=blocks, pages=len(texts), warnings=notes, ocr=ocr)


def _tiff_pages(path: Path, data: bytes, limits: Limits) -> list[TiffPage]:
    """The pages of a TIFF, refused before any is read when there are too many."""
    try:
        pages = tiff_pages(data, limits.max_pages)
    except TiffError as error:
        raise _damaged(path, str(error)) from None
    if len(pages) > limits.max_pages:
        raise TooLarge(
            f"{path.name} has more than {limits.max_pages:,} pages, over the "
            f"{limits.max_pages:,}-page limit.",
            path=path,
            limit=UserLimit.PAGES,
        )
    if len(pages) > limits.max_ocr_pages:
        raise TooLarge(
            f"{path.name} has {len(pages):,} pages, over the {limits.max_ocr_pages:,}-page "
            "limit for reading pages by OCR.",
            path=path,
            limit=UserLimit.OCR_PAGES,
        )
    return pages


def _damaged(path: Path, details: str) -> CorruptDocument:
    return CorruptDocument(
        f"{path.name} is damaged or is not an image that can be read.", path=path, details=details
    )


def _cut_pages(
    data: bytes, pages: list[TiffPage], folder: Path, unreadable: dict[int, str]
) -> Iterator[PageImage]:
    """Each page of a multi-page TIFF as a one-page TIFF file, written when asked for; a page
    that cannot be cut out is put in ``unreadable`` and handed on with no image."""
    for page in pages:
        try:
            one = single_page(data, page)
        except TiffError as error:
            unreadable[page.number] = str(error)
            yield PageImage(page.number)
            continue
        file = folder / f"page-{page.number}.tif"
        file.write_bytes(one)
        yield PageImage(page.number, file=file, delete_file=True)


class _SkippingEngine(OcrEngine):
    """The OCR engine, giving back a page it cannot read with no text (and saying why in
    ``unreadable``), so that one damaged page of a multi-page TIFF leaves the others read."""

    def __init__(
        self, unreadable: dict[int, str], sizes: list[tuple[int, int]], workers: int
    ) -> None:
        super().__init__(workers)
        self.unreadable, self.sizes = unreadable, sizes

    def recognise(self, image: PageImage) -> OcrPage:
        if image.number not in self.unreadable:  # not already refused when it was cut out
            try:
                return super().recognise(image)
            except OcrImageError as error:
                log.info("page %d could not be decoded: %s", image.number, error)
                self.unreadable[image.number] = "its image could not be decoded"
        width, height = self.sizes[image.number - 1]
        points = IMAGE_PAGE_WIDTH_PT * height / width if width else IMAGE_PAGE_WIDTH_PT
        size = (IMAGE_PAGE_WIDTH_PT, points)
        return OcrPage(image.number, (), 0.0, *size, 0, *size)


def _left_out(path: Path, unreadable: dict[int, str]) -> list[str]:
    """A warning for each reason pages could not be read, naming the pages."""
    by_reason: dict[str, list[int]] = {}
    for number, why in sorted(unreadable.items()):
        by_reason.setdefault(why, []).append(number)
    return [
        f"{pages_phrase(numbers).capitalize()} of {path.name} could not be read ({why}) and "
        f"{'was' if len(numbers) == 1 else 'were'} left out"
        for why, numbers in by_reason.items()
    ]


def pixel_size(data: bytes) -> tuple[int, int]:
    """Width and height a PNG or JPEG header declares ((0, 0) when not found; TIFF pages say
    theirs in tiff_pages)."""
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
