"""``ito-review batch``: a folder of contracts, one row each, failures reported, summary."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest

from ito_desktop.cli.batch import find_contracts
from ito_desktop.cli.main import main
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.review import review
from ito_desktop.export.portfolio_rows import portfolio_row
from tests.cli.interrupt import TAKES_CTRL_C
from tests.conftest import SAMPLES

SMALL_CONTRACT = """SERVICES AGREEMENT

1. Governing Law

This Agreement is governed by the laws of England and Wales.

2. Termination for convenience

Supplier may terminate this Agreement for convenience on thirty (30) days' notice.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The sample DOCX, a TXT in a subfolder, a corrupt PDF, and files that are not contracts."""
    root = tmp_path / "contracts"
    (root / "sub").mkdir(parents=True)
    shutil.copyfile(SAMPLES / "sample_msa.docx", root / "b_sample.docx")
    (root / "sub" / "a_small.txt").write_text(SMALL_CONTRACT, encoding="utf-8")
    (root / "c_broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    (root / "notes.rtf").write_text("{\\rtf1 not a contract}", encoding="utf-8")
    (root / "~$b_sample.docx").write_bytes(b"lock")
    return root


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_find_contracts_recursive_sorted(folder: Path) -> None:
    found = [p.relative_to(folder).as_posix() for p in find_contracts(folder)]
    assert found == ["b_sample.docx", "c_broken.pdf", "sub/a_small.txt"]


def test_batch_csv_one_row_per_contract(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "portfolio.csv"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "2", "--no-user-library"]) == 0
    rows = _csv_rows(out)
    assert [row["File"] for row in rows] == ["b_sample.docx", "c_broken.pdf", "sub/a_small.txt"]
    assert [row["Status"] for row in rows] == ["ok", "error", "ok"]
    assert "c_broken.pdf" in rows[1]["Error"]
    assert rows[1]["governing_law"] == ""
    library = load_library(include_user_layer=False)
    assert list(rows[0])[8:-1] == [entry.id for entry in library.entries]
    expected = portfolio_row("b_sample.docx", review(folder / "b_sample.docx", library), 0)
    assert {key: rows[0][key] for key in expected.cells} == expected.cells
    assert rows[0]["termination_for_convenience"] == "present (risk: high)"
    assert rows[2]["termination_for_convenience"].startswith("present (risk: ")
    assert rows[2]["insurance"] == "missing"
    err = capsys.readouterr().err
    assert "Reviewing 3 contracts" in err
    assert "3/3 (100%)" in err  # plain progress lines: stderr is not a terminal here
    assert "Reviewed 3 files in" in err
    assert "2 ok, 1 failed" in err
    assert "Slowest: " in err
    assert "failed: c_broken.pdf:" in err


def test_batch_xlsx(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "portfolio.xlsx"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "1", "--no-user-library"]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Portfolio", "Clauses", "Summary"]
    sheet = book["Portfolio"]
    assert sheet.max_row == 4
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4)] == ["ok", "error", "ok"]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref
    header = [cell.value for cell in sheet[1]]
    tfc = header.index("termination_for_convenience") + 1
    assert sheet.cell(row=2, column=tfc).value == "present (risk: high)"
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=3)}
    assert summary["Files"] == 3
    assert summary["Failed"] == 1
    assert summary["Slowest file"].endswith(" s)")


