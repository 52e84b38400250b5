"""Measure end-to-end review speed and peak memory on a 100-page PDF and a 2,000-paragraph DOCX.

Run from the project root: ``python -m benchmarks.speed [--runs 5]``. The inputs are built in a
temporary folder from our own sample contract (resources/samples). Every measurement runs in a
fresh process so its peak memory is its own. Needs a POSIX system (os.wait4 for child rusage).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = PROJECT_ROOT / "resources" / "samples"
TARGET_PDF_SECONDS = 2.0  # median end-to-end review of a 100-page PDF
TARGET_PEAK_MB = 400.0


@dataclass(frozen=True, slots=True)
class Measurement:
    """Timings of one measurement and the peak resident memory of the process that ran it."""

    label: str
    seconds: tuple[float, ...]
    peak_mb: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def build_pdf(sample: Path, pages: int, out: Path) -> Path:
    """A PDF of ``pages`` pages: the sample's pages imported again and again."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(sample)
    target = pdfium.PdfDocument.new()
    try:
        while len(target) < pages:
            count = min(len(source), pages - len(target))
            target.import_pages(source, list(range(count)))
        target.save(out)
    finally:
        target.close()
        source.close()
    return out


def build_docx(sample: Path, paragraphs: int, out: Path) -> Path:
    """A DOCX of at least ``paragraphs`` paragraphs: the sample's body repeated.

    Copies keep their numbering properties, so automatic numbering runs on through the copies
    as it would in a long real contract.
    """
    import docx

    document = docx.Document(str(sample))
    body = document.element.body
    blocks = [child for child in body if not child.tag.endswith("}sectPr")]
    section = body[-1] if body[-1].tag.endswith("}sectPr") else None
    count = len(document.paragraphs)
    while count < paragraphs:
        for block in blocks:
            clone = copy.deepcopy(block)
            if section is not None:
                section.addprevious(clone)
            else:
                body.append(clone)
            count += clone.tag.endswith("}p")
            if count >= paragraphs:
                break
    document.save(str(out))
    return out


def _peak_mb(rusage_maxrss: int) -> float:
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    return rusage_maxrss / (1 << 20) if sys.platform == "darwin" else rusage_maxrss / 1024


def run_child(command: Sequence[str]) -> tuple[str, float, float]:
    """Run ``command``; its stdout, wall seconds and peak resident memory in MB."""
    started = time.perf_counter()
    # Files rather than pipes: nothing is read until the child has been reaped by wait4.
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=output, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # 1 = analysed and a --fail-on condition held
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise RuntimeError(f"{' '.join(command)} failed ({code}): {message}")
        output.seek(0)
        return output.read().decode(), seconds, _peak_mb(usage.ru_maxrss)


def measure_in_process(kind: str, path: Path, runs: int, label: str) -> Measurement:
    """``kind`` ('review' or 'extract') ``runs`` times in one fresh process."""
    command = [sys.executable, "-m", "benchmarks.speed", "--child", kind, str(path)]
    stdout, _, peak = run_child([*command, "--runs", str(runs)])
    return Measurement(label=label, seconds=tuple(json.loads(stdout)), peak_mb=peak)


def measure_cli(path: Path, runs: int, label: str) -> Measurement:
    """``ito-review analyze FILE --format json`` from cold, ``runs`` times."""
    script = Path(sys.executable).with_name("ito-review")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "ito_desktop.cli.main"]
    command = [*base, "analyze", str(path), "--format", "json", "--no-user-library"]
    times, peaks = [], []
    for _ in range(runs):
        _, seconds, peak = run_child(command)
        times.append(seconds)
        peaks.append(peak)
    return Measurement(label=label, seconds=tuple(times), peak_mb=max(peaks))


