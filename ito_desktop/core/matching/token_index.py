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
        self._prefix_cache: dict[str, list[int]] = {}
        self._vocabulary = sorted(self.positions)

    def find(self, term: str) -> list[int]:
        """Start offsets of ``term`` (whole words; ``*`` at the end = prefix; plural -s/-es)."""
        term = term.strip().lower()
        prefix = term.endswith("*")
        words = _WORD.findall(term.rstrip("*"))
        if not words:
            return []
        first_candidates = self._candidates(words[0], prefix and len(words) == 1)
        hits: list[int] = []
        for index in first_candidates:
            if self._continues(index, words, prefix):
                hits.append(self.starts[index])
        return hits

    def _candidates(self, word: str, prefix: bool) -> list[int]:
        if prefix:
            return self._prefixed(word)
        return sorted(self.positions.get(word, []) + self._plural(word, True))

    def _plural(self, word: str, only: bool) -> list[int]:
        found: list[int] = []
        for suffix in ("s", "es"):
            found.extend(self.positions.get(word + suffix, []))
        return found

    def _prefixed(self, stem: str) -> list[int]:
        if stem not in self._prefix_cache:
            found: list[int] = []
            i = bisect.bisect_left(self._vocabulary, stem)
            while i < len(self._vocabulary) and self._vocabulary[i].startswith(stem):
                found.extend(self.positions[self._vocabulary[i]])
                i += 1
            self._prefix_cache[stem] = sorted(found)
        return self._prefix_cache[stem]

    def _continues(self, index: int, words: list[str], prefix: bool) -> bool:
        last = len(words) - 1
        for offset in range(1, len(words)):
            i = index + offset
            if i >= len(self.words):
                return False
            gap = self.text[self.ends[i - 1] : self.starts[i]]
            if len(gap) > _MAX_GAP or not _is_separator(gap):
                return False
            expected = words[offset]
            actual = self.words[i]
            if offset == last:
                if prefix:
                    if not actual.startswith(expected):
                        return False
                elif actual not in (expected, expected + "s", expected + "es"):
                    return False
            elif actual != expected:
                return False
        return True


def _is_separator(gap: str) -> bool:
    return all(c in _SEPARATORS for c in gap)
