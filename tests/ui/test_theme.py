"""Themes: unchecked check boxes and radio buttons stay visible on the dark palette."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QStyleFactory,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ito_desktop.ui.window.theme import DARK, LIGHT, apply_theme, checkbox_outline


def _luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def strongest_contrast(image: QImage, area: QRect, background: QColor) -> float:
    """The largest contrast of any pixel in ``area`` against ``background``."""
    area = area.intersected(image.rect())
    return max(
        contrast(QColor(image.pixel(x, y)), background)
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
    )


@pytest.fixture
def app_theme() -> Iterator[QApplication]:
    """Lets a test apply a theme; the application's style and palette are restored after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette, sheet = app.style().name(), QPalette(app.palette()), app.styleSheet()
    yield app
    app.setStyle(QStyleFactory.create(style))
    app.setPalette(palette)
    app.setStyleSheet(sheet)


def _indicators(qtbot: QtBot) -> tuple[QWidget, QCheckBox, QRadioButton, QListWidget]:
    # No text beside the indicators: every contrasting pixel belongs to the box or circle.
    holder = QWidget()
    qtbot.addWidget(holder)
    check, radio, rows = QCheckBox(), QRadioButton(), QListWidget()
    for _ in range(2):  # the second row is drawn on the alternate base colour
        item = QListWidgetItem("")
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        rows.addItem(item)
    rows.setAlternatingRowColors(True)
    rows.setFixedHeight(80)
    layout = QVBoxLayout(holder)
    for widget in (check, radio, rows):
        layout.addWidget(widget)
    holder.resize(200, 160)
    holder.show()
    qtbot.waitExposed(holder)
    return holder, check, radio, rows


def test_unchecked_indicators_are_visible_on_the_dark_palette(
    qtbot: QtBot, app_theme: QApplication
) -> None:
    assert apply_theme(app_theme, DARK) == DARK
    holder, check, radio, rows = _indicators(qtbot)
    window = app_theme.palette().color(QPalette.ColorRole.Window)
    for button in (check, radio):
        image = button.grab().toImage()
        # Before, the outline was a shade darker than the window: about 1.1:1.
        assert strongest_contrast(image, button.rect(), window) >= 2.5, type(button).__name__
    image = rows.viewport().grab().toImage()
    for row in range(rows.count()):
        area = rows.visualItemRect(rows.item(row)).adjusted(0, 1, 0, -1)
        background = QColor(image.pixel(area.right() - 2, area.center().y()))
        assert strongest_contrast(image, area, background) >= 2.5, f"row {row}"
    assert contrast(checkbox_outline(app_theme.palette()), window) >= 2.5
    holder.close()


def test_the_light_theme_draws_the_indicators_as_fusion_does(
    qtbot: QtBot, app_theme: QApplication
) -> None:
    assert apply_theme(app_theme, LIGHT) == LIGHT
    holder, check, radio, _rows = _indicators(qtbot)
    ours = [button.grab().toImage() for button in (check, radio)]
    app_theme.setStyle(QStyleFactory.create("Fusion"))  # the palette stays the light one
    fusion = [button.grab().toImage() for button in (check, radio)]
    assert ours == fusion
    holder.close()
