"""Memory of a long scan (issue 13): a 300-page image-only PDF reviewed end to end.

Used by ``python -m benchmarks.ocr memory``. The sample contract's pages, over and over, are
rendered at ``dpi`` into an image-only PDF (no text layer; built once into ``--folder`` and
reused). A fresh Python process then reviews it through the command line's own entry point
(``ito-review analyze --format json``), and records, each time a page has been recognised,
the process's resident memory and its high-water mark (``VmRSS`` / ``VmHWM`` in
``/proc/self/status``, Linux), and the high-water mark of the whole run at its end. Pages are
recognised one at a time per OCR worker, so the high-water mark should stop growing after the
first pages.

The scan is built in a process of its own: the rendered pages take about 2 MB each until the
PDF is saved, and ``getrusage``'s ``ru_maxrss`` of a child keeps its parent's resident size at
``fork`` across ``exec`` (a first version reported 711 MB for a run whose ``VmHWM`` was 318 MB).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.scanned import image_only_pdf

CHECKPOINTS = (1, 10, 50, 100, 200, 300)


def run(sample: Path, pages: int, dpi: float, folder: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="ocr-memory-") as temporary:
        where = folder or Path(temporary)
        where.mkdir(parents=True, exist_ok=True)
        scan = where / f"scan-{pages}p-{dpi:g}dpi.pdf"
        if not scan.exists():
            started = time.perf_counter()
            _python("build", str(sample), str(pages), str(dpi), str(scan))
            print(
                f"built {scan} ({pages} pages, {scan.stat().st_size / 1e6:.1f} MB) in "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )
        output = _python("review", str(scan), str(where / "out.json"))
        _report(json.loads(output.splitlines()[-1]), pages)


def _python(*args: str) -> str:
    """This module run in a new Python process with ``args``; what it printed."""
    command = [sys.executable, "-m", "benchmarks.ocr_memory", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _build(sample: Path, pages: int, dpi: float, scan: Path) -> None:
    count = _page_count(sample)
    scan.write_bytes(image_only_pdf(sample, dpi, pages=[n % count for n in range(pages)]))


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def _memory() -> tuple[int, int]:
    """This process's resident memory and its high-water mark, in kB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields["VmRSS"], fields["VmHWM"]


def _child(scan: Path, output: Path) -> None:
    """Review ``scan`` with the CLI's ``main``, recording memory as each page is recognised;
    print the records as one JSON line."""
    from ito_desktop.cli import main as cli
    from ito_desktop.cli.progress_bar import OcrProgress

    records: list[tuple[int, float, int, int]] = []  # pages done, time, VmRSS, VmHWM
    started = time.monotonic()

    class RecordingProgress(OcrProgress):
        def __call__(self, fraction: float, message: str) -> None:
            if message.endswith("(OCR)"):
                words = message.split()
                # "Recognising page N of T (OCR)": N - 1 done; "Recognised T pages (OCR)"
                done = int(words[2]) - 1 if words[0] == "Recognising" else int(words[1])
                records.append((done, time.monotonic() - started, *_memory()))
            super().__call__(fraction, message)

    cli.OcrProgress = RecordingProgress  # type: ignore[attr-defined]
    flags = ["--defaults", "--max-ocr-pages", "100000", "--format", "json", "--force"]
    code = cli.main(["analyze", str(scan), *flags, "-o", str(output)])
    findings = json.loads(output.read_text())["findings"]
    peak_kb = _memory()[1]
    print(
        json.dumps(
            {
                "exit": code,
                "records": records,
                "peak_kb": peak_kb,
                "seconds": time.monotonic() - started,
                "findings": len(findings),
            }
        )
    )


def _report(result: dict[str, object], pages: int) -> None:
    records = [tuple(r) for r in result["records"]]  # type: ignore[attr-defined]
    print(f"exit code {result['exit']}, {result['findings']} findings")
    print("pages recognised  VmRSS MB  VmHWM MB  seconds")
    for done, at, rss, hwm in records:
        if done in CHECKPOINTS or done == pages or done == 0:
            print(f"{done:>16}  {rss / 1024:>8.0f}  {hwm / 1024:>8.0f}  {at:>7.0f}")
    times = {done: at for done, at, _, _ in records}
    # Two workers finish pages in pairs: the gap between two pages done is 0 or twice the
    # time a page takes; the mean over each run of 10 pages is not.
    tens = [(times[n] - times[n - 10]) / 10 for n in range(10, pages + 1, 10) if n - 10 in times]
    ocr_wall = times.get(pages, 0.0) - times.get(0, 0.0)
    print(
        f"median {statistics.median(tens):.2f} s/page over runs of 10 pages (both cores); "
        f"OCR {ocr_wall:.0f} s for {pages} pages = {ocr_wall / pages:.2f} s/page; whole run "
        f"{result['seconds']:.0f} s; peak RSS of the whole run (VmHWM at its end) "
        f"{int(result['peak_kb']) / 1024:.0f} MB"  # type: ignore[call-overload]
    )


if __name__ == "__main__":
    if sys.argv[1] == "build":
        _build(Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), Path(sys.argv[5]))
    else:
        _child(Path(sys.argv[2]), Path(sys.argv[3]))
