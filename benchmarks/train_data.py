"""Training and evaluation data for the learned scorer: every labelled contract, read as the
app reads it, cut into sentences with their features, library signals and labels.

One ``DocData`` per contract, cached under ``benchmarks/.cache`` by the contract's bytes, the
label file and the library (so a library edit is seen)."""

from __future__ import annotations

import csv
import hashlib
import json
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from benchmarks.labels import (
    CUAD_APPROXIMATE,
    CUAD_CATEGORIES,
    HELDOUT_LABELS,
    OPEN_LABELS,
    OWN_LABELS,
    _cuad_passages,
    _quotes,
    _split_quote,
)
from benchmarks.locate import Span, TextIndex, locate_passage
from ito_desktop.core.ingest.base import Limits
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.library.schema import Library
from ito_desktop.core.matching.engine import (
    MatchOptions,
    combined_scores,
    library_features,
    score_document,
)
from ito_desktop.core.matching.learned import featurise, word_counts
from ito_desktop.core.matching.passages import sentences
from ito_desktop.core.progress import CancelToken

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CACHE = PROJECT_ROOT / "benchmarks" / ".cache" / "train"
# Our own reconciled labels of CUAD contracts (texts in the shared corpus).
LABEL_DIRS = (OWN_LABELS, HELDOUT_LABELS)
CUAD_EXACT = tuple(c for c in CUAD_CATEGORIES.values() if c not in CUAD_APPROXIMATE)
LIB_FEATURES = ("score", "terms", "anchor", "heading", "example", "sentence_terms", "definition")
_CACHE_VERSION = "4"


@dataclass
class DocData:
    name: str
    group: str  # documents of one group are always in the same fold (company for CUAD)
    text_len: int
    ids: tuple[str, ...]  # library clause ids, column order of the matrices
    ito_truth: dict[str, bool]  # all 40 ids when the contract has ito-style labels, else {}
    cuad_truth: dict[str, bool]  # the 15 CUAD-mapped ids, when it is a CUAD contract
    spans: dict[str, list[Span]]  # labelled spans per id (ito labels first, else CUAD)
    first_spans: dict[str, list[Span]]  # spans of the first (most defining) labelled quote
    sent_start: np.ndarray  # sentence offsets in Document.text
    sent_end: np.ndarray
    sent_passage: np.ndarray  # sentence -> passage index
    sent_words: np.ndarray  # words in each sentence (titles are not quoted first)
    indices: np.ndarray  # hashed features of every sentence (see learned.featurise)
    values: np.ndarray
    starts: np.ndarray
    lib: np.ndarray  # passages x ids x len(LIB_FEATURES)
    labels: np.ndarray  # sentences x ids, int8: 1 positive, 0 negative, -1 unknown
    kinds: dict[str, str] = field(default_factory=dict)


FOLDS = 5


def fold_of(group: str) -> int:
    """The cross-validation fold of a group of documents (stable, independent of file order)."""
    return hashlib.sha256(group.encode("utf-8")).digest()[0] % FOLDS


def group_of(name: str) -> str:
    """The company a contract belongs to: CUAD names start with it, GitHub ones with the
    repository's owner."""
    head = re.split(r"[_ ]", name, maxsplit=1)[0]
    return re.sub(r"[^a-z0-9]", "", head.lower()) or name


