"""The findings dock: summary header, filters and the findings tree with keyboard navigation."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.attention import attention_list, step_attention
from ito_desktop.core.effective import EffectiveStatus
from ito_desktop.core.plural import count as plural
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.ui.findings.findings_delegate import COMPACT_EXTRA_HEIGHT, FindingsDelegate
from ito_desktop.ui.findings.findings_filter import (
    NEEDS_ATTENTION,
    SEVERITY_CHOICES,
    SORT_CHOICES,
    STATUS_CHOICES,
    FindingsFilterModel,
    filter_words,
)
from ito_desktop.ui.findings.findings_model import (
    ACCEPTED_WORD,
    ClauseIdRole,
    Column,
    DoneRole,
    FindingsModel,
    IsCategoryRole,
    SortOrder,
)
from ito_desktop.ui.findings.findings_summary import FindingsSummaryView, Tally

_T = TypeVar("_T")
NEXT_KEYS = "Alt+Down"
PREVIOUS_KEYS = "Alt+Up"


class FindingsPanel(QWidget):
    """Every library clause as a finding, grouped by category, filterable and navigable.

    The tree's current row is *the* selected finding of the window: Details shows it and the
    reviewer's decisions apply to it. Whenever it changes (a click, the keyboard, or a filter
    that hides it) ``currentFindingChanged`` says so, with None when no finding is current.
    """

    findingActivated = Signal(str)  # library clause id (click / Enter / next / previous)
    currentFindingChanged = Signal(object)  # library clause id, or None
    doneToggled = Signal(str, bool)  # a Done box in the list was clicked: clause id, done

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self._result: ReviewResult | None = None
        self._session: ReviewSession | None = None
        self._current: str | None = None  # the clause id last announced as current
        self._holding = 0  # > 0 while a filter or reset moves rows: announce once, after
        self._clause_name = ""  # the document clause the list is narrowed to (banner)
        self._sorted_for_attention = False  # Needs attention switched the sort to severity
        self.model = FindingsModel(self)
        self.proxy = FindingsFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.model.doneRequested.connect(self.doneToggled)

        self.summary = FindingsSummaryView()
        self.summary.statusClicked.connect(self._toggle_status)
        self.summary.attentionClicked.connect(self.toggle_attention)
        self._shown_path: object = None  # the contract on show: another one resets the filters

        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Filter by status")
        for label, _ in STATUS_CHOICES:
            self.status_combo.addItem(label)
        self.status_combo.currentIndexChanged.connect(self._status_chosen)
        self.severity_combo = QComboBox()
        self.severity_combo.setAccessibleName("Filter by risk")
        for label, _ in SEVERITY_CHOICES:
            self.severity_combo.addItem(label)
        self.severity_combo.currentIndexChanged.connect(self._severity_chosen)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter findings…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter findings by text")
        self.search.textChanged.connect(lambda text: self._refilter(self.proxy.set_text, text))
        self.search.textChanged.connect(self._update_placeholder)
        self.sort_combo = QComboBox()
        self.sort_combo.setAccessibleName("Sort findings")
        self.sort_combo.setToolTip(
            "Group by category, or one list sorted by severity, status or clause"
        )
        for label, _ in SORT_CHOICES:
            self.sort_combo.addItem(label)
        self.sort_combo.currentIndexChanged.connect(self._sort_chosen)

        self.banner = QFrame()
        self.banner.setObjectName("clauseBanner")
        self.banner.setStyleSheet(
            "QFrame#clauseBanner { background: palette(alternate-base);"
            " border: 1px solid palette(mid); border-radius: 4px; }"
            " QFrame#clauseBanner QLabel { border: none; background: transparent; }"
        )
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.show_all_button = QPushButton("Show all")
        self.show_all_button.setAutoDefault(False)
        self.show_all_button.setToolTip("Clear every filter")
        self.show_all_button.clicked.connect(self.reset_filters)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 4, 4)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.show_all_button)
        self.banner.hide()

        self.tree = self._make_tree()
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)  # the palette's muted text colour
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.placeholder)

        # One row for the filters and the text: every line here is a row less of the tree.
        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.status_combo, 2)
        filters.addWidget(self.severity_combo, 2)
        filters.addWidget(self.sort_combo, 2)
        filters.addWidget(self.search, 3)
        for combo in (self.status_combo, self.severity_combo, self.sort_combo):
            combo.setMinimumContentsLength(6)  # narrow docks elide the choice, not the search
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.summary)
        layout.addWidget(_rule())
        layout.addLayout(filters)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        for keys, slot in ((NEXT_KEYS, self.select_next), (PREVIOUS_KEYS, self.select_previous)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._rows_changed)
        self._update_placeholder()

    def _make_tree(self) -> QTreeView:
        tree = QTreeView()
        tree.setModel(self.proxy)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setIndentation(14)
        tree.setAllColumnsShowFocus(True)
        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        tree.setAccessibleName("Findings")
        tree.setItemDelegate(FindingsDelegate(tree))
        header = tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(36)
        header.setSectionResizeMode(Column.CLAUSE, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the widest text each column can hold, so filtering never jumps.
        metrics = tree.fontMetrics()
        icon_room = 16 + 26  # icon, its spacing and the style's text margins
        widest = EffectiveStatus.MISSING.label  # of the column's words (not applicable is "N/A")
        widths = {
            Column.STATUS: metrics.horizontalAdvance(widest) + icon_room + tree.indentation(),
            Column.MATCH: metrics.horizontalAdvance("Match") + 16,
            Column.RISK: metrics.horizontalAdvance(ACCEPTED_WORD) + icon_room - 12,
            Column.DONE: metrics.horizontalAdvance("Done") + 12,
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        tree.clicked.connect(self._activate)
        tree.installEventFilter(self)
        selection = tree.selectionModel()
        selection.currentChanged.connect(lambda *_: self._announce_current())
        return tree

    # --- public API ------------------------------------------------------------------------
    def height_for_rows(self, rows: int) -> int:
        """The height at which the tree shows ``rows`` rows below its header and the filters."""
        layout = self.layout()
        assert layout is not None
        chrome = layout.sizeHint().height() - self.stack.sizeHint().height()
        header = self.tree.header().sizeHint().height()
        frame = 2 * self.tree.frameWidth()
        return chrome + header + frame + rows * FindingsDelegate.row_height(self.tree)

    def set_compact(self, compact: bool) -> None:
        """Denser rows and one-line count tiles for a short window (a 1366x768 laptop)."""
        delegate = self.tree.itemDelegate()
        extra = COMPACT_EXTRA_HEIGHT if compact else FindingsDelegate(None).extra_height
        if isinstance(delegate, FindingsDelegate) and delegate.extra_height != extra:
            delegate.extra_height = extra
            self.summary.set_compact(compact)
            # Uniform row heights are measured once: make the tree measure them again.
            self.tree.setUniformRowHeights(False)
            self.tree.setUniformRowHeights(True)
            self.tree.doItemsLayout()

    def visible_rows(self) -> float:
        """How many rows of the tree fit in its viewport now."""
        return self.tree.viewport().height() / FindingsDelegate.row_height(self.tree)

    def set_review(self, result: ReviewResult, session: ReviewSession) -> None:
        """Show a review's findings, keeping the current finding if it is still there.

        Another contract than the one shown before starts with every finding shown: a filter
        chosen for one contract must not silently hide the next one's findings.
        """
        keep = self._current
        self._result, self._session = result, session
        with self._held():
            self.proxy.set_clause_ids(None)
            if result.document.path != self._shown_path:
                self._shown_path = result.document.path
                self.reset_filters()
            self.model.set_review(result, session)
            if keep is not None:
                self.select_finding(keep)
        self.summary.set_tally(Tally.of(result, session))
        self._update_placeholder()

    def clear(self) -> None:
        self._result = self._session = None
        with self._held():
            self.proxy.set_clause_ids(None)
            self.model.clear()
        self.summary.clear()
        self._update_placeholder()

    def refresh(self, clause_id: str) -> None:
        """Repaint a finding and the header after a decision, note or done change."""
        self.model.refresh(clause_id)
        if self._result is not None and self._session is not None:
            self.summary.set_tally(Tally.of(self._result, self._session))
        self._update_placeholder()

    def select_finding(self, clause_id: str | None) -> bool:
        """Make a finding current and scroll to it, without emitting findingActivated.

        Returns False, and leaves no finding current, when the filters hide it (or for None).
        """
        index = QModelIndex()
        if clause_id is not None:
            index = self.proxy.mapFromSource(self.model.index_of(clause_id))
        if not index.isValid():
            self.tree.setCurrentIndex(QModelIndex())
            self.tree.clearSelection()
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def reveal_finding(self, clause_id: str) -> bool:
        """Select a finding, first dropping the filters that hide it (the list says so)."""
        if self.select_finding(clause_id):
            return True
        if self.model.index_of(clause_id).isValid():
            with self._held():
                self.show_only_clause(None)
                if not self.select_finding(clause_id):
                    self.reset_filters()
        return self.select_finding(clause_id)

    def reset_filters(self) -> None:
        """Every finding shown: no status, risk, text or clause filter."""
        with self._held():
            self.status_combo.setCurrentIndex(0)
            self.severity_combo.setCurrentIndex(0)
            self.search.clear()
            self.show_only_clause(None)
        self._update_placeholder()

    def toggle_attention(self) -> None:
        """Show only the findings that need attention, or every finding again."""
        index = self.status_combo.findText(NEEDS_ATTENTION)
        self.status_combo.setCurrentIndex(0 if self.status_combo.currentIndex() == index else index)

    def select_next_issue(self) -> bool:
        return self._step_issue(+1)

    def select_previous_issue(self) -> bool:
        return self._step_issue(-1)

    def _step_issue(self, delta: int) -> bool:
        """Select the next (previous) finding that needs attention, most severe first, as the
        Needs attention view lists them, whatever the filters show. False when none does."""
        if self._result is None:
            return False
        target = step_attention(
            self.model.findings(), self._session, self.current_clause_id(), delta
        )
        if target is None:
            return False
        if self.reveal_finding(target.clause_id):
            self.findingActivated.emit(target.clause_id)
        return True

    def current_clause_id(self) -> str | None:
        """The selected finding (the tree's current row), or None."""
        index = self.tree.currentIndex()
        if not index.isValid() or index.data(IsCategoryRole):
            return None
        return str(index.data(ClauseIdRole))

    def select_next(self) -> None:
        self._step(+1)

    def select_previous(self) -> None:
        self._step(-1)

    def show_only_clause(self, document_clause_id: str | None) -> None:
        """Show only the findings whose evidence or risks lie in a document clause.

        The current finding stays if it cites the clause; otherwise the first finding that
        does becomes current (none when no finding cites it).
        """
        if document_clause_id is None or self._result is None:
            self._refilter(self.proxy.set_clause_ids, None)
            self._update_placeholder()
            return
        document = self._result.document
        clause = next((c for c in document.clauses if c.id == document_clause_id), None)
        ids = set()
        for finding in self._result.findings:
            offsets = [e.start for e in finding.evidence]
            offsets += [r.start for r in finding.risks if r.start is not None]
            cited = any(e.clause_id == document_clause_id for e in finding.evidence)
            inside = clause is not None and any(clause.start <= o < clause.end for o in offsets)
            if cited or inside:
                ids.add(finding.clause_id)
        self._refilter(self.proxy.set_clause_ids, ids, first_if_hidden=True)
        name = (clause.reference or clause.label) if clause else document_clause_id
        self._clause_name = str(name)
        self._update_placeholder()

    # --- internals ---------------------------------------------------------------------------
    def finding_indexes(self) -> list[QModelIndex]:
        """Visible finding rows, top to bottom."""
        if not self.model.is_grouped():
            return [self.proxy.index(r, 0) for r in range(self.proxy.rowCount())]
        rows = []
        for cat_row in range(self.proxy.rowCount()):
            category = self.proxy.index(cat_row, 0)
            rows += [self.proxy.index(r, 0, category) for r in range(self.proxy.rowCount(category))]
        return rows

    def _refilter(
        self, apply: Callable[[_T], None], value: _T, *, first_if_hidden: bool = False
    ) -> None:
        """Change a filter; the current finding stays current if it is still shown.

        Qt moves the current row to a neighbour when the filter removes it, which would make
        an unrelated finding (or a category) current behind the reviewer's back; instead no
        finding is current then, or, with ``first_if_hidden``, the first finding shown.
        """
        keep = self.current_clause_id()
        with self._held():
            self.proxy.set_pinned(None)  # a filter the reviewer chose applies to every row
            apply(value)
            if not self.select_finding(keep) and first_if_hidden:
                rows = self.finding_indexes()
                if rows:
                    self.select_finding(str(rows[0].data(ClauseIdRole)))

    @contextmanager
    def _held(self) -> Iterator[None]:
        """Hold back currentFindingChanged while rows move; announce the outcome once, after."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            self._announce_current()

    def _announce_current(self) -> None:
        if self._holding:
            return
        current = self.current_clause_id()
        self._holding += 1  # the row left behind may go now; the current one stays
        try:
            self.proxy.set_pinned(current)
        finally:
            self._holding -= 1
        if current != self._current:
            self._current = current
            self.currentFindingChanged.emit(current)

    def _step(self, delta: int) -> None:
        rows = self.finding_indexes()
        if not rows:
            return
        current = self.tree.currentIndex().siblingAtColumn(0)
        if current in rows:
            target = rows[(rows.index(current) + delta) % len(rows)]
        elif current.isValid() and current.data(IsCategoryRole):
            # From a category row: its first finding going down, the one before it going up.
            after = [r for r in rows if r.parent().row() >= current.row()]
            if delta > 0:
                target = after[0] if after else rows[0]
            else:
                before = [r for r in rows if r.parent().row() < current.row()]
                target = before[-1] if before else rows[-1]
        else:
            target = rows[0] if delta > 0 else rows[-1]
        self.tree.setCurrentIndex(target)
        self.tree.scrollTo(target)
        self._activate(target)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid() and not index.data(IsCategoryRole):
            self.findingActivated.emit(str(index.data(ClauseIdRole)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            index = self.tree.currentIndex()
            if index.isValid() and index.data(IsCategoryRole):
                self.tree.setExpanded(index, not self.tree.isExpanded(index))
            else:
                self._activate(index)
            return True
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            current = self.current_clause_id()
            if current is not None:  # Space ticks the row's Done box, as a click on it does
                done = bool(self.tree.currentIndex().data(DoneRole))
                self.doneToggled.emit(current, not done)
            return True
        return super().eventFilter(watched, event)

    def _toggle_status(self, status: str) -> None:
        current = STATUS_CHOICES[self.status_combo.currentIndex()][1]
        wanted = None if current == frozenset({status}) else frozenset({status})
        index = next(i for i, (_, s) in enumerate(STATUS_CHOICES) if s == wanted)
        self.status_combo.setCurrentIndex(index)

    def _status_chosen(self, index: int) -> None:
        label, statuses = STATUS_CHOICES[index]
        attention = label == NEEDS_ATTENTION
        with self._held():
            self._refilter(self.proxy.set_statuses, statuses)
            self._refilter(self.proxy.set_attention_only, attention)
            if attention and self.proxy.order() is SortOrder.CATEGORY:
                # Issues first: the view lists them most severe first, as F8 steps.
                self.sort_combo.setCurrentIndex(self._sort_index(SortOrder.SEVERITY))
                self._sorted_for_attention = True
            elif not attention and self._sorted_for_attention:
                # Leaving the view undoes the sort it chose (not one the reviewer chose).
                if self.proxy.order() is SortOrder.SEVERITY:
                    self.sort_combo.setCurrentIndex(self._sort_index(SortOrder.CATEGORY))
                self._sorted_for_attention = False
        self.summary.set_checked_statuses(statuses)
        self.summary.set_attention_checked(attention)
        self._update_placeholder()

    @staticmethod
    def _sort_index(order: SortOrder) -> int:
        return next(i for i, (_, o) in enumerate(SORT_CHOICES) if o is order)

    def _sort_chosen(self, index: int) -> None:
        order = SORT_CHOICES[index][1]
        keep = self.current_clause_id()
        with self._held():
            self.model.set_grouped(order is SortOrder.CATEGORY)
            self.proxy.set_order(order)
            self.select_finding(keep)
        self._update_placeholder()

    def _severity_chosen(self, index: int) -> None:
        self._refilter(self.proxy.set_severity, SEVERITY_CHOICES[index][1])
        self._update_placeholder()

    def _rows_changed(self, *_: object) -> None:
        self._update_banner()  # e.g. a decided row left the Needs attention view
        # Rows the proxy (re)inserts come back collapsed and unspanned.
        if not self.model.is_grouped():
            return  # finding rows only: no category titles to span
        root = QModelIndex()
        for row in range(self.proxy.rowCount()):
            self.tree.setFirstColumnSpanned(row, root, True)
        self.tree.expandAll()

    def _update_placeholder(self) -> None:
        if self._result is None:
            self.placeholder.setText("Open a contract to see its findings here.")
        elif self.proxy.rowCount() == 0 and self.proxy.attention_only():
            self.placeholder.setText(
                "Nothing needs attention: every missing, weak or risky finding has a decision "
                "or is ticked done."
            )
        elif self.proxy.rowCount() == 0:
            self.placeholder.setText("No findings match the filter.")
        self.stack.setCurrentWidget(
            self.tree if self._result is not None and self.proxy.rowCount() else self.placeholder
        )
        self._update_banner()
        if self._result is not None and self._session is not None:
            self.summary.set_attention_count(
                len(attention_list(self._result.findings, self._session))
            )

    def active_filters(self) -> list[str]:
        """The filters in force, in words ("needing attention", "with risks", "“escrow”")."""
        return filter_words(
            self.status_combo.currentText(),
            SEVERITY_CHOICES[self.severity_combo.currentIndex()][1],
            self.search.text(),
            self.banner_clause(),
        )

    def banner_clause(self) -> str | None:
        return self._clause_name if self.proxy.clause_ids() is not None else None

    def _update_banner(self) -> None:
        """Say plainly, above the list, what the filters hide (nothing when none is on)."""
        words = self.active_filters() if self._result is not None else []
        if not words:
            self.banner.hide()
            return
        shown = len(self.finding_indexes())
        total = len(self._result.findings) if self._result is not None else 0
        if shown:
            text = f"Showing {shown} of {plural(total, 'finding')}: {', '.join(words)}"
        elif self.banner_clause() is not None and len(words) == 1:
            text = f"No findings cite clause <b>{html.escape(self._clause_name)}</b>"
        else:
            text = f"No findings {', '.join(words)}"
        self.banner_label.setText(text)
        self.banner.show()


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
