"""Help > About: versions, the library in use, and every bundled component with its licence."""

from __future__ import annotations

import platform
import sys
from collections.abc import Sequence

import PySide6
import yaml
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ito_desktop import __version__
from ito_desktop.core.library.loader import INDEX_FILE, bundled_library_dir
from ito_desktop.core.library.schema import Library
from ito_desktop.core.licences import Component, components
from ito_desktop.core.matching.learned import bundled_model

ABOUT_HTML = (
    f"<h3>ITO Review {__version__}</h3><p>Reviews IT outsourcing contracts against a clause "
    "library: present, weak and missing clauses, with evidence and risk flags.</p>"
    "<p>Everything runs on this computer; nothing is sent anywhere.</p>"
)


_WIDTH = 940
# The component list's width: at least the first, at most the second (the licence text needs
# the rest). A fixed 280 cut licences such as "Apache-2.0 OR BSD-3-Clause" in half.
_LIST_WIDTH = (280, 440)


def library_label(library: Library | None) -> str:
    """The library in use, or the bundled one's name and version before any is loaded."""
    if library is not None:
        return f"{library.name} {library.version}"
    try:
        index = yaml.safe_load((bundled_library_dir() / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return "bundled library (its index could not be read)"
    name = str(index.get("name", "Clause library")) if isinstance(index, dict) else ""
    version = str(index.get("version", "unversioned")) if isinstance(index, dict) else ""
    return f"{name} {version} (bundled; your own layers load with the first contract)"


def _model_label() -> str:
    model = bundled_model()
    return (
        model.provenance().describe()
        if model is not None
        else "not installed (the library decides alone)"
    )


def version_rows(library: Library | None) -> list[tuple[str, str]]:
    """(label, value) pairs shown at the top of About and copied by "Copy details"."""
    frozen = bool(getattr(sys, "frozen", False))
    return [
        ("ITO Review", __version__),
        ("Clause library", library_label(library)),
        ("Learned scorer", _model_label()),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("System", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Installed as", "packaged app" if frozen else f"Python package ({sys.prefix})"),
    ]


class AboutDialog(QDialog):
    """Versions, then every bundled component with its licence and licence files."""

    def __init__(
        self,
        library: Library | None = None,
        parts: Sequence[Component] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About ITO Review")
        self.resize(_WIDTH, 640)
        self.rows = version_rows(library)
        self.components = tuple(components() if parts is None else parts)

        intro = QLabel(ABOUT_HTML)
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for label, value in self.rows:
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            self.values[label] = shown
            form.addRow(f"{label}:", shown)

        heading = QLabel(
            f"<b>Components</b> ({len(self.components)}): the licences their installed packages "
            "declare, and their licence files; libraries bundled inside a package are listed "
            "after it."
        )
        heading.setWordWrap(True)
        self.component_list = QListWidget()
        self.component_list.setObjectName("licenceList")
        for part in self.components:
            self.component_list.addItem(f"{part.title} — {part.licence or '?'}")
            item = self.component_list.item(self.component_list.count() - 1)
            item.setToolTip(f"{part.title}: {part.licence or 'licence not stated'}")
        self.notice = QPlainTextEdit()
        self.notice.setObjectName("licenceText")
        self.notice.setReadOnly(True)
        # Licence files keep their fixed-width font, but long lines (a package's summary, a
        # licence without line breaks) wrap rather than run off the pane.
        self.notice.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.notice.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        splitter = QSplitter()
        splitter.addWidget(self.component_list)
        splitter.addWidget(self.notice)
        splitter.setStretchFactor(1, 2)
        listed = self._list_width()
        splitter.setSizes([listed, _WIDTH - listed])
        self.component_list.currentRowChanged.connect(self.show_component)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setToolTip("Copy the versions above, for a support request")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        if self.components:
            self.component_list.setCurrentRow(0)

    def _list_width(self) -> int:
        """Room for the longest "name version — licence" line, within reason."""
        components = self.component_list
        scrollbar = components.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        wanted = components.sizeHintForColumn(0) + 2 * components.frameWidth() + scrollbar + 8
        return max(_LIST_WIDTH[0], min(wanted, _LIST_WIDTH[1]))

    def show_component(self, row: int) -> None:
        if 0 <= row < len(self.components):
            part = self.components[row]
            summary = f"{part.summary}\n\n" if part.summary else ""
            self.notice.setPlainText(summary + part.notice)

    def details_text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.rows)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())


def _current_library(parent: QWidget | None) -> Library | None:
    # The main window's review controller holds the library once one has been loaded.
    library = getattr(getattr(parent, "controller", None), "library", None)
    return library if isinstance(library, Library) else None


def about_app_box(
    parent: QWidget | None = None,
    library: Library | None = None,
    parts: Sequence[Component] | None = None,
) -> AboutDialog:
    """Help > About; ``parts`` defaults to every installed component (see core.licences)."""
    return AboutDialog(library or _current_library(parent), parts, parent)
