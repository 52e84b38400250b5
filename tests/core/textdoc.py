"""Build a segmented Document from lines of text, for tests that do not need a file."""

from __future__ import annotations

from pathlib import Path

from ito_desktop.core.ingest.base import ReadResult, assemble
from ito_desktop.core.ingest.segment import segment
from ito_desktop.core.model import Block, BlockKind, Document


def document_from_lines(lines: list[str], *, headings: tuple[int, ...] = ()) -> Document:
    """One block per line; indexes in ``headings`` are marked as DOCX-style headings."""
    blocks = [
        Block(text, kind=BlockKind.HEADING if i in headings else BlockKind.PARAGRAPH)
        for i, text in enumerate(lines)
    ]
    return segment(assemble(Path("contract.txt"), "txt", "0" * 64, ReadResult(blocks)))
