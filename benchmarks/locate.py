"""Find labelled passages in our Document.text despite whitespace, case and punctuation changes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

Span = tuple[int, int]

FUZZY_CUTOFF = 90.0
_MIN_PIECE = 12  # normalised characters; shorter pieces match almost anywhere
_MAX_PIECE = 400  # longer pieces are cut so the fuzzy search stays cheap
_ANCHOR = 16
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")


def normalise(text: str) -> str:
    """Casefolded letters and digits only.

    Readers collapse whitespace, repair hyphenation and may turn quotes, dashes or ligatures
    into other characters, so comparing letters and digits alone is the robust common ground.
    """
    return "".join(
        c for ch in text for c in unicodedata.normalize("NFKC", ch).casefold() if c.isalnum()
    )


@dataclass(frozen=True, slots=True)
class TextIndex:
    """A normalised copy of a text with a map from each normalised character to its offset."""

    text: str
    norm: str
    offsets: tuple[int, ...]

    @classmethod
    def build(cls, text: str) -> TextIndex:
        chars: list[str] = []
        offsets: list[int] = []
        for index, ch in enumerate(text):
            for c in unicodedata.normalize("NFKC", ch).casefold():
                if c.isalnum():
                    chars.append(c)
                    offsets.append(index)
        return cls(text=text, norm="".join(chars), offsets=tuple(offsets))

    def span(self, norm_start: int, norm_end: int) -> Span:
        """Original [start, end) of the normalised range [norm_start, norm_end)."""
        return self.offsets[norm_start], self.offsets[norm_end - 1] + 1

    def find(self, needle: str, after: int = 0) -> Span | None:
        """Exact search of a normalised needle, preferring hits at or after ``after``."""
        pos = self.norm.find(needle, after)
        if pos < 0 and after:
            pos = self.norm.find(needle)
        return None if pos < 0 else self.span(pos, pos + len(needle))

    def fuzzy(self, needle: str) -> Span | None:
        """Best alignment scoring at least FUZZY_CUTOFF in a window around an exact anchor."""
        best: tuple[float, Span] | None = None
        for start, end in self._windows(needle):
            found = fuzz.partial_ratio_alignment(
                needle, self.norm[start:end], score_cutoff=FUZZY_CUTOFF
            )
            if found is not None and (best is None or found.score > best[0]):
                span = self.span(start + found.dest_start, start + found.dest_end)
                best = (found.score, span)
        return None if best is None else best[1]

    def _windows(self, needle: str) -> list[Span]:
        """Windows in the normalised text that may hold ``needle``: around anchors, else all."""
        size = len(needle)
        windows = []
        for offset in range(0, max(1, size - _ANCHOR + 1), max(1, size // 4)):
            pos = self.norm.find(needle[offset : offset + _ANCHOR])
            if pos >= 0:
                start = max(0, pos - offset - size // 2)
                windows.append((start, min(len(self.norm), start + 2 * size)))
        if windows:
            return sorted(set(windows))
        step = max(1, size)
        return [(s, min(len(self.norm), s + 2 * size)) for s in range(0, len(self.norm), step)]


@dataclass(frozen=True, slots=True)
class Located:
    """Where the pieces of one labelled passage were found (empty when nowhere)."""

    spans: tuple[Span, ...]
    pieces: int
    missed: int


def locate_passage(index: TextIndex, pieces: tuple[str, ...]) -> Located:
    """Locate a passage piece by piece, each after the previous hit (they follow each other)."""
    spans: list[Span] = []
    total = missed = 0
    cursor = 0
    for piece in pieces:
        found, parts, lost = _locate_piece(index, piece, cursor)
        spans.extend(found)
        total += parts
        missed += lost
        if found:
            cursor = _norm_position(index, found[-1][1])
    return Located(spans=_merge(spans), pieces=total, missed=missed)


def _locate_piece(index: TextIndex, piece: str, cursor: int) -> tuple[list[Span], int, int]:
    """Spans of one piece, how many parts were sought and how many were missed.

    A piece not found whole is sought sentence by sentence, exactly and then fuzzily, so one
    reader difference inside a long clause does not lose the whole clause.
    """
    whole = normalise(piece)
    if not whole:
        return [], 0, 0
    span = index.find(whole, cursor)
    if span is not None:
        return [span], 1, 0
    spans: list[Span] = []
    parts = _sentences(piece)
    for part in parts:
        found = index.find(part, cursor)
        if found is None and len(part) >= _MIN_PIECE:
            found = index.fuzzy(part)
        if found is not None:
            spans.append(found)
            cursor = _norm_position(index, found[1])
    return spans, len(parts), len(parts) - len(spans)


def _sentences(piece: str) -> list[str]:
    """The normalised sentences of a piece, long ones cut, fragments dropped."""
    parts: list[str] = []
    for sentence in _SENTENCE_END.split(piece):
        norm = normalise(sentence)
        parts.extend(norm[i : i + _MAX_PIECE] for i in range(0, len(norm), _MAX_PIECE))
    useful = [p for p in parts if len(p) >= _MIN_PIECE]
    return useful or [p for p in parts if p]


def _norm_position(index: TextIndex, offset: int) -> int:
    """The first normalised position at or after original ``offset``."""
    lo, hi = 0, len(index.offsets)
    while lo < hi:
        mid = (lo + hi) // 2
        if index.offsets[mid] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def overlaps(start: int, end: int, spans: tuple[Span, ...]) -> bool:
    """Whether [start, end) intersects any of ``spans``."""
    return any(s < end and start < e for s, e in spans)
