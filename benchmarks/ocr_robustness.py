"""How OCR and the review hold up on skewed scans and photos of pages (issue 13).

Used by ``python -m benchmarks.ocr robustness``. A few pages of the sample contract are rendered
at 300 dpi to grey images and changed deterministically (no randomness): turned by 1, 2 and 4
degrees, or made into a "photo" of the page (a mild perspective warp, uneven lighting, a slight
blur, 150 dpi, JPEG quality 70), then one tilted more at 110 dpi and one with a darker corner.
Last, the lower half of each page is covered in noise (35 % of its pixels black, seeded) so
that OCR cannot read it. Each page image is read by the app's own image reader and its text
compared with the born-digital page's text (character error rate: normalised Levenshtein
distance on whitespace-normalised text); the pages together, as an image-only PDF, are
reviewed and the findings compared with the born-digital review's, the share of each page's
ink left unread and the warnings noted, and the time spent recognising and, within it, on the
tilt and the unread ink, timed.

Needs Pillow (installed with pdfplumber and fpdf2; the OCR itself does not use it).
"""

from __future__ import annotations

import contextlib
import io
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from benchmarks.scanned import images_pdf
from ito_desktop.core.ingest import ocr as engine
from ito_desktop.core.ingest.base import read_blocks
from ito_desktop.core.ingest.image_reader import ImageReader
from ito_desktop.core.ingest.ocr import LOW_CONFIDENCE, UNREAD_INK
from ito_desktop.core.ingest.pdf_reader import PdfReader
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.status import Status

DPI = 300.0
# The first quote of a finding "still matches" when it is this similar (rapidfuzz ratio, 0-100)
# to the born-digital one: OCR may change a character or two of the same passage.
SAME_QUOTE = 90.0


@dataclass(frozen=True)
class Variant:
    name: str
    make: Callable[[Image.Image], Image.Image]
    dpi: float  # resolution of the image made
    suffix: str  # the file the app is given: ".png" or ".jpg"


def skewed(degrees: float) -> Callable[[Image.Image], Image.Image]:
    def make(page: Image.Image) -> Image.Image:
        # Counter-clockwise, as a page laid crooked on the glass; corners filled with white.
        return page.rotate(degrees, Image.Resampling.BICUBIC, expand=True, fillcolor=255)

    return make


def photographed(
    tilt: float, shade: float, blur: float, dpi: float
) -> Callable[[Image.Image], Image.Image]:
    """The page as a phone might photograph it: seen slightly from below (the top edge
    ``2 * tilt`` narrower and the page ``tilt`` shorter, as fractions), lit from the top left
    (the bottom right corner at ``1 - shade`` of the light), out of focus by a Gaussian blur of
    ``blur`` pixels (at 300 dpi), and resampled to ``dpi``."""

    def make(page: Image.Image) -> Image.Image:
        width, height = page.size
        inset, drop = tilt * width, tilt * height
        # Where the page's corners land in the photo (top-left, top-right, bottom-right,
        # bottom-left).
        corners = [(inset, drop), (width - inset, drop), (width, height), (0, height)]
        page_corners = [(0, 0), (width, 0), (width, height), (0, height)]
        warped = page.transform(
            page.size,
            Image.Transform.PERSPECTIVE,
            _perspective(corners, page_corners),
            Image.Resampling.BICUBIC,
            fillcolor=255,
        )
        y, x = np.mgrid[0:height, 0:width]
        light = 1.0 - shade * (x / width + y / height) / 2
        lit = Image.fromarray((np.asarray(warped, dtype=np.float32) * light).astype(np.uint8))
        blurred = lit.filter(ImageFilter.GaussianBlur(blur))
        size = (round(width * dpi / DPI), round(height * dpi / DPI))
        return blurred.resize(size, Image.Resampling.LANCZOS)

    return make


