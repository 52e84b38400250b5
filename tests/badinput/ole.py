"""A minimal OLE compound-file writer: old Word .doc files and password-protected .docx shells."""

from __future__ import annotations

import struct
from pathlib import Path

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SECTOR = 512
MINI_CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, start: int, size: int, child: int = NO_STREAM,
           right: int = NO_STREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded, len(encoded), kind, 1, NO_STREAM, right, child, bytes(16), 0, 0, 0,
        start, size,
    )


def write_compound_file(path: Path, streams: dict[str, bytes]) -> Path:
    """Write a version-3 compound file holding ``streams`` in its root storage.

    Every stream is padded to the mini-stream cutoff so that all of them live in ordinary
    sectors (a valid layout that needs no mini stream); sibling entries are chained to the
    right in the order the format sorts names (length, then upper case).
    """
    names = sorted(streams, key=lambda name: (len(name), name.upper()))
    data = {name: streams[name].ljust(MINI_CUTOFF, b"\0") for name in names}
    entries = 1 + len(names)
    dir_sectors = -(-entries * 128 // SECTOR)
    data_sectors = sum(-(-len(blob) // SECTOR) for blob in data.values())
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + dir_sectors + data_sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("streams too large for a header-only FAT")
    fat: list[int] = [FAT_SECTOR] * fat_sectors
    first_dir = len(fat)
    fat += [*range(first_dir + 1, first_dir + dir_sectors), END]
    starts: dict[str, int] = {}
    for name in names:
        count = -(-len(data[name]) // SECTOR)
        starts[name] = len(fat)
        fat += [*range(len(fat) + 1, len(fat) + count), END]
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))

    directory = _entry("Root Entry", 5, END, 0, child=1 if names else NO_STREAM)
    for index, name in enumerate(names, start=1):
        following = index + 1 if index < len(names) else NO_STREAM
        directory += _entry(name, 2, starts[name], len(streams[name].ljust(MINI_CUTOFF, b"\0")),
                            right=following)
    directory = directory.ljust(dir_sectors * SECTOR, b"\0")
    # Unused directory slots must read as empty entries whose sibling/child ids are NO_STREAM.
    for slot in range(entries, dir_sectors * SECTOR // 128):
        offset = slot * 128
        directory = (directory[:offset] + _entry("", 0, 0, 0) + directory[offset + 128:])

    difat = [*range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        MAGIC, bytes(16), 0x003E, 0x0003, 0xFFFE, 9, 6, bytes(6), 0, fat_sectors, first_dir,
        0, MINI_CUTOFF, END, 0, END, 0,
    ) + struct.pack("<109I", *difat)
    body = struct.pack(f"<{len(fat)}I", *fat) + directory
    for name in names:
        body += data[name].ljust(-(-len(data[name]) // SECTOR) * SECTOR, b"\0")
    path.write_bytes(header + body)
    return path
