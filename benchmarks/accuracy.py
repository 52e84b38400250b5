"""Measure how well the review finds clauses on labelled contracts, against a keyword baseline.

Run from the project root: ``python -m benchmarks.accuracy [--labels cuad] [--limit 50]``.
Prints, per label set, precision / recall / F1 and evidence hit rate per clause id for the
review and for a reviewer's plain keyword search, then macro-F1, missing precision and timing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

from benchmarks.evaluate import FileResult, evaluate_case, failed
from benchmarks.labels import (
    Case,
    LabelSet,
    load_cuad,
    load_folder,
    load_it_open,
    load_ito_heldout,
    load_ito_labels,
    load_ito_new,
    select,
)
from benchmarks.report import SetReport, examples, render_report, worst_ids
from benchmarks.scoring import location_stats, score
from benchmarks.train_data import FOLDS, fold_of, group_of
from benchmarks.workers import limit_memory, time_limit
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.matching.learned import TextModel, load_model
from ito_desktop.core.review import ReviewOptions

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
LOADERS: dict[str, Callable[[Path, bool], LabelSet]] = {
    "cuad": lambda corpus, pdf: load_cuad(corpus, pdf=pdf),
    "ito_labels": lambda corpus, pdf: load_ito_labels(corpus, pdf=pdf),
    # The 42 contracts labelled for this project (benchmarks/labels/ito): never read while the
    # library was written, so the library alone is measured on them as on unseen contracts.
    "ito_new": lambda corpus, pdf: load_ito_new(corpus, pdf=pdf),
    "ito_heldout": lambda corpus, pdf: load_ito_heldout(corpus, pdf=pdf),
    "it_open": lambda corpus, pdf: load_it_open(),
    # The text of exactly the contracts `--pdf` reviews: compare the two runs.
    "cuad-pdf-subset": lambda corpus, pdf: load_cuad(corpus, pdf=pdf, pdf_subset=True),
}

_library: Library | None = None  # one per worker process, loaded once
_fold_models: list[TextModel] = []  # --cv: each fold's model, fitted without that fold
_no_model = False


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus")
    parser.add_argument(
        "--labels", choices=[*LOADERS, "all"], default="all", help="which label set(s) to score"
    )
    parser.add_argument("--limit", type=int, help="review only the first N files of each set")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--pdf", action="store_true", help="review the original PDFs (CUAD)")
    parser.add_argument(
        "--split", choices=("dev", "check", "all"), default="all", help="half of the files"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="save per-file results")
    parser.add_argument("--markdown", action="store_true", help="print tables as Markdown")
    parser.add_argument(
        "--examples", type=int, default=0, metavar="N", help="print N examples per error kind"
    )
    parser.add_argument(
        "--timeout", type=int, default=30, help="seconds allowed per file (default 30)"
    )
    parser.add_argument(
        "--max-memory-mb", type=int, default=3072, help="memory ceiling per worker process"
    )
    parser.add_argument("--worst", type=int, default=5, help="how many worst ids to illustrate")
    parser.add_argument(
        "--cv",
        type=Path,
        metavar="DIR",
        help="cross-validated: review each contract with the model of its fold, fitted without "
        "it (DIR from python -m benchmarks.train --folds-dir DIR)",
    )
    parser.add_argument(
        "--no-model", action="store_true", help="the library's signals alone (no learned model)"
    )
    parser.add_argument(
        "--label-dir",
        type=Path,
        metavar="DIR",
        help="score the labels in DIR (<stem>.json, as benchmarks/labels/ito) instead of --labels: "
        "contracts from outside the shared corpus, whose texts are in --text-dir",
    )
    parser.add_argument(
        "--text-dir", type=Path, metavar="DIR", help="with --label-dir: the <stem>.txt texts"
    )
    return parser.parse_args(argv)


def _init_worker(max_memory_mb: int, cv: Path | None = None, no_model: bool = False) -> None:
    """Load the library once per process, under a memory ceiling that turns a runaway review
    into a MemoryError for that file instead of a machine-wide out-of-memory kill."""
    global _library, _fold_models, _no_model
    limit_memory(max_memory_mb)
    _library = load_library(include_user_layer=False)
    _no_model = no_model
    if cv is not None:
        _fold_models = [load_model(cv / f"fold{k}.npz") for k in range(FOLDS)]


def _options_for(case: Case) -> ReviewOptions | None:
    """The review options for ``case``: with --cv its fold's model, which must not have been
    trained on it."""
    if _no_model:
        return ReviewOptions(text_model=None)
    if not _fold_models:
        return None
    model = _fold_models[fold_of(group_of(case.name))]
    trained_on = model.meta.get("documents", [])
    if not isinstance(trained_on, list) or case.name in trained_on:
        raise RuntimeError(f"the fold model for {case.name} was trained on it")
    return ReviewOptions(text_model=model)


def _evaluate(job: tuple[Case, tuple[str, ...], int]) -> FileResult:
    """Evaluate one case, giving up after ``timeout`` seconds where the platform allows."""
    case, ids, timeout = job
    assert _library is not None, "worker not initialised"
    started = time.perf_counter()
    try:
        with time_limit(timeout):
            return evaluate_case(case, ids, _library, _options_for(case))
    except (TimeoutError, MemoryError) as exc:
        return failed(case, time.perf_counter() - started, exc)


def run_cases(label_set: LabelSet, args: argparse.Namespace) -> Iterator[FileResult]:
    """Evaluate every case, in order, on ``args.jobs`` processes (this one when jobs is 1)."""
    work = [(case, label_set.ids, args.timeout) for case in label_set.cases]
    init = (args.max_memory_mb, args.cv, args.no_model)
    if args.jobs <= 1:
        _init_worker(*init)
        yield from map(_evaluate, work)
        return
    with ProcessPoolExecutor(args.jobs, initializer=_init_worker, initargs=init) as pool:
        yield from pool.map(_evaluate, work)


def evaluate_set(
    label_set: LabelSet, args: argparse.Namespace
) -> tuple[SetReport, list[FileResult]]:
    started = time.perf_counter()
    results: list[FileResult] = []
    for done, result in enumerate(run_cases(label_set, args), start=1):
        results.append(result)
        print(f"\r[{label_set.name}] {done}/{len(label_set.cases)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    report = SetReport(
        name=label_set.name,
        files=len(results),
        errors=tuple(f"{r.name}: {r.error}" for r in results if r.error),
        review=score(results, label_set.ids, "review"),
        keyword=score(results, label_set.ids, "keyword"),
        location=location_stats(results),
        wall_seconds=time.perf_counter() - started,
        review_seconds=tuple(r.seconds for r in results if not r.error),
    )
    return report, results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    names = ["cuad", "ito_labels", "ito_new"] if args.labels == "all" else [args.labels]
    if args.label_dir is not None:
        names = ["folder"]
    saved: dict[str, list[dict[str, object]]] = {}
    for name in names:
        if name == "folder":
            loaded = load_folder(args.label_dir, args.text_dir or args.label_dir)
        else:
            loaded = LOADERS[name](args.corpus, args.pdf)
        label_set = select(loaded, args.split, args.limit)
        report, results = evaluate_set(label_set, args)
        print(render_report(report, args.markdown), end="\n\n")
        if args.examples:
            for cid in worst_ids(report, args.worst):
                print("\n".join(examples(results, cid, args.examples)), end="\n\n")
        saved[label_set.name] = [asdict(r) for r in results]
    if args.json:
        args.json.write_text(json.dumps(saved, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