def sources(corpus: Path) -> Iterator[tuple[str, Path, Path | None]]:
    """(name, native document, ito-style label file or None) for every contract: all CUAD texts,
    then the DOCX forms that have ito-style labels."""
    labelled: dict[str, Path] = {}
    for folder in (corpus / "ito_labels" / "labels", *LABEL_DIRS):
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                labelled[path.stem] = path
    natives: dict[str, Path] = {}
    with (corpus / "ito_labels" / "sources.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 3 and row[0] and not row[0].startswith("#"):
                natives[row[0]] = (corpus / "ito_labels" / row[2]).resolve()
    for txt in sorted((corpus / "cuad" / "txt").glob("*.txt")):
        yield txt.stem, txt, labelled.get(txt.stem)
    for name, native in sorted(natives.items()):
        if native.suffix.lower() != ".txt" and name in labelled:
            yield name, native, labelled[name]
    for label in sorted((OPEN_LABELS / "labels").glob("*.json")):
        yield label.stem, OPEN_LABELS / "text" / f"{label.stem}.txt", label


def build(
    corpus: Path, library: Library, name: str, path: Path, label_file: Path | None
) -> DocData:
    """Read one contract and compute everything training and evaluation need."""
    key = hashlib.sha256()
    key.update(_CACHE_VERSION.encode())
    key.update(path.read_bytes())
    if label_file is not None:
        key.update(label_file.read_bytes())
    key.update(_library_key(library).encode())
    cached = CACHE / f"{key.hexdigest()[:24]}.pkl"
    if cached.is_file():
        data: DocData = pickle.loads(cached.read_bytes())
        return data
    data = _build(corpus, library, name, path, label_file)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(cached)
    return data


_cuad_cache: dict[str, dict[str, list[tuple[str, ...]]]] | None = None


def _cuad_labels(corpus: Path) -> dict[str, dict[str, list[tuple[str, ...]]]]:
    global _cuad_cache
    if _cuad_cache is None:
        _cuad_cache = {k: dict(v) for k, v in _cuad_passages(corpus / "cuad").items()}
    return _cuad_cache


def _library_key(library: Library) -> str:
    return hashlib.sha256(
        json.dumps(
            [
                (e.id, e.headings, [g.terms for g in e.key_terms], e.examples)
                for e in library.entries
            ],
            default=str,
        ).encode()
    ).hexdigest()


def _build(
    corpus: Path, library: Library, name: str, path: Path, label_file: Path | None
) -> DocData:
    document = read_document(path, Limits(), lambda _f, _m: None, CancelToken())
    text = document.text
    scored = score_document(document, library)
    scores = combined_scores(scored, MatchOptions())
    ids = tuple(e.id for e in scored.entries)
    passages = scored.passages
    lib = library_features(scored, scores)
    rows: list[tuple[str, str, str]] = []
    s_start: list[int] = []
    s_end: list[int] = []
    s_passage: list[int] = []
    for p, passage in enumerate(passages):
        body = text[passage.start : passage.end]
        heading = " ".join(passage.titles[:2])
        for start, end in sentences(body, passage.start) or [(passage.start, passage.end)]:
            rows.append((text[start:end], heading, body[:1500]))
            s_start.append(start)
            s_end.append(end)
            s_passage.append(p)
    indices, values, starts = featurise(rows)
    index = TextIndex.build(text)
    ito_truth: dict[str, bool] = {}
    spans: dict[str, list[Span]] = {}
    first_spans: dict[str, list[Span]] = {}
    known: set[str] = set()
    if label_file is not None:
        labels = json.loads(label_file.read_text(encoding="utf-8"))["labels"]
        for cid, label in labels.items():
            ito_truth[cid] = bool(label["present"])
            known.add(cid)
            quotes = [_split_quote(str(q)) for q in _quotes(label)]
            for n, pieces in enumerate(quotes):
                located = locate_passage(index, pieces).spans
                spans.setdefault(cid, []).extend(located)
                if n == 0:
                    first_spans[cid] = list(located)
    cuad_truth: dict[str, bool] = {}
    if path.suffix.lower() == ".txt" and path.parent.name == "txt":
        found = _cuad_labels(corpus).get(path.name, {})
        for cid in CUAD_CATEGORIES.values():
            cuad_truth[cid] = bool(found.get(cid))
            if cid in known:
                continue  # our own labels decide
            for pieces in found.get(cid, []):
                located = locate_passage(index, pieces).spans
                spans.setdefault(cid, []).extend(located)
                first_spans.setdefault(cid, list(located))
            if cid in CUAD_EXACT or found.get(cid):
                known.add(cid)  # ~ ids: CUAD's negatives are not ours
    n = len(rows)
    matrix = np.full((n, len(ids)), -1, dtype=np.int8)
    st = np.asarray(s_start, dtype=np.int64)
    en = np.asarray(s_end, dtype=np.int64)
    for e, cid in enumerate(ids):
        if cid not in known:
            continue
        column = np.zeros(n, dtype=np.int8)
        for a, b in spans.get(cid, []):
            overlap = np.minimum(en, b) - np.maximum(st, a)
            need = 0.5 * np.minimum(en - st, b - a)
            column[(overlap > 0) & (overlap >= need)] = 1
        if cid in ito_truth or cuad_truth.get(cid) is not None:
            truth = ito_truth.get(cid, cuad_truth.get(cid, False))
            if truth and not column.any():
                column[:] = -1  # present but the quote was not located: do not teach negatives
        matrix[:, e] = column
    return DocData(
        name=name,
        group=group_of(name),
        text_len=len(text),
        ids=ids,
        ito_truth=ito_truth,
        cuad_truth=cuad_truth,
        spans=spans,
        first_spans=first_spans,
        sent_start=st,
        sent_end=en,
        sent_passage=np.asarray(s_passage, dtype=np.int64),
        sent_words=word_counts(text, s_start, s_end),
        indices=indices.astype(np.int32),
        values=values,
        starts=starts,
        lib=lib,
        labels=matrix,
    )
