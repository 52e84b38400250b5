"""Window geometry and dock layout: the default arrangement, saved and restored via QSettings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow

LAYOUT_VERSION = 2  # bump when docks change, so an old saved layout is not restored
DEFAULT_SIZE = (1400, 900)
# The contract on the left, the findings over the details on the right. Three side-by-side
# columns left the contract ~540 px wide (short lines, much scrolling) and the findings list
# too narrow for clause titles; stacked, the right column is wide enough for the longest
# title and for the details' text, and the contract keeps ~56% of the width.
SIDE_SHARE = 0.44
FINDINGS_ROWS = 14  # rows of the findings tree above the details, at the default size
COMPACT_ROWS = 12  # on a short window, with denser rows: the rest goes to the details
COMPACT_HEIGHT = 820  # windows shorter than this (a 1366x768 laptop) use the compact layout
MIN_DETAILS_SHARE = 0.3  # of the right column, whatever the findings would like


FRAME_ALLOWANCE = (16, 40)  # a window manager's border and title bar, not known before showing


def fitted_size(window: QMainWindow) -> tuple[int, int]:
    """The default size, shrunk to the screen's free area (a 1366x768 laptop, say).

    A window taller than the screen hides its status bar and the bottom of the Details dock
    beneath the task bar, out of reach.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return DEFAULT_SIZE
    free = screen.availableGeometry()
    width, height = DEFAULT_SIZE
    if free.width() < width + FRAME_ALLOWANCE[0]:
        width = max(800, free.width() - FRAME_ALLOWANCE[0])
    if free.height() < height + FRAME_ALLOWANCE[1]:
        height = max(560, free.height() - FRAME_ALLOWANCE[1])
    return width, height


def is_compact(window: QMainWindow) -> bool:
    """Whether ``window`` is too short for the roomy layout (denser findings, fewer rows)."""
    return window.height() < COMPACT_HEIGHT


def place_docks(window: QMainWindow, findings: QDockWidget, details: QDockWidget) -> None:
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, findings)
    window.splitDockWidget(findings, details, Qt.Orientation.Vertical)


class DockSizer(QObject):
    """Gives the docks their default sizes once they are on screen at the window's real size.

    Dock sizes set before the window and its docks are shown are lost when the layout first
    runs (and the docks start hidden behind the welcome screen), so the default sizes are
    applied when both docks are first visible, unless a saved layout was restored, and again
    by ``apply()`` (View > Reset layout).
    """

    def __init__(
        self,
        window: QMainWindow,
        docks: tuple[QDockWidget, QDockWidget],
        findings_height: Callable[[int], int],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.docks = docks
        self.findings_height = findings_height  # rows -> pixels of the findings panel
        self.pending = True
        for watched in (window, *docks):
            watched.installEventFilter(self)

    def apply(self) -> None:
        findings, details = self.docks
        if not (self.window.isVisible() and findings.isVisible() and details.isVisible()):
            self.pending = True
            return
        self.pending = False
        layout = self.window.layout()
        assert layout is not None  # a QMainWindow always has its layout
        layout.activate()  # the docks' geometry at the window's current size
        width = max(self.window.width(), 1000)
        self.window.resizeDocks([findings], [int(width * SIDE_SHARE)], Qt.Orientation.Horizontal)
        column = findings.height() + details.height()
        title = findings.height() - findings.widget().height()  # the dock's title bar
        rows = COMPACT_ROWS if is_compact(self.window) else FINDINGS_ROWS
        wanted = self.findings_height(rows) + title
        top = min(wanted, int(column * (1 - MIN_DETAILS_SHARE)))
        self.window.resizeDocks([findings, details], [top, column - top], Qt.Orientation.Vertical)
        layout.activate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.pending and event.type() == QEvent.Type.Show:
            self.apply()
        return False


def restore_layout(window: QMainWindow) -> bool:
    """Geometry and dock state as the user left them (QSettings holds nothing else).

    True when a dock layout was restored."""
    stored = QSettings()
    geometry = stored.value("window/geometry")
    state = stored.value("window/state")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    return isinstance(state, QByteArray) and window.restoreState(state, LAYOUT_VERSION)


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
