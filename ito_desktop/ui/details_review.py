"""The reviewer's controls in the details panel: decision, note (debounced) and done tick."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.session import Decision, FindingReview
from ito_desktop.ui.details_widgets import heading, muted_label

NOTE_DELAY_MS = 500

# (label, decision); None means the reviewer agrees with the tool
DECISION_CHOICES: tuple[tuple[str, Decision | None], ...] = (
    ("Agree with tool", None),
    ("Present", Decision.PRESENT),
    ("Missing", Decision.MISSING),
    ("Not applicable", Decision.NOT_APPLICABLE),
    ("Risk accepted", Decision.RISK_ACCEPTED),
)


class ReviewControlsView(QWidget):
    """Emits the reviewer's changes for the finding it shows; programmatic updates stay silent."""

    decisionChanged = Signal(str, object)  # clause id, Decision | None
    noteChanged = Signal(str, str)
    doneChanged = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clause_id: str | None = None
        self._note_sent = ""
        self.group = QButtonGroup(self)
        self.radios: dict[Decision | None, QRadioButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        for number, (label, decision) in enumerate(DECISION_CHOICES):
            radio = QRadioButton(label)
            self.radios[decision] = radio
            self.group.addButton(radio, number)
            grid.addWidget(radio, number // 3, number % 3)
        grid.setColumnStretch(3, 1)
        self.group.idClicked.connect(self._decision_clicked)

        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Add a note for this clause (saved automatically)…")
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(72)
        self.note.setMaximumHeight(110)
        self.note.textChanged.connect(self._note_edited)
        self.note.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTE_DELAY_MS)
        self._timer.timeout.connect(self.flush_note)

        self.done = QCheckBox("Done — I have reviewed this finding")
        self.done.toggled.connect(self._done_toggled)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(heading("Your review"))
        layout.addWidget(muted_label("Your decision overrides the tool's status."))
        layout.addLayout(grid)
        layout.addWidget(QLabel("Note"))
        layout.addWidget(self.note)
        layout.addWidget(self.done)

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
