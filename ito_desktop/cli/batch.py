"""``ito-review batch``: review every contract under a folder in parallel processes."""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ito_desktop.cli.output import check_output
from ito_desktop.cli.progress_bar import ProgressBar, clock
from ito_desktop.cli.review_options import (
    add_library_arguments,
    add_review_arguments,
    run_setup,
    with_limit_hint,
)
from ito_desktop.core.errors import ItoError
from ito_desktop.core.ingest.registry import SUPPORTED_EXTENSIONS
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.review import ReviewOptions, review
from ito_desktop.export.portfolio import suffix_problem, write_portfolio
from ito_desktop.export.portfolio_rows import PortfolioInfo, PortfolioRow, portfolio_row

# Whatever `analyze` reads: DOCX, PDF, TXT, and scans saved as images (read by OCR).
CONTRACT_SUFFIXES = SUPPORTED_EXTENSIONS
_SKIPPED_PREFIXES = ("~$", "._")  # Word lock files and macOS resource forks, never contracts
_MAX_DEFAULT_JOBS = 8


class BatchError(ItoError):
    """The batch cannot start (no folder, no contracts, bad output name) or was cancelled."""


_Recorder = Callable[[PortfolioRow, Path], None]


@dataclass(frozen=True, slots=True)
class BatchReport:
    rows: list[PortfolioRow]
    wall_seconds: float
    jobs: int

    @property
    def failures(self) -> list[PortfolioRow]:
        return [row for row in self.rows if not row.ok]


@dataclass(frozen=True, slots=True)
class WorkerSetup:
    """What every worker process needs to review a file as the parent would (pickled once)."""

    layers: tuple[str, ...]
    include_user: bool
    options: ReviewOptions
    settings_hint: bool = True  # False with --defaults: a limit can only be raised by a flag


def add_batch_parser(commands: argparse._SubParsersAction[Any]) -> None:
    batch = commands.add_parser(
        "batch",
        help="review every contract (DOCX, PDF, TXT, scanned image) under a folder",
        description="Review every contract under FOLDER (recursively) in parallel and write "
        "one row per contract, one column per clause id.",
    )
    batch.add_argument("folder", type=Path, help="the folder to review")
    batch.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT",
        help="the portfolio to write: OUT.xlsx or OUT.csv",
    )
    batch.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    batch.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default: one per CPU core, at most 8)",
    )
    add_library_arguments(batch)
    add_review_arguments(batch)


def find_contracts(folder: Path) -> list[Path]:
    """Every contract file (.docx, .pdf, .txt, .png, .jpg, .tif ...) under ``folder``,
    recursively, sorted by relative path."""
    return find_contracts_and_gaps(folder)[0]


