"""Light, dark and system themes, applied live: Fusion with our palettes, or the platform's own."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

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


class FusionStyle(QProxyStyle):
    """Fusion, with check boxes and radio buttons that stay visible on a dark palette.

    Fusion outlines them a shade darker than the window and fills them with the base colour;
    on the dark palette both match their background so closely (about 1.1:1) that the
    unchecked *Done* boxes vanished on every other row of the findings list.
    """

    # How far the outline goes from the base colour towards the text colour.
    OUTLINE_MIX = 0.45

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        palette = option.palette
        kind = QStyle.PrimitiveElement
        if (
            element not in (kind.PE_IndicatorCheckBox, kind.PE_IndicatorRadioButton)
            or palette.color(QPalette.ColorRole.Window).lightness() >= 128
        ):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(checkbox_outline(palette), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = option.rect
        if element == kind.PE_IndicatorCheckBox:
            painter.drawRect(QRectF(rect).adjusted(0.5, 0.5, -1.5, -1.5))
        else:  # the circle Fusion draws: centre and radius as in qfusionstyle.cpp
            radius = (rect.width() + (rect.width() + 1) % 2) / 2.0 - 1
            painter.drawEllipse(QPointF(rect.center()) + QPointF(1, 1), radius, radius)
        painter.restore()


def checkbox_outline(palette: QPalette) -> QColor:
    """A check-box outline colour that reads on the base colour it is drawn on (about 3:1)."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    mix = FusionStyle.OUTLINE_MIX
    return QColor(
        round(base.red() + (text.red() - base.red()) * mix),
        round(base.green() + (text.green() - base.green()) * mix),
        round(base.blue() + (text.blue() - base.blue()) * mix),
    )


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
        platform = QStyleFactory.create(_original_style) or QStyleFactory.create("Fusion")
        if system_prefers_dark() and platform.name().lower() == "fusion":
            app.setStyle(FusionStyle())
            app.setPalette(dark_palette())
            effective = DARK
        else:
            app.setStyle(platform)
            app.setPalette(app.style().standardPalette())
            effective = DARK if system_prefers_dark() else LIGHT
    else:
        app.setStyle(FusionStyle())
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
