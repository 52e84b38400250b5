"""Settings dialog: the measured precision and recall beside the thresholds, and the limits."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from ito_desktop.core.library.loader import bundled_library_dir
from ito_desktop.core.matching.calibration import ThresholdCurve, load_threshold_curve
from ito_desktop.core.matching.engine import MatchOptions
from ito_desktop.core.settings import Settings
from ito_desktop.ui.dialogs import settings_dialog
from ito_desktop.ui.dialogs.settings_dialog import SettingsDialog

SCREENSHOT_ENV = "ITO_SETTINGS_SCREENSHOT"  # a path: save the dialog there (to look at it)


@pytest.fixture
def curve() -> ThresholdCurve:
    return load_threshold_curve()


def make_dialog(qtbot: QtBot, settings: Settings | None = None) -> SettingsDialog:
    dialog = SettingsDialog(settings or Settings())
    qtbot.addWidget(dialog)
    return dialog


def expected(curve: ThresholdCurve, kind: str, threshold: float) -> list[str]:
    """The figures the label must show for ``threshold``, formatted as the dialog does."""
    parts = []
    for label_set in curve.label_sets:
        line = label_set.present if kind == "present" else label_set.found
        point = line.at(threshold)
        assert point.macro_precision is not None
        assert point.macro_recall is not None
        parts.append(
            f"{label_set.files} {label_set.title}: precision\u00a0{point.macro_precision:.2f}, "
            f"recall\u00a0{point.macro_recall:.2f}"
        )
    return parts


def test_the_defaults_show_their_measured_figures(qtbot: QtBot, curve: ThresholdCurve) -> None:
    dialog = make_dialog(qtbot)
    present = dialog.present_figures.text()
    found = dialog.weak_figures.text()
    assert present.startswith("Present, measured on 107 IT contracts: precision\u00a0")
    assert found.startswith("Present or weak, measured on 107 IT contracts: precision\u00a0")
    assert found.splitlines()[1].startswith("and on 445 CUAD contracts: precision\u00a0")
    for part in expected(curve, "present", MatchOptions().present_threshold):
        assert part in present
    for part in expected(curve, "found", MatchOptions().weak_threshold):
        assert part in found
    assert "nearest" not in present + found  # the defaults are measured points
    assert dialog.present_default.text() == "calibrated default"
    assert dialog.weak_default.text() == "calibrated default"
    assert dialog.weak_spin.value() == pytest.approx(0.425)  # not rounded to 0.42 or 0.43
    assert dialog.settings().weak_threshold == 0.425
    tooltip = dialog.weak_figures.toolTip()
    assert "of the clauses reported present or weak, how many really were" in tooltip
    assert "how many were reported present or weak" in tooltip
    assert "trained without its company (5-fold cross-validation)" in tooltip
    assert not dialog.figures_note.isVisibleTo(dialog)


def test_the_figures_follow_the_spin_boxes(qtbot: QtBot, curve: ThresholdCurve) -> None:
    dialog = make_dialog(qtbot)
    before = dialog.weak_figures.text()
    dialog.weak_spin.setValue(0.35)
    assert dialog.weak_figures.text() != before
    for part in expected(curve, "found", 0.35):
        assert part in dialog.weak_figures.text()
    assert dialog.weak_default.text() == "calibrated default: 0.425"

    dialog.present_spin.stepBy(2)  # two steps of 0.025 up
    assert dialog.present_spin.value() == pytest.approx(0.6)
    for part in expected(curve, "present", 0.6):
        assert part in dialog.present_figures.text()
    assert dialog.present_default.text() == "calibrated default: 0.550"

    # Between measured points: the nearest one, and the label says so.
    dialog.present_spin.setValue(0.61)
    for part in expected(curve, "present", 0.6):
        assert part in dialog.present_figures.text()
    assert dialog.present_figures.text().endswith("(nearest measured: 0.600)")

    dialog.defaults_button.click()
    assert dialog.present_figures.text().startswith("Present, measured on")
    assert "nearest" not in dialog.present_figures.text()
    assert dialog.weak_figures.text() == before
    assert dialog.present_default.text() == "calibrated default"


def test_a_company_library_gets_a_note_about_the_bundled_measurements(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, Settings(library_folder=str(tmp_path)))
    assert dialog.figures_note.isVisibleTo(dialog)
    assert "measured with the bundled library" in dialog.figures_note.text()
    dialog.folder_edit.clear()
    assert not dialog.figures_note.isVisibleTo(dialog)


def test_without_a_curve_the_dialog_still_works(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings_dialog, "threshold_curve", lambda: None)
    dialog = make_dialog(qtbot)
    assert not dialog.weak_figures.isVisibleTo(dialog)
    assert "not available" in dialog.figures_note.text()
    dialog.weak_spin.setValue(0.3)
    assert dialog.settings().weak_threshold == 0.3


def test_the_limits_are_edited_with_the_others(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, Settings(max_file_mb=50, max_pages=300, max_read_seconds=60))
    assert dialog.seconds_spin.value() == 60
    assert dialog.seconds_spin.suffix() == " s"
    assert (dialog.file_mb_spin.value(), dialog.pages_spin.value()) == (50, 300)
    dialog.seconds_spin.setValue(1)  # below the smallest time limit the settings accept
    assert dialog.seconds_spin.value() == 5
    dialog.seconds_spin.setValue(300)
    dialog.file_mb_spin.setValue(20)
    dialog.pages_spin.setValue(4000)
    edited = dialog.settings()
    assert (edited.max_read_seconds, edited.max_file_mb, edited.max_pages) == (300, 20, 4000)
    assert edited.limits().max_seconds == 300.0


def test_the_dialog_renders(qtbot: QtBot, tmp_path: Path) -> None:
    shutil.copyfile(bundled_library_dir() / "legal.yaml", tmp_path / "legal.yaml")
    dialog = make_dialog(qtbot, Settings(library_folder=str(tmp_path)))
    dialog.show()
    qtbot.waitExposed(dialog)
    image = dialog.grab()
    assert image.width() >= 600
    target = os.environ.get(SCREENSHOT_ENV)
    if target:
        image.save(target)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()  # a valid company folder ...
    assert dialog.figures_note.isVisibleTo(dialog)  # ... measured with another library
    for label in (dialog.present_figures, dialog.weak_figures, dialog.figures_note):
        assert label.isVisibleTo(dialog)
        assert label.height() >= label.heightForWidth(label.width())  # nothing cut off


def test_a_figure_never_wraps_away_from_its_word(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    for spin, value in ((dialog.weak_spin, 0.3), (dialog.present_spin, 0.7)):
        spin.setValue(value)
    for label in (dialog.present_figures, dialog.weak_figures):
        # A wrapped label once read "... precision 0.68, recall" / "0.88".
        assert re.search(r"(precision|recall)\s\d", label.text().replace("\u00a0", "")) is None
        assert re.search(r"precision\u00a0\d\.\d\d, recall\u00a0\d\.\d\d", label.text())


def test_a_library_error_grows_the_open_dialog_instead_of_squeezing_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    parent = QWidget()  # opened from the main window: no default window size to fall back on
    qtbot.addWidget(parent)
    dialog = SettingsDialog(Settings(), parent)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= 640
    before = dialog.height()
    dialog.weak_spin.setValue(0.7)  # above present: a threshold error too
    dialog.folder_edit.setText(str(tmp_path))  # an empty folder cannot be a library
    dialog.folder_edit.editingFinished.emit()
    assert dialog.library_error.isVisibleTo(dialog)
    assert dialog.threshold_error.isVisibleTo(dialog)
    assert dialog.height() > before
    QApplication.processEvents()
    labels = (
        dialog.present_figures,
        dialog.weak_figures,
        dialog.figures_note,
        dialog.threshold_error,
        dialog.library_error,
    )
    for label in labels:
        assert label.isVisibleTo(dialog)
        assert label.height() >= label.heightForWidth(label.width()), label.objectName()


def _ok_is_grey_without_reason(dialog: SettingsDialog) -> bool:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    reasons = (dialog.library_error, dialog.threshold_error)
    return not ok.isEnabled() and not any(label.isVisible() for label in reasons)


def test_typing_a_bad_folder_says_why_ok_is_grey_before_focus_leaves(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.folder_edit.setFocus()

    qtbot.keyClicks(dialog.folder_edit, str(tmp_path / "nowhere"))

    assert not _ok_is_grey_without_reason(dialog)
    qtbot.waitUntil(lambda: dialog.library_error.isVisible(), timeout=3000)
    assert dialog.folder_edit.hasFocus()  # no focus change was needed
    assert not ok.isEnabled()
    assert "is not a folder" in dialog.library_error.text()


def test_fixing_a_folder_error_leaves_no_empty_gap(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()
    dialog.folder_edit.setFocus()
    qtbot.keyClicks(dialog.folder_edit, str(tmp_path / "nowhere"))
    qtbot.waitUntil(lambda: dialog.library_error.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: dialog.height() > before)  # the message got room

    dialog.folder_edit.selectAll()
    qtbot.keyClick(dialog.folder_edit, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: not dialog.library_error.isVisible(), timeout=3000)

    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.wait(50)  # the refit runs on the next turn of the event loop
    assert dialog.height() == before
