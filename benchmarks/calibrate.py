"""Calibrate the matcher's weights and present / weak thresholds on one half of the labelled
corpus and check them on the other half.

    python -m benchmarks.calibrate [--corpus PATH] [--jobs 2] [--limit N] [--single]
    python -m benchmarks.calibrate --write-curve [PATH]

Each contract is read and scored once (``score_document``); every weight combination and
threshold pair is then decided from the stored signals, so the whole grid costs little more than
one review per file. "Found" is present or weak, as in ``benchmarks.accuracy``. A finding is
found when its best passage *with* the entry's defining (anchor) terms reaches the weak
threshold, or its best passage of any kind reaches the (higher) no-anchor threshold.

``--write-curve`` instead measures the current default weights only, over all files of both
label sets, and writes the precision and recall of "found" at each weak threshold and of
"present" at each present threshold (``CURVE_GRID``) as JSON: the curve the Settings dialog
shows beside the thresholds (``ito_desktop.core.matching.calibration``). Rerun it after
changing the matcher's defaults or the bundled library.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import re
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.labels import Case, LabelSet, load_cuad, load_ito_labels, select, split_half
from ito_desktop import __version__
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.matching.engine import MatchOptions, combined_scores, score_document

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
CURVE_PATH = PROJECT_ROOT / "ito_desktop" / "core" / "matching" / "threshold_curve.json"
CURVE_COMMAND = "python -m benchmarks.calibrate --write-curve"

# (weight_terms, weight_heading, weight_example, no_anchor_factor, sentence_mix)
Weights = tuple[float, float, float, float, float]
WEIGHTS: tuple[Weights, ...] = tuple(
    (t, h, round(1 - t - h, 2), f, mix)
    for t, h in ((0.45, 0.25), (0.35, 0.25), (0.55, 0.2), (0.4, 0.35), (0.5, 0.3), (0.3, 0.3))
    for f in (0.5, 0.6, 0.75)
    for mix in (0.0, 0.5, 1.0)
)
THRESHOLDS = np.round(np.arange(0.25, 0.80, 0.025), 3)
# The thresholds the Settings dialog shows figures for; the defaults must lie on it.
CURVE_GRID = np.round(np.arange(0.30, 0.70 + 1e-9, 0.025), 3)
MIN_POSITIVES = 3
SET_TITLES = {
    "cuad": (
        "CUAD contracts",
        "public commercial contracts of many kinds (the CUAD data set), checked for the 15 "
        "clauses CUAD labels",
    ),
    "ito_labels": (
        "IT contracts",
        "IT and outsourcing contracts labelled by hand on every clause of the bundled library",
    ),
}
# Channels of CaseScores.best.
ANCHORED, ANY, PRESENT = 0, 1, 2


@dataclass(frozen=True, slots=True)
class CaseScores:
    """Per weight combination and id: the best anchored score, the best score of any passage,
    and the score that makes the finding present (the best score when that passage is
    anchored, else 0), as ``engine.decide`` decides."""

    set_name: str
    name: str
    half: str
    ids: tuple[str, ...]
    truth: tuple[bool, ...]
    best: np.ndarray  # weights x ids x 3
    error: str = ""


_LIBRARY = None


def _init() -> None:
    global _LIBRARY
    _LIBRARY = load_library(include_user_layer=False)


def _options(weights: Weights) -> MatchOptions:
    wt, wh, we, factor, mix = weights
    return replace(
        MatchOptions(),
        weight_terms=wt,
        weight_heading=wh,
        weight_example=we,
        no_anchor_factor=factor,
        sentence_mix=mix,
    )


def _weights(options: MatchOptions) -> Weights:
    return (
        options.weight_terms,
        options.weight_heading,
        options.weight_example,
        options.no_anchor_factor,
        options.sentence_mix,
    )


def _score_case(args: tuple[str, Case, tuple[str, ...], tuple[MatchOptions, ...]]) -> CaseScores:
    set_name, case, ids, grid = args
    assert _LIBRARY is not None
    truth = tuple(case.truth[i] for i in ids)
    try:
        scored = score_document(read_document(case.path), _LIBRARY)
    except Exception as exc:  # a file that cannot be read is reported, not fatal
        return CaseScores(
            set_name, case.name, split_half(case.name), ids, truth, np.zeros(0), str(exc)
        )
    columns = [scored.entries.index(_LIBRARY.entry(i)) for i in ids]
    best = np.zeros((len(grid), len(ids), 3), dtype=np.float32)
    for w, options in enumerate(grid):
        scores = combined_scores(scored, options)[:, columns]
        anchor = scored.signals.anchor[:, columns]
        if scores.shape[0]:
            best[w, :, ANCHORED] = np.where(anchor, scores, 0).max(axis=0)
            best[w, :, ANY] = scores.max(axis=0)
            # argmax takes the first of tied passages, as the engine's stable sort does.
            top = scores.argmax(axis=0)
            top_anchored = anchor[top, np.arange(len(ids))]
            best[w, :, PRESENT] = np.where(top_anchored, best[w, :, ANY], 0)
    return CaseScores(set_name, case.name, split_half(case.name), ids, truth, best)


def _score_all(
    label_sets: list[LabelSet], grid: tuple[MatchOptions, ...], jobs: int
) -> list[CaseScores]:
    work = [(s.name, case, s.ids, grid) for s in label_sets for case in s.cases]
    with ProcessPoolExecutor(jobs, initializer=_init) as pool:
        return list(pool.map(_score_case, work, chunksize=4))


@dataclass(frozen=True, slots=True)
class _Stack:
    """One label set's half as arrays: best[case, weights, id, 3] and truth[case, id]."""

    best: np.ndarray
    truth: np.ndarray


