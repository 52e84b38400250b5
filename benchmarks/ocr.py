"""OCR benchmarks (issue 13): speed on these machines, and accuracy of reviews of scans.

Run from the project root (numbers and the machine in docs/ocr.md)::

    python -m benchmarks.ocr speed [--pages 18] [--repeat 3]
    nice -n 19 python -m benchmarks.ocr accuracy [--every 5] [--dpi 150]
    nice -n 19 python -m benchmarks.ocr robustness [--pages 10-13]
    python -m benchmarks.ocr memory [--pages 300] [--folder DIR]

``speed`` renders the sample contract's first ``--pages`` pages to an image-only PDF at
150 dpi (no text layer) and reads it ``--repeat`` times, printing the wall time and seconds
per page (both cores: the reader runs two OCR threads). ``accuracy`` does the same to the CUAD
PDFs of the shared corpus -- every ``--every``-th one in name order (``--every 1``: all 127)
-- and scores the reviews of the scans against those of the born-digital PDFs with the
accuracy benchmark's own scoring (macro-F1, evidence hit). ``robustness`` reads skewed and
photographed sample pages (``benchmarks/ocr_robustness.py``). ``memory`` reviews a
``--pages``-page scan with the CLI and prints its memory as the pages are recognised
(``benchmarks/ocr_memory.py``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from benchmarks.accuracy import DEFAULT_CORPUS, evaluate_set
from benchmarks.labels import LabelSet, load_cuad
from benchmarks.report import render_report
from benchmarks.scanned import image_only_pdf
from ito_desktop.core.ingest.base import Limits
from ito_desktop.core.ingest.registry import read_document

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT_ROOT / "resources" / "samples" / "sample_msa.pdf"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def speed(pages: int, repeat: int, dpi: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        scan = Path(folder) / f"scan-{pages}.pdf"
        scan.write_bytes(image_only_pdf(SAMPLE, dpi, pages=range(pages)))
        per_page: list[float] = []
        for run in range(repeat):
            started = time.perf_counter()
            document = read_document(scan, Limits(max_seconds=3600))
            wall = time.perf_counter() - started
            assert document.ocr is not None
            assert len(document.ocr.pages) == pages
            per_page.append(wall / pages)
            print(
                f"run {run + 1}: {pages} pages in {wall:.1f} s = {wall / pages:.2f} s/page "
                f"(OCR {document.ocr.seconds:.1f} s, mean confidence "
                f"{document.ocr.mean_confidence:.2f}; load average {_load()})"
            )
        print(f"median {statistics.median(per_page):.2f} s/page over {repeat} runs")


def accuracy(corpus: Path, every: int, dpi: float, jobs: int, timeout: int) -> None:
    born = load_cuad(corpus, pdf=True)
    chosen = born.cases[::every]
    print(f"{len(chosen)} of {len(born.cases)} CUAD PDFs (every {every}, name order)")
    args = argparse.Namespace(
        jobs=jobs, timeout=timeout, max_memory_mb=3072, cv=None, no_model=False
    )
    with tempfile.TemporaryDirectory() as folder:
        scanned = []
        pages = 0
        started = time.perf_counter()
        for case in chosen:
            target = Path(folder) / case.path.name
            target.write_bytes(image_only_pdf(case.path, dpi))
            scanned.append(replace(case, path=target))
        print(f"rendered in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        digital = LabelSet("cuad-pdf (born-digital)", born.ids, tuple(chosen))
        scans = LabelSet(f"cuad-pdf scanned at {dpi:g} dpi", born.ids, tuple(scanned))
        reports = []
        for label_set in (digital, scans):
            report, results = evaluate_set(label_set, args)
            reports.append(report)
            print(render_report(report, True), end="\n\n")
            if label_set is scans:
                pages = sum(_pages(r.path) for r in results if not r.error)
        a, b = (r.review for r in reports)
        print(
            f"macro-F1 {a.macro_f1:.3f} -> {b.macro_f1:.3f}; evidence hit "
            f"{a.mean_evidence_hit:.3f} -> {b.mean_evidence_hit:.3f}; scans: {pages} pages, "
            f"review {sum(reports[1].review_seconds):.0f} s "
            f"({sum(reports[1].review_seconds) / max(pages, 1):.2f} s/page); "
            f"load average {_load()}"
        )


def _pages(path: str) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("speed", help="seconds per page on an image-only sample scan")
    run.add_argument("--pages", type=int, default=18)
    run.add_argument("--repeat", type=int, default=3)
    run.add_argument("--dpi", type=float, default=150.0, help="resolution of the scan")
    acc = commands.add_parser("accuracy", help="reviews of scanned CUAD PDFs vs the originals")
    acc.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    acc.add_argument("--every", type=int, default=5, help="every N-th PDF in name order")
    acc.add_argument("--dpi", type=float, default=150.0, help="resolution of the scans")
    acc.add_argument("--jobs", type=int, default=1, help="processes (each runs 2 OCR threads)")
    acc.add_argument("--timeout", type=int, default=900, help="seconds allowed per file")
    rob = commands.add_parser("robustness", help="skewed scans and photos of sample pages")
    rob.add_argument("--pages", default="10-13", help="sample pages, 1-based: FIRST-LAST")
    mem = commands.add_parser("memory", help="peak memory of a long scan, page by page")
    mem.add_argument("--pages", type=int, default=300)
    mem.add_argument("--dpi", type=float, default=150.0, help="resolution of the scan")
    mem.add_argument("--folder", type=Path, help="keep the scan here (built once, reused)")
    args = parser.parse_args(argv)
    if args.command == "speed":
        speed(args.pages, args.repeat, args.dpi)
    elif args.command == "robustness":
        from benchmarks.ocr_robustness import run as robustness  # imports Pillow

        first, _, last = args.pages.partition("-")
        robustness(SAMPLE, range(int(first) - 1, int(last or first)))
    elif args.command == "memory":
        from benchmarks.ocr_memory import run as memory

        memory(SAMPLE, args.pages, args.dpi, args.folder)
    else:
        accuracy(args.corpus, args.every, args.dpi, args.jobs, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
