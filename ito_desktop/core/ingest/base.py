"""The reader protocol, input limits, and assembly of blocks into a Document."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from ito_desktop.core.errors import CorruptDocument, InputError, TooLarge, UserLimit
from ito_desktop.core.model import Block, Document, DocumentFormat, Line, OcrInfo
from ito_desktop.core.progress import CancelToken, ProgressSink, no_progress


@dataclass(frozen=True, slots=True)
class Limits:
    """Limits that protect the app from hostile or absurd inputs."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    # Unpacked: DOCX parts all together, PDF streams other than images all together ...
    max_uncompressed_bytes: int = 300 * 1024 * 1024
    max_part_bytes: int = 100 * 1024 * 1024  # ... and any one of them
    # DOCX: tags plus attributes in one XML part. The parsed tree costs 100-220 bytes a node,
    # so this bounds it near 600 MB; a Word document of 500+ dense pages stays under it.
    max_xml_nodes: int = 3_000_000
    max_paragraphs: int = 100_000
    # PDF: text and drawing objects PDFium builds for one page (each costs it 700-850 bytes;
    # a page of a million peaked at 840 MB). Dense real pages hold a few thousand.
    max_page_objects: int = 250_000
    # The largest real contract we measured has 0.34 million characters; reviewing 4.9 million
    # took 15-25 s and 330-400 MB (shared 2-core machine), well inside 1 GB.
    max_text_chars: int = 5_000_000
    # Reading and reviewing one file, checked between pages, paragraphs, library entries
    max_seconds: float = 120.0
    # Pages without a text layer recognised by OCR (about a second each on one core); the
    # time spent on them does not count against max_seconds.
    max_ocr_pages: int = 300
    password: str | None = None  # for encrypted PDFs


@dataclass(slots=True)
class ReadResult:
    """What a reader returns: blocks in reading order (offsets not yet set) and notes."""

    blocks: list[Block]
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    title: str = ""
    ocr: OcrInfo | None = None  # pages recognised by OCR


class Reader(Protocol):
    """One reader per format."""

    @property
    def format(self) -> DocumentFormat: ...

    @property
    def extensions(self) -> tuple[str, ...]: ...

    def read(
        self,
        path: Path,
        limits: Limits,
        progress: ProgressSink,
        cancel: CancelToken,
        *,
        data: bytes | None = None,
    ) -> ReadResult:
        """Read the file's bytes ``data`` (read from ``path`` when None); ``path`` names it."""
        ...