def child(kind: str, path: Path, runs: int) -> list[float]:
    """The body of a measuring process: timings of ``runs`` repetitions after warm-up imports."""
    if kind == "extract":
        return [_time(lambda: _extract_text(path)) for _ in range(runs)]
    from ito_desktop.core.library.loader import load_library
    from ito_desktop.core.review import ReviewOptions, review

    library = load_library(include_user_layer=False)
    # "review-library": the library's signals alone, to show what the learned scorer costs.
    options = ReviewOptions(text_model=None) if kind == "review-library" else ReviewOptions()
    from ito_desktop.core.matching import learned
    from ito_desktop.core.rules import params

    def fresh() -> object:
        # Each run as for a contract not seen before: no memoised words or sentences.
        learned._hashed.cache_clear()
        params._with_digits.cache_clear()
        return review(path, library, options)

    return [_time(fresh) for _ in range(runs)]


def _extract_text(path: Path) -> int:
    """pypdfium2 alone: open, get every page's text, close; returns the characters read."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        total = 0
        for page in document:
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
        return total
    finally:
        document.close()


def _time(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def render(measurements: Sequence[Measurement]) -> str:
    width = max(len(m.label) for m in measurements)
    lines = [f"{'measurement':<{width}}  median s   min s   max s  peak MB"]
    for m in measurements:
        lines.append(
            f"{m.label:<{width}}  {m.median:8.3f}  {min(m.seconds):6.3f}  {max(m.seconds):6.3f}"
            f"  {m.peak_mb:7.0f}"
        )
    return "\n".join(lines)


def verdicts(pdf_review: Measurement, pdf_cli: Measurement) -> list[str]:
    """The issue's targets with PASS / FAIL."""
    peak = max(pdf_review.peak_mb, pdf_cli.peak_mb)
    return [
        f"100-page PDF review() median {pdf_review.median:.2f} s < {TARGET_PDF_SECONDS:.0f} s: "
        + ("PASS" if pdf_review.median < TARGET_PDF_SECONDS else "FAIL"),
        f"100-page PDF peak memory {peak:.0f} MB < {TARGET_PEAK_MB:.0f} MB: "
        + ("PASS" if peak < TARGET_PEAK_MB else "FAIL"),
    ]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measurement")
    parser.add_argument("--pages", type=int, default=100, help="pages of the test PDF")
    parser.add_argument("--paragraphs", type=int, default=2000, help="paragraphs of the DOCX")
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="folder of sample_msa.*")
    parser.add_argument("--keep", type=Path, help="also copy the built inputs to this folder")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), args.runs)))
        return 0
    pdf_sample, docx_sample = args.samples / "sample_msa.pdf", args.samples / "sample_msa.docx"
    for sample in (pdf_sample, docx_sample):
        if not sample.is_file():
            print(f"sample contract not found: {sample}", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as folder:
        pdf = build_pdf(pdf_sample, args.pages, Path(folder) / f"long_{args.pages}p.pdf")
        docx = build_docx(docx_sample, args.paragraphs, Path(folder) / "long.docx")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for built in (pdf, docx):
                shutil.copy2(built, args.keep / built.name)
        pdf_name, docx_name = f"{args.pages}-page PDF", f"{args.paragraphs}-paragraph DOCX"
        pdf_review = measure_in_process("review", pdf, args.runs, f"review() {pdf_name}")
        pdf_cli = measure_cli(pdf, args.runs, f"ito-review analyze {pdf_name} (cold)")
        measurements = [
            pdf_review,
            pdf_cli,
            measure_in_process(
                "review-library", pdf, args.runs, f"review() {pdf_name}, library signals alone"
            ),
            measure_in_process("extract", pdf, args.runs, f"pypdfium2 text only, {pdf_name}"),
            measure_in_process("review", docx, args.runs, f"review() {docx_name}"),
            measure_cli(docx, args.runs, f"ito-review analyze {docx_name} (cold)"),
        ]
    print(render(measurements))
    print()
    print("\n".join(verdicts(pdf_review, pdf_cli)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
