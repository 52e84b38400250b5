"""A one-second pulse over a freshly shown range, so the eye finds it after a jump."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QTextEdit

from ito_desktop.ui.common.highlight import is_dark
from ito_desktop.ui.document.doc_highlights import Selection, extra_selection, hide_selection

FLASH_MS = 1000
FLASH_TICK_MS = 40
FLASH_COLOR = QColor("#fab005")


class SelectionFlash(QObject):
    """Animates an extra selection's background; the real selection reappears at the end."""

    def __init__(
        self, editor: QTextEdit, apply: Callable[[list[Selection]], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._apply = apply
        self._pieces: list[tuple[int, int]] = []
        self._step = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FLASH_TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self, pieces: list[tuple[int, int]]) -> None:
        """Flash view ranges ``pieces``."""
        self._pieces = pieces
        self._step = 0
        # The text selection is painted over extra selections: hide it while the pulse runs.
        self._editor.setPalette(hide_selection(self._editor.palette()))
        self._timer.start()
        self._tick()

    def stop(self) -> None:
        if self._timer.isActive() or self._pieces:
            self._timer.stop()
            self._pieces = []
            self._editor.setPalette(QPalette())
            self._apply([])

    def is_active(self) -> bool:
        return self._timer.isActive()

    def _tick(self) -> None:
        steps = FLASH_MS // FLASH_TICK_MS
        if self._step >= steps:
            self.stop()
            return
        t = self._step / steps
        self._step += 1
        strength = (1 - t) * (0.55 + 0.45 * math.cos(4 * math.pi * t))  # two pulses, fading
        color = QColor(FLASH_COLOR)
        color.setAlpha(int(60 + 170 * strength))
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        if not is_dark(self._editor.palette()) or strength > 0.4:
            fmt.setForeground(QColor("#1f2328"))
        self._apply([extra_selection(self._editor, lo, hi, fmt) for lo, hi in self._pieces])
