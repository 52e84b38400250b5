"""PDF reader: text, line boxes and ruled tables through PDFium; pdfplumber as a fallback."""

from __future__ import annotations

import ctypes
import io
import re
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ito_desktop.core.errors import (
    Cancelled,
    CorruptDocument,
    EncryptedDocument,
    InputError,
    NoTextLayer,
    TooLarge,
    UserLimit,
)
from ito_desktop.core.ingest import pdf_plumber
from ito_desktop.core.ingest.base import Limits, ReadResult, check_text_size, file_data
from ito_desktop.core.ingest.ocr import (
    LOW_CONFIDENCE,
    MAX_PIXELS,
    OCR_DPI,
    UNREAD_INK,
    OcrPage,
    OcrUnavailable,
    PageImage,
    recognise_pages,
    to_page_box,
)
from ito_desktop.core.ingest.pdf_guard import check_streams, with_trailer
from ito_desktop.core.ingest.pdf_layout import (
    PageText,
    TextLine,
    build_blocks,
    remove_running_text,
)
from ito_desktop.core.ingest.pdf_tables import Rulings, ToBox, extract_tables, scan_rulings
from ito_desktop.core.model import Block, Box, DocumentFormat, OcrInfo
from ito_desktop.core.progress import CancelToken, ProgressSink

# PDFium is not thread-safe: one document at a time per process.
# PDFium is not thread-safe: every use of it in the app (reading, page rendering) holds this.
PDFIUM_LOCK = threading.Lock()
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ALNUM = re.compile(r"[^\W_]")
_WRAPPED_HYPHEN = re.compile("[-\u00ad\ufffe\u2010\u2011](?=[^\\W\\d_])")
_USELESS_TITLE = re.compile(r"^(?:ex(?:hibit)?|annex|schedule)?[\s.-]*[\d.()a-z-]*$", re.IGNORECASE)
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")


