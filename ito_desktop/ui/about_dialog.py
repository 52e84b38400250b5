"""The About boxes: the app, and the clause library a review used."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ito_desktop import __version__
from ito_desktop.core.library.schema import Library
from ito_desktop.ui.library_menu import about_library_html

ABOUT_HTML = (
    f"<h3>ITO Review {__version__}</h3><p>Reviews IT outsourcing contracts against a clause "
    "library: present, weak and missing clauses, with evidence and risk flags.</p>"
    "<p>Everything runs on this computer; nothing is sent anywhere.</p>"
)


def _box(title: str, html: str, icon: QMessageBox.Icon, parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(icon, title, "", parent=parent)
    box.setObjectName("aboutBox")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(html)
    return box


def about_app_box(parent: QWidget | None = None) -> QMessageBox:
    return _box("About ITO Review", ABOUT_HTML, QMessageBox.Icon.NoIcon, parent)


def about_library_box(library: Library, parent: QWidget | None = None) -> QMessageBox:
    return _box("Clause library", about_library_html(library), QMessageBox.Icon.Information, parent)
