"""Qt tree model of a review's findings grouped by category, and its filter proxy."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon

from ito_desktop.core.attention import attention_key, issue, needs_attention
from ito_desktop.core.effective import (
    EffectiveStatus,
    accepted_risks,
    effective_counts,
    effective_status,
    highest_severity,
    open_risks,
)
from ito_desktop.core.findings import Finding, Status
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import Decision, FindingReview, ReviewSession
from ito_desktop.ui.common.highlight import STATUS_WORDS, Mark, status_icon

Index = QModelIndex | QPersistentModelIndex
STATUSES = tuple(EffectiveStatus)
# The tree's Status column is narrow; tooltips and accessible names keep the full word.
SHORT_STATUS_WORDS = {**STATUS_WORDS, EffectiveStatus.NOT_APPLICABLE: "N/A"}


class Column(IntEnum):
    STATUS = 0
    CLAUSE = 1
    MATCH = 2
    RISK = 3
    DONE = 4


HEADERS = {
    Column.STATUS: "Status",
    Column.CLAUSE: "Clause",
    Column.MATCH: "Match",
    Column.RISK: "Risk",
    Column.DONE: "Done",
}

# Match strength as bars and a word, never the raw score (Details shows that number).
MATCH_WORDS = {3: "Strong match", 2: "Good match", 1: "Partial match"}
_STRONG_SCORE = 0.9


def match_strength(finding: Finding) -> int:
    """3 strong, 2 good (present), 1 partial (weak), 0 none (missing): the engine's verdict."""
    if finding.status is Status.MISSING:
        return 0
    if finding.status is Status.WEAK:
        return 1
    return 3 if finding.score >= _STRONG_SCORE else 2


class SortOrder(StrEnum):
    """How the list is laid out: grouped by category (library order), or one sorted list."""

    CATEGORY = "category"
    SEVERITY = "severity"  # what needs negotiating most first (as F8 steps)
    STATUS = "status"
    CLAUSE = "clause"  # by title, A to Z