def test_usage_errors_exit_2(folder: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "portfolio.csv"
    assert main(["batch", str(tmp_path / "nowhere"), "-o", str(out)]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.md").write_text("no contracts", encoding="utf-8")
    assert main(["batch", str(empty), "-o", str(out)]) == 2
    assert main(["batch", str(folder), "-o", str(tmp_path / "portfolio.json")]) == 2
    out.write_text("keep", encoding="utf-8")
    assert main(["batch", str(folder), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep"
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        f"ito-review: error: {tmp_path / 'nowhere'}: no such folder.",
        f"ito-review: error: {empty}: no DOCX, PDF, TXT or scanned image files in this folder.",
        "ito-review: error: portfolio.json: the portfolio must be a .xlsx or .csv file.",
        "ito-review: error: portfolio.csv: the file already exists; use --force to overwrite it.",
    ]


def test_ctrl_c_cancels_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        shutil.copyfile(SAMPLES / "sample_msa.docx", folder / f"contract_{n:02d}.docx")
    out = tmp_path / "portfolio.xlsx"
    with subprocess.Popen(
        [sys.executable, "-m", "ito_desktop.cli.main", "batch", str(folder), "-o", str(out),
         "--jobs", "2", "--no-user-library"],
        stderr=subprocess.PIPE, text=True, preexec_fn=TAKES_CTRL_C,
    ) as proc:
        assert proc.stderr is not None
        first = proc.stderr.readline()  # "Reviewing 40 contracts ..." once the batch started
        assert first.startswith("Reviewing 40 contracts")
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        assert proc.wait(timeout=60) == 2
    assert "batch cancelled after" in rest
    assert "nothing was written" in rest
    assert "Traceback" not in rest
    assert not out.exists()
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".portfolio")]
    assert leftovers == []


@pytest.mark.corpus
def test_rows_match_single_reviews(corpus_dir: Path, tmp_path: Path) -> None:
    """A few real CUAD contracts: each batch row is what reviewing that file alone gives."""
    texts = sorted((corpus_dir / "cuad" / "txt").glob("*.txt"), key=lambda p: p.stat().st_size)
    folder = tmp_path / "cuad"
    folder.mkdir()
    picked = texts[:3]
    for path in picked:
        shutil.copyfile(path, folder / path.name)
    out = tmp_path / "portfolio.csv"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "2", "--no-user-library"]) == 0
    library = load_library(include_user_layer=False)
    rows = {row["File"]: row for row in _csv_rows(out)}
    assert set(rows) == {path.name for path in picked}
    for path in picked:
        expected = portfolio_row(path.name, review(folder / path.name, library), 0)
        row = rows[path.name]
        assert {key: row[key] for key in expected.cells} == expected.cells
        assert [int(row[key]) for key in ("Present", "Weak", "Missing")] == list(
            expected.counts[:3])


def test_no_stray_workers(folder: Path, tmp_path: Path) -> None:
    """Every worker process is gone once the batch returns."""
    if not hasattr(os, "getpgid"):
        pytest.skip("POSIX only")
    import multiprocessing

    out = tmp_path / "portfolio.csv"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "2", "--no-user-library"]) == 0
    assert multiprocessing.active_children() == []


def test_a_worker_crash_loses_only_the_files_in_flight(tmp_path: Path) -> None:
    # Before: every file still queued when a worker died was retried one process at a time
    # (293 files took 6 minutes instead of 1). Now at most `jobs` files are in flight, and a new
    # pool goes on with the rest.
    from ito_desktop.cli.batch import WorkerSetup, _run_pool
    from ito_desktop.core.review import ReviewOptions
    from tests.cli.crash_task import review_or_crash

    files = [tmp_path / f"ok_{n:02d}.txt" for n in range(12)]
    files.insert(3, tmp_path / "crash_me.txt")
    names = {path: path.name for path in files}
    recorded: list[str] = []
    setup = WorkerSetup(layers=(), include_user=False, options=ReviewOptions(text_model=None))
    lost = _run_pool(
        files, names, 2, setup, lambda row, _path: recorded.append(row.file), review_or_crash
    )
    assert tmp_path / "crash_me.txt" in lost
    assert len(lost) <= 2  # the culprit and at most the one other file in flight
    assert sorted(recorded + [p.name for p in lost]) == sorted(names.values())


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP", "SIGKILL"])
def test_killing_the_batch_ends_its_workers(tmp_path: Path, sig: str) -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc (Linux) to find the worker processes")
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        shutil.copyfile(SAMPLES / "sample_msa.docx", folder / f"contract_{n:02d}.docx")
    command = [sys.executable, "-m", "ito_desktop.cli.main", "batch", str(folder), "-o",
               str(tmp_path / "p.xlsx"), "--jobs", "2", "--no-user-library"]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stderr is not None
        assert proc.stderr.readline().startswith("Reviewing 40 contracts")
        deadline = time.monotonic() + 30
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = _children(proc.pid)
            time.sleep(0.1)
        assert workers
        proc.send_signal(getattr(signal, sig))
        code = proc.wait(timeout=60)
        proc.stderr.close()  # not read: live workers would hold it open
    if sig != "SIGKILL":
        assert code == 2  # cancelled, nothing written
        assert not (tmp_path / "p.xlsx").exists()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers), "workers outlived the batch"


