"""Help > About: the component list is wide enough to read each licence."""

from __future__ import annotations

import importlib.metadata

from pytestqt.qtbot import QtBot

from ito_desktop.core.licences import EMBEDDED, Component, components
from ito_desktop.core.matching.learned import bundled_model
from ito_desktop.ui.dialogs.about_dialog import AboutDialog, version_rows
from tests.packaging.test_licences import native_library_files

PARTS = (
    Component("ito-review", "0.1.0", "Proprietary"),
    Component("cryptography", "50.0.2", "Apache-2.0 OR BSD-3-Clause"),
    Component("PySide6_Essentials", "6.11.3", "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only"),
    Component("pdfminer.six", "20260107", "MIT"),
)
EMBEDDED_PARTS = (
    Component("tesserocr", "2.13.0", "MIT"),
    Component("Tesseract OCR (bundled in tesserocr)", "5.5.4", "Apache-2.0"),
    Component("Leptonica (bundled in tesserocr)", "1.87.0", "BSD-2-Clause"),
)


def shown_dialog(qtbot: QtBot, parts: tuple[Component, ...]) -> AboutDialog:
    dialog = AboutDialog(parts=parts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_licences_of_usual_length_are_not_cut(qtbot: QtBot) -> None:
    dialog = shown_dialog(qtbot, PARTS[:2])
    components = dialog.component_list
    # "cryptography 50.0.2 — Apache-2.0 OR BSD-3-" was all a 280-pixel list showed.
    assert components.viewport().width() >= components.sizeHintForColumn(0)
    assert not components.horizontalScrollBar().isVisible()


def test_a_very_long_licence_leaves_room_for_the_licence_text(qtbot: QtBot) -> None:
    dialog = shown_dialog(qtbot, (*PARTS, Component("wide", "1", " OR ".join(["LGPL-3.0"] * 20))))
    assert dialog.component_list.width() <= 440
    assert dialog.notice.width() >= 440
    assert dialog.component_list.item(4).toolTip().startswith("wide 1: LGPL-3.0 OR")


def test_a_long_first_line_of_the_licence_text_wraps_instead_of_running_off(qtbot: QtBot) -> None:
    dialog = shown_dialog(qtbot, PARTS)
    dialog.component_list.setCurrentRow(0)
    qtbot.wait(20)
    assert dialog.notice.toPlainText()  # the component's notice is shown
    dialog.notice.setPlainText("Offline desktop assistant " * 30)
    qtbot.wait(20)
    assert dialog.notice.horizontalScrollBar().maximum() == 0


def test_about_names_the_learned_scorer_and_its_training_data(qtbot: QtBot) -> None:
    model = bundled_model()
    assert model is not None
    rows = dict(version_rows(None))
    assert rows["Learned scorer"] == model.provenance().describe()
    assert model.version in rows["Learned scorer"]
    assert model.data_hash[:12] in rows["Learned scorer"]
    dialog = shown_dialog(qtbot, PARTS[:1])
    assert dialog.values["Learned scorer"].text() == model.provenance().describe()


def test_libraries_bundled_in_a_wheel_are_listed_whole_with_their_licences(qtbot: QtBot) -> None:
    dialog = shown_dialog(qtbot, (*PARTS[:2], *EMBEDDED_PARTS))
    rows = [dialog.component_list.item(i).text() for i in range(dialog.component_list.count())]
    assert rows[3:] == [
        "Tesseract OCR (bundled in tesserocr) 5.5.4 — Apache-2.0",
        "Leptonica (bundled in tesserocr) 1.87.0 — BSD-2-Clause",
    ]
    components = dialog.component_list
    assert components.viewport().width() >= components.sizeHintForColumn(0)
    assert not components.horizontalScrollBar().isVisible()


def test_the_real_tesseract_and_leptonica_entries_show_their_licence_texts(qtbot: QtBot) -> None:
    parts = tuple(c for c in components() if c.name.endswith("(bundled in tesserocr)"))[:2]
    assert [p.name for p in parts] == [
        "Tesseract OCR (bundled in tesserocr)",
        "Leptonica (bundled in tesserocr)",
    ]
    dialog = shown_dialog(qtbot, parts)
    dialog.component_list.setCurrentRow(0)
    assert "Apache License" in dialog.notice.toPlainText()
    dialog.component_list.setCurrentRow(1)
    assert "Leptonica.  All rights reserved." in dialog.notice.toPlainText()
    assert dialog.component_list.item(1).toolTip().endswith(": BSD-2-Clause")


def test_about_names_every_native_library_the_ocr_wheel_carries(qtbot: QtBot) -> None:
    files = native_library_files([p.name for p in importlib.metadata.files("tesserocr") or ()])
    assert files
    dialog = shown_dialog(qtbot, components())
    rows = [dialog.component_list.item(i).text() for i in range(dialog.component_list.count())]
    for name in files:
        (library,) = [lib for lib in EMBEDDED if lib.file.match(name)]
        (row,) = [r for r in rows if r.startswith(f"{library.name} (bundled in tesserocr)")]
        assert row.endswith(f"— {library.licence}"), name
    if any(name.startswith("libjbig") for name in files):
        dialog.component_list.setCurrentRow(
            next(i for i, r in enumerate(rows) if r.startswith("jbigkit "))
        )
        text = dialog.notice.toPlainText()
        assert "jbigkit (bundled in tesserocr)\nLicence: GPL-2.0-or-later" in text
        assert "GNU GENERAL PUBLIC LICENSE\n                       Version 2, June 1991" in text
