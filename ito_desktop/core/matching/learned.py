"""The learned text model: per clause id, a linear model over hashed words and word pairs.

Trained by ``python -m benchmarks.train`` on labelled passages (CUAD, the project's labels and
the library's own model wordings); shipped as ``text_model.npz`` beside this module. Inference is
plain numpy: a sentence becomes a set of hashed features (its words and word pairs, the words of
its clause heading and the words of the passage around it), and each clause id's score is the
logistic of a dot product. Nothing here imports scikit-learn.
"""

from __future__ import annotations

import itertools
import json
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, SupportsIndex

import numpy as np

FEATURE_BITS = 18
N_FEATURES = 1 << FEATURE_BITS
FORMAT = "ito-text-model/1"
MODEL_FILE = "text_model.npz"

_TOKEN = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*\s?%|\d+(?:[.,]\d+)*|[$€£%]")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "and",
        "or",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "this",
        "that",
        "these",
        "those",
        "such",
        "as",
        "with",
        "from",
        "any",
        "all",
        "its",
        "it",
        "his",
        "her",
        "their",
        "which",
        "who",
        "whom",
        "shall",
        "will",
        "may",
    ]
)
_CHUNK_ROWS = 50_000  # feature rows scored at a time (bounds memory on very long documents)


def tokens(text: str) -> list[str]:
    """Lower-case words; numbers become a shape ("<pct>", "<num>") so 99.9% and 99.5% agree."""
    out: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        if token[0].isdigit():
            out.append("<pct>" if token.endswith("%") else "<num>")
        elif token in ("$", "€", "£"):
            out.append("<money>")
        elif token == "%":
            out.append("<pct>")
        else:
            out.append(token)
    return out


def feature_names(sentence: str, heading: str, context: str) -> list[str]:
    """The named features of one sentence: words and word pairs of the sentence itself,
    heading words (``h:``) and the words of the passage around it (``c:``)."""
    return sorted(_sentence_names(sentence) | _around_names(heading, context))


def _sentence_names(sentence: str) -> set[str]:
    words = tokens(sentence)
    names = {w for w in words if w not in _STOP}
    names.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return names


def _around_names(heading: str, context: str) -> set[str]:
    names = {f"h:{w}" for w in tokens(heading) if w not in _STOP}
    names.update(f"c:{w}" for w in tokens(context) if w not in _STOP)
    return names


def hash_feature(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) & (N_FEATURES - 1)


_hashed = lru_cache(maxsize=200_000)(hash_feature)  # words repeat across sentences


