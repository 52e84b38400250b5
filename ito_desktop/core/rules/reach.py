"""How far a rule reads around a clause (its section, the clauses it cites) and how to say so."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ito_desktop.core.library.schema import Reach
from ito_desktop.core.model import Clause, Document

_MAX_REFERENCES = 8
# A top-level section longer than this is a grab-bag ("Miscellaneous"): its other clauses
# are not read as part of the flagged clause's context.
_MAX_SECTION_CHARS = 8000
_MAX_REFERENCE_CHARS = 20000
_KINDS = (
    r"sections?|clauses?|articles?|paragraphs?|schedules?|exhibits?|appendix|appendices|"
    r"annex(?:es)?|attachments?"
)
_NUMBER = r"\d+(?:\.\d+)*(?:\s*\([a-z0-9]{1,4}\))*|[IVXL]{1,6}\b|[A-Z]\b"
_CITATION = re.compile(
    rf"\b(?P<kind>{_KINDS})\s+(?P<list>(?:{_NUMBER})(?:\s*(?:,|and|or|through|to|-|–)\s*(?:{_NUMBER}))*)",
    re.I,
)
_ITEM = re.compile(_NUMBER, re.I)
_ANNEX = re.compile(r"^(schedule|exhibit|appendix|annex|attachment)", re.I)


@dataclass(frozen=True, slots=True)
class Region:
    """What a rule read around a clause: text ranges, and the parts named for the reader."""

    ranges: tuple[tuple[int, int], ...]
    clauses: tuple[Clause, ...]  # the clause(s) the flag is about
    sections: tuple[Clause, ...] = ()  # the top-level sections read beyond them
    references: tuple[Clause, ...] = ()  # the clauses they cite
    whole: bool = False  # the whole contract was read
    cited: bool = False  # citations were followed (so "it cites none" can be said)
    neighbours: tuple[Clause, ...] = ()  # the clauses beside the section, same level


def section_of(document: Document, clause: Clause) -> Clause:
    """The widest clause holding ``clause`` that is still one topic: its top-level section, or,
    where that is a grab-bag over ``_MAX_SECTION_CHARS`` ("15. Miscellaneous"), the largest
    enclosing sub-clause under the limit ("15.10 Dispute Resolution" for 15.10.2.1). The clause
    itself when no ancestor is under the limit."""
    small = [c for c in document.ancestors(clause) if c.end - c.start <= _MAX_SECTION_CHARS]
    return small[-1] if small else clause


def _key(text: str) -> str:
    text = re.sub(rf"^(?:{_KINDS})\s+", "", text.strip(), flags=re.I)
    return re.sub(r"\s+", "", text).rstrip(".").lower()


def cited_clauses(document: Document, text: str, exclude: Iterable[Clause] = ()) -> list[Clause]:
    """The clauses, sections and schedules ``text`` cites ("Section 22.3", "Exhibit D")."""
    numbered: dict[str, Clause] = {}
    annexes: dict[str, Clause] = {}
    for clause in document.clauses:
        for label in (clause.reference, clause.number):
            if label:
                numbered.setdefault(_key(label), clause)
        for label in (clause.number, clause.title):
            annex = _ANNEX.match(label or "")
            if annex is not None:
                annexes.setdefault(" ".join(label.lower().split()[:2]).rstrip(".:"), clause)
    skip = {c.id for c in exclude}
    found: list[Clause] = []
    for citation in _CITATION.finditer(text):
        kind = citation.group("kind").lower()
        for item in _ITEM.finditer(citation.group("list")):
            token = item.group(0)
            if _ANNEX.match(kind):
                base = (
                    re.sub(r"(?:es|s)$", "", kind) if not kind.startswith("append") else "appendix"
                )
                target = annexes.get(f"{base} {token.lower()}")
            else:
                target = numbered.get(_key(token))
            if target is not None and target.id not in skip and target not in found:
                found.append(target)
    return found[:_MAX_REFERENCES]


def region(document: Document, clause: Clause, reaches: Sequence[Reach]) -> Region:
    """The text a rule reads around ``clause`` for ``reaches`` (the clause itself always)."""
    if Reach.DOCUMENT in reaches:
        return Region(((0, len(document.text)),), (clause,), whole=True)
    ranges = [(clause.body_start, clause.end)]
    sections: tuple[Clause, ...] = ()
    if Reach.SECTION in reaches:
        top = section_of(document, clause)
        if top.id != clause.id:
            sections = (top,)
            ranges.append((top.start, top.end))
    neighbours: tuple[Clause, ...] = ()
    if Reach.NEIGHBOURS in reaches:
        neighbours = beside(document, sections[0] if sections else clause)
        ranges += [(c.start, min(c.end, c.start + _MAX_SECTION_CHARS)) for c in neighbours]
    references: tuple[Clause, ...] = ()
    if Reach.REFERENCES in reaches:
        read = " ".join(document.text[s:e] for s, e in ranges)
        cited = cited_clauses(document, read, exclude=(clause, *sections))
        inside = [(s, e) for s, e in ranges]
        references = tuple(
            c for c in cited if not any(s <= c.start and c.end <= e for s, e in inside)
        )
        ranges += [(c.start, min(c.end, c.start + _MAX_REFERENCE_CHARS)) for c in references]
    return Region(
        tuple(sorted(set(ranges))),
        (clause,),
        sections,
        references,
        cited=Reach.REFERENCES in reaches,
        neighbours=neighbours,
    )


def beside(document: Document, clause: Clause) -> tuple[Clause, ...]:
    """The clauses just before and after ``clause`` under the same parent ("5. Informal
    Negotiations" before "6. Arbitration" in a long "Miscellaneous" section)."""
    siblings = [
        c for c in document.clauses if c.parent == clause.parent and c.level == clause.level
    ]
    at = next((n for n, c in enumerate(siblings) if c.id == clause.id), None)
    if at is None:
        return ()
    return tuple(siblings[n] for n in (at - 1, at + 1) if 0 <= n < len(siblings))


def _name(clause: Clause) -> str:
    reference = clause.reference.rstrip(".")
    if reference:
        return reference
    return f"'{clause.title}'" if clause.title else "the clause found"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe(regions: Sequence[Region]) -> str:
    """Where an absence was checked, for the reader: "clause 22.1, the rest of section 22 and
    the clauses it cites (25, Exhibit D)"."""
    if not regions:
        return ""
    if any(r.whole for r in regions):
        return "the whole contract"
    clauses = _unique(c for r in regions for c in r.clauses)
    sections = _unique(c for r in regions for c in r.sections)
    cited = _unique(c for r in regions for c in r.references)
    names = [_name(c) for c in clauses]
    parts = [("clause " if len(names) == 1 else "clauses ") + _join(names)]
    if sections:
        parts.append(
            "the rest of "
            + ("section " if len(sections) == 1 else "sections ")
            + _join([_name(c) for c in sections])
        )
    adjacent = _unique(c for r in regions for c in r.neighbours)
    if adjacent:
        parts.append(
            ("the clause beside it (" if len(adjacent) == 1 else "the clauses beside it (")
            + ", ".join(_name(c) for c in adjacent)
            + ")"
        )
    if any(r.cited for r in regions):
        if cited:
            parts.append(f"the clauses cited there ({', '.join(_name(c) for c in cited)})")
        else:
            return _join(parts) + " (no other clause is cited there)"
    return _join(parts)


def _unique(clauses: Iterable[Clause]) -> list[Clause]:
    seen: list[Clause] = []
    for clause in clauses:
        if clause not in seen:
            seen.append(clause)
    return seen