BLOCK_SEPARATOR = "\n"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The bytes of the input file as read once: readers parse them and the hash is theirs.

    Reading the file once means a file that is rewritten or deleted while it is analysed
    cannot give text from one version and a hash of another, nor fail half-way.
    """

    data: bytes
    sha256: str
    size: int
    mtime_ns: int


def _not_readable(path: Path, error: OSError, doing: str) -> InputError:
    """The sentence for a file the system would not let us open or read."""
    if isinstance(error, FileNotFoundError):
        return InputError(f"{path.name}: the file does not exist.", path=path)
    return InputError(
        f"{path.name or path}: the file cannot be {doing} ({error.strerror or error}).",
        path=path,
        details=str(error),
    )


def read_snapshot(path: Path, limits: Limits) -> Snapshot:
    """Read the whole file (at most ``max_file_bytes``; a file that grows is refused)."""
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        raise _not_readable(path, error, "read") from None
    if len(data) > limits.max_file_bytes:
        raise _too_big(path, len(data), limits)
    if not data:
        raise CorruptDocument(f"{path.name}: the file is empty (0 bytes).", path=path)
    return Snapshot(data, hashlib.sha256(data).hexdigest(), info.st_size, info.st_mtime_ns)


def changed_since(path: Path, snapshot: Snapshot) -> str:
    """A warning when the file on disk is no longer the one that was read, else ""."""
    try:
        info = path.stat()
    except OSError:
        return (
            f"{path.name} was moved or deleted while it was being analysed; the results "
            "are for the copy that was read"
        )
    if (info.st_size, info.st_mtime_ns) != (snapshot.size, snapshot.mtime_ns):
        return (
            f"{path.name} changed on disk while it was being analysed; the results are for "
            "the version that was read — open it again to review the new version"
        )
    return ""


class Deadline(CancelToken):
    """A cancel token that also stops the work once ``limits.max_seconds`` have passed.

    Readers already check their token between pages and paragraphs, and matching between
    library entries, so the time limit needs no code of its own in them; cancelling is passed
    on to the wrapped token. ``doing`` names the work in the message ("read", "review").
    """

    def __init__(self, inner: CancelToken, path: Path, seconds: float, doing: str = "read") -> None:
        super().__init__()
        self._inner = inner
        self._path = path
        self._seconds = seconds
        self._doing = doing
        self._end = time.monotonic() + seconds

    def cancel(self) -> None:
        self._inner.cancel()

    @property
    def cancelled(self) -> bool:
        return self._inner.cancelled

    def allow(self, seconds: float) -> None:
        self._end += max(0.0, seconds)
        self._inner.allow(seconds)

    def check(self) -> None:
        self._inner.check()
        if time.monotonic() > self._end:
            raise TooLarge(
                f"{self._path.name} took longer than the {self._seconds:g}-second limit to "
                f"{self._doing}; it was stopped. The file may be damaged or unusually complex.",
                path=self._path,
                limit=UserLimit.READ_TIME,
            )


def check_text_size(path: Path, chars: int, limits: Limits) -> None:
    """Refuse text beyond ``max_text_chars`` (readers call this as the text grows)."""
    if chars > limits.max_text_chars:
        raise TooLarge(
            f"{path.name} holds more than {limits.max_text_chars:,} characters of text, over "
            "the limit for one contract; it was not read.",
            path=path,
        )


def assemble(
    path: Path,
    fmt: DocumentFormat | str,
    sha256: str,
    result: ReadResult,
    limits: Limits | None = None,
) -> Document:
    """Join block texts into ``Document.text`` and give blocks and lines document offsets."""
    if limits is not None:
        check_text_size(path, sum(len(block.text) + 1 for block in result.blocks), limits)
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for block in result.blocks:
        text = block.text
        if not text.strip():
            continue
        lines = tuple(
            Line(line.page, line.box, offset + line.start, offset + line.end)
            for line in block.lines
        )
        blocks.append(replace(block, start=offset, end=offset + len(text), lines=lines))
        parts.append(text)
        offset += len(text) + len(BLOCK_SEPARATOR)
    text = BLOCK_SEPARATOR.join(parts)
    title = result.title or _guess_title(blocks) or path.stem
    return Document(
        path=path,
        format=DocumentFormat(fmt),
        sha256=sha256,
        title=title,
        text=text,
        blocks=tuple(blocks),
        pages=result.pages,
        warnings=tuple(result.warnings),
        ocr=result.ocr,
        _block_starts=tuple(b.start for b in blocks),
    )


def _guess_title(blocks: list[Block]) -> str:
    for block in blocks[:8]:
        candidate = block.text.strip()
        if 3 <= len(candidate) <= 120 and not candidate.endswith((".", ",", ";")):
            return candidate
    return ""


def check_input_file(path: Path, limits: Limits) -> None:
    """Refuse missing files, folders, empty files and files over the size limit."""
    try:
        info = path.stat()
    except OSError as error:
        raise _not_readable(path, error, "opened") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path.name}: this is a folder, not a contract file.", path=path)
    if not stat.S_ISREG(info.st_mode):
        # A pipe or a device would block or never end; only ordinary files are read.
        raise InputError(f"{path.name}: this is not an ordinary file.", path=path)
    if info.st_size == 0:
        raise CorruptDocument(f"{path.name}: the file is empty (0 bytes).", path=path)
    if info.st_size > limits.max_file_bytes:
        raise _too_big(path, info.st_size, limits)


def _too_big(path: Path, size: int, limits: Limits) -> TooLarge:
    # MB of 1024 * 1024 bytes, the unit of the size limit in Settings: a limit set to 200 MB
    # must not read as 210 here.
    mib = 1024 * 1024
    limit = limits.max_file_bytes
    # Enough decimals that the file never reads as the same size as the limit it is over.
    decimals = next((d for d in (0, 1, 2) if f"{size / mib:,.{d}f}" != f"{limit / mib:,.{d}f}"), 3)
    return TooLarge(
        f"{path.name}: the file is {size / mib:,.{decimals}f} MB, over the "
        f"{limit / mib:,.{decimals}f} MB limit.",
        path=path,
        limit=UserLimit.FILE_SIZE,
    )


def file_data(path: Path, limits: Limits, data: bytes | None) -> bytes:
    """The bytes a reader works on: ``data`` as given, or the file read as the registry reads
    it (size limit, empty file and unreadable file reported the same way)."""
    return data if data is not None else read_snapshot(path, limits).data


def read_blocks(
    reader: Reader,
    path: Path,
    limits: Limits | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> Document:
    """Run one reader and assemble its blocks (no segmentation). Used by readers' tests."""
    limits = limits or Limits()
    check_input_file(path, limits)
    snapshot = read_snapshot(path, limits)
    deadline = Deadline(cancel or CancelToken(), path, limits.max_seconds)
    result = reader.read(path, limits, progress, deadline, data=snapshot.data)
    return assemble(path, reader.format, snapshot.sha256, result, limits)
