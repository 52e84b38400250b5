"""Count each risk rule's hits on the corpus, show samples to read, and score recorded verdicts.

Run from the project root: ``python -m benchmarks.risk_rules [--limit 50] [--sample 3]``.
Reviews the CUAD texts, the ito_labels sources (DOCX read as DOCX) and the Word forms under
``docx/``, collects every risk flag, and prints per rule: hits, files with hits, and, from a
judgements file (``--judgements``), how many hits were read, how many were right, and precision.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from benchmarks.labels import load_cuad, load_ito_labels
from benchmarks.workers import limit_memory, time_limit
from ito_desktop.core.findings import Finding, RiskFlag
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.model import Document
from ito_desktop.core.review import review

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
_CONTEXT_CHARS = 1500  # how much of an evidence clause a "requires" hit shows for judging
# The held-out contracts: their flags are not read while rules are written (issue 16); an
# independent reader judges them from the file --held-out-flags writes.
READERS = PROJECT_ROOT / "benchmarks" / "labels" / "readers"
HELD_OUT_LISTS = ("group1.txt", "group2.txt", "group3.txt")

_library: Library | None = None  # one per worker process, loaded once


@dataclass(frozen=True, slots=True)
class Hit:
    """One risk flag on one file. ``start`` is the sentence's offset, or for a rule that fired
    because something is absent ("requires"), the first evidence quote's offset."""

    rule_id: str
    clause_id: str
    severity: str
    status: str  # the finding's status: present or weak
    file: str  # relative to the corpus
    clause_number: str
    start: int
    end: int
    text: str  # the flagged sentence; empty for "requires" rules
    values: dict[str, float] = field(default_factory=dict)
    context: str = ""  # "requires" rules: the evidence clauses the rule read
    # every sentence behind the flag: (clause reference, start, end, text)
    quotes: tuple[tuple[str, int, int, str], ...] = ()
    party: str = ""  # who the flagged wording binds or benefits, when the rule reads it
    looked_in: str = ""  # where an absence was checked
    mitigation: str = ""  # why the severity was lowered
    message: str = ""


@dataclass(frozen=True, slots=True)
class FileHits:
    file: str
    seconds: float
    error: str
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    """A reader's judgement of one hit."""

    rule_id: str
    file: str
    start: int
    correct: bool
    note: str = ""
    # sha256 of the flagged sentence (or of the clause read), to re-find a hit whose offset
    # moved; a digest, not the text, so that no contract wording is copied into the project
    digest: str = ""


def corpus_files(corpus: Path) -> list[tuple[str, Path]]:
    """(name relative to the corpus, path) for every document, each file once, sorted."""
    paths = [case.path for case in load_cuad(corpus).cases]
    paths += [case.path for case in load_ito_labels(corpus).cases]
    paths += sorted((corpus / "docx").glob("*.docx"))
    root = corpus.resolve()
    seen: dict[str, Path] = {}
    for path in paths:
        resolved = path.resolve()
        name = resolved.relative_to(root).as_posix()
        seen.setdefault(name, resolved)
    return sorted(seen.items())


def folder_files(folder: Path) -> list[tuple[str, Path]]:
    """(``<folder name>/<file name>``, path) for every contract in ``folder``, sorted."""
    return [
        (f"{folder.name}/{path.name}", path)
        for path in sorted(folder.iterdir())
        if path.suffix.lower() in {".txt", ".docx", ".pdf"} and path.is_file()
    ]


def held_out_names(lists: Sequence[Path] | None = None) -> set[str]:
    """Corpus-relative names (``cuad/txt/<stem>.txt``) of the held-out contracts (of the
    listings ``lists``, or the three reader groups)."""
    names: set[str] = set()
    for listing in lists or [READERS / name for name in HELD_OUT_LISTS]:
        for line in listing.read_text(encoding="utf-8").splitlines():
            if line.strip():
                names.add(f"cuad/txt/{line.strip()}.txt")
    return names


