"""Score every passage against every library entry and decide present / weak / missing."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

import numpy as np

from ito_desktop.core.findings import Evidence, Status
from ito_desktop.core.ingest.normalize import content_words, for_terms
from ito_desktop.core.library.loader import bundled_library_dir
from ito_desktop.core.library.schema import Library, LibraryEntry
from ito_desktop.core.matching.learned import (
    TITLE_WORDS,
    TextModel,
    combiner_inputs,
    document_features,
    document_probability,
    featurise,
    first_quotes,
    log_odds,
    top_two,
    word_counts,
)
from ito_desktop.core.matching.passages import Passage, passages_of, sentences
from ito_desktop.core.matching.signals import (
    GroupHits,
    best_heading,
    example_similarity,
    groups_in_range,
    heading_scores,
    term_hits,
)
from ito_desktop.core.matching.token_index import TokenIndex
from ito_desktop.core.model import Document
from ito_desktop.core.progress import CancelToken, ProgressSink, no_progress
from ito_desktop.core.reasons import WEAK_CAPS, Reason, ReasonKind

_MAX_PASSAGE_CHARS = 1500
_PARENT_TITLE_WEIGHT = (1.0, 0.85, 0.7)
_MAX_RELATED = 12
_SECONDARY_RATIO = 0.75
# Learned evidence: further quotes within this many log-odds of the best sentence; the
# passages risk rules read within a wider margin.
_QUOTE_LOG_ODDS = 2.0
_RELATED_LOG_ODDS = 3.0
_WORD = re.compile(r"[a-z0-9]+")  # a word as the token index splits terms


@dataclass(frozen=True, slots=True)
class MatchOptions:
    """Weights and thresholds. The defaults were calibrated with ``benchmarks/calibrate.py`` on
    one half of the dev corpus and checked on the other (docs/accuracy.md)."""

    present_threshold: float = 0.55
    weak_threshold: float = 0.425
    weight_terms: float = 0.40
    weight_heading: float = 0.35
    weight_example: float = 0.25
    no_anchor_factor: float = 0.5
    definition_factor: float = 0.6
    sentence_mix: float = 0.0  # share of the term signal taken from the best single sentence
    # Ordering further evidence (after the best passage): a clause whose key terms sit together
    # in one sentence is quoted before a similar one that spreads them over a paragraph.
    evidence_sentence_bonus: float = 0.2
    max_evidence: int = 3


@dataclass(frozen=True, slots=True)
class EntryMatch:
    """The outcome for one library entry, before risk rules."""

    entry: LibraryEntry
    status: Status
    score: float
    reasons: tuple[Reason, ...]
    evidence: tuple[Evidence, ...]
    passages: tuple[Passage, ...]  # the passages behind the evidence
    related: tuple[
        Passage, ...
    ] = ()  # every passage above the weak threshold (risk rules read them)


@dataclass(frozen=True, slots=True)
class Signals:
    """Every passage's raw signals for every entry (weights and thresholds not yet applied)."""

    terms: np.ndarray  # passages x entries: fraction of key-term groups found
    anchor: np.ndarray  # passages x entries: the anchor group found
    heading: np.ndarray  # passages x entries
    example: np.ndarray  # passages x entries
    best_example: np.ndarray  # passages x entries: index of the closest model wording
    hits: list[list[GroupHits]]  # entries x key-term groups: where each group occurs
    sentence_terms: np.ndarray  # passages x entries: most key-term groups found in one sentence
    sentence_starts: np.ndarray  # every passage's sentences, in order
    sentence_ends: np.ndarray
    first_sentence: np.ndarray  # passage -> index of its first sentence


@dataclass(frozen=True, slots=True)
class ScoredDocument:
    """A document with its passages and signals: the expensive part of matching, done once.

    Re-deciding with other weights or thresholds (settings, calibration) reuses it.
    """

    document: Document
    lower: str
    passages: list[Passage]
    entries: list[LibraryEntry]
    signals: Signals
    model: TextModel | None = None
    # sentences x entries: the text model's decision value (NaN for an entry it does not know)
    text_logits: np.ndarray | None = None
    # sentences x 2: the best and second-best decision value over every id the model knows
    text_top: np.ndarray | None = None


