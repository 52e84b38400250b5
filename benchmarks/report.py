"""Tables and worked examples of the accuracy benchmark, as plain text or Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.evaluate import FileResult, Outcome
from benchmarks.labels import CUAD_APPROXIMATE
from benchmarks.scoring import IdScore, LocationStats, SystemScore, evidence_judgement

_HEADERS = ("id", "pos", "P", "R", "F1", "P kw", "R kw", "F1 kw", "evidence", "evidence kw")


@dataclass(frozen=True, slots=True)
class SetReport:
    """The figures of one label set, ready to print."""

    name: str
    files: int
    errors: tuple[str, ...]
    review: SystemScore
    keyword: SystemScore
    location: LocationStats
    wall_seconds: float
    review_seconds: tuple[float, ...]


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _evidence(score: IdScore) -> str:
    rate = score.evidence_hit
    return "–" if rate is None else f"{rate:.2f} ({score.judged})"


def table_rows(report: SetReport) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for cid, ours in report.review.ids.items():
        base = report.keyword.ids[cid]
        rows.append(
            (
                cid,
                str(ours.positives),
                _num(ours.precision),
                _num(ours.recall),
                _num(ours.f1),
                _num(base.precision),
                _num(base.recall),
                _num(base.f1),
                _evidence(ours),
                _evidence(base),
            )
        )
    return rows


def render_table(rows: Sequence[tuple[str, ...]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(_HEADERS) + " |"]
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(_HEADERS) - 1)) + "|")
        lines.extend("| " + " | ".join(row) + " |" for row in rows)
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [_HEADERS, *rows]) for i in range(len(_HEADERS))]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join(fmt.format(*row) for row in [_HEADERS, *rows])


def summary_lines(report: SetReport) -> list[str]:
    ours, base = report.review, report.keyword
    times = sorted(report.review_seconds)
    median = times[len(times) // 2] if times else 0.0
    loc = report.location
    return [
        f"files reviewed: {report.files - len(report.errors)} of {report.files}"
        + (f" ({len(report.errors)} errors)" if report.errors else ""),
        f"macro-F1 (ids with >= 3 positives, n={len(ours.macro_ids)}): "
        f"review {_num(ours.macro_f1)}, keyword {_num(base.macro_f1)}",
        *_exact_mapping_line(report),
        f"mean evidence hit over those ids: review {_num(ours.mean_evidence_hit)}, "
        f"keyword {_num(base.mean_evidence_hit)}; pooled over all true positives: "
        f"review {_num(ours.pooled_evidence_hit)} ({ours.judged}), "
        f"keyword {_num(base.pooled_evidence_hit)} ({base.judged})",
        f"missing precision (reported missing and truly absent): review "
        f"{_num(ours.missing_precision)}, keyword {_num(base.missing_precision)}",
        f"labelled passages: {loc.passages}, not located {loc.unlocated}, "
        f"partly located {loc.partial}",
        f"wall time {report.wall_seconds:.1f} s; review() per file median {median:.2f} s, "
        f"max {max(times, default=0.0):.2f} s",
    ]


def _exact_mapping_line(report: SetReport) -> list[str]:
    """For CUAD: the macro-F1 left when the ids CUAD labels differently (~) are set aside."""
    ours, base = report.review, report.keyword
    approximate = CUAD_APPROXIMATE & set(ours.macro_ids)
    if not report.name.startswith("cuad") or not approximate:
        return []
    exact = len(ours.macro_ids) - len(approximate)
    return [
        f"macro-F1 on the {exact} ids CUAD labels as we define them (without "
        f"{', '.join(sorted(approximate))}): review {_num(ours.macro_f1_without(approximate))}, "
        f"keyword {_num(base.macro_f1_without(approximate))}"
    ]


def render_report(report: SetReport, markdown: bool) -> str:
    title = f"## Label set: {report.name}" if markdown else f"== Label set: {report.name} =="
    summary = summary_lines(report)
    if markdown:
        summary = [f"- {line}" for line in summary]
    parts = [title, "", render_table(table_rows(report), markdown), "", *summary]
    parts.extend(f"error: {e}" for e in report.errors)
    return "\n".join(parts)


def worst_ids(report: SetReport, count: int) -> list[str]:
    """The ids with the lowest review F1 (then evidence hit) among those with enough positives."""
    ours = report.review

    def badness(cid: str) -> tuple[float, float, str]:
        return (ours.ids[cid].f1 or 0.0, ours.ids[cid].evidence_hit or 0.0, cid)

    return sorted(ours.macro_ids, key=badness)[:count]


def examples(results: Sequence[FileResult], cid: str, per_kind: int) -> list[str]:
    """False positives, false negatives and misplaced evidence of the review for ``cid``."""
    mine = [(r.name, o) for r in results if not r.error for o in r.outcomes if o.clause_id == cid]
    fps = [(n, o) for n, o in mine if o.review.found and not o.truth]
    fns = [(n, o) for n, o in mine if o.truth and not o.review.found]
    wrong = [(n, o) for n, o in mine if evidence_judgement(o, "review") is False]
    lines = [f"### {cid}: {len(fps)} FP, {len(fns)} FN, {len(wrong)} misplaced evidence"]
    lines.extend(_example("FP", n, o, label=False) for n, o in fps[:per_kind])
    lines.extend(_example("FN", n, o, ours=False) for n, o in fns[:per_kind])
    lines.extend(_example("evidence", n, o) for n, o in wrong[:per_kind])
    return lines


def _example(kind: str, name: str, outcome: Outcome, ours: bool = True, label: bool = True) -> str:
    pred = outcome.review
    parts = [f"- {kind} {name} [{pred.status} {pred.score:.2f}]"]
    if ours:
        parts.append(f"    ours: {pred.text or '(no evidence)'}")
    if label:
        parts.append(f"    label: {outcome.label_quote or '(no quote)'}")
    return "\n".join(parts)
