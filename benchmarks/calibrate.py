"""Calibrate the matcher's weights and present / weak thresholds on one half of the labelled
corpus and check them on the other half.

    python -m benchmarks.calibrate [--corpus PATH] [--jobs 2] [--limit N]

Each contract is read and scored once (``score_document``); every weight combination and
threshold pair is then decided from the stored signals, so the whole grid costs little more than
one review per file. "Found" is present or weak, as in ``benchmarks.accuracy``. A finding is
found when its best passage *with* the entry's defining (anchor) terms reaches the weak
threshold, or its best passage of any kind reaches the (higher) no-anchor threshold.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from benchmarks.labels import Case, LabelSet, load_cuad, load_ito_labels, select, split_half
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.matching.engine import MatchOptions, combined_scores, score_document

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

# (weight_terms, weight_heading, weight_example, no_anchor_factor, sentence_mix)
WEIGHTS: tuple[tuple[float, float, float, float, float], ...] = tuple(
    (t, h, round(1 - t - h, 2), f, mix)
    for t, h in ((0.45, 0.25), (0.35, 0.25), (0.55, 0.2), (0.4, 0.35), (0.5, 0.3), (0.3, 0.3))
    for f in (0.5, 0.6, 0.75)
    for mix in (0.0, 0.5, 1.0)
)
THRESHOLDS = np.round(np.arange(0.25, 0.80, 0.025), 3)
MIN_POSITIVES = 3


@dataclass(frozen=True, slots=True)
class CaseScores:
    """Per weight combination: ids x (best anchored score, best score of any passage)."""

    set_name: str
    name: str
    half: str
    ids: tuple[str, ...]
    truth: tuple[bool, ...]
    best: np.ndarray  # weights x ids x 2
    error: str = ""


_LIBRARY = None


def _init() -> None:
    global _LIBRARY
    _LIBRARY = load_library(include_user_layer=False)


def _score_case(args: tuple[str, Case, tuple[str, ...]]) -> CaseScores:
    set_name, case, ids = args
    assert _LIBRARY is not None
    truth = tuple(case.truth[i] for i in ids)
    try:
        scored = score_document(read_document(case.path), _LIBRARY)
    except Exception as exc:  # a file that cannot be read is reported, not fatal
        return CaseScores(
            set_name, case.name, split_half(case.name), ids, truth, np.zeros(0), str(exc)
        )
    columns = [scored.entries.index(_LIBRARY.entry(i)) for i in ids]
    best = np.zeros((len(WEIGHTS), len(ids), 2), dtype=np.float32)
    for w, (wt, wh, we, factor, mix) in enumerate(WEIGHTS):
        options = replace(
            MatchOptions(),
            weight_terms=wt,
            weight_heading=wh,
            weight_example=we,
            no_anchor_factor=factor,
            sentence_mix=mix,
        )
        scores = combined_scores(scored, options)[:, columns]
        anchor = scored.signals.anchor[:, columns]
        if scores.shape[0]:
            best[w, :, 0] = np.where(anchor, scores, 0).max(axis=0)
            best[w, :, 1] = scores.max(axis=0)
    return CaseScores(set_name, case.name, split_half(case.name), ids, truth, best)


@dataclass(frozen=True, slots=True)
class _Stack:
    """One label set's half as arrays: best[case, weights, id, 2] and truth[case, id]."""

    best: np.ndarray
    truth: np.ndarray


def _stack(cases: list[CaseScores]) -> _Stack:
    return _Stack(np.stack([c.best for c in cases]), np.array([c.truth for c in cases]))


def _macro_f1(stack: _Stack, w: int, t_anchor: float, t_any: float) -> float:
    found = (stack.best[:, w, :, 0] >= t_anchor) | (stack.best[:, w, :, 1] >= t_any)
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
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    label_sets: list[LabelSet] = [
        select(load_cuad(args.corpus), "all", args.limit),
        select(load_ito_labels(args.corpus), "all", args.limit),
    ]
    work = [(s.name, case, s.ids) for s in label_sets for case in s.cases]
    with ProcessPoolExecutor(args.jobs, initializer=_init) as pool:
        results = list(pool.map(_score_case, work, chunksize=4))
    errors = [r for r in results if r.error]
    dev, check = _halves(results, "dev"), _halves(results, "check")

    current = MatchOptions()
    before = (0.45, 0.25, 0.30, 0.6, 0.0)  # the hand-set defaults before calibration
    w_now = WEIGHTS.index(before)
    best_key: tuple[float, int, float, float] | None = None
    for w, ta in itertools.product(range(len(WEIGHTS)), THRESHOLDS):
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
            f"| {label} | {WEIGHTS[w]} | {ta:.3f} | {tn:.3f} | "
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
    w_cur = WEIGHTS.index(
        (
            current.weight_terms,
            current.weight_heading,
            current.weight_example,
            current.no_anchor_factor,
            current.sentence_mix,
        )
    )
    print(row("current defaults", w_cur, current.weak_threshold, current.weak_threshold))
    print(row("calibrated on dev", w_best, ta_best, tn_best))
    print()
    print("Present (anchored score >= threshold) with the calibrated weights, dev / check:")
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
    """Pooled precision and recall of "present" (anchored score at or above ``threshold``)."""
    found = stack.best[:, w, :, 0] >= threshold
    tp = int((found & stack.truth).sum())
    return tp / max(int(found.sum()), 1), tp / max(int(stack.truth.sum()), 1)


if __name__ == "__main__":
    sys.exit(main())
