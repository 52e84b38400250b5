"""Plain-text reader: encoding detection, binary refusal, and paragraphs from blank lines."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ito_desktop.core.errors import CorruptDocument, TooLarge
from ito_desktop.core.ingest.base import Limits, ReadResult, check_text_size, file_data
from ito_desktop.core.ingest.labels import (
    CLAUSE_START,
    LIST_JOINER,
    LIST_LABEL,
    TERMINAL,
    is_numbered_heading,
)
from ito_desktop.core.model import Block, BlockKind, DocumentFormat
from ito_desktop.core.progress import CancelToken, ProgressSink

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 65536
_CONTROL_RATIO = 0.02
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file marker
# Text files cut from PDFs (CUAD) put whole pages on one line; a clause label after a run of
# spaces that follows a sentence end or an all-caps heading starts a new paragraph there.
_INLINE_BREAK = re.compile(r"[ \t\u00a0]{3,}(?=\S)")
# Text extracted from a filing often runs numbered clauses together on one line:
# "... in accordance with Section 3.2. 3.2 Each of the parties may ...". A dotted number
# right after a sentence end and before a capital starts a clause.
_RUN_IN_NUMBER = re.compile(
    r"(?<=[.;])[ \t\u00a0]{1,2}(?=\d{1,3}(?:\.\d{1,3})+\.?[ \t\u00a0]+[A-Z\"\u201c])"
)
_CHECK_EVERY = 5000
# A paragraph longer than this is cut at sentence ends into pieces of at most this length. A
# file of one 4.9 MB line was one passage that every clause of the library matched, so the
# matching and the risk rules read all of it for each of them (45 s); pieces keep them to
# the passages that matter. Real paragraphs are far shorter (a long definition: ~3,000).
MAX_BLOCK_CHARS = 8000
_SENTENCE_GAP = re.compile(r"(?<=[.;:!?])\s+(?=\S)")


class TxtReader:
    """Reads UTF-8 (with or without BOM), UTF-16 and Windows-1252 text files."""

    format = DocumentFormat.TXT
    extensions = (".txt",)

    def read(
        self,
        path: Path,
        limits: Limits,
        progress: ProgressSink,
        cancel: CancelToken,
        *,
        data: bytes | None = None,
    ) -> ReadResult:
        progress(0.0, "Reading text")
        data = file_data(path, limits, data)
        # Four bytes a character at most (UTF-32): refuse before decoding inflates the bytes.
        check_text_size(path, len(data) // 4, limits)
        text, encoding_note = decode_text(data, path)
        check_text_size(path, len(text), limits)
        cancel.check()
        blocks = text_blocks(text, cancel)
        if len(blocks) > limits.max_paragraphs:
            raise TooLarge(
                f"{path.name} has {len(blocks)} paragraphs, over the "
                f"{limits.max_paragraphs} limit.",
                path=path,
            )
        progress(1.0, f"Read {len(blocks)} paragraphs")
        return ReadResult(blocks=blocks, warnings=[encoding_note] if encoding_note else [])


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode file bytes; return the text and a note when a fallback encoding was used."""
    name = path.name
    text: str | None = None
    note = ""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise CorruptDocument(
                    f"{name} is not valid {encoding.upper()} text.", path=path, details=str(error)
                ) from None
            text = text.lstrip("\ufeff")
            break
    if text is None:
        guess = _utf16_without_bom(data)
        if guess:
            text = data.decode(guess, errors="replace")
        elif b"\x00" in data[:_SAMPLE]:
            raise _not_text(path, "it contains NUL bytes")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
                note = f"{name} is not UTF-8; it was read as Windows-1252 (Western European)"
    sample = text[:_SAMPLE]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in _ALLOWED_CONTROLS)
    if "\x00" in sample or (sample and controls / len(sample) > _CONTROL_RATIO):
        raise _not_text(path, f"{controls} control characters in the first {len(sample)}")
    return text, note


