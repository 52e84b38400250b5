"""Small pure scoring signals, each returning a 0-1 score and what it was based on."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from ito_desktop.core.ingest.normalize import content_words
from ito_desktop.core.library.schema import LibraryEntry, TermGroup
from ito_desktop.core.matching.token_index import TokenIndex

_TOKEN = re.compile(r"[a-z0-9]+")
_STEM = 5
_SUBSET_EXTRA_WORDS = 4  # "Term and Termination of the Agreement" still contains "Term"


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    score: float
    title: str  # the contract heading
    heading: str  # the library heading it matched


# Words whose first five letters collide with a different topic's heading word: "Exclusivity"
# is not "Exclusions", "Order Confirmation" is not "Confidentiality", "Governing Law" is not
# "Governance" ("Configuration", "Government Approvals" likewise). These longer prefixes are
# their stems.
_LONGER_STEMS = ("exclusiv", "confirm", "config", "governin", "governm")


def _stem(word: str) -> str:
    return next((prefix for prefix in _LONGER_STEMS if word.startswith(prefix)), word[:_STEM])


def heading_tokens(text: str) -> frozenset[str]:
    """Crude stems of a heading's content words: the first five letters ("terminat" and
    "termination" both give "termi"), so word forms match without a stemmer."""
    return frozenset(_stem(w) for w in _TOKEN.findall(content_words(text)) if len(w) > 2)


def heading_scores(titles: list[str], entry_headings: list[tuple[str, ...]]) -> np.ndarray:
    """Score matrix titles x entries: best similarity of a title to any of an entry's headings.

    Word overlap (Dice coefficient on stems), raised to 0.9 when every word of a library
    heading appears in the contract heading ("Term and Termination" contains "Termination");
    near-identical spellings (fuzzy ratio >= 90) also count.
    """
    flat = [h for headings in entry_headings for h in headings]
    owner = np.array([i for i, headings in enumerate(entry_headings) for _ in headings])
    if not titles or not flat:
        return np.zeros((len(titles), len(entry_headings)), dtype=np.float32)
    title_tokens = [heading_tokens(t) for t in titles]
    flat_tokens = [heading_tokens(h) for h in flat]
    vocabulary = {w: i for i, w in enumerate(sorted(set().union(*title_tokens, *flat_tokens)))}
    t_matrix = _incidence(title_tokens, vocabulary)
    h_matrix = _incidence(flat_tokens, vocabulary)
    common = t_matrix @ h_matrix.T
    t_size = t_matrix.sum(axis=1, keepdims=True)
    h_size = h_matrix.sum(axis=1, keepdims=True).T
    with np.errstate(divide="ignore", invalid="ignore"):
        sims = np.where(t_size + h_size > 0, 2 * common / (t_size + h_size), 0.0)
    # Containment counts only for a heading-sized title: a paragraph-long "title" contains
    # stems of half the library ("excluded" -> "Exclusions") without being about any of them.
    subset = (common == h_size) & (h_size > 0) & (t_size <= h_size + _SUBSET_EXTRA_WORDS)
    sims = np.where(subset, np.maximum(sims, 0.9), sims).astype(np.float32)
    fuzzy = (
        process.cdist(
            [content_words(t) for t in titles],
            [content_words(h) for h in flat],
            scorer=fuzz.ratio,
            dtype=np.uint8,
            workers=1,
        ).astype(np.float32)
        / 100.0
    )
    sims = np.where(fuzzy >= 0.9, np.maximum(sims, fuzzy), sims)
    result = np.zeros((len(titles), len(entry_headings)), dtype=np.float32)
    for e in range(len(entry_headings)):
        columns = sims[:, owner == e]
        if columns.size:
            result[:, e] = columns.max(axis=1)
    return result


def _incidence(token_sets: list[frozenset[str]], vocabulary: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(token_sets), max(len(vocabulary), 1)), dtype=np.float32)
    for row, tokens in enumerate(token_sets):
        for token in tokens:
            matrix[row, vocabulary[token]] = 1.0
    return matrix


def best_heading(title: str, entry: LibraryEntry) -> HeadingMatch:
    """The library heading closest to ``title`` (for the reasons shown to the user)."""
    scores = heading_scores([title], [entry.headings])
    best = 0.0
    best_heading_text = ""
    for heading in entry.headings:
        score = float(heading_scores([title], [(heading,)])[0, 0])
        if score > best:
            best, best_heading_text = score, heading
    return HeadingMatch(float(scores[0, 0]), title, best_heading_text)


@dataclass(frozen=True, slots=True)
class GroupHits:
    """Where one key-term group occurs in the document: sorted offsets and the term found."""

    positions: np.ndarray
    terms: tuple[str, ...]

    def first_in(self, start: int, end: int) -> str | None:
        """The first term of the group found in [start, end), or None."""
        i = int(np.searchsorted(self.positions, start))
        if i < len(self.positions) and self.positions[i] < end:
            return self.terms[i]
        return None


def term_hits(index: TokenIndex, groups: tuple[TermGroup, ...]) -> list[GroupHits]:
    """Every occurrence of every group in the whole document."""
    result = []
    for group in groups:
        found: dict[int, str] = {}
        for term in group.terms:
            for position in index.find(term):
                found.setdefault(position, term.rstrip("*"))
        ordered = sorted(found)
        result.append(
            GroupHits(np.asarray(ordered, dtype=np.int64), tuple(found[p] for p in ordered))
        )
    return result


def groups_in_range(hits: list[GroupHits], starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Boolean matrix groups x ranges: does group g have a hit inside [starts[i], ends[i])?"""
    found = np.zeros((len(hits), len(starts)), dtype=bool)
    for g, group in enumerate(hits):
        if len(group.positions):
            found[g] = np.searchsorted(group.positions, ends) > np.searchsorted(
                group.positions, starts
            )
    return found


def example_similarity(passages: list[str], examples: list[str]) -> np.ndarray:
    """Similarity passages x examples on content words (rapidfuzz token-set ratio, 0-1)."""
    if not passages or not examples:
        return np.zeros((len(passages), len(examples)), dtype=np.float32)
    return (
        process.cdist(
            passages, examples, scorer=fuzz.token_set_ratio, dtype=np.uint8, workers=-1
        ).astype(np.float32)
        / 100.0
    )
