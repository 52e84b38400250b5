"""Ink on a scanned page image, and the share of it that no recognised word covers.

Tesseract's confidence is the mean over the words it found, so a region it dropped (noise, a
smudge) leaves the confidence high; the ink it did not read says so instead. Plain numpy on
cells of about 1/100 inch, some 20 ms a page.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

Cells = npt.NDArray[np.bool_]
PixelBox = tuple[float, float, float, float]  # x0, top, x1, bottom in pixels

_CELL_DPI = 100.0
# A cell is ink when its darkest pixel is darker than this share of the paper around it (the
# lightest cell of its tile of ~1/6 inch): text in a shadow is ink, the shadow is not, nor is a
# solid black patch larger than a tile (a redaction); the edge of a shadow leaves a strip at
# most a tile wide, too thin to count (below).
_DARKER_THAN = 0.6
_PAPER_INCHES = 0.16
# A run of ink this long and at most this thick is a rule, a table border or the dark edge of
# the scanner's lid, not text (a word is at most about an inch long at 11 points). Runs long
# both ways (a picture, a smudge, noise) are ink.
_RULE_INCHES = 1.5
_THIN_INCHES = 0.2
# A word's box is widened by this much: the strokes of its letters reach its edges.
_MARGIN_INCHES = 0.02


def ink_cells(pixels: bytes, width: int, height: int, dpi: float) -> tuple[Cells, int]:
    """Which cells of the 8-bit grey page image (rows packed) hold ink, and the cell size in
    pixels."""
    factor = max(1, round(dpi / _CELL_DPI))
    rows, cols = height // factor, width // factor
    grey = np.frombuffer(pixels, dtype=np.uint8, count=width * height).reshape(height, width)
    grey = grey[: rows * factor, : cols * factor]
    darkest = grey[0::factor].copy()
    for offset in range(1, factor):  # slice by slice: a 4-d reshape reduces 5x slower
        np.minimum(darkest, grey[offset::factor], out=darkest)
    cells = darkest[:, 0::factor].copy()
    for offset in range(1, factor):
        np.minimum(cells, darkest[:, offset::factor], out=cells)
    block = max(1, round(_PAPER_INCHES * _CELL_DPI))
    paper = _block_max(cells, block)
    return cells < _DARKER_THAN * paper, factor


def _block_max(cells: npt.NDArray[np.uint8], block: int) -> npt.NDArray[np.float32]:
    """Each cell's paper: the lightest cell of its ``block`` x ``block`` tile."""
    rows, cols = cells.shape
    padded = np.full((-(-rows // block) * block, -(-cols // block) * block), 0, np.uint8)
    padded[:rows, :cols] = cells
    tiles = padded.reshape(padded.shape[0] // block, block, padded.shape[1] // block, block)
    lightest = tiles.max(axis=(1, 3)).astype(np.float32)
    return np.repeat(np.repeat(lightest, block, axis=0), block, axis=1)[:rows, :cols]


def _run_lengths(ink: Cells) -> npt.NDArray[np.int32]:
    """For each ink cell, the length of the run of ink along its row that holds it."""
    edges = np.diff(np.pad(ink, ((0, 0), (1, 1))).view(np.int8), axis=1)
    starts, ends = np.nonzero(edges == 1)[1], np.nonzero(edges == -1)[1]
    lengths = (ends - starts).astype(np.int32)
    out = np.zeros(ink.shape, np.int32)
    out[ink] = np.repeat(lengths, lengths)  # runs, like ink cells, come in row-major order
    return out


def unread_share(ink: Cells, factor: int, dpi: float, words: Iterable[PixelBox]) -> float:
    """The share (0..1) of the ink cells outside every box of ``words`` (pixels); rules and
    borders are not counted."""
    across, down = _run_lengths(ink), _run_lengths(ink.T).T
    long, thin = _RULE_INCHES * dpi / factor, _THIN_INCHES * dpi / factor
    rule = ((across >= long) & (down <= thin)) | ((down >= long) & (across <= thin))
    text = ink & ~rule
    total = int(np.count_nonzero(text))
    if not total:
        return 0.0
    read = np.zeros_like(text)
    margin = max(1, round(_MARGIN_INCHES * dpi))
    for box in words:
        x0, top, x1, bottom = (int(edge) for edge in box)
        read[
            max(0, top - margin) // factor : (bottom + margin) // factor + 1,
            max(0, x0 - margin) // factor : (x1 + margin) // factor + 1,
        ] = True
    return float(np.count_nonzero(text & ~read)) / total
