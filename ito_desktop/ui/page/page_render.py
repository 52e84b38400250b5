"""Render PDF pages to QImages off the GUI thread with PDFium, and keep the recent ones.

A scan opened as an image (PNG, JPEG, TIFF) is shown as a document of its pages (a TIFF may
hold several), each scaled to the page size the OCR gave its text boxes
(``ocr.IMAGE_PAGE_WIDTH_PT`` wide).
"""

from __future__ import annotations

import contextlib
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QBuffer, QObject, QRunnable, QSize, Signal
from PySide6.QtGui import QImage, QImageReader

from ito_desktop.core.ingest.image_reader import IMAGE_EXTENSIONS, TIFF_SIGNATURES
from ito_desktop.core.ingest.ocr import IMAGE_PAGE_WIDTH_PT

# PDFium is not thread-safe; the reader holds this lock for every document it opens.
from ito_desktop.core.ingest.pdf_reader import PDFIUM_LOCK
from ito_desktop.core.ingest.tiff_pages import TiffError, TiffPage, single_page, tiff_pages
from ito_desktop.core.settings import PAGES_RANGE

MAX_RENDER_PIXELS = 40_000_000  # refuse absurd zoom levels rather than exhaust memory


@dataclass(frozen=True)
class PdfInfo:
    """What the view needs to know before any page is drawn."""

    page_sizes: tuple[tuple[float, float], ...]  # (width, height) in points, as displayed


@dataclass(frozen=True)
class RenderRequest:
    path: Path
    password: str | None
    generation: int
    page: int  # 1-based
    scale: float  # pixels per point, device pixels included


class RenderHub(QObject):
    """Carries results from worker threads to the GUI thread (queued connections)."""

    opened = Signal(int, object)  # generation, PdfInfo
    failed = Signal(int, str)  # generation, sentence for the user
    page_failed = Signal(int, int, float, str)  # generation, page, scale, sentence for that page
    rendered = Signal(int, int, float, QImage)  # generation, page, scale, image


def _open(path: Path, password: str | None) -> pdfium.PdfDocument:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # XFA and similar notices are not the user's problem
        return pdfium.PdfDocument(str(path), password=password)


