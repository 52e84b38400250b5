"""Compare the reviews of two drafts of one contract, clause id by clause id.

Negotiators get a new draft back every round. ``compare_reviews`` says, for every clause id of
the library, what the status was and is, and what happened in between: a gap closed or opened,
a risk added or removed, the wording of the clause that evidences it changed (with a word-level
diff), or the clause moved to a new number. The reviewer's decisions and notes on the old draft
carry over where the clause's wording is unchanged and are marked "re-check" where it changed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ito_desktop.core.findings import Finding, Status
from ito_desktop.core.model import Document
from ito_desktop.core.progress import CancelToken, ProgressSink, no_progress
from ito_desktop.core.review import ReviewOptions, ReviewResult, review
from ito_desktop.core.session import Decision, FindingReview, load_session

FORMAT = "ito-review-compare/1"
# Above this many words in either clause the diff is by sentence, not by word (difflib is
# quadratic in the worst case; a clause of this size is a whole article anyway).
_MAX_DIFF_WORDS = 4000
_WORD = re.compile(r"\S+")


class Change(StrEnum):
    """What happened to one clause id between the drafts (a row may carry several)."""

    GAP_CLOSED = "gap_closed"  # missing or weak before, present now
    GAP_OPENED = "gap_opened"  # present before, missing or weak now
    STATUS_CHANGED = "status_changed"  # missing <-> weak
    RISK_ADDED = "risk_added"
    RISK_REMOVED = "risk_removed"
    WORDING_CHANGED = "wording_changed"  # the clause that evidences it reads differently
    MOVED = "moved"  # the same clause under a new number

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Change.GAP_CLOSED: "gap closed",
    Change.GAP_OPENED: "gap opened",
    Change.STATUS_CHANGED: "status changed",
    Change.RISK_ADDED: "risk added",
    Change.RISK_REMOVED: "risk removed",
    Change.WORDING_CHANGED: "wording changed",
    Change.MOVED: "moved",
}
# Opened gaps and new risks first: what a negotiator must answer in this round.
_ORDER = (
    Change.GAP_OPENED,
    Change.RISK_ADDED,
    Change.WORDING_CHANGED,
    Change.STATUS_CHANGED,
    Change.GAP_CLOSED,
    Change.RISK_REMOVED,
    Change.MOVED,
)
_RANK = {Status.MISSING: 0, Status.WEAK: 1, Status.PRESENT: 2}


class DiffKind(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class DiffPart:
    """A run of words the old and new clause share, or that one of them alone has."""

    kind: DiffKind
    text: str


@dataclass(frozen=True, slots=True)
class Wording:
    """The clause that evidences a clause id in one draft: its number, title and text."""

    clause_number: str
    clause_title: str
    text: str
    page: int | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Carried:
    """The reviewer's work on the old draft, as it applies to the new one."""

    decision: Decision | None
    note: str
    recheck: bool  # the clause's wording changed: the decision must be looked at again

    def describe(self, note: str | None = None) -> str:
        """ "risk accepted; note: ... (re-check: wording changed)" for a report; ``note`` is the
        note as the report shows it (shortened, quoted), by default as written."""
        decision = self.decision.value.replace("_", " ") if self.decision else "no decision"
        shown = self.note if note is None else note
        text = f"; note: {shown}" if self.note else ""
        return decision + text + (" (re-check: wording changed)" if self.recheck else "")