def featurise(rows: Iterable[tuple[str, str, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(indices, values, row starts) of L2-normalised binary features, one row per
    (sentence, heading, context); the starts have one more entry than the rows."""
    indices: list[int] = []
    values: list[float] = []
    starts = [0]
    around: dict[tuple[str, str], set[int]] = {}  # the sentences of a passage share these
    for sentence, heading, context in rows:
        shared = around.get((heading, context))
        if shared is None:
            shared = {_hashed(n) for n in _around_names(heading, context)}
            around[(heading, context)] = shared
        hashed = sorted(shared.union(_hashed(n) for n in _sentence_names(sentence)))
        indices.extend(hashed)
        weight = 1.0 / np.sqrt(len(hashed)) if hashed else 0.0
        values.extend([weight] * len(hashed))
        starts.append(len(indices))
    return (
        np.asarray(indices, dtype=np.int64),
        np.asarray(values, dtype=np.float32),
        np.asarray(starts, dtype=np.int64),
    )


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """The learned scorer's provenance: its version, the hash of the data it was trained on
    and how many contracts that held."""

    version: str
    data_hash: str
    documents: int | None
    labelled_documents: int | None

    def as_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "data_hash": self.data_hash,
            "documents": self.documents,
            "labelled_documents": self.labelled_documents,
        }

    def describe(self) -> str:
        """One line for About: "2026.12.1, trained on 449 contracts (data 3f2a9c81d0e4)"."""
        trained = f", trained on {self.documents} contracts" if self.documents else ""
        return f"{self.version}{trained} (data {self.data_hash[:12]})"


@dataclass(frozen=True, eq=False)  # compared by identity: it holds arrays
class TextModel:
    """Weights (features x clause ids), intercepts and how the model was made."""

    clause_ids: tuple[str, ...]
    weights: np.ndarray  # N_FEATURES x len(clause_ids), float32
    intercepts: np.ndarray  # len(clause_ids), float32
    combiner: np.ndarray  # sentence level: text value with the passage's library signals
    doc_combiner: np.ndarray  # document level: DOC_FEATURES weights and intercept
    thresholds: tuple[float, float]  # (present, weak) on the combined probability
    positives: tuple[int, ...]  # labelled passages each id was trained on
    meta: dict[str, object]

    @property
    def version(self) -> str:
        return str(self.meta.get("version", ""))

    @property
    def data_hash(self) -> str:
        return str(self.meta.get("data_hash", ""))

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        """The shipped model crosses to a batch worker as a reference, loaded there from the
        package (its weights are 42 MB in memory); any other model is pickled whole."""
        if self is bundled_model():
            return (bundled_model, ())
        return super().__reduce_ex__(protocol)

    def provenance(self) -> ModelInfo:
        """What the JSON output and About say about the model (small: it travels with every
        review result, across processes in a batch)."""
        documents = self.meta.get("documents")
        labelled = self.meta.get("labelled_documents")
        return ModelInfo(
            version=self.version,
            data_hash=self.data_hash,
            documents=int(documents) if isinstance(documents, int) else None,
            labelled_documents=int(labelled) if isinstance(labelled, int) else None,
        )

    def column(self, clause_id: str) -> int | None:
        try:
            return self.clause_ids.index(clause_id)
        except ValueError:
            return None

    def logits(
        self, indices: np.ndarray, values: np.ndarray, starts: np.ndarray, columns: Sequence[int]
    ) -> np.ndarray:
        """Rows x len(columns) decision values for featurised rows."""
        rows = len(starts) - 1
        cols = np.asarray(columns, dtype=np.int64)
        out = np.zeros((rows, len(cols)), dtype=np.float32)
        if rows == 0 or not len(cols):
            return out
        # All columns in order (the usual case): no 21 MB copy of the weights.
        every = len(cols) == self.weights.shape[1] and bool((cols == np.arange(len(cols))).all())
        weights = self.weights if every else self.weights[:, cols]
        row = 0
        while row < rows:  # rows in chunks of about _CHUNK_ROWS features
            end = int(np.searchsorted(starts, starts[row] + _CHUNK_ROWS, side="right")) - 1
            end = min(rows, max(end, row + 1))
            lo, hi = int(starts[row]), int(starts[end])
            if hi > lo:
                contrib = weights[indices[lo:hi]].astype(np.float32) * values[lo:hi, None]
                seg = starts[row:end] - lo
                nonempty = np.diff(starts[row : end + 1]) > 0
                sums = np.add.reduceat(contrib, seg[nonempty], axis=0)
                out[row:end][nonempty] = sums
            row = end
        return np.asarray(out + self.intercepts[cols], dtype=np.float32)

    def top_words(
        self, sentence: str, heading: str, context: str, column: int, count: int = 3
    ) -> list[str]:
        """The sentence's own words and word pairs that push ``column`` up most."""
        words = tokens(sentence)
        names = {w for w in words if w not in _STOP}
        names.update(f"{a} {b}" for a, b in itertools.pairwise(words))
        scored = sorted(
            ((float(self.weights[hash_feature(n), column]), n) for n in names),
            reverse=True,
        )
        shown = [_readable(n) for weight, n in scored if weight > 0]
        return list(dict.fromkeys(shown))[:count]


def _readable(name: str) -> str:
    return (
        name.replace("<pct>", "n%")
        .replace("<num>", "n")
        .replace("<money>", "$")
        .replace(" n%", "%")
    )


DOC_FEATURES = (
    "best sentence (combined)",
    "best sentence (text model)",
    "library score",
    "library defining term",
    "library present",
    "supporting sentences",
    "best heading match",
    "best model-wording similarity",
    "most key-term groups in a passage",
    "most key-term groups in a sentence",
)


def document_features(
    probs: np.ndarray,
    logits: np.ndarray,
    lib_score: np.ndarray,
    lib_anchor: np.ndarray,
    lib_max: np.ndarray,
) -> np.ndarray:
    """Entries x DOC_FEATURES from sentences x entries combined probabilities and text-model
    values, each entry's best library score with whether its passage has the defining term, and
    (``lib_max``, entries x 7) the best of each library signal over the passages.
    The same function builds the training rows (benchmarks/train.py) and the app's."""
    if not len(probs):
        return np.zeros((probs.shape[1], len(DOC_FEATURES)), dtype=np.float32)
    best = np.clip(probs.max(axis=0), 1e-6, 1 - 1e-6)
    return np.stack(
        [
            np.log(best / (1 - best)) / 4.0,
            np.clip(logits.max(axis=0), -12, 12) / 4.0,
            lib_score,
            lib_anchor.astype(np.float32),
            ((lib_score >= 0.55) & lib_anchor).astype(np.float32),
            np.log1p((probs >= 0.5).sum(axis=0)),
            lib_max[:, 3],
            lib_max[:, 4],
            lib_max[:, 1],
            lib_max[:, 5],
        ],
        axis=1,
    ).astype(np.float32)


def document_design(rows: np.ndarray, columns: np.ndarray, n_ids: int) -> np.ndarray:
    """The document combiner's inputs: DOC_FEATURES, then a per-clause-id intercept and a
    per-clause-id weight on the best sentence (ids differ in how sure their wording is)."""
    onehot = np.zeros((len(rows), n_ids), dtype=np.float32)
    onehot[np.arange(len(rows)), columns] = 1.0
    return np.concatenate([rows, onehot, onehot * rows[:, :1]], axis=1)


def document_probability(model: TextModel, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Per row: the probability that the contract has that clause id."""
    design = document_design(rows, columns, len(model.clause_ids))
    return logistic(design @ model.doc_combiner[:-1] + model.doc_combiner[-1])


def log_odds(p: np.ndarray) -> np.ndarray:
    """log(p / (1 - p)), with p kept off 0 and 1."""
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9)
    return np.asarray(np.log(p) - np.log1p(-p))


def word_counts(text: str, starts: Iterable[int], ends: Iterable[int]) -> np.ndarray:
    """Words in each sentence ``text[start:end]`` (what first_quotes calls a title)."""
    return np.array(
        [len(text[int(a) : int(b)].split()) for a, b in zip(starts, ends, strict=True)],
        dtype=np.int64,
    )


def combiner_inputs(logits: np.ndarray, lib: np.ndarray, top: np.ndarray) -> np.ndarray:
    """Sentences x ids x inputs of the sentence combiner: the text model's value, the library
    signals of the sentence's passage (``lib``, sentences x ids x signals) and the margin over
    the best other clause id (``top`` from top_two). Training and review both build them here."""
    text = np.clip(np.asarray(logits, dtype=np.float32), -12, 12)[:, :, None] / 4.0
    rival = rival_margin(logits, top)[:, :, None]
    return np.concatenate([text, lib, rival], axis=2)


def top_two(logits: np.ndarray) -> np.ndarray:
    """Sentences x 2: each sentence's best and second-best text value over the clause ids the
    model knows (clipped like the combiner's input)."""
    z = np.clip(np.asarray(logits, dtype=np.float32), -12, 12)
    if z.shape[1] < 2:
        return np.repeat(z[:, :1], 2, axis=1) if z.shape[1] else np.zeros((len(z), 2), np.float32)
    ordered = np.sort(z, axis=1)
    return np.stack([ordered[:, -1], ordered[:, -2]], axis=1)


def rival_margin(logits: np.ndarray, top: np.ndarray) -> np.ndarray:
    """Sentences x ids: how far the sentence reads more like this clause than like the best
    other clause (an assignment sentence is not the subcontracting clause, an IP-infringement
    indemnity not the general indemnity), scaled like the combiner's other inputs. ``top`` is
    top_two over every clause id the model knows."""
    z = np.clip(np.asarray(logits, dtype=np.float32), -12, 12)
    other = np.where(z >= top[:, :1], top[:, 1:2], top[:, :1])
    return np.asarray(np.clip(z - other, -8, 8) / 4.0, dtype=np.float32)


TITLE_WORDS = 5  # a sentence shorter than this ("Exit assistance.") is a title, not a quote
TITLE_LOG_ODDS = 4.0  # how much less likely a full sentence may be and still be quoted first


def first_quotes(probs: np.ndarray, words: np.ndarray) -> np.ndarray:
    """Per clause id (column of sentences x ids ``probs``), the sentence to quote first: the
    likeliest, unless it is a title ("Term", "Limited Warranty") and a sentence of at least
    TITLE_WORDS ``words`` is within TITLE_LOG_ODDS of it; then that sentence. A lawyer cites
    the sentence that states the clause, not its heading. Training measures the same choice."""
    best = np.asarray(probs.argmax(axis=0), dtype=np.int64)
    full = np.asarray(words) >= TITLE_WORDS
    if not len(probs) or full.all() or not full.any():
        return best
    z = log_odds(probs)
    columns = np.arange(probs.shape[1])
    z_full = np.where(full[:, None], z, -np.inf)
    other = z_full.argmax(axis=0)
    use = ~full[best] & (z_full[other, columns] >= z[best, columns] - TITLE_LOG_ODDS)
    return np.asarray(np.where(use, other, best), dtype=np.int64)


def logistic(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float32)


def save_model(model: TextModel, path: Path, keep: int = 12_000) -> None:
    """Write ``model`` with, per clause id, only its ``keep`` strongest weights (float16)."""
    cols, rows, vals = [], [], []
    for c in range(len(model.clause_ids)):
        column = model.weights[:, c]
        top = np.argsort(-np.abs(column), kind="stable")[:keep]
        top = np.sort(top[column[top] != 0])
        rows.append(top.astype(np.int32))
        vals.append(column[top].astype(np.float16))
        cols.append(np.full(len(top), c, dtype=np.int16))
    meta = dict(model.meta)
    meta.update(
        format=FORMAT,
        clause_ids=list(model.clause_ids),
        thresholds=list(model.thresholds),
        positives=list(model.positives),
    )
    with path.open("wb") as handle:
        np.savez_compressed(
            handle,
            rows=np.concatenate(rows) if rows else np.zeros(0, np.int32),
            cols=np.concatenate(cols) if cols else np.zeros(0, np.int16),
            vals=np.concatenate(vals) if vals else np.zeros(0, np.float16),
            intercepts=model.intercepts.astype(np.float32),
            combiner=model.combiner.astype(np.float32),
            doc_combiner=model.doc_combiner.astype(np.float32),
            meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
        )


def load_model(path: Path) -> TextModel:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(bytes(data["meta"]).decode("utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{path.name} is not a {FORMAT} file")
        ids = tuple(str(c) for c in meta["clause_ids"])
        # float16, as stored: 21 MB in memory rather than 42 (scores are summed in float32).
        weights = np.zeros((N_FEATURES, len(ids)), dtype=np.float16)
        weights[data["rows"], data["cols"]] = data["vals"]
        thresholds = meta["thresholds"]
        return TextModel(
            clause_ids=ids,
            weights=weights,
            intercepts=data["intercepts"].astype(np.float32),
            combiner=data["combiner"].astype(np.float32),
            doc_combiner=data["doc_combiner"].astype(np.float32),
            thresholds=(float(thresholds[0]), float(thresholds[1])),
            positives=tuple(int(p) for p in meta.get("positives", [0] * len(ids))),
            meta=meta,
        )


@lru_cache(maxsize=1)
def bundled_model() -> TextModel | None:
    """The model shipped with the package, or None when the file is absent (then the library's
    own signals decide alone)."""
    source = resources.files("ito_desktop.core.matching").joinpath(MODEL_FILE)
    if not source.is_file():
        return None
    with resources.as_file(source) as path:
        return load_model(path)