_ROLE = int(Qt.ItemDataRole.UserRole)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_CHECK = int(Qt.ItemDataRole.CheckStateRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
ClauseIdRole = _ROLE + 1  # library clause id (findings) or category key (categories)
StatusRole = _ROLE + 2  # effective status string
SeverityRole = _ROLE + 3  # highest open severity: "high" | "medium" | "low" | ""
SearchTextRole = _ROLE + 4  # lower-case title, evidence, reasons and note
IsCategoryRole = _ROLE + 5
CountsRole = _ROLE + 6  # category rows: "3 present · 1 weak · 1 missing"
DoneRole = _ROLE + 7
EvidenceClausesRole = _ROLE + 8  # frozenset of document clause ids the finding cites
MatchRole = _ROLE + 9  # match strength 0-3 (see match_strength)
AttentionRole = _ROLE + 10  # why it needs attention ("Missing required clause"), "" if not
SortKeysRole = _ROLE + 11  # {SortOrder: key} for the proxy's sorting
MarkersRole = _ROLE + 12  # the reviewer's marks on a finding: Mark.DECIDED, Mark.NOTE
ACCEPTED_WORD = "Accepted"  # the Risk column of a finding whose risks the reviewer accepted

_COLUMN_COUNT = len(Column)
_NO_PARENT = 0  # internalId of category rows; finding rows carry their category row + 1
_FLAT = 0x7FFFFFFF  # internalId of finding rows in the flat (sorted, ungrouped) layout
_STATUS_ORDER: dict[EffectiveStatus, int] = {
    EffectiveStatus.MISSING: 0,
    EffectiveStatus.WEAK: 1,
    EffectiveStatus.PRESENT: 2,
    EffectiveStatus.NOT_APPLICABLE: 3,
}


@dataclass(frozen=True, slots=True)
class _Category:
    key: str
    title: str
    findings: tuple[Finding, ...]


class FindingsModel(QAbstractItemModel):
    """Category rows with their findings beneath, in library order; or, ``set_grouped(False)``,
    every finding as a top-level row (for the sorted layouts).

    Read-only but for the Done check boxes, whose clicks become ``doneRequested``: the
    review controller records (and saves) the tick, then the row is refreshed.
    """

    doneRequested = Signal(str, bool)  # library clause id, done

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._result: ReviewResult | None = None
        self._session: ReviewSession | None = None
        self._categories: list[_Category] = []
        self._where: dict[str, tuple[int, int]] = {}  # clause id -> (category row, row)
        self._grouped = True
        self._flat: list[Finding] = []  # library order
        self._flat_row: dict[str, int] = {}
        self._icons: dict[str, QIcon] = {}
        # Every role of a cell, computed on first use: views ask each cell for a dozen roles
        # on every paint, through the filter proxy (several Python calls per question).
        self._cells: dict[tuple[int, int, int], dict[int, object]] = {}

    # --- content -------------------------------------------------------------------------
    def set_review(self, result: ReviewResult, session: ReviewSession) -> None:
        self.beginResetModel()
        self._result, self._session = result, session
        by_key: dict[str, list[Finding]] = {}
        for finding in result.findings:
            by_key.setdefault(finding.category, []).append(finding)
        titles = dict(result.library.categories)
        for finding in result.findings:  # categories a library does not list still show
            titles.setdefault(finding.category, finding.category_title)
        self._categories = [
            _Category(key, titles[key], tuple(by_key[key])) for key in titles if key in by_key
        ]
        self._where = {
            finding.clause_id: (cat_row, row)
            for cat_row, category in enumerate(self._categories)
            for row, finding in enumerate(category.findings)
        }
        self._flat = [finding for category in self._categories for finding in category.findings]
        self._flat_row = {finding.clause_id: row for row, finding in enumerate(self._flat)}
        self._cells.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._result = self._session = None
        self._categories, self._where = [], {}
        self._flat, self._flat_row = [], {}
        self._cells.clear()
        self.endResetModel()

    def set_grouped(self, grouped: bool) -> None:
        """Category rows with findings beneath (True), or only the findings (False)."""
        if grouped == self._grouped:
            return
        self.beginResetModel()
        self._grouped = grouped
        self._cells.clear()
        self.endResetModel()

    def is_grouped(self) -> bool:
        return self._grouped

    def refresh(self, clause_id: str) -> None:
        """Repaint a finding and its category after the reviewer changed it."""
        where = self._where.get(clause_id)
        if where is None:
            return
        cat_row, row = where
        last = len(Column) - 1
        if not self._grouped:
            flat_row = self._flat_row[clause_id]
            for column in Column:
                self._cells.pop((_FLAT, flat_row, column), None)
            first = self.index(flat_row, 0)
            self.dataChanged.emit(first, first.siblingAtColumn(last))
            return
        for column in Column:
            self._cells.pop((cat_row + 1, row, column), None)
            self._cells.pop((_NO_PARENT, cat_row, column), None)
        finding_first = self.index(row, 0, self.index(cat_row, 0))
        self.dataChanged.emit(finding_first, finding_first.siblingAtColumn(last))
        category_first = self.index(cat_row, 0)
        self.dataChanged.emit(category_first, category_first.siblingAtColumn(last))

    @property
    def result(self) -> ReviewResult | None:
        return self._result

    def finding(self, index: Index) -> Finding | None:
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return None
        if index.internalId() == _FLAT:
            return self._flat[index.row()]
        return self._categories[index.internalId() - 1].findings[index.row()]

    def findings(self) -> list[Finding]:
        """Every finding, in library order."""
        return list(self._flat)

    def index_of(self, clause_id: str, column: int = 0) -> QModelIndex:
        if not self._grouped:
            flat_row = self._flat_row.get(clause_id)
            return QModelIndex() if flat_row is None else self.index(flat_row, column)
        where = self._where.get(clause_id)
        if where is None:
            return QModelIndex()
        return self.index(where[1], column, self.index(where[0], 0))

    def review_item(self, clause_id: str) -> FindingReview | None:
        # items.get, not item(): reading must not add empty entries to the review file
        return self._session.items.get(clause_id) if self._session else None

    def status_of(self, finding: Finding) -> EffectiveStatus:
        return effective_status(finding, self.review_item(finding.clause_id))

    # --- structure -----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Bounds checked here rather than with hasIndex(): the proxy maps every cell it
        # is asked about through this method, and each call back into Python costs.
        if row < 0 or not 0 <= column < _COLUMN_COUNT:
            return QModelIndex()
        if not self._grouped:
            if not parent.isValid() and row < len(self._flat):
                return self.createIndex(row, column, id=_FLAT)
            return QModelIndex()
        if not parent.isValid():
            if row < len(self._categories):
                return self.createIndex(row, column, id=_NO_PARENT)
            return QModelIndex()
        if parent.internalId() != _NO_PARENT or parent.column() != 0:
            return QModelIndex()
        cat_row = parent.row()
        if cat_row < len(self._categories) and row < len(self._categories[cat_row].findings):
            return self.createIndex(row, column, id=cat_row + 1)
        return QModelIndex()

    def parent(self, child: Index | None = None) -> QModelIndex:  # type: ignore[override]
        if child is None:  # QObject.parent(), which this overload shadows
            return QObject.parent(self)  # type: ignore[return-value]
        if not child.isValid() or child.internalId() in (_NO_PARENT, _FLAT):
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, id=_NO_PARENT)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not self._grouped:
            return 0 if parent.isValid() else len(self._flat)
        if not parent.isValid():
            return len(self._categories)
        if parent.internalId() == _NO_PARENT and parent.column() == 0:
            return len(self._categories[parent.row()].findings)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return _COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Column.DONE and index.internalId() != _NO_PARENT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: object, role: int = _CHECK) -> bool:
        """A click on a Done box: ask for the tick (the session changes through the controller)."""
        finding = self.finding(index)
        if finding is None or index.column() != Column.DONE or role != _CHECK:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else value
        self.doneRequested.emit(finding.clause_id, state == Qt.CheckState.Checked.value)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.MATCH:
            return "How closely the contract's wording matches the library clause"
        return None

    # --- data ----------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        key = (index.internalId(), index.row(), index.column())
        roles = self._cells.get(key)
        if roles is None:
            roles = self._cells[key] = self._roles(*key)
        return roles.get(int(role))

    def _roles(self, parent_id: int, row: int, column: int) -> dict[int, object]:
        if parent_id == _NO_PARENT:
            return self._category_roles(self._categories[row], column)
        if parent_id == _FLAT:
            finding = self._flat[row]
        else:
            finding = self._categories[parent_id - 1].findings[row]
        return self._finding_roles(finding, Column(column))

    def _category_roles(self, category: _Category, column: int) -> dict[int, object]:
        counts = self._counts(category)
        roles: dict[int, object] = {IsCategoryRole: True, ClauseIdRole: category.key}
        roles[CountsRole] = counts
        if column == Column.STATUS:
            font = QFont()
            font.setBold(True)
            roles[_DISPLAY] = f"{category.title}  ·  {counts}"
            roles[_TOOLTIP] = roles[_ACCESSIBLE] = f"{category.title}: {counts}"
            roles[_FONT] = font
        return roles

    def _counts(self, category: _Category) -> str:
        tally = effective_counts(category.findings, self._session.items if self._session else None)
        words: dict[EffectiveStatus, str] = {EffectiveStatus.NOT_APPLICABLE: "n/a"}
        return " · ".join(
            f"{n} {words.get(status, status.value)}"
            for status in STATUSES
            if (n := tally.of(status))
        )

    def _finding_roles(self, finding: Finding, column: Column) -> dict[int, object]:
        item = self.review_item(finding.clause_id)
        status = effective_status(finding, item)
        worst = highest_severity(open_risks(finding, item))
        done = bool(item and item.done)
        attention = needs_attention(finding, item)
        accepted = highest_severity(accepted_risks(finding, item))
        roles: dict[int, object] = {
            ClauseIdRole: finding.clause_id,
            StatusRole: status,
            SeverityRole: worst.value if worst else "",
            IsCategoryRole: False,
            DoneRole: done,
            SearchTextRole: _search_text(finding, item),
            EvidenceClausesRole: frozenset(e.clause_id for e in finding.evidence),
            AttentionRole: attention.text if attention is not None else "",
            SortKeysRole: self._sort_keys(finding, status),
            MarkersRole: _markers(item),
            _TOOLTIP: _tooltip(finding, status, attention.text if attention else "", item),
        }
        if column is Column.STATUS:
            roles[_ACCESSIBLE] = STATUS_WORDS[status]
        elif column is Column.CLAUSE:
            roles[_ACCESSIBLE] = _clause_accessible(finding, item)
        elif column is Column.DONE:
            roles[_CHECK] = Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
            roles[_ACCESSIBLE] = "Done" if done else "Not done"
        elif column is Column.MATCH:
            strength = match_strength(finding)
            roles[MatchRole] = strength
            roles[_ACCESSIBLE] = MATCH_WORDS.get(strength, "No match")
            roles[_TOOLTIP] = MATCH_WORDS.get(strength, "No matching clause found")
        elif column is Column.RISK and worst is not None:
            roles[_ACCESSIBLE] = f"{worst.label} risk" if worst.is_risk else "To check"
        elif column is Column.RISK and accepted is not None:
            roles[_ACCESSIBLE] = f"Risk accepted (was {accepted.value})"
        display = self._display(finding, item, column)
        if display is not None:
            roles[_DISPLAY] = display
        decoration = self._decoration(finding, item, column)
        if decoration is not None:
            roles[_DECORATION] = decoration
        return roles

    def _display(self, finding: Finding, item: FindingReview | None, column: Column) -> object:
        if column is Column.STATUS:
            return SHORT_STATUS_WORDS[effective_status(finding, item)]
        if column is Column.CLAUSE:
            return finding.title
        if column is Column.RISK:
            worst = highest_severity(open_risks(finding, item))
            if worst is None and accepted_risks(finding, item):
                return ACCEPTED_WORD
            return worst.label if worst else ""
        return None

    def _decoration(self, finding: Finding, item: FindingReview | None, column: Column) -> object:
        if column is Column.STATUS:
            return self._icon(effective_status(finding, item))
        if column is Column.RISK and open_risks(finding, item):
            return self._icon(Mark.RISK)
        if column is Column.RISK and accepted_risks(finding, item):
            return self._icon(Mark.ACCEPTED)
        return None

    def _icon(self, status: str) -> QIcon:
        icon = self._icons.get(status)
        if icon is None:
            icon = self._icons[status] = status_icon(status)
        return icon

    def _sort_keys(self, finding: Finding, status: str) -> dict[SortOrder, tuple[object, ...]]:
        """Keys of the sorted layouts. Severity and status use the engine's verdict, so a row
        does not jump while the reviewer decides it; library order breaks ties."""
        position = self._flat_row.get(finding.clause_id, 0)
        by_issue = attention_key(finding, issue(finding), position)
        return {
            SortOrder.CATEGORY: (position,),
            SortOrder.SEVERITY: by_issue,
            SortOrder.STATUS: (_STATUS_ORDER[finding.status.effective], *by_issue),
            SortOrder.CLAUSE: (finding.title.casefold(), position),
        }