def score_document(
    document: Document,
    library: Library,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
    model: TextModel | None = None,
) -> ScoredDocument:
    """Compute the signals of every passage against every library entry, and with ``model``
    the learned text model's view of every sentence."""
    cancel = cancel or CancelToken()
    passages = passages_of(document)
    entries = list(library.entries)
    lower = for_terms(document.text)
    signals = _compute_signals(document, lower, passages, entries, progress, cancel)
    logits = top = None
    if model is not None and any(model.column(e.id) is not None for e in entries):
        cancel.check()
        progress(0.97, "Reading the wording with the learned model")
        logits, top = _text_logits(document, passages, signals, entries, model)
        cancel.check()
    return ScoredDocument(document, lower, passages, entries, signals, model, logits, top)


def _text_logits(
    document: Document,
    passages: list[Passage],
    signals: Signals,
    entries: list[LibraryEntry],
    model: TextModel,
) -> tuple[np.ndarray, np.ndarray]:
    """Sentences x entries decision values (rows as benchmarks/train_data.py builds them), and
    each sentence's best two over every clause id the model knows (learned.top_two)."""
    text = document.text
    bounds = [*signals.first_sentence.tolist(), len(signals.sentence_starts)]
    rows: list[tuple[str, str, str]] = []
    for p, passage in enumerate(passages):
        body = text[passage.start : passage.end][:_MAX_PASSAGE_CHARS]
        heading = " ".join(passage.titles[:2])
        for i in range(bounds[p], bounds[p + 1]):
            rows.append(
                (text[signals.sentence_starts[i] : signals.sentence_ends[i]], heading, body)
            )
    columns = [model.column(e.id) for e in entries]
    values = model.logits(*featurise(rows), range(len(model.clause_ids)))
    out = np.full((len(rows), len(entries)), np.nan, dtype=np.float32)
    for e, column in enumerate(columns):
        if column is not None:
            out[:, e] = values[:, column]
    return out, top_two(values)


def combined_scores(scored: ScoredDocument, options: MatchOptions) -> np.ndarray:
    """Passages x entries: the weighted score each passage gets for each entry."""
    return _combine(scored.signals, scored.passages, scored.entries, options)


def decide(scored: ScoredDocument, options: MatchOptions | None = None) -> list[EntryMatch]:
    """One EntryMatch per library entry, in library order, from precomputed signals.

    An entry the learned model knows is decided on the combined probability of its best
    sentence (text model and library signals together); any other entry (a company layer's
    own clause id, or no model) on the library's signals alone."""
    options = options or MatchOptions()
    scores = combined_scores(scored, options)
    context = _Context(
        scored.document, scored.lower, scored.passages, scored.signals, options, scored.entries
    )
    # The model was trained on the default weights; thresholds do not change the scores.
    defaults = MatchOptions()
    same_weights = options == replace(
        defaults,
        present_threshold=options.present_threshold,
        weak_threshold=options.weak_threshold,
        max_evidence=options.max_evidence,
    )
    lib_scores = scores if same_weights else combined_scores(scored, defaults)
    lib = library_features(scored, lib_scores) if scored.model is not None else None
    probs = _combined_probabilities(scored, lib)
    doc_probs = _document_probabilities(scored, lib_scores, lib, probs)
    signals = scored.signals
    words = word_counts(scored.document.text, signals.sentence_starts, signals.sentence_ends)
    quotes = first_quotes(probs, words) if probs is not None else None
    matches = []
    bundled = bundled_library_dir()
    for e, entry in enumerate(scored.entries):
        if probs is not None and scored.model is not None and not np.isnan(doc_probs[e]):
            assert quotes is not None
            match = _decide_learned(
                context,
                scored.model,
                entry,
                e,
                (probs[:, e], int(quotes[e])),
                float(doc_probs[e]),
                scores[:, e],
            )
            if not entry.source.is_relative_to(bundled):
                match = _company_lever(match, _decide(context, entry, e, scores[:, e]))
            matches.append(match)
        else:
            matches.append(_decide(context, entry, e, scores[:, e]))
    return matches


_RANK = {Status.MISSING: 0, Status.WEAK: 1, Status.PRESENT: 2}


def _company_lever(learned: EntryMatch, library: EntryMatch) -> EntryMatch:
    """An entry a company layer redefined: its own headings, key terms and model wordings can
    find the clause where the learned model (trained on the bundled wording) did not."""
    if _RANK[library.status] <= _RANK[learned.status]:
        return learned
    note = Reason.of(
        ReasonKind.COMPANY_LAYER, layer=learned.entry.source.name, learned_score=learned.score
    )
    return replace(library, reasons=(note, *library.reasons))


