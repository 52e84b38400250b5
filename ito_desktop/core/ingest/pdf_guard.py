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
from enum import Enum
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
    """Raise TooLarge if a non-image stream, or all of them, inflate past the limits, or if a
    page would make PDFium build more than ``max_page_objects`` text and drawing objects.

    Linear in the file: each stream's dictionary is looked for only between the previous
    stream keyword and this one (a file of nothing but "1 0 obj" lines once took 10 s a MB).
    """
    total = 0
    previous = 0
    tally = _Tally()
    for count, match in enumerate(_STREAM.finditer(data)):
        if cancel is not None and count % 256 == 0:
            cancel.check()
        window = max(previous, match.start() - _DICT_WINDOW)
        previous = match.end()
        head = data.rfind(b"obj", window, match.start())
        dictionary = data[head if head >= 0 else window : match.start()]
        if b"/Image" in dictionary:
            continue
        number = _object_number(data, head) if head >= 0 else None
        end = data.find(b"endstream", match.end())
        raw = data[match.end() : end if end >= 0 else len(data)]
        kind = _kind(dictionary)
        if b"Decode" not in dictionary and b"/Fl" not in dictionary:
            if kind is _Kind.DRAWN:  # stored as it is: PDFium parses these bytes as they are
                tally.add(number, dictionary, [raw], cancel)
            continue
        pieces, whole = _decoded(raw, _filters(dictionary))
        size = 0
        for piece in pieces:
            size += len(piece)
            if kind is _Kind.DRAWN and whole:
                tally.add(number, dictionary, [piece], cancel)
            elif kind is _Kind.OBJECTS and whole:
                tally.arrays(piece)
            if size > limits.max_part_bytes:
                break
        total += size
        if size > limits.max_part_bytes or total > limits.max_uncompressed_bytes:
            limit = (
                limits.max_part_bytes
                if size > limits.max_part_bytes
                else limits.max_uncompressed_bytes
            )
            raise TooLarge(
                f"{path.name} holds compressed data that unpacks to more than "
                f"{limit / 1e6:,.0f} MB, over the limit; it was not read (it may be built to "
                "exhaust memory).",
                path=path,
                details=f"stream at byte {match.end()}",
            )
    tally.arrays(data)
    most, where = tally.most_on_one_page()
    if most > limits.max_page_objects:
        raise TooLarge(
            f"{path.name} has a page of more than {limits.max_page_objects:,} text and "
            "drawing objects, over the limit for one page; it was not read (it may be built "
            "to exhaust memory).",
            path=path,
            details=f"about {most:,} objects in {where}",
        )


# Content-stream operators for which PDFium builds one page object each: text shown (Tj, TJ,
# ' and "), a path painted (S s f F f* B B* b b*), an XObject drawn (Do), an inline image
# (BI), a shading (sh). Each costs it 700-850 bytes: one page of a million "(a)Tj" peaked at
# 840 MB, of 3.1 million at 2.2 GB. An operator follows an operand or a space and is followed
# by a space or the next operand; counted in pieces, one split at a piece's edge may be
# missed, which is nothing next to the limit.
_OPERATOR = re.compile(rb"[\s\x00)>\]}](?:T[jJ]|['\"]|[SsFfBb]\*?|Do|BI|sh)(?=[\s\x00(<\[{/%]|$)")
_DRAW_FORM = re.compile(rb"[\s\x00)>\]}]Do(?=[\s\x00(<\[{/%]|$)")
_NUMBER_BEFORE = re.compile(rb"(\d+)\s+\d+\s+$")
_REF_ARRAY = re.compile(rb"\[((?:\s*\d+\s+\d+\s+R)+)\s*\]")
_REF = re.compile(rb"(\d+)\s+\d+\s+R")
# Streams that are data, not drawing: fonts, cross-reference and object streams, metadata,
# attachments. Their bytes are never parsed as content, so they are not counted.
_DATA_STREAM = re.compile(
    rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b"
    rb"|/Type\s*/(?:XRef|Metadata|EmbeddedFile)\b"
)
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_FORM = re.compile(rb"/Subtype\s*/Form\b")


