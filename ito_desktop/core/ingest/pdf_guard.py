"""Before PDFium: refuse PDFs whose streams would inflate past the limits; mend cut-off files.

PDFium inflates a page's content stream whole (a 1 MB stream of 1 GiB of spaces cost 2 GB of
memory); nothing in its API bounds that. So the streams PDFium decodes to read text --
content, fonts, object and cross-reference streams, everything but images, which are not
decoded for text -- are inflated here first, a chunk at a time with the output thrown away,
counting bytes. Flate (also chained, and after ASCIIHex/ASCII85) is checked; other filters
expand far less and are left to PDFium.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from ito_desktop.core.errors import TooLarge
from ito_desktop.core.ingest.base import Limits
from ito_desktop.core.progress import CancelToken

_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_OBJECT_HEADER = re.compile(rb"(\d+)\s+0\s+obj\b")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_DICT_WINDOW = 4096  # how far before "stream" its dictionary may start
_FILTER = re.compile(rb"/(FlateDecode|Fl|ASCIIHexDecode|AHx|ASCII85Decode|A85)\b|/(\w+)Decode\b")
_CHUNK = 1 << 16
_OUT = 1 << 20


def check_streams(
    path: Path, data: bytes, limits: Limits, cancel: CancelToken | None = None
) -> None:
    """Raise TooLarge if a non-image stream, or all of them, inflate past the limits.

    Linear in the file: each stream's dictionary is looked for only between the previous
    stream keyword and this one (a file of nothing but "1 0 obj" lines once took 10 s a MB).
    """
    total = 0
    previous = 0
    for count, match in enumerate(_STREAM.finditer(data)):
        if cancel is not None and count % 256 == 0:
            cancel.check()
        window = max(previous, match.start() - _DICT_WINDOW)
        previous = match.end()
        head = data.rfind(b"obj", window, match.start())
        dictionary = data[head if head >= 0 else window : match.start()]
        if b"/Image" in dictionary or (b"Decode" not in dictionary and b"/Fl" not in dictionary):
            continue
        end = data.find(b"endstream", match.end())
        raw = data[match.end() : end if end >= 0 else len(data)]
        size = _inflated_size(raw, _filters(dictionary), limits.max_part_bytes + 1)
        total += size
        if size > limits.max_part_bytes or total > limits.max_uncompressed_bytes:
            limit = (limits.max_part_bytes if size > limits.max_part_bytes
                     else limits.max_uncompressed_bytes)
            raise TooLarge(
                f"{path.name} holds compressed data that unpacks to more than "
                f"{limit / 1e6:,.0f} MB, over the limit; it was not read (it may be built to "
                "exhaust memory).",
                path=path,
                details=f"stream at byte {match.end()}",
            )


def _filters(dictionary: bytes) -> list[str]:
    """The stream's filters in order, with abbreviations expanded; others by their name."""
    names = {"Fl": "FlateDecode", "AHx": "ASCIIHexDecode", "A85": "ASCII85Decode"}
    found = []
    for known, other in _FILTER.findall(dictionary):
        name = known.decode() if known else other.decode() + "Decode"
        found.append(names.get(name, name))
    return found


def _inflated_size(raw: bytes, filters: list[str], cap: int) -> int:
    """Bytes the filter chain produces, counted up to ``cap`` (0 if it cannot be decoded)."""
    data = raw
    index = 0
    while index < len(filters) and filters[index] in ("ASCIIHexDecode", "ASCII85Decode"):
        try:  # these only shrink the data, so decoding them whole is safe
            data = _ascii_decode(data, filters[index])
        except (ValueError, binascii.Error):
            return 0
        index += 1
    flates = 0
    while index < len(filters) and filters[index] == "FlateDecode":
        flates += 1
        index += 1
    if not flates:
        return 0
    count = 0
    for piece in _inflate(_chunks(data), flates):
        count += len(piece)
        if count >= cap:
            break
    return count


def _ascii_decode(data: bytes, name: str) -> bytes:
    if name == "ASCIIHexDecode":
        text = re.sub(rb"\s+", b"", data.split(b">", 1)[0])
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    body = data.split(b"~>", 1)[0].strip()
    return base64.a85decode(body[2:] if body.startswith(b"<~") else body)


def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), _CHUNK):
        yield data[start : start + _CHUNK]


def _inflate(pieces: Iterator[bytes], layers: int) -> Iterator[bytes]:
    """Inflate ``layers`` nested Flate encodings lazily; stops quietly on damaged data."""
    if layers > 1:
        pieces = _inflate(pieces, layers - 1)
    inflater = zlib.decompressobj()
    try:
        for piece in pieces:
            out = inflater.decompress(piece, _OUT)
            while True:
                if out:
                    yield out
                if not inflater.unconsumed_tail or inflater.eof:
                    break
                out = inflater.decompress(inflater.unconsumed_tail, _OUT)
            if inflater.eof:
                return
    except zlib.error:
        return


def with_trailer(data: bytes) -> bytes | None:
    """A cut-off PDF (a download that stopped) with a trailer naming its catalog appended.

    The cross-reference table and the trailer are at the end, so a cut file has neither and
    PDFium refuses it; given a trailer it rebuilds the table by scanning the objects, and the
    pages that arrived can be read. None when no catalog object survived the cut.
    """
    end = len(data)
    for _ in range(8):  # the last few only: a crafted file may say /Catalog millions of times
        at = data.rfind(b"/Catalog", 0, end)
        if at < 0:
            return None
        end = at
        if not _CATALOG.search(data, max(0, at - 64), at + 9):
            continue
        headers = list(_OBJECT_HEADER.finditer(data, max(0, at - _DICT_WINDOW), at))
        if headers and b"endobj" not in data[headers[-1].end() : at]:
            return data + b"\ntrailer\n<< /Root " + headers[-1].group(1) + b" 0 R >>\n%%EOF\n"
    return None