def match_document(
    document: Document,
    library: Library,
    options: MatchOptions | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
    model: TextModel | None = None,
) -> list[EntryMatch]:
    """One EntryMatch per library entry, in library order. Deterministic."""
    cancel = cancel or CancelToken()
    scored = score_document(document, library, progress, cancel, model)
    cancel.check()
    return decide(scored, options)


def _passage_of_sentence(signals: Signals) -> np.ndarray:
    counts = np.diff([*signals.first_sentence.tolist(), len(signals.sentence_starts)])
    return np.repeat(np.arange(len(counts)), counts)


def library_features(scored: ScoredDocument, scores: np.ndarray) -> np.ndarray:
    """Passages x entries x 7: the library's signals the learned combiner reads (the combined
    score, key terms, defining term, heading, model-wording similarity, terms in one sentence,
    definition). Training (benchmarks/train_data.py) and review both build them here."""
    sig = scored.signals
    shape = (len(scored.passages), len(scored.entries))
    definition = np.array([p.is_definition for p in scored.passages], dtype=np.float32)
    return np.stack(
        [
            scores.reshape(shape),
            sig.terms.reshape(shape),
            sig.anchor.astype(np.float32).reshape(shape),
            sig.heading.reshape(shape),
            sig.example.reshape(shape),
            sig.sentence_terms.reshape(shape),
            np.broadcast_to(definition[:, None], shape),
        ],
        axis=2,
    ).astype(np.float32)


def _combined_probabilities(scored: ScoredDocument, lib: np.ndarray | None) -> np.ndarray | None:
    """Sentences x entries: the probability that the sentence states the entry's clause, from
    the text model's value, the library signals of its passage (``lib``, from library_features)
    and how far it reads more like this clause than any other (learned.rival_margin); weights
    learnt on held-back folds, see benchmarks/train.py. NaN for entries the model does not
    know."""
    logits, top, model = scored.text_logits, scored.text_top, scored.model
    if logits is None or top is None or model is None or lib is None or not len(scored.passages):
        return None
    features = combiner_inputs(logits, lib[_passage_of_sentence(scored.signals)], top)
    z = features @ model.combiner[:-1] + model.combiner[-1]
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float32)


def _document_probabilities(
    scored: ScoredDocument,
    lib_scores: np.ndarray,
    lib: np.ndarray | None,
    probs: np.ndarray | None,
) -> np.ndarray:
    """Entries: the probability that the contract has the clause (NaN where the model does not
    know the entry), from its best sentences and the library's best passage."""
    out = np.full(len(scored.entries), np.nan, dtype=np.float32)
    model, logits = scored.model, scored.text_logits
    if probs is None or model is None or logits is None or lib is None or not len(lib_scores):
        return out
    known = ~np.isnan(logits[0])
    best = lib_scores.argmax(axis=0)
    columns = np.arange(len(scored.entries))
    rows = document_features(
        probs[:, known],
        logits[:, known],
        lib_scores.max(axis=0)[known],
        scored.signals.anchor[best, columns][known],
        lib.max(axis=0)[known],
    )
    columns = np.array([model.column(entry.id) for entry in scored.entries], dtype=object)
    out[known] = document_probability(model, rows, columns[known].astype(np.int64))
    return out


def _clause_key(passage: Passage) -> str:
    """One evidence quote per clause: the clause's id, or the passage's own index."""
    return passage.clause.id if passage.clause is not None else f"p{passage.index}"


def _on_settings_scale(model: TextModel, probability: float) -> float:
    """The model's document probability as a score on the Settings scale (settings_scale)."""
    present, weak = model.thresholds
    return float(settings_scale(np.asarray(probability), present, weak))


def settings_scale(probability: np.ndarray, present: float, weak: float) -> np.ndarray:
    """Probabilities as scores on the Settings scale: monotone, and equal to the default
    present and weak thresholds exactly where they reach the model's own (cross-validated)
    ``present`` and ``weak`` thresholds. So the thresholds a user sets in Settings keep their
    meaning, and a finding's score compares with them as shown."""
    defaults = MatchOptions()
    return np.interp(
        probability.astype(np.float64),
        [0.0, weak, present, 1.0],
        [0.0, defaults.weak_threshold, defaults.present_threshold, 1.0],
    )


_LIST_ITEM_END = re.compile(r"(;|;\s*(and|or)|,\s*(and|or)|\band|\bor)\s*$", re.IGNORECASE)