@dataclass(frozen=True, slots=True)
class ClauseComparison:
    clause_id: str
    title: str
    category_title: str
    importance: str
    old_status: Status
    new_status: Status
    changes: tuple[Change, ...]
    risks_added: tuple[str, ...]  # rule ids
    risks_removed: tuple[str, ...]
    old: Wording | None
    new: Wording | None
    diff: tuple[DiffPart, ...]  # old -> new, empty unless the wording changed
    carried: Carried | None  # None when the old draft had no review work on this clause
    old_finding: Finding
    new_finding: Finding

    def risk_messages(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The messages of the risks added (from the new draft) and removed (from the old)."""
        added = tuple(r.message for r in self.new_finding.risks if r.rule_id in self.risks_added)
        removed = tuple(
            r.message for r in self.old_finding.risks if r.rule_id in self.risks_removed
        )
        return added, removed

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True, slots=True)
class Comparison:
    old: ReviewResult
    new: ReviewResult
    rows: tuple[ClauseComparison, ...]  # changed rows first (see _ORDER), then unchanged

    @property
    def changed(self) -> tuple[ClauseComparison, ...]:
        return tuple(r for r in self.rows if r.changed)

    @property
    def unchanged(self) -> tuple[ClauseComparison, ...]:
        return tuple(r for r in self.rows if not r.changed)

    def count(self, change: Change) -> int:
        return sum(1 for r in self.rows if change in r.changes)


def compare_reviews(
    old: ReviewResult,
    new: ReviewResult,
    old_review: Mapping[str, FindingReview] | None = None,
) -> Comparison:
    """Compare ``old`` and ``new`` (two reviews with the same library) clause id by clause id;
    ``old_review`` is the reviewer's work on the old draft (its review file's items)."""
    before = {f.clause_id: f for f in old.findings}
    rows: list[ClauseComparison] = []
    for finding in new.findings:
        previous = before.get(finding.clause_id)
        if previous is None:  # a clause id the old review's library did not have
            continue
        item = (old_review or {}).get(finding.clause_id)
        rows.append(_compare(previous, finding, old.document, new.document, item))
    rows.sort(key=_row_order)
    return Comparison(old, new, tuple(rows))


def compare_with_earlier(
    old_path: Path,
    new: ReviewResult,
    options: ReviewOptions | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> tuple[Comparison, tuple[str, ...]]:
    """Review the earlier draft ``old_path`` with ``new``'s library and compare; with the
    notices of reading its review file (which is only read, never renamed or written)."""
    old = review(old_path, new.library, options, progress, cancel)  # checks the file first
    progress(0.99, "Comparing the drafts")
    saved = load_session(
        old_path, old.document.sha256, [f.clause_id for f in old.findings], read_only=True
    )
    return compare_reviews(old, new, saved.session.items), tuple(saved.notices)


def _row_order(row: ClauseComparison) -> int:
    """Rows by their most pressing change (a stable sort keeps library order within one)."""
    return min((_ORDER.index(c) for c in row.changes), default=len(_ORDER))


def _compare(
    old: Finding,
    new: Finding,
    old_document: Document,
    new_document: Document,
    item: FindingReview | None,
) -> ClauseComparison:
    changes: list[Change] = []
    if old.status is not new.status:
        if new.status is Status.PRESENT:
            changes.append(Change.GAP_CLOSED)
        elif old.status is Status.PRESENT:
            changes.append(Change.GAP_OPENED)
        else:
            changes.append(Change.STATUS_CHANGED)
    old_rules = [r.rule_id for r in old.risks]
    new_rules = [r.rule_id for r in new.risks]
    added = tuple(r for r in new_rules if r not in old_rules)
    removed = tuple(r for r in old_rules if r not in new_rules)
    if added:
        changes.append(Change.RISK_ADDED)
    if removed:
        changes.append(Change.RISK_REMOVED)
    old_wording = wording(old, old_document)
    new_wording = wording(new, new_document)
    diff: tuple[DiffPart, ...] = ()
    reworded = False
    if old_wording is not None and new_wording is not None:
        if _normal(old_wording.text) != _normal(new_wording.text):
            reworded = True
            changes.append(Change.WORDING_CHANGED)
            diff = word_diff(old_wording.text, new_wording.text)
        if old_wording.clause_number != new_wording.clause_number:
            changes.append(Change.MOVED)
    carried = None
    if item is not None and (item.decision is not None or item.note):
        # a clause found in one draft only changed as much as wording can
        recheck = reworded or (old_wording is None) != (new_wording is None)
        carried = Carried(item.decision, item.note, recheck)
    return ClauseComparison(
        clause_id=new.clause_id,
        title=new.title,
        category_title=new.category_title,
        importance=new.importance.value,
        old_status=old.status,
        new_status=new.status,
        changes=tuple(sorted(changes, key=_ORDER.index)),
        risks_added=added,
        risks_removed=removed,
        old=old_wording,
        new=new_wording,
        diff=diff,
        carried=carried,
        old_finding=old,
        new_finding=new,
    )


def wording(finding: Finding, document: Document) -> Wording | None:
    """The whole clause holding the finding's first evidence (what a lawyer compares), or the
    evidence alone where it is not inside a numbered clause."""
    if finding.status is Status.MISSING or not finding.evidence:
        return None
    evidence = finding.evidence[0]
    clause = document.clause_at(evidence.start)
    if clause is None:
        return Wording(
            evidence.clause_number,
            evidence.clause_title,
            evidence.text,
            evidence.page,
            evidence.start,
            evidence.end,
        )
    return Wording(
        clause.reference or evidence.clause_number,
        clause.title or "",
        document.text[clause.body_start : clause.end].strip(),
        document.page_at(clause.body_start),
        clause.body_start,
        clause.end,
    )


def place(wording: Wording | None) -> str:
    """Where a clause is, for the reader: "clause 7.1, page 4", or "not found"."""
    if wording is None:
        return "not found"
    where = f"clause {wording.clause_number}" if wording.clause_number else "unnumbered text"
    return where + (f", page {wording.page}" if wording.page else "")


def word_diff(old: str, new: str) -> tuple[DiffPart, ...]:
    """``old`` -> ``new`` as runs of equal, deleted and inserted words (whitespace collapsed)."""
    old_words, new_words = _WORD.findall(old), _WORD.findall(new)
    if max(len(old_words), len(new_words)) > _MAX_DIFF_WORDS:
        old_words, new_words = _sentences(old), _sentences(new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    parts: list[DiffPart] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(DiffPart(DiffKind.EQUAL, " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart(DiffKind.DELETE, " ".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart(DiffKind.INSERT, " ".join(new_words[j1:j2])))
    return tuple(parts)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:])\s+", " ".join(text.split())) if s]


def _normal(text: str) -> str:
    """Letters and digits only: what differs between the same clause read from a DOCX and
    from its PDF (a hyphen taken for a line-break hyphen, a table rule read as "|", quotes
    and spaces) is not a change of wording; a change of punctuation alone is not reported."""
    return re.sub(r"[\W_]+", "", text.casefold())


def diff_text(parts: Iterable[DiffPart]) -> str:
    """A plain-text rendering of a diff: ``[-deleted-]`` and ``{+inserted+}`` (as git's
    ``--word-diff=plain``)."""
    out: list[str] = []
    for part in parts:
        if part.kind is DiffKind.EQUAL:
            out.append(part.text)
        elif part.kind is DiffKind.DELETE:
            out.append(f"[-{part.text}-]")
        else:
            out.append(f"{{+{part.text}+}}")
    return " ".join(out)