class PdfReader:
    """Reads text PDFs; pages without a text layer are read by OCR (ocr.py)."""

    format = DocumentFormat.PDF
    extensions = (".pdf",)

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
        notes = _check_signature(path, data)
        check_streams(path, data, limits, cancel)
        with PDFIUM_LOCK, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PDFium warns about XFA forms; not the user's problem
            try:
                pdf = pdfium.PdfDocument(data, password=limits.password)
            except pdfium.PdfiumError as error:
                mended = with_trailer(data) if notes else None  # notes: the end is missing
                if mended is None or getattr(error, "err_code", None) != pdfium_c.FPDF_ERR_FORMAT:
                    return self._fallback(path, data, limits, progress, cancel, error)
                try:
                    pdf = pdfium.PdfDocument(mended, password=limits.password)
                except pdfium.PdfiumError:
                    return self._fallback(path, data, limits, progress, cancel, error)
                notes = [
                    f"{path.name} is incomplete (its end is missing, as when a download did "
                    "not finish); only the part that arrived was read"
                ]
            try:
                if not notes and not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(pdf.raw):
                    notes.append(
                        f"{path.name} is damaged (its cross-reference table is broken); it was "
                        "repaired while reading, so check the text against the original"
                    )
                pages, scanned, failed, empty, title = _read_pdfium(
                    pdf, path, limits, progress, cancel
                )
            finally:
                pdf.close()
        started = time.monotonic()
        recognised, engine_trouble = _recognise(path, data, scanned, limits, progress, cancel)
        ocr_seconds = time.monotonic() - started
        if failed:
            notes.append(f"{pages_phrase(failed)} could not be read and {_verb(failed)} left out")
        if empty:
            notes.append(
                f"{pages_phrase(empty)} {_verb(empty, 'shows', 'show')} nothing at all: "
                f"{_verb(empty, 'it is', 'they are')} blank or "
                f"{_verb(empty, 'its', 'their')} content could not be read"
            )
        return _finish(path, pages, scanned, title, notes, recognised, engine_trouble, ocr_seconds)

    def _fallback(
        self,
        path: Path,
        data: bytes,
        limits: Limits,
        progress: ProgressSink,
        cancel: CancelToken,
        error: pdfium.PdfiumError,
    ) -> ReadResult:
        code = getattr(error, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            if limits.password:
                raise EncryptedDocument(
                    f"{path.name} is encrypted (password-protected) and the password supplied "
                    "does not open it.",
                    path=path,
                    password_opens=True,
                ) from None
            raise EncryptedDocument(
                f"{path.name} is encrypted (password-protected); supply the password.",
                path=path,
                password_opens=True,
            ) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedDocument(
                f"{path.name} uses an encryption scheme that cannot be opened.",
                path=path,
                details=str(error),
            ) from None

        def on_page(index: int, count: int) -> None:
            cancel.check()
            progress(index / count, f"Reading page {index + 1} of {count}")

        try:
            pages = pdf_plumber.read_pages(
                io.BytesIO(data), limits.password, limits.max_pages, on_page
            )
        except (Cancelled, InputError):
            raise
        except OverflowError as overflow:
            raise _too_large(path, int(overflow.args[0]), limits) from None
        except Exception as second:
            cut = b"%%EOF" not in data[-2048:]
            raise CorruptDocument(
                f"{path.name} is incomplete (its end is missing, as when a download did not "
                "finish) and cannot be read as a PDF."
                if cut
                else f"{path.name} is damaged and cannot be read as a PDF.",
                path=path,
                details=f"PDFium: {error}; pdfminer: {type(second).__name__}: {second}",
            ) from None
        notes = [f"{path.name} is damaged; it was read with a slower fallback parser"]
        scanned = [page.number for page in pages if not page.lines]
        return _finish(path, pages, scanned, "", notes)


def _recognise(
    path: Path,
    data: bytes,
    scanned: list[int],
    limits: Limits,
    progress: ProgressSink,
    cancel: CancelToken,
) -> tuple[list[OcrPage], str]:
    """OCR of the scanned pages (with the seconds it took), or why the engine could not
    start."""
    if not scanned:
        return [], ""
    if len(scanned) > limits.max_ocr_pages:
        raise TooLarge(
            f"{path.name} has {len(scanned):,} pages without a text layer, over the "
            f"{limits.max_ocr_pages:,}-page limit for reading pages by OCR.",
            path=path,
            limit=UserLimit.OCR_PAGES,
        )
    images = _render_scans(data, limits.password, scanned)
    try:
        return recognise_pages(images, len(scanned), progress, cancel), ""
    except OcrUnavailable as error:
        return [], str(error)


def _render_scans(data: bytes, password: str | None, numbers: list[int]) -> Iterator[PageImage]:
    """Each page as 8-bit grey pixels at OCR_DPI, rendered when the OCR asks for it.

    The lock is held per page only, so the app can show pages while a long scan is read.
    """
    for number in numbers:
        with PDFIUM_LOCK, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pdf = pdfium.PdfDocument(data, password=password)
            try:
                page = pdf[number - 1]
                try:
                    width, height = page.get_size()
                    scale = OCR_DPI / 72.0
                    area = max(width * height, 1.0)
                    if area * scale * scale > MAX_PIXELS:
                        scale = (MAX_PIXELS / area) ** 0.5
                    bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
                    try:
                        image = PageImage(
                            number,
                            bytes(bitmap.buffer),
                            int(bitmap.width),
                            int(bitmap.height),
                            int(bitmap.stride),
                            scale * 72.0,
                        )
                    finally:
                        bitmap.close()
                finally:
                    page.close()
            finally:
                pdf.close()
        yield image


def _finish(
    path: Path,
    pages: list[PageText],
    scanned: list[int],
    title: str,
    notes: list[str],
    recognised: list[OcrPage] | None = None,
    engine_trouble: str = "",
    ocr_seconds: float = 0.0,
) -> ReadResult:
    recognised = recognised or []
    for ocr_page in recognised:
        pages[ocr_page.number - 1] = PageText(
            ocr_page.number, ocr_page.width, ocr_page.height, lines=list(ocr_page.lines)
        )
    why = f" (OCR could not start here: {engine_trouble})" if engine_trouble else ""
    if not any(page.lines for page in pages):
        if recognised:
            raise NoTextLayer(
                f"{path.name} has no text layer (it looks like a scanned image), and OCR found "
                "no text on its pages.",
                path=path,
            )
        raise NoTextLayer(
            f"{path.name} has no text layer: it looks like a scanned image. Run OCR on it "
            f"first{why}.",
            path=path,
            details=engine_trouble,
        )
    if scanned and not recognised:
        notes.append(
            f"{pages_phrase(scanned)} {_verb(scanned, 'has', 'have')} no text layer; "
            f"the PDF looks scanned — run OCR first{why}"
        )
    ocr = ocr_summary(recognised, notes, ocr_seconds)
    remove_running_text(pages)
    blocks = turn_back(build_blocks(pages), recognised)
    return ReadResult(blocks=blocks, pages=len(pages), warnings=notes, title=title, ocr=ocr)


def ocr_summary(
    recognised: list[OcrPage], notes: list[str], seconds: float = 0.0
) -> OcrInfo | None:
    """What OCR did, for the document; its warnings are appended to ``notes``."""
    read = [page for page in recognised if page.lines]
    blank = [page.number for page in recognised if not page.lines]
    if read:
        info = OcrInfo(
            tuple(page.number for page in read),
            tuple(page.confidence for page in read),
            seconds,
            tuple(page.unread for page in read),
        )
        numbers = list(info.pages)
        notes.append(
            f"{pages_phrase(numbers).capitalize()} {_verb(numbers)} read by OCR (mean "
            f"confidence {info.mean_confidence:.2f}); check quotes against the page image"
        )
        low = info.low_pages(LOW_CONFIDENCE)
        if low:
            notes.append(
                f"OCR was unsure of {pages_phrase(low)} (confidence below "
                f"{LOW_CONFIDENCE:.2f}); {_verb(low, 'its', 'their')} text may be wrong in "
                "places"
            )
        unread = info.unread_pages(UNREAD_INK)
        if unread:
            notes.append(
                f"OCR may have missed some text on {pages_phrase(unread)} (ink outside the "
                f"words it read); check {_verb(unread, 'it', 'them')} against the page image"
            )
        turned = [page.number for page in read if page.rotation]
        if turned:
            notes.append(
                f"{pages_phrase(turned).capitalize()} {_verb(turned)} scanned sideways or "
                "upside down and turned for OCR"
            )
    if blank:
        notes.append(
            f"{pages_phrase(blank)} {_verb(blank, 'has', 'have')} no text layer, and OCR "
            f"found no text on {_verb(blank, 'it', 'them')}"
        )
    return info if read else None


def turn_back(blocks: list[Block], recognised: list[OcrPage]) -> list[Block]:
    """Line boxes of pages recognised after turning or straightening them, mapped onto the
    page as shown."""
    turned = {page.number: page for page in recognised if page.rotation or page.skew}
    if not turned:
        return blocks
    return [
        replace(
            block,
            lines=tuple(
                replace(line, box=to_page_box(line.box, turned[line.page]))
                if line.page in turned
                else line
                for line in block.lines
            ),
        )
        for block in blocks
    ]


def _check_signature(path: Path, data: bytes) -> list[str]:
    """Refuse files that are not PDFs; note files whose end is missing (cut downloads)."""
    head, tail = data[:1024], data[-2048:]
    if b"%PDF" not in head:
        raise CorruptDocument(
            f"{path.name} is not a PDF file (it does not start like one).",
            path=path,
            details=f"first bytes: {head[:16]!r}",
        )
    if b"%%EOF" not in tail:
        return [f"{path.name} looks truncated or damaged; some text may be missing"]
    return []


def _too_large(path: Path, count: int, limits: Limits) -> TooLarge:
    return TooLarge(
        f"{path.name} has {count:,} pages, over the {limits.max_pages:,}-page limit.",
        path=path,
        limit=UserLimit.PAGES,
    )


def _read_pdfium(
    pdf: pdfium.PdfDocument,
    path: Path,
    limits: Limits,
    progress: ProgressSink,
    cancel: CancelToken,
) -> tuple[list[PageText], list[int], list[int], list[int], str]:
    """Pages, and the numbers of scanned, unreadable and empty pages, and the title."""
    count = len(pdf)
    if count > limits.max_pages:
        raise _too_large(path, count, limits)
    pages: list[PageText] = []
    table_index = 0
    scanned: list[int] = []
    failed: list[int] = []
    empty: list[int] = []  # no text, no image, no drawing: blank, or a damaged content stream
    chars = 0
    for index in range(count):
        cancel.check()
        progress(index / count, f"Reading page {index + 1} of {count}")
        number = index + 1
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            failed.append(number)
            pages.append(PageText(number, 612.0, 792.0))
            continue
        try:
            rulings = scan_rulings(page)
            if pdfium_c.FPDFPage_CountObjects(page.raw) == 0:
                empty.append(number)
            text_page = page.get_textpage()
            try:
                page_text = _page_text(page, text_page, number)
                if rulings.may_hold_table and page_text.lines:
                    table_index = extract_tables(
                        text_page, rulings, page_text, _box_converter(page), table_index
                    )
            finally:
                text_page.close()
        except pdfium.PdfiumError:
            failed.append(number)
            page_text = PageText(number, 612.0, 792.0)
            rulings = Rulings([], [])
        finally:
            page.close()
        pages.append(page_text)
        chars += sum(len(line.text) + 1 for line in page_text.lines)
        check_text_size(path, chars, limits)
        blank = page_text.lines or not rulings.images or number in failed
        if not blank and _looks_scanned(pdf, index):
            scanned.append(number)
    if not scanned:  # else OCR reports from here on
        progress(1.0, f"Read {count} pages")
    if len(failed) == count:
        raise CorruptDocument(f"{path.name} is damaged: none of its pages can be read.", path=path)
    return pages, scanned, failed, empty, _title(pdf)


# A scan is a picture of the whole page; a logo, a stamp or a signature is not.
SCAN_COVERAGE = 0.5  # share of the page that one image must cover
# ... and it shows something: a scanned or generated blank separator page renders white.
INK_SHARE = 0.002  # share of pixels darker than INK_LEVEL at RENDER_SCALE
INK_LEVEL = 200
# 72 dpi x 0.5: about 300 x 400 pixels for a letter page. At 0.2 PDFium's downsampling of a
# 150-dpi scan loses thin typewriter strokes altogether, and whole scanned contracts were
# taken for blank pages (7 of 26 CUAD PDFs rendered as scans, issue 13).
RENDER_SCALE = 0.5
_DARK = bytes(range(INK_LEVEL))


def _looks_scanned(pdf: pdfium.PdfDocument, index: int) -> bool:
    """A page without text is a scan (worth OCR) if an image covers it and shows some ink."""
    page = pdf[index]
    try:
        left, bottom, right, top = page.get_bbox()
        area = max((right - left) * (top - bottom), 1.0)
        x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
        covered = 0.0
        for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
            obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind in (
                pdfium_c.FPDF_PAGEOBJ_IMAGE,
                pdfium_c.FPDF_PAGEOBJ_FORM,
            ) and pdfium_c.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1):
                width = min(x1.value, right) - max(x0.value, left)
                height = min(y1.value, top) - max(y0.value, bottom)
                covered = max(covered, max(width, 0.0) * max(height, 0.0) / area)
        if covered < SCAN_COVERAGE:
            return False
        return _ink_share(page) >= INK_SHARE
    finally:
        page.close()


