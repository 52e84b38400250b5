"""The Settings dialog's threshold curve, measured on the learned scorer's cross-validated
predictions (``python -m benchmarks.train`` writes it beside the model).

Each contract's score is what the review would have shown for it had it been unseen: the
document probability from the fold that did not train on it, put on the Settings scale with
that fold's own thresholds (as ``engine.settings_scale`` does with the shipped model's).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from benchmarks.calibrate import MIN_POSITIVES, curve_json, points_of
from benchmarks.train_data import CUAD_EXACT
from ito_desktop import __version__
from ito_desktop.core.library.schema import Library
from ito_desktop.core.matching.engine import MatchOptions, settings_scale

CURVE_PATH = Path(__file__).resolve().parents[1] / "ito_desktop/core/matching/threshold_curve.json"
PRESENT_MARGIN = 0.15  # the model's present threshold is its weak one plus this (train.py)


class _Doc(Protocol):
    ids: tuple[str, ...]
    ito_truth: dict[str, bool]
    cuad_truth: dict[str, bool]


class _Prediction(Protocol):
    doc: _Doc
    score: np.ndarray
    threshold: float


def present_weak(weak: float) -> tuple[float, float]:
    """A model's (present, weak) thresholds from its fitted weak threshold."""
    return (round(min(0.95, weak + PRESENT_MARGIN), 3), weak)


def fold_scale(probability: np.ndarray, weak: float) -> np.ndarray:
    """The document probability on the Settings scale, for a fold whose weak threshold is
    ``weak`` (with the present threshold train.py ships beside it)."""
    return settings_scale(probability, *present_weak(weak))


SETS = (
    (
        "ito",
        "IT contracts",
        "IT and outsourcing contracts labelled by hand on every clause of the bundled library; "
        "each judged by a model trained without its company (5-fold cross-validation)",
    ),
    (
        "cuad",
        "CUAD contracts",
        f"public commercial contracts (the CUAD data set), checked for the {len(CUAD_EXACT)} "
        "clauses CUAD labels as the library defines them; each judged by a model trained "
        "without its company",
    ),
)


def _matrix(preds: Sequence[_Prediction], name: str) -> tuple[np.ndarray, np.ndarray, int]:
    """(files x ids scores, truth, number of files) for one label set."""
    ids = preds[0].doc.ids
    wanted = [e for e, cid in enumerate(ids) if name == "ito" or cid in CUAD_EXACT]
    scores, truth = [], []
    for p in preds:
        labels = p.doc.ito_truth if name == "ito" else p.doc.cuad_truth
        if not labels or any(ids[e] not in labels for e in wanted):
            continue
        scores.append(fold_scale(p.score[wanted], p.threshold))
        truth.append([bool(labels[ids[e]]) for e in wanted])
    return np.array(scores), np.array(truth, dtype=bool), len(scores)


def build_cv_curve(preds: Sequence[_Prediction], library: Library) -> dict[str, Any]:
    """The JSON document ``ito_desktop.core.matching.calibration`` reads."""
    label_sets = []
    for name, title, description in SETS:
        scores, truth, files = _matrix(preds, name)
        if not files:
            continue
        points = points_of(scores, truth)
        label_sets.append(
            {
                "name": name,
                "title": title,
                "description": description,
                "files": files,
                "unreadable": 0,
                "ids": int(truth.shape[1]),
                "macro_ids": int((truth.sum(axis=0) >= MIN_POSITIVES).sum()),
                # The learned scorer has one score per clause: "present" and "found" differ
                # only by the threshold the user compares it with.
                "found": points,
                "present": points,
            }
        )
    return {
        "about": "Precision and recall of the review at each match threshold, cross-validated: "
        "every contract judged by a learned scorer trained without it (and without other "
        "contracts of its company). The Settings dialog shows them beside the thresholds.",
        "command": "python -m benchmarks.train",
        "measured_on": datetime.date.today().isoformat(),
        "app_version": __version__,
        "library": {"name": library.name, "version": library.version},
        "options": asdict(MatchOptions()),
        "found": "present or weak: the clause's score (the learned scorer's probability on the "
        "Settings scale) reaches the weak threshold (points under 'found', by weak threshold)",
        "present": "the clause's score reaches the present threshold (points under 'present', "
        "by present threshold)",
        "averaging": f"macro: the mean of each clause id's figure over the ids with at least "
        f"{MIN_POSITIVES} positive files (an id that reports nothing at a threshold is left out "
        "of the precision mean); micro: pooled over every id and file",
        "min_positives": MIN_POSITIVES,
        "label_sets": label_sets,
    }


def write_cv_curve(preds: Sequence[_Prediction], library: Library, path: Path) -> None:
    path.write_text(curve_json(build_cv_curve(preds, library)), encoding="utf-8")