def _list_stem(context: _Context, passage_of: np.ndarray, sentence: int) -> int | None:
    """The sentence introducing the list that ``sentence`` is an item of ("Each party shall
    not:"), found by walking back over the items before it; None if it is not a list item."""
    signals, text = context.signals, context.document.text
    start = int(signals.sentence_starts[sentence])
    for i in range(sentence - 1, max(-1, sentence - 30), -1):
        words = text[int(signals.sentence_starts[i]) : int(signals.sentence_ends[i])].rstrip()
        if words.endswith(":"):
            clause = context.passages[int(passage_of[i])].clause
            return i if clause is not None and clause.end >= start else None
        if not _LIST_ITEM_END.search(words):
            return None  # an ordinary sentence: not inside a list
    return None


def _quote_end(context: _Context, passage: Passage, sentence: int, quoted: set[int]) -> int:
    """Where the quote of ``sentence`` ends: at its own end, or - for a lead-in ("In relation to
    Customer Personal Data, Supplier shall:") - at the end of the item after it, when that item
    is inside the same clause and not quoted on its own. A lead-in alone states nothing."""
    signals, text = context.signals, context.document.text
    end = int(signals.sentence_ends[sentence])
    after = sentence + 1
    if not text[int(signals.sentence_starts[sentence]) : end].rstrip().endswith(":"):
        return end
    if after >= len(signals.sentence_starts) or after in quoted:
        return end
    clause = passage.clause
    if clause is None or int(signals.sentence_starts[after]) > clause.end:
        return end
    return int(signals.sentence_ends[after])


def _related(
    context: _Context, e: int, lib_scores: np.ndarray, passage_z: np.ndarray, best_p: int
) -> list[Passage]:
    """The passages risk rules read: the learned model's likeliest (within _RELATED_LOG_ODDS
    of the best) and, as without the model, every passage the library scores close to its
    best that holds the entry's defining terms."""
    passages, options = context.passages, context.options
    floor = float(passage_z[best_p]) - _RELATED_LOG_ODDS
    picked = [best_p]
    for p in np.argsort(-passage_z, kind="stable")[:_MAX_RELATED]:
        if int(p) != best_p and float(passage_z[p]) >= floor:
            picked.append(int(p))
    lib_floor = max(options.weak_threshold, _SECONDARY_RATIO * float(lib_scores.max()))
    for p in np.argsort(-lib_scores, kind="stable")[:_MAX_RELATED]:
        if float(lib_scores[p]) < lib_floor:
            break
        if context.signals.anchor[p, e] and int(p) not in picked:
            picked.append(int(p))
    return [passages[p] for p in picked]


def _decide_learned(
    context: _Context,
    model: TextModel,
    entry: LibraryEntry,
    e: int,
    likely: tuple[np.ndarray, int],
    doc_prob: float,
    lib_scores: np.ndarray,
) -> EntryMatch:
    """Status from the document probability; evidence from the sentences most likely to state
    the clause, one per clause. ``likely``: every sentence's combined probability and the
    one to quote first (learned.first_quotes)."""
    passages, signals, options = context.passages, context.signals, context.options
    probs, best_s = likely
    passage_of = _passage_of_sentence(signals)
    score = _on_settings_scale(model, doc_prob)
    status = (
        Status.PRESENT
        if score >= options.present_threshold
        else Status.WEAK
        if score >= options.weak_threshold
        else Status.MISSING
    )
    passage_z = log_odds(np.maximum.reduceat(probs, signals.first_sentence))
    best_p = int(passage_of[best_s])
    chosen: list[tuple[Passage, int]] = []
    related: list[Passage] = []
    if status is not Status.MISSING:
        floor = max(0.0, float(passage_z[best_p]) - _QUOTE_LOG_ODDS)
        seen = {_clause_key(passages[best_p])}
        stem = _list_stem(context, passage_of, best_s)
        if stem is not None and float(log_odds(probs[stem : stem + 1])[0]) >= floor:
            # An item of a list ("(b) disclose it to any person") read alone can say the
            # opposite of the clause ("shall not:"): quote the sentence that introduces it.
            chosen.append((passages[int(passage_of[stem])], stem))
            seen.add(_clause_key(passages[int(passage_of[stem])]))
        chosen.append((passages[best_p], best_s))
        # Further quotes must be nearly as likely as the best (within _QUOTE_LOG_ODDS, on the
        # log-odds scale, where near-certain sentences still differ), one per clause.
        for p in np.argsort(-passage_z, kind="stable")[: context.options.max_evidence * 4]:
            p = int(p)
            if len(chosen) >= context.options.max_evidence or float(passage_z[p]) < floor:
                break
            key = _clause_key(passages[p])
            if key in seen:
                continue
            seen.add(key)
            first = int(signals.first_sentence[p])
            last = first + int(np.sum(passage_of == p))
            chosen.append((passages[p], first + int(np.argmax(probs[first:last]))))
        related = _related(context, e, lib_scores, passage_z, best_p)
    quoted = {s for _, s in chosen}
    evidence = tuple(
        _evidence_range(
            context,
            passage,
            int(signals.sentence_starts[s]),
            _quote_end(context, passage, s, quoted),
            float(probs[s]),
        )
        for passage, s in chosen
    )
    reasons = list(_reasons(context, passages[best_p], entry, e, score, status))
    if status is not Status.MISSING:
        column = model.column(entry.id)
        assert column is not None
        start, end = int(signals.sentence_starts[best_s]), int(signals.sentence_ends[best_s])
        passage = passages[best_p]
        words = model.top_words(
            context.document.text[start:end],
            " ".join(passage.titles[:2]),
            context.document.text[passage.start : passage.end],
            column,
        )
        learned = Reason.of(
            ReasonKind.LEARNED_MODEL,
            clause_title=entry.title,
            learnt=int(model.positives[column]),
            words=tuple(words),
        )
        # The model decides without the library's cap for a clause lacking its defining terms.
        reasons = [learned, *(r for r in reasons if r.kind not in WEAK_CAPS)]
        if not signals.anchor[best_p, e]:
            reasons.append(
                Reason.of(ReasonKind.NO_ANCHOR_LEARNED, terms=entry.key_terms[0].terms[:3])
            )
    return EntryMatch(
        entry,
        status,
        round(score, 3),
        tuple(reasons),
        evidence,
        tuple(passage for passage, _ in chosen),
        tuple(related),
    )


