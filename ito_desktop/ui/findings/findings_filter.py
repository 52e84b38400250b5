"""The findings list's filter and sort proxy: status, risk, text, clause, Needs attention."""

from __future__ import annotations

import html
from enum import StrEnum

from PySide6.QtCore import QSortFilterProxyModel, Qt

from ito_desktop.core.effective import SEVERITY_RANK, EffectiveStatus
from ito_desktop.ui.findings.findings_model import (
    AttentionRole,
    ClauseIdRole,
    Index,
    IsCategoryRole,
    SearchTextRole,
    SeverityRole,
    SortKeysRole,
    SortOrder,
    StatusRole,
)


class SeverityFilter(StrEnum):
    """How much open risk a finding must carry to be shown."""

    ANY = "any"  # no filtering by risk
    HAS_RISK = "has_risk"
    MEDIUM_UP = "medium_up"
    HIGH_ONLY = "high_only"


_MIN_RANK = {
    SeverityFilter.ANY: 0,
    SeverityFilter.HAS_RISK: 1,
    SeverityFilter.MEDIUM_UP: 2,
    SeverityFilter.HIGH_ONLY: 3,
}


# (label, statuses shown); None shows every status. "Needs attention" is a view of its own:
# undecided findings that are missing, weak or risky (core.attention), most severe first.
NEEDS_ATTENTION = "Needs attention"
STATUS_CHOICES: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("All statuses", None),
    (NEEDS_ATTENTION, None),
    *((status.label, frozenset({status})) for status in EffectiveStatus),
    ("Weak or missing", frozenset({EffectiveStatus.WEAK, EffectiveStatus.MISSING})),
)
SEVERITY_CHOICES: tuple[tuple[str, SeverityFilter], ...] = (
    ("All risk levels", SeverityFilter.ANY),
    ("With risks", SeverityFilter.HAS_RISK),
    ("Medium or high", SeverityFilter.MEDIUM_UP),
    ("High only", SeverityFilter.HIGH_ONLY),
)
SORT_CHOICES: tuple[tuple[str, SortOrder], ...] = (
    ("By category", SortOrder.CATEGORY),
    ("By severity", SortOrder.SEVERITY),
    ("By status", SortOrder.STATUS),
    ("By clause (A-Z)", SortOrder.CLAUSE),
)
# How the banner names each active filter.
_STATUS_PHRASES = {
    **{status.label: status.label.lower() for status in EffectiveStatus},
    "Weak or missing": "weak or missing",
}
_SEVERITY_PHRASES = {
    SeverityFilter.HAS_RISK: "with risks",
    SeverityFilter.MEDIUM_UP: "with medium or high risks",
    SeverityFilter.HIGH_ONLY: "with high risks",
}


def filter_words(
    status_label: str, severity: SeverityFilter, text: str, clause: str | None
) -> list[str]:
    """The active filters as the banner names them (rich text: the clause is bold)."""
    words = []
    if status_label == NEEDS_ATTENTION:
        words.append("needing attention")
    elif status_label in _STATUS_PHRASES:
        words.append(_STATUS_PHRASES[status_label])
    if severity in _SEVERITY_PHRASES:
        words.append(_SEVERITY_PHRASES[severity])
    if text.strip():
        words.append(f"matching “{html.escape(text.strip())}”")
    if clause is not None:
        words.append(f"in clause <b>{html.escape(clause)}</b>")
    return words


class FindingsFilterModel(QSortFilterProxyModel):
    """Shows the findings that pass every active filter; categories follow their findings."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setRecursiveFilteringEnabled(True)
        self._attention = False
        self._pinned: str | None = None
        self._order = SortOrder.CATEGORY
        self._statuses: frozenset[str] | None = None
        self._severity = SeverityFilter.ANY
        self._words: tuple[str, ...] = ()
        self._clause_ids: frozenset[str] | None = None

    def set_statuses(self, statuses: set[str] | frozenset[str] | None) -> None:
        """Only findings whose effective status is in ``statuses``; None shows all."""
        self.beginFilterChange()
        self._statuses = _optional_set(statuses)
        self._end_change()

    def set_severity(self, severity: SeverityFilter) -> None:
        self.beginFilterChange()
        self._severity = SeverityFilter(severity)
        self._end_change()

    def set_attention_only(self, on: bool) -> None:
        """Only the findings that need attention (see core.attention.needs_attention)."""
        self.beginFilterChange()
        self._attention = on
        self._end_change()

    def attention_only(self) -> bool:
        return self._attention

    def set_pinned(self, clause_id: str | None) -> None:
        """Keep this finding shown while it is current, even once a decision means it no
        longer passes the filters: the row must not vanish from under the reviewer (and Qt
        would make a neighbour current, and the next key press would decide that one)."""
        if clause_id == self._pinned:
            return
        self.beginFilterChange()
        self._pinned = clause_id
        self._end_change()

    def clause_ids(self) -> frozenset[str] | None:
        return self._clause_ids

    def set_order(self, order: SortOrder) -> None:
        self._order = SortOrder(order)
        self.invalidate()
        self.sort(0, Qt.SortOrder.AscendingOrder)

    def order(self) -> SortOrder:
        return self._order

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.sourceModel()
        keys_left = model.data(left.sibling(left.row(), 0), SortKeysRole)
        keys_right = model.data(right.sibling(right.row(), 0), SortKeysRole)
        if not keys_left or not keys_right:  # category rows keep library order
            return left.row() < right.row()
        order = self._order
        return bool(keys_left[order] < keys_right[order])

    def set_text(self, text: str) -> None:
        """Every whitespace-separated word must occur (case-insensitive)."""
        self.beginFilterChange()
        self._words = tuple(text.lower().split())
        self._end_change()

    def set_clause_ids(self, clause_ids: set[str] | frozenset[str] | None) -> None:
        """Only these library clause ids; None shows all."""
        self.beginFilterChange()
        self._clause_ids = _optional_set(clause_ids)
        self._end_change()

    def _end_change(self) -> None:
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtering(self) -> bool:
        return bool(
            self._attention
            or self._statuses is not None
            or self._severity is not SeverityFilter.ANY
            or self._words
            or self._clause_ids is not None
        )

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if model.data(index, IsCategoryRole):
            # Recursive filtering shows a category whenever one of its findings passes.
            return False
        if self._pinned is not None and model.data(index, ClauseIdRole) == self._pinned:
            return self._passes_clause(model.data(index, ClauseIdRole))
        if self._attention and not model.data(index, AttentionRole):
            return False
        if self._statuses is not None and model.data(index, StatusRole) not in self._statuses:
            return False
        if not self._passes_clause(model.data(index, ClauseIdRole)):
            return False
        if self._severity is not SeverityFilter.ANY:
            worst = model.data(index, SeverityRole)
            rank = SEVERITY_RANK.get(worst, 0) if worst else 0
            if rank < _MIN_RANK[self._severity]:
                return False
        if self._words:
            text = str(model.data(index, SearchTextRole))
            return all(word in text for word in self._words)
        return True

    def _passes_clause(self, clause_id: object) -> bool:
        # Clicking a clause in the contract narrows the list even past the pinned row: the
        # panel then makes a finding that cites the clause current.
        return self._clause_ids is None or clause_id in self._clause_ids


def _optional_set(values: set[str] | frozenset[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)
