"""Precision, recall, F1, evidence hit rate and missing precision from per-file outcomes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import mean

from benchmarks.evaluate import FileResult, Outcome, Prediction
from benchmarks.locate import overlaps

SYSTEMS = ("review", "keyword")
MIN_POSITIVES = 3  # ids with fewer positives are shown but left out of the macro averages


@dataclass(frozen=True, slots=True)
class IdScore:
    """Counts for one id and one system; ratios are None when undefined (nothing to divide)."""

    clause_id: str
    tp: int
    fp: int
    fn: int
    tn: int
    hits: int  # true positives whose first evidence overlaps a labelled passage
    judged: int  # true positives with evidence and at least one located labelled passage

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def evidence_hit(self) -> float | None:
        return _ratio(self.hits, self.judged)


@dataclass(frozen=True, slots=True)
class SystemScore:
    """All figures for one system on one label set."""

    system: str
    ids: dict[str, IdScore]

    @property
    def macro_ids(self) -> list[str]:
        return [cid for cid, s in self.ids.items() if s.positives >= MIN_POSITIVES]

    @property
    def macro_f1(self) -> float | None:
        values = [self.ids[cid].f1 or 0.0 for cid in self.macro_ids]
        return mean(values) if values else None

    def macro_f1_without(self, left_out: frozenset[str]) -> float | None:
        """Macro-F1 over the macro ids not in ``left_out``."""
        values = [self.ids[c].f1 or 0.0 for c in self.macro_ids if c not in left_out]
        return mean(values) if values else None

    @property
    def mean_evidence_hit(self) -> float | None:
        """Mean over the macro ids of each id's evidence hit rate."""
        values = [self.ids[c].evidence_hit for c in self.macro_ids]
        known = [v for v in values if v is not None]
        return mean(known) if known else None

    @property
    def pooled_evidence_hit(self) -> float | None:
        """Hits over all judged true positives of all ids."""
        return _ratio(sum(s.hits for s in self.ids.values()), self.judged)

    @property
    def judged(self) -> int:
        return sum(s.judged for s in self.ids.values())

    @property
    def missing_precision(self) -> float | None:
        """Of the ids reported missing, the fraction that are truly absent."""
        tn = sum(s.tn for s in self.ids.values())
        fn = sum(s.fn for s in self.ids.values())
        return _ratio(tn, tn + fn)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def prediction(outcome: Outcome, system: str) -> Prediction:
    return outcome.review if system == "review" else outcome.keyword


def evidence_judgement(outcome: Outcome, system: str) -> bool | None:
    """Whether a found true positive's first evidence overlaps a labelled passage.

    None when it cannot be judged: not a found positive, no evidence, or no passage located.
    """
    pred = prediction(outcome, system)
    if not (outcome.truth and pred.found) or pred.start is None or pred.end is None:
        return None
    if not outcome.labelled:
        return None
    return overlaps(pred.start, pred.end, outcome.labelled)


def score(results: Sequence[FileResult], ids: Iterable[str], system: str) -> SystemScore:
    """Score ``system`` on every reviewed file (files with errors are left out)."""
    by_id: dict[str, IdScore] = {}
    outcomes = [o for r in results if not r.error for o in r.outcomes]
    for cid in ids:
        mine = [o for o in outcomes if o.clause_id == cid]
        found = [prediction(o, system).found for o in mine]
        judged = [evidence_judgement(o, system) for o in mine]
        by_id[cid] = IdScore(
            clause_id=cid,
            tp=sum(o.truth and f for o, f in zip(mine, found, strict=True)),
            fp=sum(not o.truth and f for o, f in zip(mine, found, strict=True)),
            fn=sum(o.truth and not f for o, f in zip(mine, found, strict=True)),
            tn=sum(not o.truth and not f for o, f in zip(mine, found, strict=True)),
            hits=sum(j is True for j in judged),
            judged=sum(j is not None for j in judged),
        )
    return SystemScore(system=system, ids=by_id)


@dataclass(frozen=True, slots=True)
class LocationStats:
    """How many labelled passages could be found in our text."""

    passages: int
    unlocated: int
    partial: int


def location_stats(results: Sequence[FileResult]) -> LocationStats:
    outcomes = [o for r in results if not r.error for o in r.outcomes]
    return LocationStats(
        passages=sum(o.passages for o in outcomes),
        unlocated=sum(o.unlocated for o in outcomes),
        partial=sum(o.partial for o in outcomes),
    )
