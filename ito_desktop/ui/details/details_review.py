"""The reviewer's controls in the details panel: decision, note (debounced) and done tick."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.session import Decision, FindingReview
from ito_desktop.ui.details.details_widgets import heading

NOTE_DELAY_MS = 500
NOTE_LINES = 3  # the note box's fixed height, in lines: typing never moves what is below

# (label, decision); None means the reviewer agrees with the tool
DECISION_CHOICES: tuple[tuple[str, Decision | None], ...] = (
    ("Agree with tool", None),
    *((decision.label, decision) for decision in Decision),
)


class ReviewControlsView(QWidget):
    """Emits the reviewer's changes for the finding it shows; programmatic updates stay silent.

    It sits at the top of Details with a fixed height: deciding, typing a note or ticking done
    never moves these controls, nor what is above them.
    """

    decisionChanged = Signal(str, object)  # clause id, Decision | None
    noteChanged = Signal(str, str)
    doneChanged = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clause_id: str | None = None
        self._note_sent = ""
        self.group = QButtonGroup(self)
        self.radios: dict[Decision | None, QRadioButton] = {}
        self.grid = grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        for number, (label, decision) in enumerate(DECISION_CHOICES):
            radio = QRadioButton(label)
            radio.setToolTip(
                "Keep the tool's status" if decision is None else "Overrides the tool's status"
            )
            self.radios[decision] = radio
            self.group.addButton(radio, number)
        self._columns = 0
        self._arrange_radios(3)
        self.group.idClicked.connect(self._decision_clicked)

        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Add a note for this clause (saved automatically)…")
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.set_note_lines(NOTE_LINES)
        self.note.textChanged.connect(self._note_edited)
        self.note.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTE_DELAY_MS)
        self._timer.timeout.connect(self.flush_note)

        self.done = QCheckBox("Done (Ctrl+D)")
        self.done.setToolTip("I have reviewed this finding")
        self.done.setAccessibleName("Done: I have reviewed this finding")
        self.done.toggled.connect(self._done_toggled)

        title = heading("Your review")
        title.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.note)

    def set_note_lines(self, lines: int) -> None:
        """The note box's fixed height, in lines of text (fewer on a short screen)."""
        margins = self.note.contentsMargins()
        frame = 2 * int(self.note.document().documentMargin()) + margins.top() + margins.bottom()
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * lines + frame + 2)

    def _arrange_radios(self, columns: int) -> None:
        """The decisions in one row when the panel is wide enough, else in rows of three."""
        if columns == self._columns:
            return
        self._columns = columns
        for radio in self.radios.values():
            self.grid.removeWidget(radio)
        for number, radio in enumerate(self.radios.values()):
            self.grid.addWidget(radio, number // columns, number % columns)
        for column in range(len(self.radios) + 1):
            self.grid.setColumnStretch(column, 1 if column == columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        spacing = self.grid.horizontalSpacing()
        one_row = sum(radio.sizeHint().width() + spacing for radio in self.radios.values())
        self._arrange_radios(len(self.radios) if event.size().width() >= one_row else 3)

    def show_item(self, clause_id: str, item: FindingReview | None) -> None:
        """Show the review of ``clause_id`` without emitting anything."""
        same = clause_id == self._clause_id
        if not same:
            self.flush_note()
        self._clause_id = clause_id
        decision = item.decision if item else None
        note = item.note if item else ""
        with _Silenced(self.group, self.done, self.note):
            self.radios[decision].setChecked(True)
            self.done.setChecked(bool(item and item.done))
            # Re-showing the same finding (after a refresh) must not reset text being typed.
            if not same or (note != self._note_sent and not self._timer.isActive()):
                self.note.setPlainText(note)
                self._note_sent = note
        self.setEnabled(True)

    def clear(self) -> None:
        self.flush_note()
        self._clause_id = None
        self._note_sent = ""
        with _Silenced(self.group, self.done, self.note):
            self.radios[None].setChecked(True)
            self.done.setChecked(False)
            self.note.setPlainText("")
        self.setEnabled(False)

    def flush_note(self) -> None:
        """Emit a pending note now (on focus-out, on switching findings, on a timer)."""
        self._timer.stop()
        text = self.note.toPlainText()
        if self._clause_id is not None and text != self._note_sent:
            self._note_sent = text
            self.noteChanged.emit(self._clause_id, text)

    def _note_edited(self) -> None:
        if self._clause_id is not None:
            self._timer.start()

    def _decision_clicked(self, number: int) -> None:
        if self._clause_id is not None:
            self.decisionChanged.emit(self._clause_id, DECISION_CHOICES[number][1])

    def _done_toggled(self, checked: bool) -> None:
        if self._clause_id is not None:
            self.doneChanged.emit(self._clause_id, checked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self.flush_note()
        return super().eventFilter(watched, event)


class _Silenced:
    """Blocks the signals of some objects for the duration of a ``with`` block."""

    def __init__(self, *objects: QObject) -> None:
        self._objects = objects
        self._was: list[bool] = []

    def __enter__(self) -> None:
        self._was = [obj.blockSignals(True) for obj in self._objects]

    def __exit__(self, *_: object) -> None:
        for obj, was in zip(self._objects, self._was, strict=True):
            obj.blockSignals(was)
