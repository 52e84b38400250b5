"""Cut a Document into passages (paragraphs with their heading context) and sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ito_desktop.core.model import BlockKind, Clause, Document

# A sentence ends at . ; ! ? followed by space and a capital, digit, quote or "(" — but not
# after common abbreviations or a clause number such as "12.3".
_SENTENCE_END = re.compile(r"(?<=[.;!?])[\"')\]]*\s+(?=[(\"'A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:no|nos|inc|ltd|co|corp|llc|plc|u\.s|e\.g|i\.e|etc|vs|sec|art|para|cl|st|mr|ms|dr"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.|\b[A-Z]\.|\d\.)$",
    re.IGNORECASE,
)
_DEFINITION = re.compile(
    r"^\W{0,3}[\"'][^\"']{2,60}[\"']\s+(?:means|shall mean|has the meaning|refers)"
)
_MAX_SENTENCE = 700
_MAX_DEPTH = 12


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph-sized piece of the contract, the unit that is scored."""

    index: int
    start: int  # offsets into Document.text (heading number/title excluded when run-in)
    end: int
    clause: Clause | None  # innermost clause containing it
    titles: tuple[str, ...]  # enclosing clause titles, innermost first
    is_definition: bool
    is_table: bool


def passages_of(document: Document) -> list[Passage]:
    """One passage per non-heading block; run-in headings are cut off the passage text."""
    clause_by_block = _innermost_clause_per_block(document)
    by_id = {clause.id: clause for clause in document.clauses}
    passages: list[Passage] = []
    definitions = _definition_clauses(document, by_id)
    for index, block in enumerate(document.blocks):
        clause = clause_by_block[index]
        start = block.start
        if clause is not None and clause.first_block == index:
            start = max(start, clause.body_start)
        if start >= block.end:
            continue  # a heading line with nothing after it
        text = document.text[start : block.end]
        if not any(c.isalpha() for c in text):
            continue
        passages.append(
            Passage(
                index=len(passages),
                start=start,
                end=block.end,
                clause=clause,
                titles=_titles(clause, by_id),
                is_definition=(clause is not None and clause.id in definitions)
                or bool(_DEFINITION.match(text)),
                is_table=block.kind == BlockKind.TABLE_ROW,
            )
        )
    return passages


def _definition_clauses(document: Document, by_id: dict[str, Clause]) -> set[str]:
    """Ids of the clauses inside a "Definitions" clause (the clause itself included)."""
    inside: set[str] = set()
    for clause in document.clauses:  # parents come before their children
        if "definition" in clause.title.lower() or (clause.parent in inside):
            inside.add(clause.id)
    return inside


def _innermost_clause_per_block(document: Document) -> list[Clause | None]:
    result: list[Clause | None] = [None] * len(document.blocks)
    # Clauses are in document order and children follow parents, so later ones are deeper.
    for clause in document.clauses:
        for index in range(clause.first_block, min(clause.last_block, len(result) - 1) + 1):
            current = result[index]
            if current is None or clause.level >= current.level:
                result[index] = clause
    return result


def _titles(clause: Clause | None, by_id: dict[str, Clause]) -> tuple[str, ...]:
    titles: list[str] = []
    for _ in range(_MAX_DEPTH):  # clause trees are shallow; the bound guards against cycles
        if clause is None:
            break
        if clause.title:
            titles.append(clause.title)
        clause = by_id.get(clause.parent) if clause.parent else None
    return tuple(titles)


def sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Sentence ranges of ``text`` as (start, end) offsets shifted by ``base``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        head = text[max(start, match.start() - 12) : match.start()]
        if _ABBREVIATION.search(head):
            continue
        end = match.start()
        _add_sentence(text, start, end, spans)
        start = match.end()
    _add_sentence(text, start, len(text), spans)
    return [(base + s, base + e) for s, e in spans]


def _add_sentence(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(", ", start, start + _MAX_SENTENCE)
        cut = cut + 1 if cut > start + 100 else start + _MAX_SENTENCE
        spans.append((start, cut))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    if text[start:end].strip():
        spans.append((start, end))
