"""Do first quotes that miss the labelled sentence still state the clause? A judged audit.

The evidence figure counts a first quote as right only when it overlaps a labelled quote, and the
labels mark one or two sentences per clause (1.7 on average), so a quote of another sentence that
states the same clause counts as a miss. This audit samples cross-validated first quotes of
present findings on the ito-style labelled contracts - misses, and hits as controls - for judges
who see only the clause meaning, the quoted sentence and its passage (not whether it was a hit):

    python -m benchmarks.evidence_audit sample OUT_DIR   # items.yaml for judges, key.yaml
    python -m benchmarks.evidence_audit score DIR        # rates from judge_a/b(/c).yaml

Judges answer states / context / wrong per item (the brief: benchmarks/evidence_audit/JUDGE.md);
two judges read in opposite orders, a third settles their splits. Contract texts are not stored
here: ``sample`` rebuilds the items from the corpus.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

from benchmarks.train import DEFAULT_CORPUS, DocPrediction, cross_validate, load_docs, quote_hit
from benchmarks.train_data import sources
from ito_desktop.core.ingest.base import Limits
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.progress import CancelToken

SEED = 20261208
MISSES, HITS = 120, 40
_PASSAGE_CHARS = 1200


def judged_quotes(preds: Sequence[DocPrediction]) -> tuple[list[tuple], list[tuple]]:
    """(misses, hits): (prediction, clause id, sentence) of every labelled-present id the
    cross-validated scorer found, by whether its first quote overlaps a labelled quote."""
    misses: list[tuple] = []
    hits: list[tuple] = []
    for p in preds:
        doc = p.doc
        if not doc.ito_truth:
            continue
        for e, cid in enumerate(doc.ids):
            if not doc.ito_truth.get(cid) or p.score[e] < p.threshold or not doc.spans.get(cid):
                continue
            s = int(p.best[e])
            (hits if quote_hit(doc, cid, s) else misses).append((p, cid, s))
    return misses, hits


def _meanings(corpus: Path) -> dict[str, str]:
    ids = corpus.parent / "CLAUSE_IDS.md"
    meaning: dict[str, str] = {}
    for line in ids.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*`([a-z_]+)`\s*\|\s*(.+?)\s*\|\s*$", line)
        if m:
            meaning[m.group(1)] = m.group(2)
    return meaning


def sample(corpus: Path, out: Path, jobs: int) -> None:
    library = load_library(include_user_layer=False)
    docs = load_docs(corpus, jobs)
    preds, _ = cross_validate(docs, library, None)
    misses, hits = judged_quotes(preds)
    print(f"{len(misses)} misses, {len(hits)} hits", file=sys.stderr)
    rng = random.Random(SEED)
    drawn = [(x, "miss") for x in rng.sample(misses, MISSES)]
    drawn += [(x, "hit") for x in rng.sample(hits, HITS)]
    rng.shuffle(drawn)
    paths = {name: path for name, path, _ in sources(corpus)}
    meaning = _meanings(corpus)
    texts: dict[str, str] = {}
    items, key = [], {}
    for n, ((p, cid, s), kind) in enumerate(drawn, start=1):
        doc = p.doc
        if doc.name not in texts:
            document = read_document(paths[doc.name], Limits(), lambda _f, _m: None, CancelToken())
            texts[doc.name] = document.text
        text = texts[doc.name]
        same = np.flatnonzero(doc.sent_passage == doc.sent_passage[s])
        a, b = int(doc.sent_start[same[0]]), int(doc.sent_end[same[-1]])
        start, end = int(doc.sent_start[s]), int(doc.sent_end[s])
        passage = text[a:b]
        if len(passage) > _PASSAGE_CHARS:
            cut = max(0, start - a - 500)
            passage = ("..." if cut else "") + passage[cut : cut + _PASSAGE_CHARS] + "..."
        items.append(
            {
                "n": n,
                "clause_id": cid,
                "clause_meaning": meaning.get(cid, ""),
                "contract": doc.name[:80],
                "quoted_sentence": " ".join(text[start:end].split()),
                "passage_around_it": " ".join(passage.split()),
            }
        )
        key[n] = {"kind": kind, "contract": doc.name, "clause_id": cid, "start": start, "end": end}
    out.mkdir(parents=True, exist_ok=True)
    dump = {"sort_keys": False, "allow_unicode": True, "width": 100}
    (out / "items.yaml").write_text(yaml.safe_dump(items, **dump), encoding="utf-8")  # type: ignore[call-overload]
    reverse = yaml.safe_dump(list(reversed(items)), **dump)  # type: ignore[call-overload]
    (out / "items_reversed.yaml").write_text(reverse, encoding="utf-8")
    (out / "key.yaml").write_text(yaml.safe_dump(key), encoding="utf-8")
    print(f"wrote {out}/items.yaml, items_reversed.yaml and key.yaml")


def verdicts(folder: Path) -> tuple[dict[int, dict[str, object]], dict[int, str], int]:
    """(key, final verdict per item, items the first two judges agreed on)."""
    key = yaml.safe_load((folder / "key.yaml").read_text(encoding="utf-8"))
    a = yaml.safe_load((folder / "judge_a.yaml").read_text(encoding="utf-8"))["verdicts"]
    b = yaml.safe_load((folder / "judge_b.yaml").read_text(encoding="utf-8"))["verdicts"]
    third = folder / "judge_c.yaml"
    c = yaml.safe_load(third.read_text(encoding="utf-8"))["verdicts"] if third.is_file() else {}
    final = {n: a[n] if a[n] == b[n] else c.get(n, "split") for n in key}
    return key, final, sum(a[n] == b[n] for n in key)


def score(folder: Path, hit_rate: float | None) -> str:
    key, final, agreed = verdicts(folder)
    lines = [f"two judges agreed on {agreed} of {len(key)} items; a third settled the rest"]
    rates: dict[str, float] = {}
    for kind in ("hit", "miss"):
        got = Counter(final[n] for n in key if key[n]["kind"] == kind)
        total = sum(got.values())
        rates[kind] = got["states"] / total if total else 0.0
        counts = ", ".join(f"{v} {k}" for k, v in sorted(got.items()))
        name = {"hit": "hits", "miss": "misses"}[kind]
        lines.append(f"{name} judged: {total} ({counts}); states the clause {rates[kind]:.2f}")
    if hit_rate is not None:
        n_miss = sum(1 for n in key if key[n]["kind"] == "miss")
        margin = 1.96 * math.sqrt(rates["miss"] * (1 - rates["miss"]) / max(1, n_miss))
        middle = hit_rate * rates["hit"] + (1 - hit_rate) * rates["miss"]
        low, high = (middle + (1 - hit_rate) * d for d in (-margin, margin))
        lines.append(
            f"first quote states the clause: {middle:.2f} (95% interval {low:.2f}-{high:.2f}, "
            f"from the sampled misses) with the labelled-sentence hit rate {hit_rate:.3f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="draw the items to judge")
    s.add_argument("out", type=Path)
    s.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    s.add_argument("--jobs", type=int, default=2)
    r = sub.add_parser("score", help="rates from the judges' verdicts")
    r.add_argument("folder", type=Path)
    r.add_argument("--hit-rate", type=float, help="the cross-validated evidence hit rate")
    args = parser.parse_args(argv)
    if args.command == "sample":
        if not args.corpus.is_dir():
            print(f"corpus not found: {args.corpus}", file=sys.stderr)
            return 2
        sample(args.corpus, args.out, args.jobs)
    else:
        print(score(args.folder, args.hit_rate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