class _Kind(Enum):
    DRAWN = "drawn"  # page contents, forms, Type 3 glyphs: parsed into page objects
    OBJECTS = "objects"  # an object stream: may hold a page's array of content streams
    DATA = "data"


def _kind(dictionary: bytes) -> _Kind:
    if _OBJECT_STREAM.search(dictionary):
        return _Kind.OBJECTS
    if _DATA_STREAM.search(dictionary):
        return _Kind.DATA
    return _Kind.DRAWN


def _object_number(data: bytes, head: int) -> int | None:
    found = _NUMBER_BEFORE.search(data, max(0, head - 24), head)
    return int(found.group(1)) if found else None


class _Tally:
    """Page objects each stream makes PDFium build, and how streams add up on one page.

    A page may split its contents over an array of streams, and each "Do" of a form parses
    the form again; so a page is counted as its streams together, and each form it draws
    as the largest form of the file (an over-estimate only for files with big forms).
    """

    def __init__(self) -> None:
        self.objects: dict[int | None, int] = {}
        self.draws: dict[int | None, int] = {}
        self.largest_form = 0
        self.groups: list[list[int]] = []

    def add(
        self,
        number: int | None,
        dictionary: bytes,
        pieces: list[bytes],
        cancel: CancelToken | None,
    ) -> None:
        objects = draws = 0
        for piece in pieces:
            if cancel is not None:
                cancel.check()
            objects += len(_OPERATOR.findall(piece))
            draws += len(_DRAW_FORM.findall(piece))
        self.objects[number] = self.objects.get(number, 0) + objects
        self.draws[number] = self.draws.get(number, 0) + draws
        if _FORM.search(dictionary):
            self.largest_form = max(self.largest_form, self.objects[number])

    def arrays(self, data: bytes) -> None:
        """Note every array of references: one of them may be a page's contents."""
        for found in _REF_ARRAY.finditer(data):
            refs = [int(ref) for ref in _REF.findall(found.group(1))]
            if sum(1 for ref in refs if ref in self.objects) > 1:
                self.groups.append(refs)

    def weight(self, number: int | None) -> int:
        return self.objects.get(number, 0) + self.draws.get(number, 0) * self.largest_form

    def most_on_one_page(self) -> tuple[int, str]:
        """The most objects one page can make, and which stream(s) make them."""
        most, where = 0, ""
        for number in self.objects:
            if (weight := self.weight(number)) > most:
                most, where = weight, f"stream object {number}"
        for refs in self.groups:
            weight = sum(self.weight(ref) for ref in set(refs))
            if weight > most:
                most, where = weight, f"{len(refs)} streams drawn together"
        return most, where


def _filters(dictionary: bytes) -> list[str]:
    """The stream's filters in order, with abbreviations expanded; others by their name."""
    names = {"Fl": "FlateDecode", "AHx": "ASCIIHexDecode", "A85": "ASCII85Decode"}
    found = []
    for known, other in _FILTER.findall(dictionary):
        name = known.decode() if known else other.decode() + "Decode"
        found.append(names.get(name, name))
    return found


def _decoded(raw: bytes, filters: list[str]) -> tuple[Iterator[bytes], bool]:
    """The stream's bytes after the Flate and ASCII filters of its chain, in pieces, and
    whether that was the whole chain (no pieces if it cannot be decoded: damaged data, or a
    chain that does not start with those filters, which expand far less)."""
    data = raw
    index = 0
    while index < len(filters) and filters[index] in ("ASCIIHexDecode", "ASCII85Decode"):
        try:  # these only shrink the data, so decoding them whole is safe
            data = _ascii_decode(data, filters[index])
        except (ValueError, binascii.Error):
            return iter(()), False
        index += 1
    flates = 0
    while index < len(filters) and filters[index] == "FlateDecode":
        flates += 1
        index += 1
    whole = index == len(filters)
    if not flates:
        return iter((data,) if whole else ()), whole
    return _inflate(_chunks(data), flates), whole


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
