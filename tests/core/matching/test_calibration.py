"""The shipped threshold curve: it loads, its figures are fractions, and it covers the defaults."""

from __future__ import annotations

import copy
import json
import tomllib
from fnmatch import fnmatch
from importlib.resources import files
from typing import Any

import pytest

from ito_desktop.core.matching.calibration import (
    CURVE_RESOURCE,
    Curve,
    CurvePoint,
    load_threshold_curve,
    parse_threshold_curve,
)
from ito_desktop.core.matching.engine import MatchOptions
from tests.conftest import PROJECT_ROOT
from tests.packaging.conftest import spec_support

REGENERATE = "python -m benchmarks.train"


def raw_curve() -> dict[str, Any]:
    text = (files("ito_desktop.core.matching") / CURVE_RESOURCE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def point(threshold: float, precision: float = 0.5) -> CurvePoint:
    return CurvePoint(threshold, precision, 0.5, 0.5, 0.5, 0.5)


def test_the_curve_covers_both_label_sets_with_sorted_fractions() -> None:
    curve = load_threshold_curve()
    assert [s.name for s in curve.label_sets] == ["ito", "cuad"]
    ito, cuad = curve.label_sets
    assert (ito.files, ito.title) == (107, "IT contracts")
    assert (cuad.files, cuad.title) == (445, "CUAD contracts")
    # Measured on the learned scorer's cross-validated predictions, not fitted ones.
    assert "cross-validat" in ito.description
    assert "cross-validated" in raw_curve()["about"]
    for label_set in curve.label_sets:
        for line in (label_set.found, label_set.present):
            thresholds = line.thresholds
            assert list(thresholds) == sorted(set(thresholds))
            assert len(thresholds) > 10
            for measured in line.points:
                for value in (
                    measured.macro_precision,
                    measured.macro_recall,
                    measured.macro_f1,
                    measured.micro_precision,
                    measured.micro_recall,
                ):
                    assert value is None or 0.0 <= value <= 1.0
            # A higher threshold reports fewer clauses, so recall can only fall.
            recalls = [p.micro_recall or 0.0 for p in line.points]
            assert recalls == sorted(recalls, reverse=True)
    assert "macro: the mean of each clause id's figure over the ids with at least 3" in (
        curve.averaging
    )
    assert curve.command == REGENERATE


def test_the_default_thresholds_are_measured_points() -> None:
    defaults = MatchOptions()
    curve = load_threshold_curve()
    assert curve.option("present_threshold") == defaults.present_threshold
    assert curve.option("weak_threshold") == defaults.weak_threshold
    for label_set in curve.label_sets:
        assert defaults.weak_threshold in label_set.found.thresholds
        assert defaults.present_threshold in label_set.present.thresholds
        # At the defaults the review reports most clauses that are there, and mostly rightly.
        found = label_set.found.at(defaults.weak_threshold)
        assert (found.macro_recall or 0) > 0.8
        assert (found.macro_precision or 0) > 0.5


def test_the_curve_was_measured_with_the_current_default_weights() -> None:
    assert load_threshold_curve().measured_with(MatchOptions()), (
        f"the matcher's defaults changed since the curve was measured: run `{REGENERATE}`"
    )


def test_at_returns_the_nearest_measured_point() -> None:
    line = Curve((point(0.4, 0.1), point(0.425, 0.2), point(0.45, 0.3)))
    assert line.at(0.425).macro_precision == 0.2
    assert line.at(0.43).threshold == 0.425
    assert line.at(0.44).threshold == 0.45
    assert line.at(0.4375).threshold == 0.425  # halfway: the lower one
    assert line.at(0.0).threshold == 0.4
    assert line.at(1.0).threshold == 0.45


def test_measured_with_notices_a_changed_weight() -> None:
    curve = load_threshold_curve()
    changed = MatchOptions(weight_terms=MatchOptions().weight_terms + 0.05)
    assert not curve.measured_with(changed)
    assert curve.measured_with(MatchOptions(present_threshold=0.9, weak_threshold=0.8))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d["label_sets"][0]["found"].reverse(), "increasing order"),
        (lambda d: d["label_sets"][1]["present"][0].update(macro_recall=1.5), "between 0 and 1"),
        (lambda d: d["label_sets"][0].update(found=[]), "no points"),
        (lambda d: d["options"].update(weight_terms="high"), "not a number"),
        (lambda d: d.pop("library"), "unexpected layout"),
    ],
)
def test_a_damaged_curve_is_refused_with_a_reason(damage: Any, message: str) -> None:
    data = copy.deepcopy(raw_curve())
    damage(data)
    with pytest.raises(ValueError, match=message):
        parse_threshold_curve(data)


def test_the_curve_is_package_data_for_the_wheel_and_the_frozen_app() -> None:
    bundled = {
        (source.replace("\\", "/").rsplit("/", 1)[-1], destination)
        for source, destination in spec_support().data_files()
    }
    assert (CURVE_RESOURCE, "ito_desktop/core/matching") in bundled
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = pyproject["tool"]["setuptools"]["package-data"]["ito_desktop.core.matching"]
    assert any(fnmatch(CURVE_RESOURCE, pattern) for pattern in package_data)
