"""Settings: match thresholds with their measured precision and recall, the company library
folder, reading limits and the theme, validated before saving."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.library.loader import user_library_dir, validate_folder
from ito_desktop.core.matching.calibration import (
    Curve,
    CurvePoint,
    ThresholdCurve,
    load_threshold_curve,
)
from ito_desktop.core.matching.engine import MatchOptions
from ito_desktop.core.settings import MB_RANGE as _MB_RANGE
from ito_desktop.core.settings import OCR_PAGES_RANGE as _OCR_PAGES_RANGE
from ito_desktop.core.settings import PAGES_RANGE as _PAGES_RANGE
from ito_desktop.core.settings import SECONDS_RANGE as _SECONDS_RANGE
from ito_desktop.core.settings import Settings, Theme

THEME_WORDS = {Theme.SYSTEM: "Same as the system", Theme.LIGHT: "Light", Theme.DARK: "Dark"}
_SHOWN_ERRORS = 4
# The curve is measured every 0.025; three decimals keep the calibrated 0.425 exact.
_THRESHOLD_STEP = 0.025
_THRESHOLD_DECIMALS = 3
# Wide enough for a line of figures in the usual fonts; a narrower one wrapped mid-line.
_MIN_WIDTH = 640
_NBSP = "\u00a0"  # keeps "recall 0.88" on one line when a label wraps
# The library folder is checked this long after the last keystroke: reading a folder of YAML on
# every key would stall typing, and waiting for focus to leave the field left OK grey unexplained.
CHECK_DELAY_MS = 400


def threshold_problem(present: float, weak: float) -> str:
    if not weak < present:
        return "The weak threshold must be below the present threshold."
    return ""


def library_problems(folder: str) -> list[str]:
    """Why ``folder`` cannot be the library layer ([] when it can, or when it is empty)."""
    if not folder.strip():
        return []
    path = Path(folder).expanduser()
    if not path.is_dir():
        return [f"{path} is not a folder."]
    return [str(problem) for problem in validate_folder(path)]


def threshold_curve() -> ThresholdCurve | None:
    """The shipped measurements, or None when they cannot be read (the dialog still works)."""
    try:
        return load_threshold_curve()
    except ValueError:
        return None


def _figure(name: str, value: float | None) -> str:
    return f"{name}{_NBSP}{'–' if value is None else f'{value:.2f}'}"


def figures_text(curve: ThresholdCurve, kind: str, threshold: float) -> str:
    """The measured precision and recall at ``threshold``, one line per label set.

    ``kind`` is "present" (by present threshold) or "found" (present or weak, by weak one).
    """
    lines: list[str] = []
    point: CurvePoint | None = None
    for label_set in curve.label_sets:
        line: Curve = label_set.present if kind == "present" else label_set.found
        point = line.at(threshold)
        figures = (
            f"{label_set.files} {label_set.title}: {_figure('precision', point.macro_precision)}, "
            f"{_figure('recall', point.macro_recall)}"
        )
        if not lines:
            what = "Present" if kind == "present" else "Present or weak"
            lines.append(f"{what}, measured on {figures}")
        else:
            lines.append(f"and on {figures}")
    if point is not None and abs(point.threshold - threshold) > 1e-6:
        lines[-1] += f" (nearest measured: {point.threshold:.3f})"
    return "\n".join(lines)


def figures_tooltip(curve: ThresholdCurve, kind: str) -> str:
    reported = "reported present" if kind == "present" else "reported present or weak"
    sets = "\n".join(f"• {s.files} {s.title}: {s.description}." for s in curve.label_sets)
    return (
        f"Precision: of the clauses {reported}, how many really were in the contract.\n"
        f"Recall: of the clauses really in the contract, how many were {reported}.\n"
        "Each kind of clause counts equally: the figures are averages over the clause kinds "
        "with at least three examples in the set.\n\n"
        f"{sets}\n\n"
        f"Measured on {curve.measured_on} with the bundled library "
        f"({curve.library_name} {curve.library_version})."
    )


def _muted(text: str = "") -> QLabel:
    """Small secondary text in the palette's muted colour (follows theme changes)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    return label


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``settings()`` returns it once the dialog is accepted."""

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        preview_theme: Callable[[Theme], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.setMinimumWidth(_MIN_WIDTH)
        self._original = settings
        self._preview = preview_theme
        self._curve = threshold_curve()
        self._defaults = Settings()

        layout = QVBoxLayout(self)
        for widget in (
            self._reviewer_group(settings),
            self._matching_group(settings),
            self._library_group(settings),
            self._limits_group(settings),
            self._appearance_group(settings),
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        for spin in (self.present_spin, self.weak_spin):
            spin.valueChanged.connect(self.validate)
            spin.valueChanged.connect(self._show_figures)
        # Typing never greys OK by itself: the folder is checked once typing pauses (and again
        # on OK), and whenever OK is grey an error under the field says why.
        self._folder_check = QTimer(self)
        self._folder_check.setSingleShot(True)
        self._folder_check.setInterval(CHECK_DELAY_MS)
        self._folder_check.timeout.connect(self.validate)
        self.folder_edit.editingFinished.connect(self.validate)
        self.folder_edit.textChanged.connect(lambda _: self._folder_check.start())
        self.folder_edit.textChanged.connect(lambda _: self._show_figures())
        self._fitted_height = 0  # the height _fit_height last chose; the user may resize
        # Refit on the next turn of the event loop, once the group boxes' layouts have taken in
        # the labels just shown or hidden (they update on a posted event, not at once).
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit_height)
        self._show_figures()
        self.validate()
        self._fit_height()

    # -- building -------------------------------------------------------------------------------

    def _matching_group(self, settings: Settings) -> QGroupBox:
        self.present_spin = self._threshold(settings.present_threshold)
        self.weak_spin = self._threshold(settings.weak_threshold)
        self.present_default = _muted()
        self.weak_default = _muted()
        for mark in (self.present_default, self.weak_default):
            mark.setWordWrap(False)
        self.present_figures = _muted()
        self.weak_figures = _muted()
        for label, name in ((self.present_figures, "present"), (self.weak_figures, "found")):
            label.setObjectName(f"{name}Figures")
            label.setVisible(self._curve is not None)
            if self._curve is not None:
                label.setToolTip(figures_tooltip(self._curve, name))
        self.threshold_error = self._error_label("thresholdError")
        self.figures_note = _muted()
        self.figures_note.setObjectName("figuresNote")
        self.defaults_button = QPushButton("Reset to calibrated defaults")
        self.defaults_button.setToolTip(
            f"Present from {self._defaults.present_threshold:.3f}, weak from "
            f"{self._defaults.weak_threshold:.3f}: the thresholds calibrated on labelled "
            "contracts."
        )
        self.defaults_button.clicked.connect(self._restore_thresholds)

        group = QGroupBox("Matching")
        form = QFormLayout(group)
        form.addRow(
            "Present from score:",
            self._threshold_cell(self.present_spin, self.present_default, self.present_figures),
        )
        form.addRow(
            "Weak from score:",
            self._threshold_cell(self.weak_spin, self.weak_default, self.weak_figures),
        )
        form.addRow(self.threshold_error)
        hint = QLabel(
            "A clause scoring at least the present threshold is present; between the two it is "
            "weak (check it); below the weak threshold it is missing. Higher thresholds report "
            "fewer clauses, more surely; lower ones miss fewer."
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow(hint)
        form.addRow(self.figures_note)
        form.addRow("", self.defaults_button)
        return group

    @staticmethod
    def _threshold_cell(spin: QDoubleSpinBox, default: QLabel, figures: QLabel) -> QWidget:
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(spin)
        row.addWidget(default)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(figures)
        return cell

    def _library_group(self, settings: Settings) -> QGroupBox:
        self.folder_edit = QLineEdit(settings.library_folder)
        self.folder_edit.setPlaceholderText("None: the bundled library and your user layer")
        self.folder_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        self.library_error = self._error_label("libraryError")
        note = QLabel(
            "A folder of YAML clause entries that override the bundled library by id (see "
            "clause_library/SCHEMA.md). Your personal layer is always read from "
            f"{user_library_dir()}."
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        group = QGroupBox("Company clause library")
        column = QVBoxLayout(group)
        column.addLayout(row)
        column.addWidget(self.library_error)
        column.addWidget(note)
        return group

    def _limits_group(self, settings: Settings) -> QGroupBox:
        self.file_mb_spin = self._limit(settings.max_file_mb, _MB_RANGE, " MB")
        self.pages_spin = self._limit(settings.max_pages, _PAGES_RANGE, " pages")
        self.seconds_spin = self._limit(settings.max_read_seconds, _SECONDS_RANGE, " s")
        self.ocr_pages_spin = self._limit(settings.max_ocr_pages, _OCR_PAGES_RANGE, " pages")
        self.ocr_pages_spin.setToolTip(
            "Scanned pages (no text layer) are read by OCR, about a second each; that time "
            "does not count against the time limit."
        )
        group = QGroupBox("Limits")
        form = QFormLayout(group)
        form.addRow("Largest file:", self.file_mb_spin)
        form.addRow("Most pages (PDF):", self.pages_spin)
        form.addRow("Time limit per file:", self.seconds_spin)
        form.addRow("Most pages to read by OCR:", self.ocr_pages_spin)
        hint = QLabel(
            "A file over these limits is refused with a message, and reviewing one file (reading, "
            "matching, risk rules) stops after the time limit, so that a damaged or hostile file "
            "cannot hang the app."
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow(hint)
        return group

    def _reviewer_group(self, settings: Settings) -> QGroupBox:
        self.reviewer_edit = QLineEdit(settings.reviewer_name)
        self.reviewer_edit.setObjectName("reviewerName")
        self.reviewer_edit.setPlaceholderText("e.g. Dana Reviewer")
        self.reviewer_edit.setAccessibleName("Your name")
        group = QGroupBox("Reviewer")
        form = QFormLayout(group)
        form.addRow("Your &name:", self.reviewer_edit)
        form.addRow(_muted("Printed on exports and as the author of Word comments."))
        return group

    def _appearance_group(self, settings: Settings) -> QGroupBox:
        self.theme_combo = QComboBox()
        for theme, word in THEME_WORDS.items():
            self.theme_combo.addItem(word, theme)
        self.theme_combo.setCurrentIndex(self.theme_combo.findData(settings.theme))
        self.theme_combo.currentIndexChanged.connect(self._theme_changed)
        group = QGroupBox("Appearance")
        QFormLayout(group).addRow("Theme:", self.theme_combo)
        return group

    @staticmethod
    def _threshold(value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0.0, 1.0)
        spin.setSingleStep(_THRESHOLD_STEP)
        spin.setDecimals(_THRESHOLD_DECIMALS)
        spin.setValue(value)
        return spin

    @staticmethod
    def _limit(value: int, bounds: tuple[int, int], suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(*bounds)
        spin.setSuffix(suffix)
        spin.setValue(value)
        return spin

    @staticmethod
    def _error_label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet("color: #c92a2a;")
        label.setVisible(False)
        return label

    # -- behaviour ------------------------------------------------------------------------------

    def _ok(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _fit_height(self) -> None:
        """Grow to the height the wrapped labels need at the current width; shrink back once
        an error message goes, so no empty gap is left where it was.

        A window sizes itself to its size hint, which ignores how wrapped text reflows, and to
        at most two thirds of the screen; both squash the labels on a small screen. A height the
        user chose by resizing is kept when it is enough.
        """
        layout = self.layout()
        width = max(self.width(), self.minimumWidth())
        if layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.totalHeightForWidth(width)
        ours = self.height() == self._fitted_height
        if needed > self.height() or not self.isVisible() or (ours and needed < self.height()):
            self.resize(width, needed)
            self._fitted_height = self.height()

    def _show_figures(self) -> None:
        """Beside each threshold: whether it is the calibrated default, and what was measured."""
        for spin, default, mark in (
            (self.present_spin, self._defaults.present_threshold, self.present_default),
            (self.weak_spin, self._defaults.weak_threshold, self.weak_default),
        ):
            same = abs(spin.value() - default) < 1e-6
            mark.setText("calibrated default" if same else f"calibrated default: {default:.3f}")
        curve = self._curve
        if curve is None:
            self.figures_note.setText("The measured precision and recall are not available.")
            return
        self.present_figures.setText(figures_text(curve, "present", self.present_spin.value()))
        self.weak_figures.setText(figures_text(curve, "found", self.weak_spin.value()))
        notes = []
        if not curve.measured_with(MatchOptions()):
            notes.append("The figures were measured with an earlier version of the matcher.")
        if self.folder_edit.text().strip():
            notes.append(
                "The figures were measured with the bundled library; your company library may "
                "find clauses differently."
            )
        self.figures_note.setText(" ".join(notes))
        self.figures_note.setVisible(bool(notes))
        if self.isVisible():
            self._refit.start()

    def validate(self) -> bool:
        """Show every problem and enable OK only when there is none."""
        self._folder_check.stop()
        problem = threshold_problem(self.present_spin.value(), self.weak_spin.value())
        self.threshold_error.setText(problem)
        self.threshold_error.setVisible(bool(problem))
        errors = library_problems(self.folder_edit.text())
        if errors:
            shown = "\n".join(f"• {e}" for e in errors[:_SHOWN_ERRORS])
            more = len(errors) - _SHOWN_ERRORS
            if more > 0:
                shown += f"\n… and {more} more (Library > Validate lists them all)"
            self.library_error.setText(f"This folder cannot be used:\n{shown}")
        self.library_error.setVisible(bool(errors))
        valid = not problem and not errors
        self._ok().setEnabled(valid)
        if self.isVisible():  # a new error message must not squeeze the figures above it
            self._refit.start()
        return valid

    def settings(self) -> Settings:
        theme = self.theme_combo.currentData()
        return replace(
            self._original,
            present_threshold=round(self.present_spin.value(), _THRESHOLD_DECIMALS),
            weak_threshold=round(self.weak_spin.value(), _THRESHOLD_DECIMALS),
            library_folder=self.folder_edit.text().strip(),
            reviewer_name=" ".join(self.reviewer_edit.text().split()),
            theme=Theme(theme),
            recent_files=list(self._original.recent_files),
            max_file_mb=self.file_mb_spin.value(),
            max_pages=self.pages_spin.value(),
            max_read_seconds=self.seconds_spin.value(),
            max_ocr_pages=self.ocr_pages_spin.value(),
        )

    def _restore_thresholds(self) -> None:
        self.present_spin.setValue(self._defaults.present_threshold)
        self.weak_spin.setValue(self._defaults.weak_threshold)

    def _browse(self) -> None:
        start = self.folder_edit.text() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Company clause library folder", start)
        if folder:
            self.folder_edit.setText(folder)
            self.validate()

    def _theme_changed(self) -> None:
        if self._preview is not None:
            self._preview(Theme(self.theme_combo.currentData()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fitted_height = self.height()  # the window system may have adjusted it

    def accept(self) -> None:
        if self.validate():
            super().accept()

    def reject(self) -> None:
        if self._preview is not None and self.theme_combo.currentData() != self._original.theme:
            self._preview(self._original.theme)
        super().reject()
