"""Merging the review file another window or reviewer saved since this one last read it."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar


class Stamped(Protocol):
    """A review item: compared whole, and stamped with when it last changed (ISO 8601 UTC)."""

    @property
    def updated(self) -> str: ...


Item = TypeVar("Item", bound=Stamped)


@dataclass
class Merge:
    """What merging took from the other copy, and where both changed the same clause."""

    taken: list[str] = field(default_factory=list)  # newer there, or only there
    conflicts: list[str] = field(default_factory=list)  # both changed it in the same second


def merge_items(ours: MutableMapping[str, Item], theirs: Mapping[str, Item]) -> Merge:
    """Take into ``ours`` every item of ``theirs`` that is newer or missing here.

    Clause by clause, the change made last wins, so two windows working on different clauses
    both keep all their work. Where both changed one clause within the same second (the
    timestamps' resolution) there is no telling which came last: ours is kept and the clause
    is reported, for the caller to keep the other copy.
    """
    merge = Merge()
    for clause_id, other in sorted(theirs.items()):
        mine = ours.get(clause_id)
        if mine is None or other.updated > mine.updated:
            ours[clause_id] = other
            merge.taken.append(clause_id)
        elif mine != other and other.updated == mine.updated:
            merge.conflicts.append(clause_id)
    return merge
