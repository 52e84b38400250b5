"""Light, dark and system themes, applied live: Fusion with our palettes, or the platform's own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

LIGHT = "light"
DARK = "dark"
SYSTEM = "system"

_original_style: str | None = None

# Subtle structure the default styles lack: dock titles that read as headers, a toolbar
# separated from the content. Colours come from the palette so both themes work.
_STYLESHEET = """
QDockWidget::title {
    padding: 6px 8px;
    background: palette(window);
    border-bottom: 1px solid palette(mid);
    font-weight: 600;
}
QToolBar#mainToolbar {
    spacing: 4px;
    padding: 3px 6px;
    border-bottom: 1px solid palette(mid);
}
QToolBar#mainToolbar QToolButton { padding: 3px 8px; }
QStatusBar QLabel { padding: 0 8px; }
"""


def light_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#f3f4f6",
        QPalette.ColorRole.WindowText: "#1f2328",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f6f8fa",
        QPalette.ColorRole.ToolTipBase: "#ffffe8",
        QPalette.ColorRole.ToolTipText: "#1f2328",
        QPalette.ColorRole.PlaceholderText: "#6e7781",
        QPalette.ColorRole.Text: "#1f2328",
        QPalette.ColorRole.Button: "#f6f8fa",
        QPalette.ColorRole.ButtonText: "#1f2328",
        QPalette.ColorRole.BrightText: "#cf222e",
        QPalette.ColorRole.Light: "#ffffff",
        QPalette.ColorRole.Midlight: "#eaeef2",
        QPalette.ColorRole.Mid: "#d0d7de",
        QPalette.ColorRole.Dark: "#afb8c1",
        QPalette.ColorRole.Shadow: "#8c959f",
        QPalette.ColorRole.Highlight: "#2f6fd0",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#0b5cad",
        QPalette.ColorRole.LinkVisited: "#6639ba",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    _disabled(palette, "#8c959f")
    return palette


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#25272b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1c1d20",
        QPalette.ColorRole.AlternateBase: "#2a2c31",
        QPalette.ColorRole.ToolTipBase: "#31343a",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8b9098",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2f3237",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Light: "#3a3d43",
        QPalette.ColorRole.Midlight: "#33363b",
        QPalette.ColorRole.Mid: "#44474e",
        QPalette.ColorRole.Dark: "#141518",
        QPalette.ColorRole.Shadow: "#0b0b0d",
        QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7fb2ff",
        QPalette.ColorRole.LinkVisited: "#c6a4ff",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    _disabled(palette, "#6b6f76")
    return palette


def _disabled(palette: QPalette, colour: str) -> None:
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply ``theme`` ("light", "dark" or "system") to ``app``; returns the one in effect."""
    global _original_style
    if _original_style is None:
        _original_style = app.style().name()
    value = str(getattr(theme, "value", theme)).lower()
    if value == SYSTEM:
        # The platform style follows the OS (Windows 11, macOS); where it cannot (Fusion on
        # Linux), honour a dark OS preference with our dark palette.
        app.setStyle(QStyleFactory.create(_original_style) or QStyleFactory.create("Fusion"))
        if system_prefers_dark() and app.style().name().lower() == "fusion":
            app.setPalette(dark_palette())
            effective = DARK
        else:
            app.setPalette(app.style().standardPalette())
            effective = DARK if system_prefers_dark() else LIGHT
    else:
        app.setStyle(QStyleFactory.create("Fusion"))
        effective = DARK if value == DARK else LIGHT
        app.setPalette(dark_palette() if effective == DARK else light_palette())
    app.setStyleSheet(_STYLESHEET)
    app.setProperty("itoTheme", effective)
    return effective


def is_dark(app: QApplication | None = None) -> bool:
    """Whether the palette in effect is dark (widgets that draw colours adapt to it)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128
