"""The reader protocol, input limits, and assembly of blocks into a Document."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from ito_desktop.core.errors import CorruptDocument, InputError
from ito_desktop.core.model import Block, Document, Line
from ito_desktop.core.progress import CancelToken, ProgressSink, no_progress


@dataclass(frozen=True, slots=True)
class Limits:
    """Limits that protect the app from hostile or absurd inputs."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    max_uncompressed_bytes: int = 300 * 1024 * 1024  # DOCX: all parts together
    max_part_bytes: int = 100 * 1024 * 1024  # DOCX: any one part
    max_paragraphs: int = 250_000
    password: str | None = None  # for encrypted PDFs


@dataclass(slots=True)
class ReadResult:
    """What a reader returns: blocks in reading order (offsets not yet set) and notes."""

    blocks: list[Block]
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    title: str = ""


class Reader(Protocol):
    """One reader per format."""

    @property
    def format(self) -> str: ...

    @property
    def extensions(self) -> tuple[str, ...]: ...

    def read(
        self, path: Path, limits: Limits, progress: ProgressSink, cancel: CancelToken
    ) -> ReadResult: ...


BLOCK_SEPARATOR = "\n"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def assemble(path: Path, fmt: str, sha256: str, result: ReadResult) -> Document:
    """Join block texts into ``Document.text`` and give blocks and lines document offsets."""
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
        format=fmt,
        sha256=sha256,
        title=title,
        text=text,
        blocks=tuple(blocks),
        pages=result.pages,
        warnings=tuple(result.warnings),
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
    if not path.exists():
        raise InputError(f"{path.name}: the file does not exist.", path=path)
    if path.is_dir():
        raise InputError(f"{path.name}: this is a folder, not a contract file.", path=path)
    size = path.stat().st_size
    if size == 0:
        raise CorruptDocument(f"{path.name}: the file is empty (0 bytes).", path=path)
    if size > limits.max_file_bytes:
        from ito_desktop.core.errors import TooLarge

        raise TooLarge(
            f"{path.name}: the file is {size / 1e6:.0f} MB, over the "
            f"{limits.max_file_bytes / 1e6:.0f} MB limit.",
            path=path,
        )


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
    result = reader.read(path, limits, progress, cancel or CancelToken())
    return assemble(path, reader.format, file_sha256(path), result)