def _init_worker(max_memory_mb: int) -> None:
    """Load the library once per process, under a memory ceiling (see benchmarks.accuracy)."""
    global _library
    limit_memory(max_memory_mb)
    _library = load_library(include_user_layer=False)


def _evidence_context(document: Document, finding: Finding) -> str:
    parts: list[str] = []
    for evidence in finding.evidence:
        clause = document.clause_at(evidence.start)
        if clause is not None and clause.end - clause.body_start <= _CONTEXT_CHARS:
            text = document.text[clause.body_start : clause.end]
        else:
            text = evidence.text
        parts.append(f"[{evidence.clause_number or '-'}] {text.strip()[:_CONTEXT_CHARS]}")
    return "\n".join(parts)


def _hit(name: str, document: Document, finding: Finding, risk: RiskFlag) -> Hit:
    if risk.start is not None and risk.end is not None:
        start, end, context = risk.start, risk.end, ""
    else:
        first = finding.evidence[0] if finding.evidence else None
        start, end = (first.start, first.end) if first else (-1, -1)
        context = _evidence_context(document, finding)
    return Hit(
        rule_id=risk.rule_id,
        clause_id=finding.clause_id,
        severity=str(risk.severity),
        status=str(finding.status),
        file=name,
        clause_number=risk.clause_number,
        start=start,
        end=end,
        text=risk.text,
        values=dict(risk.values),
        context=context,
        quotes=tuple((q.clause_number, q.start, q.end, q.text) for q in risk.quotes),
        party=str(risk.party or ""),
        looked_in=risk.looked_in,
        mitigation=risk.mitigation,
        message=risk.message,
    )


def review_file(job: tuple[str, Path, int]) -> FileHits:
    """Review one file and return its risk flags (an error is reported, not raised)."""
    name, path, timeout = job
    assert _library is not None, "worker not initialised"
    started = time.perf_counter()
    try:
        with time_limit(timeout):
            result = review(path, _library)
        hits = tuple(
            _hit(name, result.document, finding, risk)
            for finding in result.findings
            for risk in finding.risks
        )
        return FileHits(name, time.perf_counter() - started, "", hits)
    except Exception as exc:  # a benchmark reports a broken file and carries on
        error = f"{type(exc).__name__}: {exc}"
        return FileHits(name, time.perf_counter() - started, error, ())


def run(files: list[tuple[str, Path]], jobs: int, timeout: int, memory: int) -> Iterator[FileHits]:
    work = [(name, path, timeout) for name, path in files]
    if jobs <= 1:
        _init_worker(memory)
        yield from map(review_file, work)
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(memory,)) as pool:
        yield from pool.map(review_file, work, chunksize=4)


