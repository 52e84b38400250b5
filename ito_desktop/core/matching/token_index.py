"""A word index of a document, for finding key terms fast (one pass instead of one regex each)."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

_WORD = re.compile(r"[a-z0-9]+")
_MAX_GAP = 3  # characters of punctuation/space allowed between the words of a term
_SEPARATORS = frozenset(" \t\n-'/,\"")  # may sit between the words of a term: "Term" means


class TokenIndex:
    """Positions of every lower-case word of a text."""

    def __init__(self, text_lower: str) -> None:
        self.text = text_lower
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.words: list[str] = []
        self.positions: dict[str, list[int]] = defaultdict(list)
        for i, match in enumerate(_WORD.finditer(text_lower)):
            word = match.group(0)
            self.starts.append(match.start())
            self.ends.append(match.end())
            self.words.append(word)
            self.positions[word].append(i)
        self._cache: dict[str, frozenset[int]] = {}
        self._vocabulary = sorted(self.positions)

    def find(self, term: str) -> list[int]:
        """Start offsets of ``term`` (whole words; ``*`` at the end = prefix; plural -s/-es)."""
        term = term.strip().lower()
        prefix = term.endswith("*")
        words = _WORD.findall(term.rstrip("*"))
        if not words:
            return []
        last = len(words) - 1
        sets = [
            self._prefixed(word)
            if k == last and prefix
            else self._with_plurals(word)
            if k == last
            else self._exact(word)
            for k, word in enumerate(words)
        ]
        if last == 0:
            return [self.starts[i] for i in sorted(sets[0])]
        # Walk the rarest word's occurrences and check its neighbours by set membership.
        pivot = min(range(len(sets)), key=lambda k: len(sets[k]))
        hits = []
        for j in sets[pivot]:
            i = j - pivot
            if i < 0 or i + last >= len(self.words):
                continue
            if all(i + k in sets[k] for k in range(len(sets))) and self._tight(i, last):
                hits.append(self.starts[i])
        return sorted(hits)

    def _exact(self, word: str) -> frozenset[int]:
        key = "=" + word
        if key not in self._cache:
            self._cache[key] = frozenset(self.positions.get(word, ()))
        return self._cache[key]

    def _with_plurals(self, word: str) -> frozenset[int]:
        key = "s" + word
        if key not in self._cache:
            found: set[int] = set()
            for form in (word, word + "s", word + "es"):
                found.update(self.positions.get(form, ()))
            self._cache[key] = frozenset(found)
        return self._cache[key]

    def _prefixed(self, stem: str) -> frozenset[int]:
        key = "*" + stem
        if key not in self._cache:
            found: set[int] = set()
            i = bisect.bisect_left(self._vocabulary, stem)
            while i < len(self._vocabulary) and self._vocabulary[i].startswith(stem):
                found.update(self.positions[self._vocabulary[i]])
                i += 1
            self._cache[key] = frozenset(found)
        return self._cache[key]

    def _tight(self, first: int, last: int) -> bool:
        """The words of a term are separated only by spaces, hyphens, quotes or commas."""
        for i in range(first + 1, first + last + 1):
            gap = self.text[self.ends[i - 1] : self.starts[i]]
            if len(gap) > _MAX_GAP or not _is_separator(gap):
                return False
        return True


def _is_separator(gap: str) -> bool:
    return all(c in _SEPARATORS for c in gap)