def _search_text(finding: Finding, item: FindingReview | None) -> str:
    parts = [finding.title, *(e.text for e in finding.evidence), *finding.reason_texts]
    if item is not None and item.note:
        parts.append(item.note)
    return "\n".join(parts).lower()


def _markers(item: FindingReview | None) -> tuple[str, ...]:
    """The reviewer's marks the list shows beside the clause: a decision, a note."""
    if item is None:
        return ()
    marks = (Mark.DECIDED,) if item.decision is not None else ()
    return (*marks, Mark.NOTE) if item.note.strip() else marks


def _review_lines(finding: Finding, item: FindingReview | None) -> list[str]:
    """The reviewer's work on a finding in words (tooltips and accessible names)."""
    if item is None:
        return []
    lines: list[str] = []
    if item.decision is Decision.RISK_ACCEPTED:
        lines.append(f"Your decision: {item.decision.label.lower()}")
    elif item.decision is not None:
        tool = finding.status.label
        lines.append(f"Your decision: {item.decision.label} (the tool said {tool})")
    note = " ".join(item.note.split())
    if note:
        lines.append(f"Your note: {note[:200]}{'…' if len(note) > 200 else ''}")
    return lines


def _clause_accessible(finding: Finding, item: FindingReview | None) -> str:
    return "; ".join([finding.title, *_review_lines(finding, item)])


def _tooltip(
    finding: Finding, status: str, attention: str = "", item: FindingReview | None = None
) -> str:
    # The engine's reasons quote scores and thresholds; those stay in Details (issue 11 #16).
    lines = [f"{finding.title} — {STATUS_WORDS[status]}", *_review_lines(finding, item)]
    if attention:
        lines.append(f"Needs attention: {attention}")
    return "\n".join(lines)
