"""Clause-library data types: entries, key-term groups, risk rules and guidance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Importance(StrEnum):
    REQUIRED = "required"
    RECOMMENDED = "recommended"
    OPTIONAL = "optional"


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    # Not a risk: a point to read by hand. For a rule too often wrong on unseen contracts
    # (precision below 0.85) to be raised as a risk.
    CHECK = "check"

    @property
    def label(self) -> str:
        """The word a reader sees: "High", "Medium", "Low", "Check"."""
        return self.value.capitalize()

    @property
    def is_risk(self) -> bool:
        """False for a "check" point, which is not called a risk."""
        return self is not Severity.CHECK


class RuleKind(StrEnum):
    CHECK = "check"  # parameter test, e.g. notice_days < 90
    PATTERN = "pattern"  # regex on one sentence
    REQUIRES = "requires"  # fires when none of the regexes matches the matched clauses


class Scope(StrEnum):
    CLAUSE = "clause"
    DOCUMENT = "document"


class Party(StrEnum):
    """The side a sentence binds or benefits, from the customer's point of view."""

    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    EITHER = "either"  # either party, each party, the parties
    UNKNOWN = "unknown"  # no party named, or a name the contract does not place


class Reach(StrEnum):
    """How far from a flagged sentence a rule reads before it claims something is absent."""

    CLAUSE = "clause"  # the whole clause (a list item with its lead-in)
    SECTION = "section"  # the top-level section holding the clause, all its sub-clauses
    REFERENCES = "references"  # the clauses, sections and schedules those cite
    NEIGHBOURS = "neighbours"  # the clauses just before and after that section, same level
    DOCUMENT = "document"  # the whole contract


@dataclass(frozen=True, slots=True)
class TermGroup:
    """Synonyms: the group is satisfied when any member occurs."""

    terms: tuple[str, ...]  # lower case; "terminat*" is a prefix


@dataclass(frozen=True, slots=True)
class ParamCheck:
    """A comparison of an extracted parameter with a number: ``notice_days < 90``."""

    param: str
    op: str
    value: float

    def holds(self, actual: float) -> bool:
        return {
            "<": actual < self.value,
            "<=": actual <= self.value,
            ">": actual > self.value,
            ">=": actual >= self.value,
            "==": actual == self.value,
            "!=": actual != self.value,
        }[self.op]

    def __str__(self) -> str:
        return f"{self.param} {self.op} {self.value:g}"


@dataclass(frozen=True, slots=True)
class Mitigation:
    """Wording elsewhere in the contract that lowers or clears a flag ("the customer may
    terminate for convenience on 30 days' notice" makes automatic renewal a lesser risk)."""

    note: str  # why, shown with the flag; {clause} and {<param>} are filled in
    lower_to: Severity | None  # None: the flag is cleared
    pattern: re.Pattern[str] | None = None
    check: ParamCheck | None = None
    unless: re.Pattern[str] | None = None
    party: tuple[Party, ...] = ()
    party_at: re.Pattern[str] | None = None
    look_in: Reach = Reach.DOCUMENT


@dataclass(frozen=True, slots=True)
class RiskRule:
    id: str
    severity: Severity
    kind: RuleKind
    message: str
    recommendation: str
    check: ParamCheck | None = None
    pattern: re.Pattern[str] | None = None
    requires: tuple[re.Pattern[str], ...] = ()
    unless: re.Pattern[str] | None = None
    scope: Scope = Scope.CLAUSE
    # Who the sentence must bind or benefit for the rule to fire: the party acting at the match
    # (or at ``party_at``). Empty: any. A sentence naming no party takes the clause's last one.
    party: tuple[Party, ...] = ()
    party_at: re.Pattern[str] | None = None
    # An absence claim: the flag is dropped when any of these occurs in ``look_in`` around the
    # flagged sentence's clause; "requires" rules search ``look_in`` instead of the evidence.
    cleared_by: tuple[re.Pattern[str], ...] = ()
    look_in: tuple[Reach, ...] = ()
    mitigations: tuple[Mitigation, ...] = ()
    # rules this one replaces: of its entry on the same clause, of another entry on the same
    # sentence (one flag per risk across findings)
    supersedes: tuple[str, ...] = ()
    # The kind of clause the rule is about: it runs only on a clause where one of these matches
    # a sentence (a force-majeure rule needs a clause that excuses performance, not any clause
    # that says "beyond its reasonable control"). Empty: any clause the entry matched.
    applies_if: tuple[re.Pattern[str], ...] = ()
    per_contract: bool = False  # one flag for the whole contract, quoting every clause that fires
    # Wording to put in place of the flagged sentence in a redline ({customer} and {supplier}
    # become the contract's names for the sides). Empty: the redline only comments on it.
    replacement: str = ""


@dataclass(frozen=True, slots=True)
class Guidance:
    preferred: str
    fallback: str
    sample_wording: str


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    id: str
    title: str
    category: str
    category_title: str
    importance: Importance
    description: str
    headings: tuple[str, ...]
    key_terms: tuple[TermGroup, ...]  # the first group is the anchor
    examples: tuple[str, ...]
    risk_rules: tuple[RiskRule, ...]
    guidance: Guidance
    source: Path  # the file the entry came from (bundled or a user layer)
    # The key-term groups count only when they occur together in one sentence: for clauses
    # whose words are everyday words elsewhere ("solicit" customers, "employees" elsewhere).
    terms_in_one_sentence: bool = False
    # A defining term does not count in a sentence that also holds one of these: "terminate at
    # any time" in a sentence about breach is termination for cause, not for convenience.
    anchor_not_with: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Library:
    name: str
    version: str
    description: str
    entries: tuple[LibraryEntry, ...]
    layers: tuple[Path, ...]  # folders loaded, bundled first

    def entry(self, entry_id: str) -> LibraryEntry:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    @property
    def categories(self) -> tuple[tuple[str, str], ...]:
        """(category key, title) in library order."""
        seen: dict[str, str] = {}
        for entry in self.entries:
            seen.setdefault(entry.category, entry.category_title)
        return tuple(seen.items())
