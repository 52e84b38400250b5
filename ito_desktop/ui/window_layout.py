"""Window geometry and dock layout: the default three columns, saved and restored via QSettings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

LAYOUT_VERSION = 1  # bump when docks change, so an old saved layout is not restored
DEFAULT_SIZE = (1400, 900)
# Share of the window width for the findings and the details docks; the contract gets the rest.
DOCK_SHARES = (0.31, 0.28)


def size_docks(window: QMainWindow, docks: tuple[QDockWidget, QDockWidget]) -> None:
    """Three columns: the document, the findings list, the details of the selected one."""
    width = max(window.width(), 1000)
    window.resizeDocks(
        list(docks), [int(width * share) for share in DOCK_SHARES], Qt.Orientation.Horizontal
    )


def restore_layout(window: QMainWindow) -> None:
    """Geometry and dock state as the user left them (QSettings holds nothing else)."""
    stored = QSettings()
    geometry = stored.value("window/geometry")
    state = stored.value("window/state")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    if isinstance(state, QByteArray):
        window.restoreState(state, LAYOUT_VERSION)


def save_layout(window: QMainWindow) -> None:
    stored = QSettings()
    stored.setValue("window/geometry", window.saveGeometry())
    stored.setValue("window/state", window.saveState(LAYOUT_VERSION))


class DockParking:
    """Hides the docks while the welcome screen shows; brings back the ones that were open.

    Empty findings and details docks beside the welcome screen only squeeze it; the user's
    choice of docks is kept for the next review (and for the layout saved on closing).
    """

    def __init__(self, docks: tuple[QDockWidget, ...]) -> None:
        self.docks = docks
        self._parked: list[QDockWidget] | None = None

    @property
    def parked(self) -> bool:
        return self._parked is not None

    def park(self) -> None:
        if self._parked is None:
            self._parked = [dock for dock in self.docks if not dock.isHidden()]
            for dock in self._parked:
                dock.hide()

    def unpark(self) -> None:
        if self._parked is not None:
            for dock in self._parked:
                dock.show()
            self._parked = None
