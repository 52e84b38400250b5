"""Qt tree model of a review's findings grouped by category, and its filter proxy."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon

from ito_desktop.core.effective import (
    SEVERITY_RANK,
    effective_status,
    highest_severity,
    open_risks,
)
from ito_desktop.core.findings import Finding
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import FindingReview, ReviewSession
from ito_desktop.ui.highlight import STATUS_WORDS, status_icon

Index = QModelIndex | QPersistentModelIndex
STATUSES = ("present", "weak", "missing", "not_applicable")
SEVERITY_WORDS = {"high": "High", "medium": "Medium", "low": "Low", "check": "Check"}
# The tree's Status column is narrow; tooltips and accessible names keep the full word.
SHORT_STATUS_WORDS = {**STATUS_WORDS, "not_applicable": "N/A"}


class Column(IntEnum):
    STATUS = 0
    CLAUSE = 1
    SCORE = 2
    RISK = 3
    DONE = 4


HEADERS = {
    Column.STATUS: "Status",
    Column.CLAUSE: "Clause",
    Column.SCORE: "Score",
    Column.RISK: "Risk",
    Column.DONE: "Done",
}

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

_COLUMN_COUNT = len(Column)
_NO_PARENT = 0  # internalId of category rows; finding rows carry their category row + 1


@dataclass(frozen=True, slots=True)
class _Category:
    key: str
    title: str
    findings: tuple[Finding, ...]


class FindingsModel(QAbstractItemModel):
    """Category rows with their findings beneath, in library order.

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
        self._cells.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._result = self._session = None
        self._categories, self._where = [], {}
        self._cells.clear()
        self.endResetModel()

    def refresh(self, clause_id: str) -> None:
        """Repaint a finding and its category after the reviewer changed it."""
        where = self._where.get(clause_id)
        if where is None:
            return
        cat_row, row = where
        for column in Column:
            self._cells.pop((cat_row + 1, row, column), None)
            self._cells.pop((_NO_PARENT, cat_row, column), None)
        last = len(Column) - 1
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
        return self._categories[index.internalId() - 1].findings[index.row()]

    def index_of(self, clause_id: str, column: int = 0) -> QModelIndex:
        where = self._where.get(clause_id)
        if where is None:
            return QModelIndex()
        return self.index(where[1], column, self.index(where[0], 0))

    def review_item(self, clause_id: str) -> FindingReview | None:
        # items.get, not item(): reading must not add empty entries to the review file
        return self._session.items.get(clause_id) if self._session else None

    def status_of(self, finding: Finding) -> str:
        return effective_status(finding, self.review_item(finding.clause_id))

    # --- structure -----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Bounds checked here rather than with hasIndex(): the proxy maps every cell it
        # is asked about through this method, and each call back into Python costs.
        if row < 0 or not 0 <= column < _COLUMN_COUNT:
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
        if not child.isValid() or child.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, id=_NO_PARENT)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
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
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
        counts = dict.fromkeys(STATUSES, 0)
        for finding in category.findings:
            counts[self.status_of(finding)] += 1
        words = {"not_applicable": "n/a"}
        return " · ".join(f"{n} {words.get(status, status)}" for status, n in counts.items() if n)

    def _finding_roles(self, finding: Finding, column: Column) -> dict[int, object]:
        item = self.review_item(finding.clause_id)
        status = effective_status(finding, item)
        worst = highest_severity(open_risks(finding, item))
        done = bool(item and item.done)
        roles: dict[int, object] = {
            ClauseIdRole: finding.clause_id,
            StatusRole: status,
            SeverityRole: worst.value if worst else "",
            IsCategoryRole: False,
            DoneRole: done,
            SearchTextRole: _search_text(finding, item),
            EvidenceClausesRole: frozenset(e.clause_id for e in finding.evidence),
            _TOOLTIP: _tooltip(finding, status),
        }
        if column is Column.STATUS:
            roles[_ACCESSIBLE] = STATUS_WORDS[status]
        elif column is Column.DONE:
            roles[_CHECK] = Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
            roles[_ACCESSIBLE] = "Done" if done else "Not done"
        elif column is Column.SCORE:
            roles[_ALIGN] = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif column is Column.RISK and worst is not None:
            roles[_ACCESSIBLE] = (
                "To check" if worst.value == "check" else f"{SEVERITY_WORDS[worst.value]} risk"
            )
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
        if column is Column.SCORE:
            return f"{finding.score:.2f}"
        if column is Column.RISK:
            worst = highest_severity(open_risks(finding, item))
            return SEVERITY_WORDS[worst.value] if worst else ""
        return None

    def _decoration(self, finding: Finding, item: FindingReview | None, column: Column) -> object:
        if column is Column.STATUS:
            return self._icon(effective_status(finding, item))
        if column is Column.RISK and open_risks(finding, item):
            return self._icon("risk")
        return None

    def _icon(self, status: str) -> QIcon:
        icon = self._icons.get(status)
        if icon is None:
            icon = self._icons[status] = status_icon(status)
        return icon


def _search_text(finding: Finding, item: FindingReview | None) -> str:
    parts = [finding.title, *(e.text for e in finding.evidence), *finding.reasons]
    if item is not None and item.note:
        parts.append(item.note)
    return "\n".join(parts).lower()


def _tooltip(finding: Finding, status: str) -> str:
    reason = finding.reasons[0] if finding.reasons else ""
    return f"{finding.title} — {STATUS_WORDS[status]}\n{reason}".strip()


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


class FindingsFilterModel(QSortFilterProxyModel):
    """Shows the findings that pass every active filter; categories follow their findings."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setRecursiveFilteringEnabled(True)
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
            self._statuses is not None
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
        if self._statuses is not None and model.data(index, StatusRole) not in self._statuses:
            return False
        if self._clause_ids is not None and model.data(index, ClauseIdRole) not in self._clause_ids:
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


def _optional_set(values: set[str] | frozenset[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)