def _ink_share(page: pdfium.PdfPage) -> float:
    """The share of the page's pixels that are darker than paper, rendered small and grey."""
    bitmap = page.render(scale=RENDER_SCALE, grayscale=True, may_draw_forms=False)
    try:
        width, height, stride = int(bitmap.width), int(bitmap.height), int(bitmap.stride)
        pixels = bytes(bitmap.buffer)
    finally:
        bitmap.close()
    if width <= 0 or height <= 0:
        return 0.0
    rows = b"".join(pixels[row * stride : row * stride + width] for row in range(height))
    dark = len(rows) - len(rows.translate(None, _DARK))  # the pixels darker than INK_LEVEL
    return dark / (width * height)


def _page_text(page: pdfium.PdfPage, text_page: pdfium.PdfTextPage, number: int) -> PageText:
    left, bottom, right, top = page.get_bbox()
    rotation = page.get_rotation() % 360
    width, height = right - left, top - bottom
    if rotation in (90, 270):
        width, height = height, width
    result = PageText(number, width, height)
    count = pdfium_c.FPDFText_CountChars(text_page)
    if count <= 0:
        return result
    text = text_page.get_text_range(0, count)
    if len(text) != count:
        # The text view and the char list disagree (rare); read char by char instead.
        text = "".join(
            chr(code)
            if 0 < (code := pdfium_c.FPDFText_GetUnicode(text_page, i)) < 0x110000
            else " "
            for i in range(count)
        )
    l_, t_, r_, b_ = (ctypes.c_double() for _ in range(4))
    bbox = (left, bottom, right, top)
    for start, end in _line_ranges(text_page, text):
        piece = text[start:end]
        if not piece.strip():
            continue
        rects = pdfium_c.FPDFText_CountRects(text_page, start, end - start)
        xs: list[float] = []
        ys: list[float] = []
        for i in range(max(rects, 0)):
            if pdfium_c.FPDFText_GetRect(text_page, i, l_, t_, r_, b_):
                xs += (l_.value, r_.value)
                ys += (b_.value, t_.value)
        if xs:
            x0, y0, x1, y1 = _to_top_left(min(xs), min(ys), max(xs), max(ys), bbox, rotation)
            bold, size = _font_facts(text_page, piece, start)
            result.lines.append(TextLine(number, piece, x0, y0, x1, y1, bold, size))
    return result


