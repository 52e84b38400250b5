"""Before PDFium: refuse PDFs whose streams would inflate past the limits; mend cut-off files.

PDFium inflates a page's content stream whole (a 1 MB stream of 1 GiB of spaces cost 2 GB of
memory); nothing in its API bounds that. So the streams PDFium decodes to read text --
content, fonts, object and cross-reference streams, everything but images, which are not
decoded for text -- are inflated here first, a chunk at a time with the output thrown away,
counting bytes. Flate (also chained, and after ASCIIHex/ASCII85) is checked; other filters
expand far less and are left to PDFium.

PDFium also builds one object (700-850 bytes) per text run, path, image or form drawn when
it loads a page, again with no bound; so the same pass counts those operators, and a page
that would make too many is refused before PDFium loads it.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
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
                tally.add(
                    number, dictionary, (raw,) if len(raw) <= _PIECE else _pieces(raw), cancel
                )
            continue
        pieces, whole = _decoded(raw, _filters(dictionary))
        size = 0
        for piece in pieces:
            size += len(piece)
            if kind is _Kind.DRAWN and whole:
                tally.add(number, dictionary, [piece], cancel)
            elif kind is _Kind.OBJECTS and whole:
                tally.scan(piece)
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
    for piece in _pieces(data, b"endobj"):  # in pieces, so the time limit is checked
        if cancel is not None:
            cancel.check()
        tally.scan(piece)
    most, where = tally.most_on_one_page(limits.max_page_objects + 1)
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
# 840 MB (a reported 8 MB file of 3.1 million: 2.2 GB). An operator follows an operand or a
# space and is followed by a space or the next operand; counted in pieces, one split at a
# piece's edge may be missed, which is nothing next to the limit.
_OPERATOR = re.compile(rb"[\s\x00)>\]}](?:T[jJ]|['\"]|[SsFfBb]\*?|Do|BI|sh)(?=[\s\x00(<\[{/%]|$)")
_NAME = rb"/([^\s\x00/\[\]()<>{}%]+)"
_DRAW = re.compile(_NAME + rb"[\s\x00]*Do(?=[\s\x00(<\[{/%]|$)")  # "/X1 Do": draw XObject X1
_BINDING = re.compile(_NAME + rb"[\s\x00]+(\d+)\s+\d+\s+R\b")  # "/X1 12 0 R" in a dictionary
_NUMBER_BEFORE = re.compile(rb"(\d+)\s+\d+\s+$")
_REF_ARRAY = re.compile(rb"\[((?:\s*\d+\s+\d+\s+R){2,})\s*\]")
_REF = re.compile(rb"(\d+)\s+\d+\s+R")
# Streams that are data, not drawing: fonts, cross-reference and object streams, metadata,
# attachments. Their bytes are never parsed as content, so they are not counted.
_DATA_STREAM = re.compile(
    rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b"
    rb"|/Type\s*/(?:XRef|Metadata|EmbeddedFile)\b"
)
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_FORM = re.compile(rb"/Subtype\s*/Form\b")
# Forms drawing forms: PDFium stops at a depth like this; the count stops there too.
_MAX_FORM_DEPTH = 32
# What the tally keeps, each: streams that draw, names bound to objects, arrays of streams.
# A real file has a few per page; a crafted one of millions would take gigabytes to track,
# so past this the tally keeps totals only and counts the whole file as one page.
_MAX_TRACKED = 200_000
_PIECE = 1 << 20


def _pieces(data: bytes, cut_after: bytes = b"") -> Iterator[bytes]:
    """``data`` in pieces of about a megabyte, each cut after ``cut_after`` where one is near
    (so an array or a dictionary is not split between two pieces)."""
    start = 0
    while start < len(data):
        end = min(len(data), start + _PIECE)
        if cut_after and end < len(data):
            at = data.rfind(cut_after, start, end)
            if at > start:
                end = at + len(cut_after)
        yield data[start:end]
        start = end


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

    A page may split its contents over an array of streams, and PDFium parses a form again
    each time it is drawn ("/X1 Do"), forms inside forms too. So a page counts its streams
    together, and each name it draws as the largest form bound to that name anywhere in the
    file, with what that form draws in turn. Names are not resolved per resource dictionary,
    so a name bound to a big form in one place and an image in another counts as the form:
    the count can only be too high, never too low.
    """

    def __init__(self) -> None:
        self.objects: dict[int | None, int] = {}
        self.draws: dict[int | None, Counter[bytes]] = {}
        self.forms: set[int] = set()
        self.bindings: dict[bytes, set[int]] = {}
        self.groups: list[list[int]] = []
        self.bound = 0
        self.overflow = False  # too many streams or arrays to track: totals only
        self.all_objects = 0
        self.all_draws = 0
        self.all_form_objects = 0

    def add(
        self,
        number: int | None,
        dictionary: bytes,
        pieces: Iterable[bytes],
        cancel: CancelToken | None,
    ) -> None:
        objects = 0
        draws: Counter[bytes] | None = None  # most streams draw no XObject
        for piece in pieces:
            if cancel is not None and len(piece) > _PIECE // 2:
                cancel.check()
            objects += len(_OPERATOR.findall(piece))
            if b"Do" in piece:
                draws = draws if draws is not None else Counter()
                draws.update(_DRAW.findall(piece))
        form = number is not None and bool(_FORM.search(dictionary))
        self.all_objects += objects
        self.all_draws += draws.total() if draws else 0
        if form:
            self.all_form_objects += objects
        if not objects and not draws:
            return
        if len(self.objects) >= _MAX_TRACKED and number not in self.objects:
            self.overflow = True
            return
        self.objects[number] = self.objects.get(number, 0) + objects
        if draws:
            self.draws.setdefault(number, Counter()).update(draws)
        if form and number is not None:
            self.forms.add(number)

    def scan(self, data: bytes) -> None:
        """Note arrays of references (one may be a page's contents) and names bound to
        objects (a form's name in a resource dictionary)."""
        for found in _REF_ARRAY.finditer(data):
            if len(self.groups) >= _MAX_TRACKED:
                self.overflow = True
                break
            self.groups.append([int(ref) for ref in _REF.findall(found.group(1))])
        for binding in _BINDING.finditer(data):
            if self.bound < _MAX_TRACKED:
                self.bindings.setdefault(binding.group(1), set()).add(int(binding.group(2)))
            self.bound += 1

    def most_on_one_page(self, cap: int) -> tuple[int, str]:
        """The most objects one page can make (counted up to ``cap``), and where."""
        if self.overflow:
            most = self.all_objects + self.all_draws * self.all_form_objects
            return min(cap, most), "the whole file (too many streams to tell pages apart)"
        counter = _Weights(self, cap)
        most, where = 0, ""
        for number in self.objects:
            if (found := counter.stream(number)) > most:
                most, where = found, f"stream object {number}"
        for refs in self.groups:
            if sum(1 for ref in refs if ref in self.objects) < 2:
                continue
            found = min(cap, sum(counter.stream(ref) for ref in set(refs)))
            if found > most:
                most, where = found, f"{len(refs)} streams drawn together"
        return most, where