def test_an_unreadable_subfolder_is_named_not_skipped(tmp_path: Path) -> None:
    # Before: contracts in a folder the batch could not read were left out with no row and no
    # warning, so the portfolio looked complete.
    from tests.badinput.cli_runner import without_dac_override

    folder = tmp_path / "contracts"
    (folder / "locked").mkdir(parents=True)
    shutil.copyfile(SAMPLES / "sample_msa.docx", folder / "a.docx")
    shutil.copyfile(SAMPLES / "sample_msa.docx", folder / "locked" / "b.docx")
    (folder / "locked").chmod(0)
    out = tmp_path / "portfolio.csv"
    try:
        command = [*without_dac_override(), sys.executable, "-m", "ito_desktop.cli.main",
                   "batch", str(folder), "-o", str(out), "--jobs", "1", "--no-user-library"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        (folder / "locked").chmod(0o755)
    assert "locked could not be read (Permission denied)" in done.stderr
    rows = {row["File"]: row for row in csv.DictReader(
        io.StringIO(out.read_text(encoding="utf-8-sig"), newline=""))}
    assert rows["a.docx"]["Status"] == "ok"
    assert rows["locked/"]["Status"] == "error"
    assert "folder not readable" in rows["locked/"]["Error"]


def test_scanned_images_are_reviewed_like_pdfs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A DOCX, a scanned page saved as PNG, a damaged JPEG and a TIFF over the OCR page limit:
    the scan is read by OCR, the others fail with their own sentence, and the batch goes on."""
    from tests.core.ingest.test_ocr_tiff import scanned_tiff

    root = tmp_path / "scans"
    root.mkdir()
    shutil.copyfile(SAMPLES / "sample_msa.docx", root / "a_sample.docx")
    pdf = pdfium.PdfDocument(str(SAMPLES / "sample_msa.pdf"))
    pdf[1].render(scale=150 / 72, grayscale=True).to_pil().save(root / "b_scan.png")
    (root / "c_broken.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 64)
    scanned_tiff(root / "d_long.tif", [None, None])
    out = tmp_path / "portfolio.csv"
    argv = ["batch", str(root), "-o", str(out), "--jobs", "2", "--no-user-library"]
    assert main([*argv, "--max-ocr-pages", "1"]) == 0
    rows = {row["File"]: row for row in _csv_rows(out)}
    assert list(rows) == ["a_sample.docx", "b_scan.png", "c_broken.jpg", "d_long.tif"]
    assert [row["Status"] for row in rows.values()] == ["ok", "ok", "error", "error"]
    expected = portfolio_row("b_scan.png", review(root / "b_scan.png"), 0)
    assert {key: rows["b_scan.png"][key] for key in expected.cells} == expected.cells
    assert "present" in expected.cells.values()
    assert rows["c_broken.jpg"]["Error"] == (
        "c_broken.jpg is damaged or is not an image that can be read."
    )
    assert rows["d_long.tif"]["Error"] == (
        "d_long.tif has 2 pages, over the 1-page limit for reading pages by OCR (raise the "
        "limit with --max-ocr-pages or in Settings)."
    )
    err = capsys.readouterr().err
    assert "Reviewing 4 contracts" in err
    assert "  failed: c_broken.jpg: c_broken.jpg is damaged" in err
