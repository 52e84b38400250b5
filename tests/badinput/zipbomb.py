"""Write zip archives by hand: parts given as raw deflate streams, e.g. a part of 1 GiB in 1 MB."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

_DOS_TIME, _DOS_DATE = 0, (2024 - 1980) << 9 | 1 << 5 | 1


@dataclass(frozen=True)
class RawPart:
    """One zip entry: its deflated bytes, the CRC and size of what they inflate to."""

    name: str
    deflated: bytes
    crc: int
    size: int


def deflate(data: bytes) -> RawPart:
    """A RawPart for ordinary bytes (the name is filled in by :func:`named`)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return RawPart("", packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def named(name: str, part: RawPart) -> RawPart:
    return RawPart(name, part.deflated, part.crc, part.size)


def repeated(prefix: bytes, filler: bytes, chunk_count: int, suffix: bytes) -> RawPart:
    """``prefix + filler * chunk_count + suffix`` as deflate data, without deflating it all.

    A full flush leaves the compressor with an empty window, so once ``filler`` has been
    deflated after one, the same bytes come out for every further copy: they are repeated.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(filler) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(filler) + packer.flush(zlib.Z_FULL_FLUSH)
    assert again == block, "deflate output of the filler depends on what came before"
    tail = packer.compress(suffix) + packer.flush()
    crc = zlib.crc32(prefix)
    for _ in range(chunk_count):
        crc = zlib.crc32(filler, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + len(filler) * chunk_count + len(suffix)
    return RawPart("", head + block * chunk_count + tail, crc, size)


def write_zip(path: Path, parts: list[RawPart], *, claimed_sizes: dict[str, int] | None = None
              ) -> Path:
    """Write ``parts`` as a zip; ``claimed_sizes`` makes both headers lie about some sizes."""
    claimed_sizes = claimed_sizes or {}
    body = bytearray()
    central = bytearray()
    for part in parts:
        name = part.name.encode("utf-8")
        size = claimed_sizes.get(part.name, part.size)
        if size >= 1 << 32 or len(part.deflated) >= 1 << 32:
            raise ValueError("zip64 is not needed here and not written")
        fields = (20, 0, 8, _DOS_TIME, _DOS_DATE, part.crc, len(part.deflated), size, len(name))
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name + part.deflated
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIH", *fields)
        central += struct.pack("<HHHHII", 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central),
                      len(body), 0)
    path.write_bytes(bytes(body + central + end))
    return path
