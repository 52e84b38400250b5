"""Squeeze out the zero padding that wheel repair tools leave between an ELF library's segments.

The tesserocr wheel's bundled libraries (tesserocr.libs/: Tesseract, Leptonica, libtiff, libwebp
...) were rewritten by patchelf, which placed each moved segment at a 2 MiB boundary of the
file: libwebpmux is 6.3 MB on disk of which 6.2 MB are zeros, about 19 MB in all. The loader
needs a segment's file offset to match its address only modulo the page size (4 KiB on
x86-64), so whole pages of zeros between segments can be cut out, every file offset after them
moved down, and the segments' alignment lowered to the page size. Nothing that is mapped or
read changes. Plain Python, no PyInstaller import: build.spec calls it, the tests check it.
"""

from __future__ import annotations

import struct

PAGE = 4096
_X86_64 = 62
_PT_LOAD = 1
_SHT_NOBITS = 8
_EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
_PHDR = struct.Struct("<IIQQQQQQ")
_SHDR = struct.Struct("<IIQQQQIIQQ")


def squeezed(data: bytes) -> bytes:
    """``data`` (a shared library) without its page-sized runs of zero padding between what the
    headers point at; unchanged if it is not a 64-bit little-endian x86-64 ELF file or has no
    such padding."""
    if len(data) < _EHDR.size or data[:6] != b"\x7fELF\x02\x01":
        return data
    header = list(_EHDR.unpack_from(data))
    machine, phoff, shoff = header[2], header[5], header[6]
    phnum, shnum = header[10], header[12]
    if machine != _X86_64 or phoff + phnum * _PHDR.size > len(data):
        return data
    if shoff + shnum * _SHDR.size > len(data):
        return data
    programs = [list(_PHDR.unpack_from(data, phoff + i * _PHDR.size)) for i in range(phnum)]
    sections = [list(_SHDR.unpack_from(data, shoff + i * _SHDR.size)) for i in range(shnum)]
    used = [(0, _EHDR.size), (phoff, phoff + phnum * _PHDR.size)]
    used.append((shoff, shoff + shnum * _SHDR.size))
    used += [(p[2], p[2] + p[5]) for p in programs if p[5]]
    used += [(s[4], s[4] + s[5]) for s in sections if s[1] != _SHT_NOBITS and s[5]]
    cuts = _zero_pages(data, sorted(used))
    if not cuts:
        return data

    def moved(offset: int) -> int:
        shift = 0
        for start, end in cuts:
            if offset >= end:
                shift += end - start
            elif offset > start:  # inside a cut: only an empty section's nominal offset
                shift += offset - start
        return offset - shift

    out = bytearray()
    at = 0
    for start, end in cuts:
        out += data[at:start]
        at = end
    out += data[at:]
    header[5], header[6] = moved(phoff), moved(shoff)
    _EHDR.pack_into(out, 0, *header)
    for index, program in enumerate(programs):
        program[2] = moved(program[2])
        if program[0] == _PT_LOAD and program[7] > PAGE and (program[3] - program[2]) % program[7]:
            program[7] = PAGE
        _PHDR.pack_into(out, header[5] + index * _PHDR.size, *program)
    for index, section in enumerate(sections):
        section[4] = moved(section[4])
        _SHDR.pack_into(out, header[6] + index * _SHDR.size, *section)
    return bytes(out)


def _zero_pages(data: bytes, used: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Whole pages of zeros just before each range in ``used`` (sorted) and after whatever
    precedes it (an unused leftover, such as patchelf's old section table, stays), as (start,
    end) pairs."""
    cuts = []
    reached = 0
    for start, end in used:
        if start > reached:
            content = reached + len(data[reached:start].rstrip(b"\0"))
            size = (start - content) // PAGE * PAGE
            if size:
                cuts.append((start - size, start))
        reached = max(reached, end)
    return cuts
