"""Why a clause got its status, as records: a kind and the values behind it, no words.

The matching engine builds these; ``core.reason_text.describe`` is the one place that turns a
record into the sentence a reviewer reads (Details, JSON, exports). Code that needs to know
*which* reason it holds (the CLI's line for a missing clause, tests) reads ``kind`` and the
values, never the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# What a reason's values can be: a score or threshold, a count, a flag, a phrase, some terms.
ReasonValue = str | int | float | bool | tuple[str, ...]


class ReasonKind(StrEnum):
    """Every kind of reason the engine gives, in the order it usually gives them."""

    # Added by the learned model (first) and for a clause found through a company layer.
    LEARNED_MODEL = "learned_model"  # clause_title, learnt (passages; 0: model wordings), words
    COMPANY_LAYER = "company_layer"  # layer (file name), learned_score
    # A missing clause.
    NO_TEXT = "no_text"  # the document has no text at all
    BELOW_WEAK = "below_weak"  # weak_threshold, where (the closest passage), score
    LOOKED_FOR = "looked_for"  # heading, terms (one per key-term group)
    # What the best passage has, or lacks.
    HEADING_MATCH = "heading_match"  # title (the contract's), heading (the library's), score
    KEY_TERMS = "key_terms"  # where, terms (one per group found), total, in_one_sentence
    TERMS_NOT_FOUND = "terms_not_found"  # terms (first term of each group not found)
    ANCHOR_EXCLUDED = "anchor_excluded"  # term, excluded_by: the defining term does not count
    NO_ANCHOR = "no_anchor"  # terms: no defining term, so at most a weak match
    NO_ANCHOR_LEARNED = "no_anchor_learned"  # terms: no defining term; the model decided
    MODEL_WORDING = "model_wording"  # similarity, wording (the library's model wording)
    DEFINITION = "definition"  # the passage is a definition
    # The verdict.
    SCORE_PRESENT = "score_present"  # score, present_threshold
    SCORE_WEAK = "score_weak"  # score, weak_threshold, present_threshold


# The reasons that say the clause can be at most weak: the learned model does not apply that cap.
WEAK_CAPS = frozenset({ReasonKind.ANCHOR_EXCLUDED, ReasonKind.NO_ANCHOR})
# What a missing clause was looked for as (the line the CLI shows under it).
LOOKED_FOR_KINDS = frozenset({ReasonKind.LOOKED_FOR, ReasonKind.NO_TEXT})


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: its kind and its values, as (name, value) pairs in a fixed order.

    Pairs rather than a dict keep the record hashable like the findings that hold it.
    """

    kind: ReasonKind
    data: tuple[tuple[str, ReasonValue], ...] = ()

    @classmethod
    def of(cls, kind: ReasonKind, **data: ReasonValue) -> Reason:
        return cls(kind, tuple(data.items()))

    def as_dict(self) -> dict[str, ReasonValue]:
        return dict(self.data)

    def value(self, name: str) -> ReasonValue:
        for key, value in self.data:
            if key == name:
                return value
        raise KeyError(f"{self.kind} reason has no {name!r}")

    def text(self, name: str) -> str:
        value = self.value(name)
        if not isinstance(value, str):
            raise TypeError(f"{self.kind} reason's {name!r} is not text: {value!r}")
        return value

    def number(self, name: str) -> float:
        value = self.value(name)
        if isinstance(value, str | tuple):
            raise TypeError(f"{self.kind} reason's {name!r} is not a number: {value!r}")
        return float(value)

    def count(self, name: str) -> int:
        value = self.value(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{self.kind} reason's {name!r} is not a count: {value!r}")
        return value

    def flag(self, name: str) -> bool:
        value = self.value(name)
        if not isinstance(value, bool):
            raise TypeError(f"{self.kind} reason's {name!r} is not a flag: {value!r}")
        return value

    def terms(self, name: str) -> tuple[str, ...]:
        value = self.value(name)
        if not isinstance(value, tuple):
            raise TypeError(f"{self.kind} reason's {name!r} is not a list of terms: {value!r}")
        return value
