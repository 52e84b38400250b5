"""Exact mapping between Document.text offsets and positions in the view's QTextDocument."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of QTextDocument positions."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


@dataclass
class OffsetMap:
    """Runs of document text copied verbatim into the view, in order on both sides.

    Anything between runs exists on one side only: block separators become paragraph breaks,
    table rows lose their " | " joints, page markers exist only in the view. Offsets inside a run
    map one to one (counting UTF-16 units on the view side); offsets between runs snap to the
    nearest run edge, forwards for the start of a range and backwards for its end.
    """

    text: str = ""
    doc_starts: list[int] = field(default_factory=list)
    doc_ends: list[int] = field(default_factory=list)
    view_starts: list[int] = field(default_factory=list)
    view_ends: list[int] = field(default_factory=list)
    in_table: list[bool] = field(default_factory=list)

    def add_run(
        self, doc_start: int, doc_end: int, view_start: int, *, table: bool = False
    ) -> None:
        """Record that ``text[doc_start:doc_end]`` was inserted at ``view_start``."""
        if doc_end <= doc_start:
            return
        self.doc_starts.append(doc_start)
        self.doc_ends.append(doc_end)
        self.view_starts.append(view_start)
        self.view_ends.append(view_start + utf16_length(self.text[doc_start:doc_end]))
        self.in_table.append(table)

    def __len__(self) -> int:
        return len(self.doc_starts)

    def to_view(self, offset: int, *, end: bool = False) -> int:
        """The view position of document ``offset`` (``end``: snap backwards between runs)."""
        if not self.doc_starts:
            return 0
        index = bisect.bisect_right(self.doc_starts, offset) - 1
        if index < 0:
            return self.view_starts[0]
        if offset > self.doc_ends[index]:
            if end or index + 1 == len(self.doc_starts):
                return self.view_ends[index]
            return self.view_starts[index + 1]
        if end and offset == self.doc_starts[index] and index > 0:
            # A range ending exactly where a run starts ends after the previous run.
            return self.view_ends[index - 1]
        return self.view_starts[index] + utf16_length(self.text[self.doc_starts[index] : offset])

    def to_document(self, position: int, *, end: bool = False) -> int:
        """The document offset at view ``position`` (``end``: snap backwards between runs)."""
        if not self.view_starts:
            return 0
        index = bisect.bisect_right(self.view_starts, position) - 1
        if index < 0:
            return self.doc_starts[0]
        if position > self.view_ends[index]:
            if end or index + 1 == len(self.view_starts):
                return self.doc_ends[index]
            return self.doc_starts[index + 1]
        start = self.doc_starts[index]
        units = position - self.view_starts[index]
        run = self.text[start : self.doc_ends[index]]
        if run.isascii():
            return start + units
        count = 0
        for i, char in enumerate(run):
            if count >= units:
                return start + i
            count += 2 if ord(char) > 0xFFFF else 1
        return self.doc_ends[index]

    def view_pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """View ranges covering document ``[start, end)``: one per table cell, paragraphs merged."""
        if end <= start or not self.doc_starts:
            return []
        first = max(0, bisect.bisect_right(self.doc_starts, start) - 1)
        last = bisect.bisect_left(self.doc_starts, end)
        pieces: list[tuple[int, int]] = []
        previous_table = True
        for index in range(first, last):
            lo = max(start, self.doc_starts[index])
            hi = min(end, self.doc_ends[index])
            if hi <= lo:
                continue
            view_lo = self.to_view(lo)
            view_hi = self._inside(index, hi)
            table = self.in_table[index]
            # Consecutive paragraphs are one piece (the paragraph break between them paints
            # nothing); table cells stay separate so a piece never spans cell boundaries.
            if pieces and not table and not previous_table and view_lo <= pieces[-1][1] + 1:
                pieces[-1] = (pieces[-1][0], view_hi)
            else:
                pieces.append((view_lo, view_hi))
            previous_table = table
        return pieces

    def _inside(self, index: int, offset: int) -> int:
        start = self.doc_starts[index]
        return self.view_starts[index] + utf16_length(self.text[start:offset])