@dataclass(frozen=True, slots=True)
class _Context:
    """What deciding one entry needs to read: the document, its lower-case text, the signals."""

    document: Document
    lower: str
    passages: list[Passage]
    signals: Signals
    options: MatchOptions
    scored_entries: list[LibraryEntry]


def _compute_signals(
    document: Document,
    lower: str,
    passages: list[Passage],
    entries: list[LibraryEntry],
    progress: ProgressSink,
    cancel: CancelToken,
) -> Signals:
    n, m = len(passages), len(entries)
    index = TokenIndex(lower)
    terms = np.zeros((n, m), dtype=np.float32)
    sentence_terms = np.zeros((n, m), dtype=np.float32)
    anchor = np.zeros((n, m), dtype=bool)
    starts = np.array([p.start for p in passages], dtype=np.int64)
    ends = np.array([p.end for p in passages], dtype=np.int64)
    s_starts, s_ends, first_sentence = _sentence_ranges(document, passages)
    check_ends = _list_aware_ends(document, passages, s_starts, s_ends, first_sentence)
    hits: list[list[GroupHits]] = []
    for e, entry in enumerate(entries):
        cancel.check()
        hits.append(term_hits(index, entry.key_terms))
        if entry.anchor_not_with and hits[-1]:
            hits[-1][0] = _without_excluded(
                hits[-1][0], index, entry.anchor_not_with, s_starts, s_ends, check_ends
            )
        found = groups_in_range(hits[-1], starts, ends)
        terms[:, e] = found.mean(axis=0)
        anchor[:, e] = found[0]
        if n:
            per_sentence = groups_in_range(hits[-1], s_starts, s_ends).mean(axis=0)
            sentence_terms[:, e] = np.maximum.reduceat(per_sentence, first_sentence)
        progress(0.05 + 0.4 * (e + 1) / m, "Looking for key terms")
    progress(0.45, "Matching headings")
    heading = _heading_signal(passages, entries)
    progress(0.55, "Comparing wording with the model clauses")
    example = np.zeros((n, m), dtype=np.float32)
    best_example = np.zeros((n, m), dtype=np.int16)
    texts: dict[int, str] = {}
    for e, entry in enumerate(entries):
        cancel.check()
        shortlist = [
            p for p in range(n) if anchor[p, e] or (terms[p, e] > 0 and heading[p, e] >= 0.6)
        ]
        if not shortlist:
            continue
        for p in shortlist:
            if p not in texts:
                passage = passages[p]
                texts[p] = content_words(
                    document.text[passage.start : passage.end][:_MAX_PASSAGE_CHARS]
                )
        sims = example_similarity(
            [texts[p] for p in shortlist], [content_words(x) for x in entry.examples]
        )
        example[shortlist, e] = sims.max(axis=1)
        best_example[shortlist, e] = sims.argmax(axis=1)
        progress(0.55 + 0.4 * (e + 1) / m, "Comparing wording with the model clauses")
    return Signals(
        terms,
        anchor,
        heading,
        example,
        best_example,
        hits,
        sentence_terms,
        s_starts,
        s_ends,
        first_sentence,
    )