def _not_text(path: Path, why: str) -> CorruptDocument:
    return CorruptDocument(f"{path.name} does not look like a text file.", path=path, details=why)


def _utf16_without_bom(data: bytes) -> str:
    """UTF-16 text without a BOM shows NUL in every other byte of ASCII text."""
    sample = data[:4096]
    if len(sample) < 16:
        return ""
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return ""


def _is_caps_heading(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return (
        len(text) <= 100
        and len(letters) >= 3
        and sum(char.isupper() for char in letters) >= 0.85 * len(letters)
        and not text.endswith((",", ";"))
    )


def _kind(text: str) -> BlockKind:
    if _is_caps_heading(text):
        return BlockKind.HEADING
    if is_numbered_heading(text):
        return BlockKind.HEADING
    if LIST_LABEL.match(text):
        return BlockKind.LIST_ITEM
    return BlockKind.PARAGRAPH


def _wrap_width(lines: list[str]) -> int:
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def text_blocks(text: str, cancel: CancelToken | None = None) -> list[Block]:
    """Split text into blocks: blank lines separate paragraphs; within a run of lines a clause
    label or a short all-caps heading starts a new block, and other lines join with a space.

    Block text is the source text with whitespace collapsed, so a passage of the file can be
    found in it by whitespace-insensitive search.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n")
    width = _wrap_width(lines)
    groups: list[list[str]] = []
    current: list[str] = []
    for index, raw in enumerate(lines):
        if cancel is not None and index % _CHECK_EVERY == 0:
            cancel.check()
        line = raw.strip()
        if not line:
            if current:
                groups.append(current)
                current = []
            continue
        if current and _starts_block(current, line, width):
            groups.append(current)
            current = []
        current.append(line)
    if current:
        groups.append(current)
    blocks: list[Block] = []
    for group in groups:
        for piece in _split_inline(" ".join(group)):
            for part in split_long(" ".join(piece.split())):
                if cancel is not None:
                    cancel.check()
                blocks.append(Block(text=part, kind=_kind(part)))
    return blocks


def split_long(text: str, most: int = MAX_BLOCK_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``most`` characters: after the last sentence end
    that leaves a piece of at least half that, else at the last space, else anywhere."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > most:
        end = start + most
        cut = -1
        for gap in _SENTENCE_GAP.finditer(text, start + most // 2, end + 1):
            cut = gap.start()
        if cut < 0:
            space = text.rfind(" ", start + most // 2, end + 1)
            cut = space if space > start else end
        pieces.append(text[start:cut])
        start = cut
        while start < len(text) and text[start] == " ":
            start += 1
    pieces.append(text[start:])
    return [piece for piece in pieces if piece]


def _starts_block(current: list[str], line: str, width: int) -> bool:
    prev = current[-1]
    if all(_is_caps_heading(item) for item in current):
        return not _is_caps_heading(line) or len(current) >= 3
    if _is_caps_heading(line) and len(line) < 0.7 * width:
        return True
    # A label at the start of a wrapped line may be a cross-reference ("as set out in /
    # Section 4"): it starts a clause only after a line that ended.
    return bool(CLAUSE_START.match(line)) and (
        prev.endswith(TERMINAL) or bool(LIST_JOINER.search(prev)) or len(prev) < 0.7 * width
    )


def _split_inline(text: str) -> list[str]:
    """Split a long line where a clause label follows a sentence end and a run of spaces."""
    pieces: list[str] = []
    start = 0
    for match in _INLINE_BREAK.finditer(text):
        before = text[max(0, match.start() - 3) : match.start()]
        ended = before[-1:] in (".", ":", ";", ")") or (len(before) == 3 and before.isupper())
        if ended and CLAUSE_START.match(text[match.end() : match.end() + 40]):
            pieces.append(text[start : match.start()])
            start = match.end()
    pieces.append(text[start:])
    return [part for piece in pieces for part in _RUN_IN_NUMBER.split(piece)]