class _Weights:
    """Objects a stream makes PDFium build, forms it draws included (up to ``cap``)."""

    def __init__(self, tally: _Tally, cap: int) -> None:
        self.tally = tally
        self.cap = cap
        self.memo: dict[int, int] = {}
        self.names: dict[bytes, int] = {}
        self.every_name = 0  # too many bindings to resolve names: any name is the largest form
        if tally.bound > _MAX_TRACKED:
            self.every_name = max((self.form(f, frozenset()) for f in tally.forms), default=0)

    def stream(self, number: int | None, seen: frozenset[int] = frozenset()) -> int:
        total = self.tally.objects.get(number, 0)
        for name, times in self.tally.draws.get(number, Counter()).items():
            total += times * self.named(name, seen)
            if total >= self.cap:
                return self.cap
        return total

    def named(self, name: bytes, seen: frozenset[int]) -> int:
        if self.every_name:
            return self.every_name
        if name not in self.names:
            forms = self.tally.bindings.get(name, set()) & self.tally.forms
            self.names[name] = max((self.form(f, seen) for f in forms), default=0)
        return self.names[name]

    def form(self, number: int, seen: frozenset[int]) -> int:
        if number in self.memo:
            return self.memo[number]
        if number in seen or len(seen) >= _MAX_FORM_DEPTH:
            return 0  # a form that draws itself, or too deep: PDFium stops there
        total = self.stream(number, seen | {number})
        self.memo[number] = total
        return total


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