def _perspective(
    out: Sequence[tuple[float, float]], source: Sequence[tuple[float, float]]
) -> tuple[float, ...]:
    """Pillow's eight PERSPECTIVE coefficients taking each point of ``out`` to ``source``."""
    rows, values = [], []
    for (x, y), (u, v) in zip(out, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    return tuple(float(c) for c in np.linalg.solve(np.array(rows), np.array(values)))


def noisy(share: float) -> Callable[[Image.Image], Image.Image]:
    """The page with ``share`` of the pixels of its lower half black (seeded noise)."""

    def make(page: Image.Image) -> Image.Image:
        pixels = np.asarray(page).copy()
        lower = pixels[pixels.shape[0] // 2 :]
        lower[np.random.default_rng(0).random(lower.shape) < share] = 0
        return Image.fromarray(pixels)

    return make


VARIANTS = (
    Variant("scan 300 dpi", lambda page: page, DPI, ".png"),
    Variant("skew 1°", skewed(1), DPI, ".png"),
    Variant("skew 2°", skewed(2), DPI, ".png"),
    Variant("skew 4°", skewed(4), DPI, ".png"),
    Variant("photo: mild", photographed(0.03, 0.4, 1.0, 150.0), 150.0, ".jpg"),
    Variant("photo: tilted more, 110 dpi", photographed(0.06, 0.4, 1.5, 110.0), 110.0, ".jpg"),
    Variant("photo: dark corner (35 %)", photographed(0.03, 0.65, 1.0, 150.0), 150.0, ".jpg"),
    Variant("noise over the lower half", noisy(0.35), DPI, ".png"),
)


@dataclass(frozen=True)
class Outcome:
    variant: str
    cer: tuple[float, ...]  # per page
    confidence: tuple[float, ...]  # per page, as the reader reports it
    low_pages: tuple[int, ...]  # pages of the reviewed scan read below LOW_CONFIDENCE
    warned: bool  # the review's warnings say OCR was unsure of some page
    present_kept: int
    quotes_kept: int
    # of the review of the image-only PDF, per page:
    unread: tuple[float | None, ...] = ()  # share of the ink outside the words read
    missed: bool = False  # the warnings say OCR may have missed text on some page
    seconds: float = 0.0  # seconds recognising (wall time, two threads)
    added: float = 0.0  # seconds in the tilt and unread-ink steps (summed over threads)


class _Timed:
    """Seconds spent in some functions of a module, summed over the threads calling them."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def timing(self, module: object, names: Sequence[str]) -> Iterator[None]:
        originals = {name: getattr(module, name) for name in names}
        for name, function in originals.items():
            setattr(module, name, self._wrap(function))
        try:
            yield
        finally:
            for name, function in originals.items():
                setattr(module, name, function)

    def _wrap(self, function: Callable[..., object]) -> Callable[..., object]:
        def timed(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                with self._lock:
                    self.seconds += time.perf_counter() - started

        return timed


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _encode(image: Image.Image, suffix: str) -> bytes:
    buffer = io.BytesIO()
    if suffix == ".jpg":
        image.save(buffer, "JPEG", quality=70)
    else:
        image.save(buffer, "PNG")
    return buffer.getvalue()


def _present(result: ReviewResult) -> dict[str, str]:
    """The present findings of a review and each one's first quote."""
    return {
        f.clause_id: _normalised(f.evidence[0].text) if f.evidence else ""
        for f in result.findings
        if f.status is Status.PRESENT
    }


def measure(sample: Path, pages: Sequence[int], folder: Path) -> tuple[int, list[Outcome]]:
    """The born-digital review's present findings, and each variant's outcome."""
    source = pdfium.PdfDocument(str(sample))
    try:
        digital = pdfium.PdfDocument.new()
        digital.import_pages(source, list(pages))
        born = folder / "born-digital.pdf"
        with born.open("wb") as out:
            digital.save(out)
        digital.close()
        references, images = [], []
        for index in pages:
            one = pdfium.PdfDocument.new()
            one.import_pages(source, [index])
            page_pdf = folder / f"page-{index + 1}.pdf"
            with page_pdf.open("wb") as out:
                one.save(out)
            one.close()
            references.append(_normalised(read_blocks(PdfReader(), page_pdf).text))
            bitmap = source[index].render(scale=DPI / 72.0, grayscale=True)
            images.append(bitmap.to_pil().convert("L"))
            bitmap.close()
    finally:
        source.close()
    expected = _present(review(born))
    outcomes: list[Outcome] = []
    for variant in VARIANTS:
        made = [variant.make(image) for image in images]
        cer, confidence = [], []
        for number, (image, reference) in enumerate(zip(made, references, strict=True)):
            file = folder / f"variant{len(outcomes)}-page{number}{variant.suffix}"
            file.write_bytes(_encode(image, variant.suffix))
            document = read_blocks(ImageReader(), file)
            assert document.ocr is not None
            confidence.append(document.ocr.mean_confidence)
            cer.append(Levenshtein.normalized_distance(reference, _normalised(document.text)))
        # The image-only PDF holds the same encoded pixels (a photo stays a JPEG's pixels).
        decoded = [Image.open(io.BytesIO(_encode(i, variant.suffix))).convert("L") for i in made]
        scan = folder / f"scan-{len(outcomes)}.pdf"
        scan.write_bytes(images_pdf(decoded, variant.dpi))
        timer = _Timed()
        with timer.timing(engine, ("_skew", "straighten_box", "ink_cells", "unread_share")):
            result = review(scan)
        got = _present(result)
        kept = [c for c in expected if c in got]
        quotes = [c for c in kept if fuzz.ratio(expected[c], got[c]) >= SAME_QUOTE]
        ocr = result.document.ocr
        low = tuple(ocr.low_pages(LOW_CONFIDENCE)) if ocr else ()
        unread = ocr.unread if ocr else ()
        seconds = ocr.seconds / len(pages) if ocr else 0.0
        warned = any("OCR was unsure" in w for w in result.document.warnings)
        missed = any("OCR may have missed" in w for w in result.document.warnings)
        outcomes.append(
            Outcome(
                variant.name,
                tuple(cer),
                tuple(confidence),
                low,
                warned,
                len(kept),
                len(quotes),
                tuple(unread),
                missed,
                seconds,
                timer.seconds / len(pages),
            )
        )
    return len(expected), outcomes


def run(sample: Path, pages: Sequence[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        present, outcomes = measure(sample, pages, Path(folder))
    shown = ", ".join(str(p + 1) for p in pages)
    print(f"sample pages {shown}; born-digital review: {present} present findings")
    print(
        "| variant | character errors (mean; worst page) | mean confidence (lowest page) "
        "| present findings kept | first quote same | pages < 0.80 (warned) "
        f"| ink unread, worst page (warned > {UNREAD_INK:.2f}) "
        "| OCR s/page, wall (tilt + ink steps, ms/page) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for o in outcomes:
        print(
            f"| {o.variant} | {100 * statistics.mean(o.cer):.1f} %; {100 * max(o.cer):.1f} % "
            f"| {statistics.mean(o.confidence):.2f} ({min(o.confidence):.2f}) "
            f"| {o.present_kept} of {present} | {o.quotes_kept} of {o.present_kept} "
            f"| {len(o.low_pages)} ({'yes' if o.warned else 'no'}) "
            f"| {max((u for u in o.unread if u is not None), default=0.0):.2f} "
            f"({'yes' if o.missed else 'no'}) "
            f"| {o.seconds:.2f} ({1000 * o.added:.0f}) |"
        )
