"""The pages of a multi-page TIFF, each cut out as a TIFF file of its own, without decoding.

The OCR engine (Leptonica inside tesserocr) reads only the first page of a TIFF file, and the
packaged app has no image library of its own. A TIFF page is a directory of tags (an IFD) plus
the strips or tiles its tags point to; copying one directory with its values and its strips,
offsets rewritten, makes a one-page TIFF in any compression (CCITT G4, LZW, JPEG ...) that the
engine decodes itself. Pages are cut out one at a time, when the OCR asks for them.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

# Bytes of one value of each TIFF field type (BYTE, ASCII, SHORT, LONG, RATIONAL, SBYTE,
# UNDEFINED, SSHORT, SLONG, SRATIONAL, FLOAT, DOUBLE). Type 13 (IFD) points elsewhere and
# unknown types cannot be copied: their entries are dropped.
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}
_SHORT, _LONG = 3, 4
_WIDTH, _HEIGHT = 256, 257
# Offsets to image data, with the tag holding their lengths: strips, tiles, old-style JPEG.
_DATA_TAGS = {273: 279, 324: 325, 513: 514}
# Tags pointing to other directories (sub-images, Exif, GPS, ...): not needed to read a page.
_POINTER_TAGS = frozenset({330, 400, 34665, 34853, 40965})


class TiffError(Exception):
    """The TIFF's structure is damaged; ``str()`` says where."""


@dataclass(frozen=True, slots=True)
class TiffPage:
    """One page of a TIFF: where its directory starts, and the pixel size it declares."""

    number: int  # 1-based
    offset: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class _Entry:
    tag: int
    kind: int
    count: int
    # the field's bytes as stored (in the file's byte order): a view into the file, not a copy,
    # so that a directory of thousands of tags pointing at the whole file costs nothing
    value: bytes | memoryview
    # the value's offset points past the end of the file (value empty): the page it belongs to
    # cannot be cut out, but the other pages can
    past_end: bool = False


def tiff_pages(data: bytes, most: int) -> list[TiffPage]:
    """The pages of the TIFF ``data`` in order, at most ``most + 1`` of them (enough to tell
    that there are more than ``most``). Raises TiffError on a damaged structure."""
    order = _byte_order(data)
    offset = _unpack(order + "I", data, 4)[0]
    pages: list[TiffPage] = []
    seen: set[int] = set()
    while offset and len(pages) <= most:
        if offset in seen:
            raise TiffError(f"its page directories loop back (at byte {offset})")
        seen.add(offset)
        entries, following = _directory(data, order, offset)
        width, height = _number(entries, _WIDTH, order), _number(entries, _HEIGHT, order)
        pages.append(TiffPage(len(pages) + 1, offset, width, height))
        offset = following
    if not pages:
        raise TiffError("it has no pages")
    return pages


