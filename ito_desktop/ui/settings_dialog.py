"""Settings: match thresholds, the company library folder and the theme, validated before saving."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

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
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.library.loader import user_library_dir, validate_folder
from ito_desktop.core.settings import Settings, Theme

THEME_WORDS = {Theme.SYSTEM: "Same as the system", Theme.LIGHT: "Light", Theme.DARK: "Dark"}
_SHOWN_ERRORS = 4


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
    return validate_folder(path)


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
        self.setMinimumWidth(520)
        self._original = settings
        self._preview = preview_theme

        self.present_spin = self._threshold(settings.present_threshold)
        self.weak_spin = self._threshold(settings.weak_threshold)
        self.threshold_error = self._error_label("thresholdError")
        defaults = QPushButton("Restore defaults")
        defaults.clicked.connect(self._restore_thresholds)
        matching = QGroupBox("Matching")
        form = QFormLayout(matching)
        form.addRow("Present from score:", self.present_spin)
        form.addRow("Weak from score:", self.weak_spin)
        form.addRow(self.threshold_error)
        hint = QLabel(
            "A clause scoring at least the present threshold counts as present; between the two "
            "it is weak (check it); below the weak threshold it is missing."
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow(hint)
        form.addRow("", defaults)

        self.folder_edit = QLineEdit(settings.library_folder)
        self.folder_edit.setPlaceholderText("None: the bundled library and your user layer")
        self.folder_edit.setClearButtonEnabled(True)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.browse_button = browse
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        self.library_error = self._error_label("libraryError")
        library = QGroupBox("Company clause library")
        library_layout = QVBoxLayout(library)
        note = QLabel(
            "A folder of YAML clause entries that override the bundled library by id (see "
            "clause_library/SCHEMA.md). Your personal layer is always read from "
            f"{user_library_dir()}."
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        library_layout.addLayout(row)
        library_layout.addWidget(self.library_error)
        library_layout.addWidget(note)

        self.theme_combo = QComboBox()
        for theme, word in THEME_WORDS.items():
            self.theme_combo.addItem(word, theme)
        self.theme_combo.setCurrentIndex(self.theme_combo.findData(settings.theme))
        self.theme_combo.currentIndexChanged.connect(self._theme_changed)
        appearance = QGroupBox("Appearance")
        QFormLayout(appearance).addRow("Theme:", self.theme_combo)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (matching, library, appearance):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.present_spin.valueChanged.connect(self.validate)
        self.weak_spin.valueChanged.connect(self.validate)
        self.folder_edit.editingFinished.connect(self.validate)
        self.folder_edit.textChanged.connect(lambda _: self._ok().setEnabled(False))
        self.validate()

    @staticmethod
    def _threshold(value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0.0, 1.0)
        spin.setSingleStep(0.01)
        spin.setDecimals(2)
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

    def _ok(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def validate(self) -> bool:
        """Show every problem and enable OK only when there is none."""
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
        return valid

    def settings(self) -> Settings:
        theme = self.theme_combo.currentData()
        return replace(
            self._original,
            present_threshold=round(self.present_spin.value(), 2),
            weak_threshold=round(self.weak_spin.value(), 2),
            library_folder=self.folder_edit.text().strip(),
            theme=Theme(theme),
            recent_files=list(self._original.recent_files),
        )

    def _restore_thresholds(self) -> None:
        defaults = Settings()
        self.present_spin.setValue(defaults.present_threshold)
        self.weak_spin.setValue(defaults.weak_threshold)

    def _browse(self) -> None:
        start = self.folder_edit.text() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Company clause library folder", start)
        if folder:
            self.folder_edit.setText(folder)
            self.validate()

    def _theme_changed(self) -> None:
        if self._preview is not None:
            self._preview(Theme(self.theme_combo.currentData()))

    def accept(self) -> None:
        if self.validate():
            super().accept()

    def reject(self) -> None:
        if self._preview is not None and self.theme_combo.currentData() != self._original.theme:
            self._preview(self._original.theme)
        super().reject()