def describe_failure(path: Path, error: BaseException, password: str | None) -> str:
    """A sentence saying why the pages of ``path`` cannot be shown."""
    if isinstance(error, FileNotFoundError) or not path.exists():
        return f"The original pages cannot be shown: {path.name} was not found."
    code = getattr(error, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        if password:
            return f"The password given does not open {path.name}."
        return f"{path.name} is password-protected; open it with its password to see the pages."
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return f"{path.name} uses an encryption scheme that cannot be opened."
    if isinstance(error, pdfium.PdfiumError):
        return f"The original pages cannot be shown: {path.name} is damaged or is not a PDF."
    return f"The original pages of {path.name} cannot be shown ({type(error).__name__}: {error})."


def page_failure(path: Path, page: int, error: BaseException) -> str | None:
    """The note drawn in place of one page of a multi-page image that cannot be drawn, or None
    when the fault is the whole document's (gone, locked, a PDF that no longer opens, a
    one-page image), which ``describe_failure`` words instead."""
    if not path.exists() or not is_image(path):
        return None
    if isinstance(error, UnreadablePage):
        why = f"The file is damaged here: {error.reason}."
    elif isinstance(error, ValueError) and _page_count(path) > 1:
        why = f"({error})"  # Qt could not decode this page (an unknown compression, say)
    else:
        return None
    return (
        f"Page {page} could not be read, so it is not shown.\n{why}\n\n"
        "The other pages can be viewed as usual."
    )


def _page_count(path: Path) -> int:
    """Pages of a TIFF by its page table (1 for any other image, or a table that cannot be
    read); read only when a page has failed."""
    try:
        table = _tiff_table(path)
    except OSError:
        return 1
    return len(table[1]) if table is not None else 1


def is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_EXTENSIONS


def _image_reader(path: Path) -> QImageReader:
    reader = QImageReader(str(path))
    reader.setAutoTransform(False)  # as the OCR saw it: EXIF rotation is not applied there
    return reader


def _page_reader(path: Path, page: int) -> QImageReader:
    """A reader at 1-based ``page`` of the image file (a TIFF may hold several)."""
    if not path.exists():
        raise FileNotFoundError(path)
    reader = _image_reader(path)
    if page > 1 and not reader.jumpToImage(page - 1):
        raise ValueError(f"the image has no page {page}")
    return reader


def _points(reader: QImageReader) -> tuple[float, float]:
    size = reader.size()
    return _page_points(size.width(), size.height())


def _page_points(width: int, height: int) -> tuple[float, float]:
    if width <= 0 or height <= 0:
        raise ValueError("the image cannot be read")
    return IMAGE_PAGE_WIDTH_PT, IMAGE_PAGE_WIDTH_PT * height / width


def image_page_sizes(path: Path) -> tuple[tuple[float, float], ...]:
    """The page size in points of each scanned page saved in an image file.

    A TIFF's pages are those of the reader's own page table (``tiff_pages``, read from the
    directories without decoding): the pages the OCR read, numbered as it numbered them, even
    where Qt's TIFF reader stops counting at a damaged page (libtiff ends its count at a
    directory whose strip offsets cannot be read). Other images, and a TIFF whose table
    cannot be read, are asked of Qt.
    """
    if not path.exists():
        raise FileNotFoundError(path)
    table = _tiff_table(path)
    if table is not None:
        return tuple(_page_points(page.width, page.height) for page in table[1])
    return _qt_page_sizes(path)


def _qt_page_sizes(path: Path) -> tuple[tuple[float, float], ...]:
    """The page sizes as Qt reads them, one reader walking the pages in order.

    The count must come first: Qt's TIFF handler counts the pages with a second libtiff handle
    on the same file, which reads the header from wherever the reader left the file; after
    ``size()`` that is not the start, the count fails ("bad magic number") and the reader
    reports one page that cannot be left. (A reader per page, each jumping from the first,
    took 4.5 s for 300 pages.)
    """
    reader = _image_reader(path)
    count = max(reader.imageCount(), 1)
    sizes = [_points(reader)]
    while len(sizes) < count:
        if not reader.jumpToNextImage():
            raise ValueError(f"the image has no page {len(sizes) + 1}")
        sizes.append(_points(reader))
    return tuple(sizes)


def _tiff_table(path: Path) -> tuple[bytes, list[TiffPage]] | None:
    """The file's bytes and its pages, when it is a TIFF whose page table can be read. The last
    file's table is kept while the file is unchanged: every page drawn after a damaged one is
    cut from it, and a long TIFF need not be read again for each page and zoom."""
    with path.open("rb") as file:
        if file.read(4) not in TIFF_SIGNATURES:
            return None
    stat = path.stat()
    return _read_tiff_table(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1)
def _read_tiff_table(path: str, _mtime_ns: int, _size: int) -> tuple[bytes, list[TiffPage]] | None:
    data = Path(path).read_bytes()
    try:
        return data, tiff_pages(data, PAGES_RANGE[1])[: PAGES_RANGE[1]]
    except TiffError:
        return None


class UnreadablePage(ValueError):
    """One page of a multi-page image that cannot be cut out: the file is damaged there."""

    def __init__(self, page: int, reason: str) -> None:
        super().__init__(f"page {page} cannot be read ({reason})")
        self.reason = reason


def _cut_page(path: Path, page: int) -> bytes:
    """1-based ``page`` of a TIFF as a one-page TIFF, for a page Qt's reader cannot reach."""
    table = _tiff_table(path)
    if table is None or not 1 <= page <= len(table[1]):
        raise ValueError(f"the image has no page {page}")
    data, pages = table
    try:
        return single_page(data, pages[page - 1])
    except TiffError as error:
        raise UnreadablePage(page, str(error)) from None


def _render_image(path: Path, page: int, scale: float) -> QImage:
    try:
        reader = _page_reader(path, page)
    except ValueError:  # Qt's reader stopped counting pages at a damaged one before this
        return _render_cut_page(_cut_page(path, page), scale)
    return _read_scaled(reader, scale)


def _render_cut_page(tiff: bytes, scale: float) -> QImage:
    buffer = QBuffer()
    buffer.setData(tiff)  # a copy (QBuffer(QByteArray) would point at a temporary)
    reader = QImageReader(buffer)
    try:
        reader.setAutoTransform(False)
        return _read_scaled(reader, scale)
    finally:
        del reader  # before the buffer it reads from: freed after it, the reader crashes


def _read_scaled(reader: QImageReader, scale: float) -> QImage:
    width, height = _points(reader)
    if width * height * scale * scale > MAX_RENDER_PIXELS:
        scale = (MAX_RENDER_PIXELS / (width * height)) ** 0.5
    reader.setScaledSize(QSize(max(1, round(width * scale)), max(1, round(height * scale))))
    image = reader.read()
    if image.isNull():
        raise ValueError(reader.errorString())
    return image


class OpenTask(QRunnable):
    """Open the PDF once to learn its page sizes."""

    def __init__(self, hub: RenderHub, path: Path, password: str | None, generation: int) -> None:
        super().__init__()
        self.hub, self.path, self.password, self.generation = hub, path, password, generation

    def run(self) -> None:
        try:
            if is_image(self.path):
                _emit(self.hub.opened, self.generation, PdfInfo(image_page_sizes(self.path)))
                return
            with PDFIUM_LOCK:
                pdf = _open(self.path, self.password)
                try:
                    sizes = tuple(pdf.get_page_size(i) for i in range(len(pdf)))
                finally:
                    pdf.close()
            if not sizes:
                raise pdfium.PdfiumError("the document has no pages")
            result: object = PdfInfo(tuple((float(w), float(h)) for w, h in sizes))
        except Exception as error:  # a worker must never raise: report and stop
            _emit(
                self.hub.failed, self.generation, describe_failure(self.path, error, self.password)
            )
            return
        _emit(self.hub.opened, self.generation, result)


class RenderTask(QRunnable):
    """Render one page; the QImage owns a copy of the pixels before PDFium frees them."""

    def __init__(self, hub: RenderHub, request: RenderRequest) -> None:
        super().__init__()
        self.hub, self.request = hub, request

    def run(self) -> None:
        request = self.request
        try:
            image = render_page(request.path, request.password, request.page, request.scale)
        except Exception as error:
            # A page that cannot be drawn (a damaged page of a TIFF) is noted on that page
            # alone; the others stay viewable.
            note = page_failure(request.path, request.page, error)
            if note is not None:
                _emit(self.hub.page_failed, request.generation, request.page, request.scale, note)
                return
            message = describe_failure(request.path, error, request.password)
            _emit(self.hub.failed, request.generation, message)
            return
        _emit(self.hub.rendered, request.generation, request.page, request.scale, image)


def render_page(path: Path, password: str | None, page: int, scale: float) -> QImage:
    """Render 1-based ``page`` of ``path`` at ``scale`` pixels per point."""
    if is_image(path):
        return _render_image(path, page, scale)
    with PDFIUM_LOCK:
        pdf = _open(path, password)
        try:
            pdf_page = pdf[page - 1]
            try:
                width, height = pdf_page.get_size()
                if width * height * scale * scale > MAX_RENDER_PIXELS:
                    scale = (MAX_RENDER_PIXELS / (width * height)) ** 0.5
                bitmap = pdf_page.render(scale=scale, prefer_bgrx=True, draw_annots=True)
                try:
                    # BGRx in memory is QImage's RGB32 on little-endian machines; copy() detaches
                    # the image from PDFium's buffer, which close() frees.
                    image = QImage(
                        bitmap.buffer,
                        bitmap.width,
                        bitmap.height,
                        bitmap.stride,
                        QImage.Format.Format_RGB32,
                    ).copy()
                finally:
                    bitmap.close()
            finally:
                pdf_page.close()
        finally:
            pdf.close()
    return image


def _emit(signal: object, *args: object) -> None:
    with contextlib.suppress(RuntimeError):  # the view was deleted while the task ran
        signal.emit(*args)  # type: ignore[attr-defined]


class PageImageCache:
    """Least-recently-used rendered pages, bounded by bytes."""

    def __init__(self, max_bytes: int = 96 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._images: OrderedDict[tuple[int, float], QImage] = OrderedDict()

    def get(self, page: int, scale: float) -> QImage | None:
        key = (page, round(scale, 4))
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def any_for(self, page: int) -> QImage | None:
        """The most recent image of ``page`` at any scale (shown scaled while re-rendering)."""
        for (cached_page, _), image in reversed(self._images.items()):
            if cached_page == page:
                return image
        return None

    def put(self, page: int, scale: float, image: QImage) -> None:
        self._images[(page, round(scale, 4))] = image
        self._images.move_to_end((page, round(scale, 4)))
        while len(self._images) > 1 and self.size_bytes() > self.max_bytes:
            self._images.popitem(last=False)

    def size_bytes(self) -> int:
        return sum(image.sizeInBytes() for image in self._images.values())

    def clear(self) -> None:
        self._images.clear()

    def __len__(self) -> int:
        return len(self._images)