def _stack(cases: list[CaseScores]) -> _Stack:
    return _Stack(np.stack([c.best for c in cases]), np.array([c.truth for c in cases]))


def _macro_f1(stack: _Stack, w: int, t_anchor: float, t_any: float) -> float:
    found = (stack.best[:, w, :, ANCHORED] >= t_anchor) | (stack.best[:, w, :, ANY] >= t_any)
    truth = stack.truth
    tp = (found & truth).sum(axis=0)
    fp = (found & ~truth).sum(axis=0)
    fn = (~found & truth).sum(axis=0)
    scored = (tp + fn) >= MIN_POSITIVES
    f1 = np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)
    return float(f1[scored].mean()) if scored.any() else 0.0


def _objective(sets: dict[str, _Stack], w: int, ta: float, tn: float) -> dict[str, float]:
    return {name: _macro_f1(stack, w, ta, tn) for name, stack in sets.items()}


def _halves(results: list[CaseScores], half: str) -> dict[str, _Stack]:
    sets: dict[str, list[CaseScores]] = {}
    for result in results:
        if not result.error and result.half == half:
            sets.setdefault(result.set_name, []).append(result)
    return {name: _stack(cases) for name, cases in sets.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int)
    parser.add_argument(
        "--single", action="store_true", help="one weak threshold whether or not anchored"
    )
    parser.add_argument(
        "--write-curve",
        nargs="?",
        type=Path,
        const=CURVE_PATH,
        metavar="PATH",
        help="measure the current defaults only and write the threshold curve the Settings "
        f"dialog shows (default path: {CURVE_PATH.relative_to(PROJECT_ROOT)})",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    label_sets: list[LabelSet] = [
        select(load_cuad(args.corpus), "all", args.limit),
        select(load_ito_labels(args.corpus), "all", args.limit),
    ]
    current = MatchOptions()
    if args.write_curve:
        results = _score_all(label_sets, (current,), args.jobs)
        return write_curve(results, args.write_curve, time.perf_counter() - started)

    weights = WEIGHTS if _weights(current) in WEIGHTS else (*WEIGHTS, _weights(current))
    results = _score_all(label_sets, tuple(_options(w) for w in weights), args.jobs)
    errors = [r for r in results if r.error]
    dev, check = _halves(results, "dev"), _halves(results, "check")

    before = (0.45, 0.25, 0.30, 0.6, 0.0)  # the hand-set defaults before calibration
    w_now = weights.index(before)
    best_key: tuple[float, int, float, float] | None = None
    for w, ta in itertools.product(range(len(weights)), THRESHOLDS):
        for tn in THRESHOLDS[ta <= THRESHOLDS] if not args.single else (ta,):
            scores = _objective(dev, w, float(ta), float(tn))
            key = (float(np.mean(list(scores.values()))), w, float(ta), float(tn))
            if best_key is None or key[0] > best_key[0]:
                best_key = key
    assert best_key is not None
    _, w_best, ta_best, tn_best = best_key

    def row(label: str, w: int, ta: float, tn: float) -> str:
        d = _objective(dev, w, ta, tn)
        c = _objective(check, w, ta, tn)
        return (
            f"| {label} | {weights[w]} | {ta:.3f} | {tn:.3f} | "
            + " | ".join(f"{d[n]:.3f} / {c[n]:.3f}" for n in sorted(d))
            + " |"
        )

    names = sorted(dev)
    print(
        f"files: {len(results)} ({len(errors)} unreadable), {time.perf_counter() - started:.0f} s"
    )
    print()
    print(
        "| setting | weights (terms, heading, wording, no-anchor factor, sentence mix) "
        "| weak (anchored) "
        "| weak (no anchor) | " + " | ".join(f"macro-F1 {n} dev / check" for n in names) + " |"
    )
    print("|---|---|---:|---:|" + "---:|" * len(names))
    print(row("hand-set defaults", w_now, 0.38, 0.38))
    w_cur = weights.index(_weights(current))
    print(row("current defaults", w_cur, current.weak_threshold, current.weak_threshold))
    print(row("calibrated on dev", w_best, ta_best, tn_best))
    print()
    print("Present (as the engine decides it) with the calibrated weights, dev / check:")
    print()
    print("| present threshold | " + " | ".join(f"P / R {n} dev, check" for n in names) + " |")
    print("|---:|" + "---|" * len(names))
    for tp in (0.5, 0.55, 0.6, 0.65, 0.7):
        cells = []
        for n in names:
            d = _pr(dev[n], w_best, tp)
            c = _pr(check[n], w_best, tp)
            cells.append(f"{d[0]:.2f} / {d[1]:.2f}, {c[0]:.2f} / {c[1]:.2f}")
        print(f"| {tp:.2f} | " + " | ".join(cells) + " |")
    return 0


def _pr(stack: _Stack, w: int, threshold: float) -> tuple[float, float]:
    """Pooled precision and recall of "present" at ``threshold``."""
    found = stack.best[:, w, :, PRESENT] >= threshold
    tp = int((found & stack.truth).sum())
    return tp / max(int(found.sum()), 1), tp / max(int(stack.truth.sum()), 1)


# -- the threshold curve --------------------------------------------------------------------

POINT_KEYS = ("macro_precision", "macro_recall", "macro_f1", "micro_precision", "micro_recall")


def _ratio(part: float, whole: float) -> float | None:
    return round(float(part) / float(whole), 4) if whole else None


def _mean(values: np.ndarray) -> float | None:
    return round(float(values.mean()), 4) if values.size else None


def curve_points(stack: _Stack, channel: int) -> list[dict[str, float | None]]:
    """Precision and recall at each threshold of CURVE_GRID, macro and micro."""
    # Compared in double precision, as the engine compares float(score) with the threshold.
    return points_of(stack.best[:, 0, :, channel].astype(np.float64), stack.truth)


def points_of(scores: np.ndarray, truth: np.ndarray) -> list[dict[str, float | None]]:
    """files x ids scores and truth -> a point per threshold of CURVE_GRID."""
    macro = truth.sum(axis=0) >= MIN_POSITIVES
    points: list[dict[str, float | None]] = []
    for threshold in CURVE_GRID:
        found = scores >= threshold
        tp = (found & truth).sum(axis=0)
        reported = found.sum(axis=0)
        positives = truth.sum(axis=0)
        judged = macro & (reported > 0)  # precision of an id that reports nothing is undefined
        points.append(
            {
                "threshold": float(threshold),
                "macro_precision": _mean(tp[judged] / reported[judged]),
                "macro_recall": _mean(tp[macro] / positives[macro]),
                "macro_f1": _mean(2 * tp[macro] / (reported[macro] + positives[macro])),
                "micro_precision": _ratio(tp.sum(), reported.sum()),
                "micro_recall": _ratio(tp.sum(), positives.sum()),
            }
        )
    return points


def curve_json(curve: dict[str, Any]) -> str:
    """One line per measured point keeps the file short and its diffs readable."""
    return (
        re.sub(
            r"\{\s+(\"threshold\"[^{}]*?)\s+\}",
            lambda m: "{" + re.sub(r"\s*\n\s*", " ", m.group(1)) + "}",
            json.dumps(curve, indent=1),
        )
        + "\n"
    )


def build_curve(results: list[CaseScores], options: MatchOptions) -> dict[str, Any]:
    """The JSON document ``ito_desktop.core.matching.calibration`` reads."""
    library = load_library(include_user_layer=False)
    sets: dict[str, list[CaseScores]] = {}
    for result in results:
        sets.setdefault(result.set_name, [])
        if not result.error:
            sets[result.set_name].append(result)
    label_sets = []
    for name, cases in sets.items():
        stack = _stack(cases)
        title, description = SET_TITLES.get(name, (name, name))
        label_sets.append(
            {
                "name": name,
                "title": title,
                "description": description,
                "files": len(cases),
                "unreadable": sum(r.error != "" for r in results if r.set_name == name),
                "ids": len(cases[0].ids),
                "macro_ids": int((stack.truth.sum(axis=0) >= MIN_POSITIVES).sum()),
                "found": curve_points(stack, ANY),
                "present": curve_points(stack, PRESENT),
            }
        )
    return {
        "about": "Precision and recall of the review at each match threshold, measured on "
        "labelled contracts with the bundled library and the default matcher weights. "
        "The Settings dialog shows them beside the thresholds.",
        "command": CURVE_COMMAND,
        "measured_on": datetime.date.today().isoformat(),
        "app_version": __version__,
        "library": {"name": library.name, "version": library.version},
        "options": asdict(options),
        "found": "present or weak: the best passage scores at least the weak threshold "
        "(points under 'found', by weak threshold)",
        "present": "the best passage scores at least the present threshold and holds the "
        "clause's defining terms (points under 'present', by present threshold)",
        "averaging": f"macro: the mean of each clause id's figure over the ids with at least "
        f"{MIN_POSITIVES} positive files (an id that reports nothing at a threshold is left out "
        "of the precision mean); micro: pooled over every id and file",
        "min_positives": MIN_POSITIVES,
        "label_sets": label_sets,
    }


def write_curve(results: list[CaseScores], path: Path, seconds: float) -> int:
    current = MatchOptions()
    curve = build_curve(results, current)
    path.write_text(curve_json(curve), encoding="utf-8")
    errors = [r for r in results if r.error]
    print(f"files: {len(results)} ({len(errors)} unreadable), {seconds:.0f} s; wrote {path}")
    for result in errors:
        print(f"  unreadable: {result.set_name}/{result.name}: {result.error}")
    print()
    print("| label set | at | macro P | macro R | macro-F1 | micro P | micro R |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for label_set in curve["label_sets"]:
        for kind, threshold in (
            ("found", current.weak_threshold),
            ("present", current.present_threshold),
        ):
            point = min(label_set[kind], key=lambda p: abs(p["threshold"] - threshold))
            cells = " | ".join("–" if point[k] is None else f"{point[k]:.3f}" for k in POINT_KEYS)
            print(f"| {label_set['name']} | {kind} {point['threshold']:.3f} | {cells} |")
    print()
    print("Present at the default threshold, pooled P / R, dev / check:")
    dev, check = _halves(results, "dev"), _halves(results, "check")
    for name in sorted(dev.keys() & check.keys()):
        d = _pr(dev[name], 0, current.present_threshold)
        c = _pr(check[name], 0, current.present_threshold)
        print(f"  {name}: {d[0]:.2f} / {d[1]:.2f}, {c[0]:.2f} / {c[1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
