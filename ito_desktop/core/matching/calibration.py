"""The measured precision and recall of the match thresholds, shipped beside the matcher."""

from __future__ import annotations

import importlib.resources
import json
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from ito_desktop.core.matching.engine import MatchOptions

CURVE_RESOURCE = "threshold_curve.json"
# Options that set a threshold or the number of quotes, not how a passage scores.
_NOT_SCORING = frozenset({"present_threshold", "weak_threshold", "max_evidence"})


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """Precision and recall at one threshold; None where nothing was there to divide."""

    threshold: float
    macro_precision: float | None
    macro_recall: float | None
    macro_f1: float | None
    micro_precision: float | None
    micro_recall: float | None


@dataclass(frozen=True, slots=True)
class Curve:
    """Measured points in increasing order of threshold."""

    points: tuple[CurvePoint, ...]

    @property
    def thresholds(self) -> tuple[float, ...]:
        return tuple(point.threshold for point in self.points)

    def at(self, threshold: float) -> CurvePoint:
        """The measured point nearest ``threshold`` (the lower one when two are as near)."""
        return min(self.points, key=lambda p: (round(abs(p.threshold - threshold), 9), p.threshold))


@dataclass(frozen=True, slots=True)
class LabelSetCurve:
    """One set of labelled contracts: "found" by weak threshold, "present" by present one."""

    name: str
    title: str  # "CUAD contracts"
    description: str
    files: int
    macro_ids: int  # clause ids with enough positives to count in the macro averages
    found: Curve
    present: Curve


@dataclass(frozen=True, slots=True)
class ThresholdCurve:
    """What ``python -m benchmarks.calibrate --write-curve`` measured, and with what."""

    measured_on: str  # ISO date
    app_version: str
    library_name: str
    library_version: str
    options: tuple[tuple[str, float], ...]  # the MatchOptions measured
    averaging: str
    command: str
    label_sets: tuple[LabelSetCurve, ...]

    def option(self, name: str) -> float:
        return dict(self.options)[name]

    def measured_with(self, options: MatchOptions) -> bool:
        """True when ``options`` score passages as the measured ones did (thresholds aside)."""
        measured = dict(self.options)
        return all(
            measured.get(spec.name) == getattr(options, spec.name)
            for spec in fields(MatchOptions)
            if spec.name not in _NOT_SCORING
        )


@cache
def load_threshold_curve() -> ThresholdCurve:
    """The curve shipped with the package. Raises ValueError when it is missing or malformed."""
    resource = importlib.resources.files("ito_desktop.core.matching") / CURVE_RESOURCE
    try:
        return parse_threshold_curve(json.loads(resource.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise ValueError(f"{CURVE_RESOURCE} could not be read: {error}") from error


def parse_threshold_curve(data: Any) -> ThresholdCurve:
    """Check and convert the JSON document; raises ValueError saying what is wrong."""
    try:
        library = data["library"]
        options = tuple((str(k), _number(v)) for k, v in data["options"].items())
        return ThresholdCurve(
            measured_on=str(data["measured_on"]),
            app_version=str(data["app_version"]),
            library_name=str(library["name"]),
            library_version=str(library["version"]),
            options=options,
            averaging=str(data["averaging"]),
            command=str(data["command"]),
            label_sets=tuple(_label_set(item) for item in data["label_sets"]),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"unexpected layout ({error!r})") from error


def _label_set(data: Any) -> LabelSetCurve:
    return LabelSetCurve(
        name=str(data["name"]),
        title=str(data["title"]),
        description=str(data["description"]),
        files=int(data["files"]),
        macro_ids=int(data["macro_ids"]),
        found=_curve(data["found"]),
        present=_curve(data["present"]),
    )


def _curve(items: Any) -> Curve:
    points = tuple(
        CurvePoint(
            threshold=_fraction(item["threshold"]),
            macro_precision=_optional(item["macro_precision"]),
            macro_recall=_optional(item["macro_recall"]),
            macro_f1=_optional(item["macro_f1"]),
            micro_precision=_optional(item["micro_precision"]),
            micro_recall=_optional(item["micro_recall"]),
        )
        for item in items
    )
    if not points:
        raise ValueError("a curve has no points")
    thresholds = [point.threshold for point in points]
    if thresholds != sorted(set(thresholds)):
        raise ValueError("thresholds are not in increasing order")
    return Curve(points)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{value!r} is not a number")
    return float(value)


def _fraction(value: Any) -> float:
    number = _number(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{number} is not between 0 and 1")
    return number


def _optional(value: Any) -> float | None:
    return None if value is None else _fraction(value)
