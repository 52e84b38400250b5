"""Status colours, words and icons: every status has a word, a readable colour and its own shape."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from PySide6.QtGui import QColor, QImage, QPalette

from ito_desktop.ui.common.highlight import (
    STATUS_COLORS,
    STATUS_WORDS,
    Highlight,
    HighlightKind,
    highlight_background,
    is_dark,
    status_icon,
)

STATUSES = ("present", "weak", "missing", "not_applicable", "risk")


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def _contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _shape(status: str, size: int = 32) -> dict[tuple[int, int], str]:
    """Hue-blind picture of an icon: each visible pixel is "ink" or "light" (the glyph)."""
    image = status_icon(status, size).pixmap(size, size).toImage()
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    shape = {}
    for x in range(image.width()):
        for y in range(image.height()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() > 128:
                shape[(x, y)] = "light" if pixel.lightness() > 200 else "ink"
    return shape


def test_every_status_has_a_word_and_a_colour() -> None:
    assert STATUS_WORDS["present"] == "Present"
    assert STATUS_WORDS["not_applicable"] == "Not applicable"
    for status in STATUSES:
        assert STATUS_WORDS[status]
        assert STATUS_COLORS[status].isValid()


@pytest.mark.parametrize("status", STATUSES)
def test_status_colours_read_on_light_and_dark_backgrounds(status: str) -> None:
    # WCAG 1.4.11: graphical objects need 3:1 against what surrounds them.
    color = STATUS_COLORS[status]
    assert _contrast(color, QColor("#ffffff")) >= 3.0
    assert _contrast(color, QColor("#1c1d20")) >= 3.0


@pytest.mark.usefixtures("qapp")
def test_icons_differ_by_shape_not_only_colour() -> None:
    shapes = {status: _shape(status) for status in STATUSES}
    for status, shape in shapes.items():
        assert len(shape) > 60, f"{status} icon is nearly empty"
    for first, second in itertools.combinations(STATUSES, 2):
        a, b = shapes[first], shapes[second]
        differing = sum(a.get(pixel) != b.get(pixel) for pixel in a.keys() | b.keys())
        assert differing > 0.2 * max(len(a), len(b)), (first, second, differing)


@pytest.mark.usefixtures("qapp")
def test_icons_have_both_resolutions_and_unknown_statuses_still_draw() -> None:
    icon = status_icon("present", 16)
    sizes = {(size.width(), size.height()) for size in icon.availableSizes()}
    assert {(16, 16), (32, 32)} <= sizes
    assert not status_icon("something_new").pixmap(16, 16).isNull()
    assert status_icon(HighlightKind.RISK) is status_icon("risk")


def test_highlight_is_a_frozen_value() -> None:
    item = Highlight(10, 20, HighlightKind.WEAK, "WEAK · Exit plan", "exit_plan")
    assert item.kind == "weak"
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.start = 3  # type: ignore[misc]


@pytest.mark.usefixtures("qapp")
def test_highlight_background_is_translucent_and_stronger_on_dark() -> None:
    light = QPalette()
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1c1d20"))
    assert not is_dark(light)
    assert is_dark(dark)
    on_light = highlight_background("present", light)
    on_dark = highlight_background("present", dark)
    assert 0 < on_light.alpha() < on_dark.alpha() < 255
    assert on_light.rgb() == STATUS_COLORS["present"].rgb()