def _list_aware_ends(
    document: Document,
    passages: list[Passage],
    s_starts: np.ndarray,
    s_ends: np.ndarray,
    first_sentence: np.ndarray,
) -> np.ndarray:
    """Where to look for excluding words after each sentence: its end, or for a sentence that
    introduces a list ("may terminate at any time as follows:") the end of its clause, so the
    list items ("(a) if the other party is in breach") count as part of it."""
    ends = s_ends.copy()
    text = document.text
    bounds = [*first_sentence.tolist(), len(s_ends)]
    for p, passage in enumerate(passages):
        clause = passage.clause  # the innermost clause around the passage and its sentences
        if clause is None:
            continue
        for i in range(bounds[p], bounds[p + 1]):
            end = int(s_ends[i])
            if clause.end > end and text[int(s_starts[i]) : end].rstrip().endswith(":"):
                ends[i] = clause.end
    return ends


def _without_excluded(
    anchor: GroupHits,
    index: TokenIndex,
    excluded_terms: tuple[str, ...],
    s_starts: np.ndarray,
    s_ends: np.ndarray,
    check_ends: np.ndarray,
) -> GroupHits:
    """The anchor hits whose sentence (with its list, see _list_aware_ends) holds none of
    ``excluded_terms``."""
    excluded = np.asarray(
        sorted({p for term in excluded_terms for p in index.find(term)}), dtype=np.int64
    )
    if not len(excluded) or not len(anchor.positions) or not len(s_starts):
        return anchor
    sentence = np.clip(np.searchsorted(s_starts, anchor.positions, side="right") - 1, 0, None)
    inside = (s_starts[sentence] <= anchor.positions) & (anchor.positions < s_ends[sentence])
    lo = np.searchsorted(excluded, s_starts[sentence])
    hi = np.searchsorted(excluded, check_ends[sentence])
    keep = ~(inside & (hi > lo))
    return GroupHits(
        anchor.positions[keep], tuple(t for t, k in zip(anchor.terms, keep, strict=True) if k)
    )


def _heading_signal(passages: list[Passage], entries: list[LibraryEntry]) -> np.ndarray:
    unique: dict[str, int] = {}
    for passage in passages:
        for title in passage.titles[: len(_PARENT_TITLE_WEIGHT)]:
            unique.setdefault(title, len(unique))
    matrix = heading_scores(list(unique), [entry.headings for entry in entries])
    result = np.zeros((len(passages), len(entries)), dtype=np.float32)
    for p, passage in enumerate(passages):
        for depth, title in enumerate(passage.titles[: len(_PARENT_TITLE_WEIGHT)]):
            result[p] = np.maximum(result[p], matrix[unique[title]] * _PARENT_TITLE_WEIGHT[depth])
    return result