def load_hits(path: Path) -> tuple[list[Hit], list[str]]:
    """Hits and errors saved by ``--json``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    hits = [
        Hit(**{**hit, "quotes": tuple(tuple(q) for q in hit.get("quotes", ()))})
        for hit in data["hits"]
    ]
    return hits, list(data.get("errors", []))


def load_verdicts(path: Path) -> list[Verdict]:
    """Verdicts from a YAML list (or ``{judgements: [...]}``) or a CSV with a header row."""
    rows: list[dict[str, Any]]
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    else:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        rows = data["judgements"] if isinstance(data, dict) else data
    return [
        Verdict(
            rule_id=str(row["rule_id"]),
            file=str(row["file"]),
            start=int(row["start"]),
            correct=_truthy(row["correct"]),
            note=str(row.get("note") or ""),
            digest=str(row.get("digest") or ""),
        )
        for row in rows
    ]


def _truthy(value: object) -> bool:
    return value is True or str(value).strip().lower() in {"true", "yes", "y", "1"}


def digest(hit: Hit) -> str:
    """A short fingerprint of what the hit quotes (case and spacing ignored)."""
    return _text_digest(hit.text or hit.context)


def _text_digest(text: str) -> str:
    normal = " ".join(text.lower().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def attach(hits: list[Hit], verdicts: list[Verdict]) -> tuple[dict[int, Verdict], list[Verdict]]:
    """Verdicts matched to current hits (by index in ``hits``), and verdicts on hits that no
    longer fire. A verdict matches its rule, file and start, or failing that its digest, or a
    further sentence the hit now quotes (one flag per clause gathers the clause's sentences).
    A hit with several verdicts counts as wrong if any of them is."""
    by_start = {(h.rule_id, h.file, h.start): i for i, h in enumerate(hits)}
    by_digest = {(h.rule_id, h.file, digest(h)): i for i, h in enumerate(hits)}
    quote_start: dict[tuple[str, str, int], int] = {}
    quote_digest: dict[tuple[str, str, str], int] = {}
    for i, h in enumerate(hits):
        for quote in h.quotes:
            quote_start.setdefault((h.rule_id, h.file, quote[1]), i)
            quote_digest.setdefault((h.rule_id, h.file, _text_digest(quote[3])), i)
    matched: dict[int, Verdict] = {}
    stale: list[Verdict] = []
    for verdict in verdicts:
        index = by_start.get((verdict.rule_id, verdict.file, verdict.start))
        if index is None and verdict.digest:
            index = by_digest.get((verdict.rule_id, verdict.file, verdict.digest))
        if index is None:
            index = quote_start.get((verdict.rule_id, verdict.file, verdict.start))
        if index is None and verdict.digest:
            index = quote_digest.get((verdict.rule_id, verdict.file, verdict.digest))
        if index is None:
            stale.append(verdict)
        elif index not in matched or matched[index].correct:
            matched[index] = verdict
    return matched, stale


def rule_table(
    library: Library,
    hits: list[Hit],
    matched: dict[int, Verdict],
    stale: list[Verdict],
    markdown: bool,
) -> str:
    """One row per rule of the library: hits, files, reviewed, correct, precision, and how many
    earlier verdicts sit on hits the rule no longer fires on (``gone``, of which ``gone_wrong``
    were wrong: what a fix removed)."""
    per_rule: dict[str, list[int]] = defaultdict(list)
    for i, hit in enumerate(hits):
        per_rule[hit.rule_id].append(i)
    gone: dict[str, list[Verdict]] = defaultdict(list)
    for verdict in stale:
        gone[verdict.rule_id].append(verdict)
    header = (
        "rule", "clause", "kind", "hits", "files", "reviewed", "correct", "precision", "gone",
        "gone_wrong",
    )  # fmt: skip
    rows: list[tuple[str, ...]] = []
    for entry in library.entries:
        for rule in entry.risk_rules:
            indices = per_rule.get(rule.id, [])
            judged = [matched[i] for i in indices if i in matched]
            rows.append(
                (
                    rule.id,
                    entry.id,
                    str(rule.kind),
                    *_counts([hits[i] for i in indices], judged, gone.get(rule.id, [])),
                )
            )
    rows.append(("all", "", "", *_counts(hits, list(matched.values()), stale)))
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in rows:
            name = "**all**" if row[0] == "all" else f"`{row[0]}`"
            lines.append("| " + " | ".join((name, *row[1:])) + " |")
        return "\n".join(lines)
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if c < 3 else cell.rjust(w)
            for c, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    )


def _counts(hits: list[Hit], judged: list[Verdict], gone: list[Verdict]) -> tuple[str, ...]:
    correct = sum(v.correct for v in judged)
    return (
        str(len(hits)),
        str(len({h.file for h in hits})),
        str(len(judged)),
        str(correct),
        f"{correct / len(judged):.2f}" if judged else "-",
        str(len(gone)),
        str(sum(not v.correct for v in gone)),
    )


def _rank(hit: Hit) -> str:
    """A stable pseudo-random order, so a sample survives re-runs and spreads over files."""
    return hashlib.sha256(f"{hit.rule_id}|{hit.file}|{hit.start}".encode()).hexdigest()


def sample(hits: list[Hit], per_rule: int, rules: set[str] | None) -> dict[str, list[Hit]]:
    """Up to ``per_rule`` hits per rule, one per file first, in a stable order."""
    grouped: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        if rules is None or hit.rule_id in rules:
            grouped[hit.rule_id].append(hit)
    chosen: dict[str, list[Hit]] = {}
    for rule_id, group in sorted(grouped.items()):
        group.sort(key=_rank)
        first_per_file: list[Hit] = []
        rest: list[Hit] = []
        files: set[str] = set()
        for hit in group:
            (rest if hit.file in files else first_per_file).append(hit)
            files.add(hit.file)
        chosen[rule_id] = (first_per_file + rest)[:per_rule]
    return chosen


def render_hit(hit: Hit, verdict: Verdict | None) -> str:
    values = ", ".join(f"{k}={v:g}" for k, v in hit.values.items())
    lines = [
        f"- {hit.rule_id} | {hit.status} | {hit.file} | {hit.clause_number or '-'}"
        + f" | start {hit.start} | digest {digest(hit)}"
        + (f" | {values}" if values else "")
        + (f" | judged {'correct' if verdict.correct else 'WRONG'}" if verdict else ""),
    ]
    if hit.text:
        lines.append(f'    "{" ".join(hit.text.split())}"')
    else:
        lines.append("    (fired because the evidence lacks the required wording; it read:)")
        lines += [f"    {' '.join(part.split())}" for part in hit.context.splitlines()]
    return "\n".join(lines)


def write_flags(out: Path, hits: list[Hit], errors: list[str], contracts: int) -> None:
    """Every flag, for a judge who did not write the rules: rule, contract, clause, sentences,
    party, what was checked for an absence, and any mitigation. JSON or Markdown by suffix."""
    ordered = sorted(hits, key=lambda h: (h.rule_id, h.file, h.start))
    if out.suffix.lower() == ".json":
        rows = [
            {
                "rule_id": h.rule_id,
                "clause_id": h.clause_id,
                "severity": h.severity,
                "message": h.message,
                "contract": h.file,
                "clause": h.clause_number,
                "start": h.start,
                "digest": digest(h),
                "sentences": [{"clause": q[0], "text": q[3]} for q in h.quotes],
                "party": h.party,
                "looked_in": h.looked_in,
                "read_for_absence": h.context,
                "mitigation": h.mitigation,
                "values": h.values,
                "correct": None,
                "note": "",
            }
            for h in ordered
        ]
        data = {"contracts": contracts, "errors": errors, "flags": rows}
        out.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
        return
    lines = [
        "# Risk flags on the held-out contracts",
        "",
        f"{len(hits)} flags on {len({h.file for h in hits})} of {contracts} contracts. For each,"
        " judge: does the contract really carry the risk the message describes, for the"
        " customer buying the services? Record `rule_id, file, start, correct, note, digest`.",
    ]
    for i, h in enumerate(ordered, start=1):
        values = ", ".join(f"{k} = {v:g}" for k, v in h.values.items())
        lines += [
            "",
            f"## {i}. `{h.rule_id}` ({h.severity}) — {Path(h.file).stem}",
            "",
            f"- file: `{h.file}`; start {h.start}; digest `{digest(h)}`",
            f"- clause: {h.clause_number or '-'}; finding: {h.clause_id} ({h.status})",
            f"- message: {h.message}",
        ]
        if h.party:
            lines.append(f"- party the wording binds or benefits: {h.party}")
        if values:
            lines.append(f"- values: {values}")
        if h.looked_in:
            lines.append(f"- looked for the missing wording in: {h.looked_in}")
        if h.mitigation:
            lines.append(f"- severity lowered: {h.mitigation}")
        for clause, _start, _end, text in h.quotes:
            lines.append(f'- sentence [{clause or "-"}]: "{" ".join(text.split())}"')
        if not h.quotes and h.context:
            lines.append("- read (the clause found, where the wording was missing):")
            lines += [f"    {' '.join(part.split())}" for part in h.context.splitlines()]
    for error in errors:
        lines.append(f"\nerror: {error}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus")
    parser.add_argument("--limit", type=int, help="review only the first N files (by name)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--sample", type=int, default=0, metavar="N", help="print N hits per rule")
    parser.add_argument("--rule", action="append", help="sample only this rule (repeatable)")
    parser.add_argument("--unjudged", action="store_true", help="sample only hits not judged")
    parser.add_argument("--json", type=Path, metavar="OUT", help="save every hit as JSON")
    parser.add_argument("--hits", type=Path, metavar="IN", help="read hits saved by --json")
    parser.add_argument("--judgements", type=Path, metavar="FILE", help="verdicts, YAML or CSV")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--gone", action="store_true", help="list verdicts on hits now gone")
    parser.add_argument(
        "--dev", action="store_true", help="leave out the held-out contracts (for rule writing)"
    )
    parser.add_argument(
        "--held-out-flags",
        type=Path,
        metavar="OUT",
        help="review only the held-out contracts and write every flag to OUT (.md or .json) "
        "for an independent judge; prints no flag",
    )
    parser.add_argument(
        "--list",
        type=Path,
        action="append",
        metavar="FILE",
        help="with --held-out-flags: the contracts named in FILE (CUAD stems, one a line) "
        "instead of the reader groups; repeatable",
    )
    parser.add_argument(
        "--folder",
        type=Path,
        metavar="DIR",
        help="with --held-out-flags: every contract (.txt, .docx, .pdf) in DIR instead of "
        "corpus contracts (a set from outside the shared corpus)",
    )
    parser.add_argument("--timeout", type=int, default=60, help="seconds allowed per file")
    parser.add_argument("--max-memory-mb", type=int, default=3072, help="per worker process")
    return parser.parse_args(argv)


def collect(args: argparse.Namespace) -> tuple[list[Hit], list[str]]:
    """Review the corpus (or read saved hits) and return all hits and file errors."""
    if args.hits:
        return load_hits(args.hits)
    files = corpus_files(args.corpus)
    held_out = held_out_names(args.list if args.held_out_flags else None)
    if args.held_out_flags and args.folder:
        files = folder_files(args.folder)
    elif args.held_out_flags:
        files = [(name, path) for name, path in files if name in held_out]
    elif args.dev:
        files = [(name, path) for name, path in files if name not in held_out]
    files = files[: args.limit]
    hits: list[Hit] = []
    errors: list[str] = []
    runner = run(files, args.jobs, args.timeout, args.max_memory_mb)
    for done, result in enumerate(runner, start=1):
        hits.extend(result.hits)
        if result.error:
            errors.append(f"{result.file}: {result.error}")
        print(f"\r[risk rules] {done}/{len(files)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    if args.json:
        saved = {"files": len(files), "errors": errors, "hits": [asdict(h) for h in hits]}
        args.json.write_text(json.dumps(saved, indent=1, ensure_ascii=False), encoding="utf-8")
    return hits, errors


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.hits and not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    library = load_library(include_user_layer=False)
    hits, errors = collect(args)
    if args.held_out_flags:
        listed = folder_files(args.folder) if args.folder else held_out_names(args.list)
        contracts = len(listed)
        write_flags(args.held_out_flags, hits, errors, contracts)
        print(
            f"{len(hits)} flags on {len({h.file for h in hits})} contracts -> {args.held_out_flags}"
        )
        return 0
    verdicts = load_verdicts(args.judgements) if args.judgements else []
    matched, stale = attach(hits, verdicts)
    print(rule_table(library, hits, matched, stale, args.markdown))
    if stale and args.gone:
        print(f"\n{len(stale)} verdicts are on hits that no longer fire:")
        for verdict in stale:
            mark = "correct" if verdict.correct else "wrong"
            print(f"  {verdict.rule_id} | {verdict.file} | {verdict.start} ({mark})")
    for error in errors:
        print(f"error: {error}")
    if args.sample:
        judged_index = {id(hits[i]): v for i, v in matched.items()}
        pool = [h for h in hits if not (args.unjudged and id(h) in judged_index)]
        rules = set(args.rule) if args.rule else None
        for rule_id, chosen in sample(pool, args.sample, rules).items():
            print(f"\n## {rule_id}")
            for hit in chosen:
                print(render_hit(hit, judged_index.get(id(hit))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