def single_page(data: bytes, page: TiffPage) -> bytes:
    """``page`` of the TIFF ``data`` as a one-page TIFF file in the same byte order. Raises
    TiffError, saying what is wrong with the page ("its image data ..."), when it cannot."""
    order = _byte_order(data)
    entries, _ = _directory(data, order, page.offset)
    # A tag given twice counts once, as its first copy: the one libtiff reads, and the one the
    # page's size was checked on (``tiff_pages``).
    by_tag: dict[int, _Entry] = {}
    for entry in entries:
        if entry.kind in _TYPE_SIZES and entry.tag not in _POINTER_TAGS:
            by_tag.setdefault(entry.tag, entry)
    kept = sorted(by_tag.values(), key=lambda e: e.tag)
    lost = [entry.tag for entry in kept if entry.past_end]
    if lost:
        raise TiffError(f"its tag {lost[0]} points past the end of the file")
    if sum(len(e.value) for e in kept) > len(data):  # values that overlap: a hostile file
        raise TiffError("its tags hold more data than the file")
    chunks: dict[int, list[bytes]] = {}
    total = 0
    for tag, length_tag in _DATA_TAGS.items():
        if tag not in by_tag:
            continue
        if length_tag not in by_tag:
            raise TiffError("it gives image data without its length")
        starts = _numbers(by_tag[tag], order)
        lengths = _numbers(by_tag[length_tag], order)
        if len(starts) != len(lengths):
            raise TiffError(f"it has {len(starts)} strips and {len(lengths)} strip lengths")
        pieces = []
        for start, length in zip(starts, lengths, strict=True):
            if start + length > len(data):
                raise TiffError("its image data runs past the end of the file")
            total += length
            if total > len(data):  # strips that overlap, as only a hostile file has
                raise TiffError("its image data is larger than the file")
            pieces.append(data[start : start + length])
        chunks[tag] = pieces
    # The layout: header, the directory, the values too long to sit in it, the image data.
    values_at = 8 + 2 + 12 * len(kept) + 4
    out_values = bytearray()
    out_data = bytearray()
    data_at: dict[int, list[int]] = {}
    # Image data goes after all values; its offsets are known once the values are laid out.
    sizes = {tag: len(pieces) * 4 for tag, pieces in chunks.items()}
    value_bytes = sum(
        _padded(sizes.get(e.tag, len(e.value))) for e in kept if sizes.get(e.tag, len(e.value)) > 4
    )
    at = values_at + value_bytes
    for tag, pieces in chunks.items():
        data_at[tag] = []
        for piece in pieces:
            data_at[tag].append(at)
            out_data += piece + (b"\0" if len(piece) % 2 else b"")
            at += _padded(len(piece))
    table = bytearray(struct.pack(order + "H", len(kept)))
    for entry in kept:
        kind, count, value = entry.kind, entry.count, bytes(entry.value)
        if entry.tag in data_at:
            kind, count = _LONG, len(data_at[entry.tag])
            value = struct.pack(f"{order}{count}I", *data_at[entry.tag])
        if len(value) <= 4:
            field = value.ljust(4, b"\0")
        else:
            field = struct.pack(order + "I", values_at + len(out_values))
            out_values += value + (b"\0" if len(value) % 2 else b"")
        table += struct.pack(order + "HHI", entry.tag, kind, count) + field
    table += b"\0\0\0\0"  # no next page
    magic = b"II*\0" if order == "<" else b"MM\0*"
    return magic + struct.pack(order + "I", 8) + bytes(table) + bytes(out_values) + out_data


def _byte_order(data: bytes) -> str:
    if data.startswith(b"II*\0"):
        return "<"
    if data.startswith(b"MM\0*"):
        return ">"
    raise TiffError("it does not start like a TIFF file")


def _unpack(fmt: str, data: bytes, at: int) -> tuple[int, ...]:
    """Numbers from ``data`` at ``at``; TiffError when they would run past its end."""
    size = struct.calcsize(fmt)
    if at < 0 or at + size > len(data):
        raise TiffError(f"it points past its end (to byte {at})")
    return struct.unpack_from(fmt, data, at)


def _directory(data: bytes, order: str, offset: int) -> tuple[list[_Entry], int]:
    """The entries of the directory at ``offset`` and the offset of the next one (0: none)."""
    (count,) = _unpack(order + "H", data, offset)
    entries = []
    view = memoryview(data)
    for index in range(count):
        tag, kind, number, at = _unpack(order + "HHII", data, offset + 2 + 12 * index)
        field = struct.pack(order + "I", at)  # the value itself when it fits in four bytes
        size = _TYPE_SIZES.get(kind, 0) * number
        if size > 4 and at + size > len(data):
            entries.append(_Entry(tag, kind, number, b"", past_end=True))
            continue
        value = view[at : at + size] if size > 4 else field[:size]
        entries.append(_Entry(tag, kind, number, value))
    (following,) = _unpack(order + "I", data, offset + 2 + 12 * count)
    return entries, following


def _numbers(entry: _Entry, order: str) -> tuple[int, ...]:
    if entry.kind not in (_SHORT, _LONG):
        raise TiffError(f"tag {entry.tag} holds {entry.kind}-type values, not offsets")
    code = "H" if entry.kind == _SHORT else "I"
    return struct.unpack(f"{order}{entry.count}{code}", entry.value)


def _number(entries: list[_Entry], tag: int, order: str) -> int:
    for entry in entries:
        if (
            entry.tag == tag
            and entry.kind in (_SHORT, _LONG)
            and entry.count >= 1
            and not entry.past_end
        ):
            return _numbers(entry, order)[0]
    raise TiffError(f"a page does not say its {'width' if tag == _WIDTH else 'height'}")


def _padded(size: int) -> int:
    return size + size % 2