def _sentence_ranges(
    document: Document, passages: list[Passage]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sentence starts and ends of all passages, and the index of each passage's first one."""
    s_starts: list[int] = []
    s_ends: list[int] = []
    first: list[int] = []
    for passage in passages:
        first.append(len(s_starts))
        spans = sentences(document.text[passage.start : passage.end], passage.start)
        for start, end in spans or [(passage.start, passage.end)]:
            s_starts.append(start)
            s_ends.append(end)
    return (
        np.asarray(s_starts, dtype=np.int64),
        np.asarray(s_ends, dtype=np.int64),
        np.asarray(first, dtype=np.int64),
    )


def _combine(
    signals: Signals, passages: list[Passage], entries: list[LibraryEntry], options: MatchOptions
) -> np.ndarray:
    # Terms that occur together in one sentence say more than terms spread over a paragraph;
    # entries marked terms_in_one_sentence count only those.
    mix = np.array(
        [1.0 if entry.terms_in_one_sentence else options.sentence_mix for entry in entries],
        dtype=np.float32,
    )
    terms = (1 - mix) * signals.terms + mix * signals.sentence_terms
    score = (
        options.weight_terms * terms
        + options.weight_heading * signals.heading
        + options.weight_example * signals.example
    )
    score = np.where(signals.anchor, score, score * options.no_anchor_factor)
    definition = np.array([p.is_definition for p in passages], dtype=bool)
    if definition.any():
        score[definition] *= options.definition_factor
    return np.asarray(score, dtype=np.float32)


def _decide(context: _Context, entry: LibraryEntry, e: int, scores: np.ndarray) -> EntryMatch:
    passages, signals, options = context.passages, context.signals, context.options
    if not passages:
        return EntryMatch(entry, Status.MISSING, 0.0, (Reason.of(ReasonKind.NO_TEXT),), (), ())
    order = np.argsort(-scores, kind="stable")
    best = int(order[0])
    best_score = float(scores[best])
    has_anchor = bool(signals.anchor[best, e])
    if best_score >= options.present_threshold and has_anchor:
        status = Status.PRESENT
    elif best_score >= options.weak_threshold:
        status = Status.WEAK
    else:
        status = Status.MISSING
    chosen: list[Passage] = []
    related: list[Passage] = []
    if status is not Status.MISSING:
        # Further evidence and the clauses risk rules read must use the entry's defining
        # terms and score close to the best; otherwise they add noise, not support.
        floor = max(options.weak_threshold, _SECONDARY_RATIO * best_score)
        seen_clauses: set[str] = set()
        for p in order[:_MAX_RELATED]:
            p = int(p)
            if float(scores[p]) < floor:
                break
            if p != best and not signals.anchor[p, e]:
                continue
            passage = passages[p]
            related.append(passage)
            key = passage.clause.id if passage.clause else f"p{p}"
            if key not in seen_clauses and len(chosen) < options.max_evidence:
                seen_clauses.add(key)
                chosen.append(passage)
    # The best passage stays first (the score and the reasons describe it); the further
    # evidence is ordered with the bonus.
    bonus = options.evidence_sentence_bonus
    chosen[1:] = sorted(
        chosen[1:],
        key=lambda q: -(float(scores[q.index]) + bonus * float(signals.sentence_terms[q.index, e])),
    )
    evidence = tuple(
        _evidence(context, passage, e, float(scores[passage.index])) for passage in chosen
    )
    reasons = _reasons(context, passages[best], entry, e, best_score, status)
    return EntryMatch(
        entry,
        status,
        round(min(1.0, best_score), 3),
        reasons,
        evidence,
        tuple(chosen),
        tuple(related),
    )


def _evidence(context: _Context, passage: Passage, e: int, score: float) -> Evidence:
    """The most specific sentence of the passage: it carries the defining terms, then the most
    key-term groups, then reads most like a model wording."""
    document = context.document
    text = document.text[passage.start : passage.end]
    best_range = (passage.start, passage.end)
    spans = sentences(text, passage.start)
    if len(spans) > 1:
        keys = []
        for start, end in spans:
            found = _groups_found(context, e, start, end)
            words = len(document.text[start:end].split())
            keys.append(
                (
                    int(found[0]) if found else 0,
                    sum(found) if words >= TITLE_WORDS else -1,
                )
            )
        top = max(keys)
        tied = [i for i, key in enumerate(keys) if key == top]
        if len(tied) > 1:
            entry = context.scored_entries[e]
            similarity = example_similarity(
                [content_words(document.text[spans[i][0] : spans[i][1]]) for i in tied],
                [content_words(example) for example in entry.examples],
            ).max(axis=1)
            best_range = spans[tied[int(similarity.argmax())]]
        else:
            best_range = spans[tied[0]]
    return _evidence_range(context, passage, best_range[0], best_range[1], score)


def _evidence_range(
    context: _Context, passage: Passage, start: int, end: int, score: float
) -> Evidence:
    document = context.document
    clause = passage.clause
    page = document.page_at(start)
    return Evidence(
        clause_id=clause.id if clause else "",
        clause_number=clause.reference if clause else "",
        clause_title=clause.title if clause else "",
        page=page,
        start=start,
        end=end,
        text=document.text[start:end],
        score=round(min(1.0, score), 3),
        ocr=document.is_ocr_page(page),
    )


def _reasons(
    context: _Context,
    passage: Passage,
    entry: LibraryEntry,
    e: int,
    score: float,
    status: Status,
) -> tuple[Reason, ...]:
    """Why ``passage`` gives ``entry`` its status, as records (core.reason_text words them)."""
    signals, options = context.signals, context.options
    p = passage.index
    where = _where(passage)
    reasons: list[Reason] = []
    if status is Status.MISSING:
        return (
            Reason.of(
                ReasonKind.BELOW_WEAK,
                weak_threshold=options.weak_threshold,
                where=where,
                score=score,
            ),
            Reason.of(
                ReasonKind.LOOKED_FOR,
                heading=entry.headings[0],
                terms=tuple(group.terms[0] for group in entry.key_terms[:3]),
            ),
        )
    if signals.heading[p, e] >= 0.6 and passage.titles:
        match = max((best_heading(t, entry) for t in passage.titles[:3]), key=lambda h: h.score)
        reasons.append(
            Reason.of(
                ReasonKind.HEADING_MATCH,
                title=match.title,
                heading=match.heading,
                score=float(match.score),
            )
        )
    start, end = passage.start, passage.end
    if entry.terms_in_one_sentence:
        start, end = _richest_sentence(context, passage, e)
    group_terms = [g.first_in(start, end) for g in signals.hits[e]]
    found = tuple(term for term in group_terms if term is not None)
    if found:
        reasons.append(
            Reason.of(
                ReasonKind.KEY_TERMS,
                where=where,
                terms=found,
                total=len(entry.key_terms),
                in_one_sentence=entry.terms_in_one_sentence,
            )
        )
    missing_groups = tuple(
        group.terms[0]
        for group, term in zip(entry.key_terms, group_terms, strict=True)
        if term is None
    )
    if missing_groups:
        reasons.append(Reason.of(ReasonKind.TERMS_NOT_FOUND, terms=missing_groups))
    if not signals.anchor[p, e]:
        excluded = _excluded_anchor(context, passage, entry)
        if excluded:
            term, reason = excluded
            reasons.append(Reason.of(ReasonKind.ANCHOR_EXCLUDED, term=term, excluded_by=reason))
        else:
            reasons.append(Reason.of(ReasonKind.NO_ANCHOR, terms=entry.key_terms[0].terms[:4]))
    similarity = float(signals.example[p, e])
    if similarity > 0:
        wording = entry.examples[int(signals.best_example[p, e])]
        reasons.append(Reason.of(ReasonKind.MODEL_WORDING, similarity=similarity, wording=wording))
    if passage.is_definition:
        reasons.append(Reason.of(ReasonKind.DEFINITION))
    if status is Status.PRESENT:
        reasons.append(
            Reason.of(
                ReasonKind.SCORE_PRESENT,
                score=score,
                present_threshold=options.present_threshold,
            )
        )
    else:
        reasons.append(
            Reason.of(
                ReasonKind.SCORE_WEAK,
                score=score,
                weak_threshold=options.weak_threshold,
                present_threshold=options.present_threshold,
            )
        )
    return tuple(reasons)


def _excluded_anchor(
    context: _Context, passage: Passage, entry: LibraryEntry
) -> tuple[str, str] | None:
    """(defining term, excluding term) as written, when anchor_not_with set a defining term
    aside; found with the same word index as the key terms themselves."""
    if not entry.anchor_not_with:
        return None
    index = TokenIndex(context.lower[passage.start : passage.end])

    def first_in(terms: tuple[str, ...], start: int, end: int) -> str | None:
        for term in terms:  # in the library's order, as the matcher lists them
            for offset in index.find(term):
                if start <= offset < end:
                    word = bisect.bisect_left(index.starts, offset)
                    last = word + len(_WORD.findall(term.rstrip("*"))) - 1
                    return index.text[offset : index.ends[last]]
        return None

    for start, end in sentences(index.text, 0):
        anchor = first_in(entry.key_terms[0].terms, start, end)
        reason = first_in(entry.anchor_not_with, start, end) if anchor else None
        if anchor and reason:
            return anchor, reason
    return None


def _groups_found(context: _Context, e: int, start: int, end: int) -> list[bool]:
    """For each of entry ``e``'s key-term groups: does it occur in [start, end)?"""
    return [group.first_in(start, end) is not None for group in context.signals.hits[e]]


def _richest_sentence(context: _Context, passage: Passage, e: int) -> tuple[int, int]:
    """The sentence of ``passage`` holding the most key-term groups (the first of equals)."""
    spans = sentences(context.document.text[passage.start : passage.end], passage.start)
    best, best_count = (passage.start, passage.end), -1
    for start, end in spans:
        count = sum(_groups_found(context, e, start, end))
        if count > best_count:
            best, best_count = (start, end), count
    return best


def _where(passage: Passage) -> str:
    clause = passage.clause
    if clause is None:
        return "the passage"
    if clause.reference:
        return f"clause {clause.reference}"
    return f"\u201c{clause.title}\u201d" if clause.title else "the passage"
