"""Deskewing OCR'd pages: words of a tilted page put on a straightened page for the layout,
and lines of the straightened page mapped back onto the page as scanned for highlights.

A page laid 1-2 degrees crooked on the glass is read letter for letter as well as a straight
one, but the boxes of its lines are boxes of slanted lines: a line's box is as high as its
rise, and the left margin drifts sideways down the page, so paragraphs, indents and clause
numbers came apart (quotes cut to "days.", findings lost; docs/ocr.md). The tilt is that of
the baselines Tesseract found; the words' boxes are turned by it about the page's middle, onto
a page grown to hold the turned page, where the layout is read. No pixel is turned: the
packaged app has no image library, and recognition did not suffer at 1-2 degrees.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from ito_desktop.core.model import Box

# A tilt smaller than this leaves the layout intact (1 degree already cut quotes): not turned.
LEAST_SKEW = 0.3
# A page more crooked than this is not a skewed scan: left as Tesseract read it.
MOST_SKEW = 5.0
LEAST_LINES = 3  # lines at least an inch long: fewer, and the page is left as it is


def skew_of(tilts: Sequence[float]) -> float:
    """The tilt (degrees, anticlockwise as seen) of a page whose long lines' baselines rise
    by ``tilts`` degrees: their median, when there are at least LEAST_LINES of them, else 0.0,
    as when too small to matter or too large to be a tilted scan.

    Tesseract's own page angle was not used: on straight pages with few lines (a title page)
    it said 0.4-0.9 degrees where every baseline lay flat."""
    if len(tilts) < LEAST_LINES:
        return 0.0
    skew = statistics.median(tilts)
    return round(skew, 3) if LEAST_SKEW <= abs(skew) <= MOST_SKEW else 0.0


def straight_size(skew: float, size: tuple[float, float]) -> tuple[float, float]:
    """Width and height of a page grown to hold a ``size`` page turned by ``skew`` degrees."""
    cos, sin = abs(math.cos(math.radians(skew))), abs(math.sin(math.radians(skew)))
    width, height = size
    return width * cos + height * sin, width * sin + height * cos


def straighten_box(
    box: tuple[float, float, float, float],
    skew: float,
    size: tuple[float, float],
    straight: tuple[float, float],
) -> tuple[float, float, float, float]:
    """The box (x0, top, x1, bottom) of a word on the tilted page (``size``) on the
    straightened page (``straight``): its middle turned back by ``skew`` degrees, and its width
    and height those of the upright word whose slanted outline the box holds."""
    cos, sin = math.cos(math.radians(skew)), math.sin(math.radians(skew))
    x0, top, x1, bottom = box
    dx, dy = (x0 + x1) / 2 - size[0] / 2, (top + bottom) / 2 - size[1] / 2
    mx = straight[0] / 2 + dx * cos - dy * sin
    my = straight[1] / 2 + dx * sin + dy * cos
    # the slanted outline of a w x h word is w*cos + h*sin wide and w*sin + h*cos high
    w, h, s = x1 - x0, bottom - top, abs(sin)
    shrink = cos * cos - s * s
    width = max((w * cos - h * s) / shrink, w / 2)
    height = max((h * cos - w * s) / shrink, h / 2)
    return mx - width / 2, my - height / 2, mx + width / 2, my + height / 2


def unskew_box(
    box: Box, skew: float, size: tuple[float, float], straight: tuple[float, float]
) -> Box:
    """``box`` on the straightened page (``straight``: its width and height) mapped onto the
    page as scanned (``size``): the bounding box of its four corners turned back."""
    cos, sin = math.cos(math.radians(skew)), math.sin(math.radians(skew))
    cx, cy = straight[0] / 2, straight[1] / 2
    ox, oy = size[0] / 2, size[1] / 2
    xs, ys = [], []
    for x, y in ((box.x0, box.top), (box.x1, box.top), (box.x0, box.bottom), (box.x1, box.bottom)):
        dx, dy = x - cx, y - cy
        xs.append(ox + dx * cos + dy * sin)
        ys.append(oy - dx * sin + dy * cos)
    return Box(max(0.0, min(xs)), max(0.0, min(ys)), min(size[0], max(xs)), min(size[1], max(ys)))