def _line_ranges(text_page: pdfium.PdfTextPage, text: str) -> list[tuple[int, int]]:
    """Char ranges of printed lines. PDFium breaks lines itself, except after a hyphen at the
    end of a line, where it runs the two lines together: split those where the next letter
    sits below the hyphen and to its left."""
    ranges: list[tuple[int, int]] = []
    start = 0
    for match in [*_LINE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        for hyphen in _WRAPPED_HYPHEN.finditer(text, start, end):
            cut = hyphen.start() + 1
            if _below_left(text_page, cut - 1, cut):
                ranges.append((start, cut))
                start = cut
        ranges.append((start, end))
        start = match.end() if match else len(text)
    return ranges


def _below_left(text_page: pdfium.PdfTextPage, hyphen: int, after: int) -> bool:
    boxes = []
    for index in (hyphen, after):
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        if not pdfium_c.FPDFText_GetCharBox(text_page, index, left, right, bottom, top):
            return False
        boxes.append((left.value, bottom.value, top.value))
    (h_left, h_bottom, _), (n_left, _, n_top) = boxes
    return n_left < h_left and n_top < h_bottom


def _box_converter(page: pdfium.PdfPage) -> ToBox:
    bbox = page.get_bbox()
    rotation = page.get_rotation() % 360

    def to_box(x0: float, y0: float, x1: float, y1: float) -> Box:
        return Box(*_to_top_left(x0, y0, x1, y1, bbox, rotation))

    return to_box


def _to_top_left(
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    bbox: tuple[float, float, float, float],
    rotation: int,
) -> tuple[float, float, float, float]:
    """Convert a PDF-space rectangle to the displayed page: origin top-left, y downwards."""
    left, bottom, right, top = bbox
    width, height = right - left, top - bottom
    corners = []
    for x, y in ((x0, y0), (x1, y1)):
        dx, dy = x - left, top - y  # unrotated, top-left origin
        if rotation == 90:
            dx, dy = height - dy, dx
        elif rotation == 180:
            dx, dy = width - dx, height - dy
        elif rotation == 270:
            dx, dy = dy, width - dx
        corners.append((dx, dy))
    (ax, ay), (bx, by) = corners
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _font_facts(text_page: pdfium.PdfTextPage, piece: str, start: int) -> tuple[bool, float]:
    """Bold when the first and last letters are bold; size of the first letter."""
    first_match = _ALNUM.search(piece)
    if first_match is None:
        return False, 0.0
    last_match = _ALNUM.search(piece[::-1])
    first = start + first_match.start()
    last = start + len(piece) - 1 - (last_match.start() if last_match else 0)
    size = float(pdfium_c.FPDFText_GetFontSize(text_page, first))
    return _is_bold(text_page, first) and _is_bold(text_page, last), size


def _is_bold(text_page: pdfium.PdfTextPage, index: int) -> bool:
    if pdfium_c.FPDFText_GetFontWeight(text_page, index) >= 600:
        return True
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(text_page, index, buffer, 128, flags)
    name = buffer.value.decode("latin-1").casefold() if 0 < length <= 128 else ""
    return any(part in name for part in _BOLD_NAMES)


def _title(pdf: pdfium.PdfDocument) -> str:
    try:
        raw: Any = pdf.get_metadata_value("Title")
    except (pdfium.PdfiumError, ValueError):  # ValueError: UTF-16 with a lone surrogate (fuzz)
        return ""
    title = " ".join(str(raw).split())
    lowered = title.casefold()
    if not 4 <= len(title) <= 150 or sum(char.isalpha() for char in title) < 3:
        return ""
    bad_starts = ("microsoft word", "untitled", "document", "doc")
    bad_ends = (".doc", ".docx", ".pdf", ".htm", ".html", ".rtf", ".tmp", ".wpd")
    if lowered.startswith(bad_starts) or lowered.endswith(bad_ends) or "/" in title:
        return ""
    if _USELESS_TITLE.match(title):
        return ""
    return title


def _verb(pages: list[int], one: str = "was", many: str = "were") -> str:
    return one if len(pages) == 1 else many


# More page ranges than this, and a warning names a few of them and counts the rest: a
# 1,500-page file once listed two hundred numbers over eleven lines above the contract.
MOST_RANGES = 8
EXAMPLE_RANGES = 3


def pages_phrase(pages: list[int]) -> str:
    """``[3, 4, 5, 9]`` -> ``"pages 3-5, 9"``; a long list -> ``"212 pages (e.g. 9, 11, …)"``."""
    ranges: list[str] = []
    run_start = previous = pages[0]
    for number in [*pages[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        ranges.append(str(run_start) if run_start == previous else f"{run_start}-{previous}")
        if number is not None:
            run_start = previous = number
    word = "page" if len(pages) == 1 else "pages"
    if len(ranges) > MOST_RANGES:
        return f"{len(pages):,} pages (e.g. {', '.join(ranges[:EXAMPLE_RANGES])}, …)"
    return f"{word} {', '.join(ranges)}"