def find_contracts_and_gaps(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The contracts under ``folder`` and the subfolders that could not be read (with why):
    a batch must say what it could not look at, not skip it silently."""
    found: list[Path] = []
    gaps: list[tuple[Path, str]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        gaps.append((where, error.strerror or str(error)))

    for top, _dirs, names in os.walk(folder, onerror=unreadable):
        for name in names:
            path = Path(top) / name
            if (
                path.suffix.lower() in CONTRACT_SUFFIXES
                and not name.startswith(_SKIPPED_PREFIXES)
                and path.is_file()
            ):
                found.append(path)
    found.sort(key=lambda path: path.relative_to(folder).as_posix())
    gaps.sort(key=lambda gap: gap[0].as_posix())
    return found, gaps


def default_jobs(files: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, _MAX_DEFAULT_JOBS, files))


def run_batch(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    output: Path = args.output
    if not folder.is_dir():
        raise BatchError(f"{folder}: no such folder.", path=folder)
    problem = suffix_problem(output)
    if problem is not None:
        raise BatchError(problem)
    check_output(output, force=args.force)
    files, gaps = find_contracts_and_gaps(folder)
    for gap, reason in gaps:
        print(
            f"ito-review: warning: {gap} could not be read ({reason}); contracts in it are not "
            "reviewed.",
            file=sys.stderr,
        )
    if not files:
        raise BatchError(
            f"{folder}: no DOCX, PDF, TXT or scanned image files in this folder.", path=folder
        )
    run = run_setup(args)
    setup = WorkerSetup(
        tuple(str(path) for path in run.library_folders),
        not args.no_user_library,
        run.options,
        settings_hint=not args.defaults,
    )
    library = load_library([Path(p) for p in setup.layers], include_user_layer=setup.include_user)
    jobs = args.jobs if args.jobs > 0 else default_jobs(len(files))
    print(
        f"Reviewing {len(files)} contracts under {folder} with {jobs} "
        f"process{'es' if jobs > 1 else ''}...",
        file=sys.stderr,
        flush=True,
    )
    report = review_all(folder, files, jobs, setup)
    for gap, reason in gaps:  # one row each, so the portfolio shows what was not looked at
        name = gap.relative_to(folder).as_posix() + "/" if gap != folder else "./"
        report.rows.append(
            PortfolioRow(name, False, error=f"folder not readable ({reason}); not reviewed")
        )
    info = PortfolioInfo(str(folder), library, dt.date.today(), report.wall_seconds, report.jobs)
    write_portfolio(output, report.rows, info, replace=args.force)
    _print_summary(report, output)
    return 0


def review_all(folder: Path, files: Sequence[Path], jobs: int, setup: WorkerSetup) -> BatchReport:
    """Review ``files`` in ``jobs`` processes with a progress bar; rows come back in file order."""
    started = time.perf_counter()
    bar = ProgressBar(len(files), sys.stderr)
    names = {path: path.relative_to(folder).as_posix() for path in files}
    rows: dict[Path, PortfolioRow] = {}

    def record(row: PortfolioRow, path: Path) -> None:
        rows[path] = row
        bar.update(len(rows), row.file)

    try:
        with _terminate_as_interrupt():
            crashed = _run_pool(files, names, jobs, setup, record)
            # A worker that died (a crash in a native library) took its pool with it; the files
            # that were in flight are retried one process each, so only the culprit is reported.
            for path in crashed:
                for retry in _run_pool([path], names, 1, setup, record):
                    error = "the review process crashed on this file"
                    record(PortfolioRow(names[retry], False, error=error), retry)
    except KeyboardInterrupt:
        bar.finish()
        raise BatchError(
            f"batch cancelled after {len(rows)} of {len(files)} files; nothing was written."
        ) from None
    bar.finish()
    ordered = [rows[path] for path in files]
    return BatchReport(ordered, time.perf_counter() - started, jobs)


def _run_pool(
    files: Sequence[Path],
    names: dict[Path, str],
    jobs: int,
    setup: WorkerSetup,
    record: _Recorder,
    task: Callable[[str, str], PortfolioRow] | None = None,
) -> list[Path]:
    """Review ``files`` with ``jobs`` workers; returns the files lost to a worker that died.

    At most ``jobs`` files are in flight at a time, so a worker that dies (a crash in a native
    library) takes only those with it: a new pool goes on with the rest at full speed, and
    only the lost files are retried one process each by the caller.
    """
    task = task or review_one
    pending = list(files)
    lost: list[Path] = []
    while pending:
        # spawn everywhere: what Windows and macOS use anyway, and safe in a threaded parent.
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(setup, os.getpid()),
        )
        in_flight: dict[Future[PortfolioRow], Path] = {}
        try:
            while pending or in_flight:
                while pending and len(in_flight) < jobs:
                    path = pending.pop(0)
                    with _children_ignore_sigint():  # workers start on submit
                        in_flight[pool.submit(task, str(path), names[path])] = path
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    path = in_flight.pop(future)
                    try:
                        record(future.result(), path)
                    except BrokenProcessPool:
                        lost.append(path)
                        broken = True
                if broken:  # the pool is gone: what it still held is lost with it
                    lost.extend(in_flight.values())
                    break
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown(wait=True)
    return lost


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed terminal, a killed job) end the batch as Ctrl+C does: the
    workers are stopped and nothing is written. (After SIGKILL the workers notice that their
    parent is gone: see _exit_with_parent.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    previous = {name: signal.signal(getattr(signal, name), interrupt) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _exit_with_parent(parent: int) -> None:
    """In a worker: end when the batch process is gone (killed with SIGKILL, say), rather
    than stay running for good."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


@contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """Workers start with Ctrl+C ignored (inherited), so only the parent reacts to it.

    Without this a Ctrl+C during a worker's start-up prints that worker's traceback.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the workers now (Ctrl+C must not wait for big PDFs)."""
    processes: Iterable[multiprocessing.Process] = getattr(pool, "_processes", {}).values()
    for process in list(processes):
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


_LIBRARY: Library | None = None
_OPTIONS: ReviewOptions | None = None
_SETUP: WorkerSetup | None = None


def _init_worker(setup: WorkerSetup, parent: int | None = None) -> None:
    """Load the clause library once per worker; Ctrl+C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None and os.name == "posix":
        # The parent's own pid, not getppid(): a worker that starts after its parent was
        # killed has already been handed to init, and must end at once.
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    global _LIBRARY, _OPTIONS, _SETUP
    _SETUP = setup
    paths = [Path(p) for p in setup.layers]
    _LIBRARY = load_library(paths, include_user_layer=setup.include_user)
    _OPTIONS = setup.options


def review_one(path: str, name: str) -> PortfolioRow:
    """Review one file in a worker; every failure becomes a row, never an exception."""
    started = time.perf_counter()
    try:
        result = review(Path(path), _LIBRARY, _OPTIONS)
    except ItoError as error:
        hint = _SETUP.settings_hint if _SETUP else True
        return PortfolioRow(
            name,
            False,
            error=with_limit_hint(error, settings=hint),
            seconds=round(time.perf_counter() - started, 3),
        )
    except Exception as error:  # one bad file must not stop the batch
        message = f"unexpected error ({type(error).__name__}: {error})"
        return PortfolioRow(
            name, False, error=message, seconds=round(time.perf_counter() - started, 3)
        )
    return portfolio_row(name, result, time.perf_counter() - started)


def _print_summary(report: BatchReport, output: Path) -> None:
    rows, failures = report.rows, report.failures
    slowest = max(rows, key=lambda row: row.seconds)
    print(
        f"Reviewed {len(rows)} files in {clock(report.wall_seconds)} "
        f"({report.wall_seconds:.1f} s, {report.jobs} process{'es' if report.jobs > 1 else ''}): "
        f"{len(rows) - len(failures)} ok, {len(failures)} failed. "
        f"Slowest: {slowest.file} ({slowest.seconds:.1f} s).",
        file=sys.stderr,
    )
    for row in failures:
        print(f"  failed: {row.file}: {row.error}", file=sys.stderr)
    print(f"Wrote {output}", file=sys.stderr)
