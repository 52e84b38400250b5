"""The document format: one enum, its wire strings, and which formats have pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ito_desktop.core.ingest.base import ReadResult, assemble
from ito_desktop.core.ingest.registry import reader_for
from ito_desktop.core.model import Block, DocumentFormat


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.docx", DocumentFormat.DOCX),
        ("a.pdf", DocumentFormat.PDF),
        ("a.txt", DocumentFormat.TXT),
        ("a.tiff", DocumentFormat.IMAGE),
    ],
)
def test_each_reader_names_its_format(name: str, expected: DocumentFormat) -> None:
    assert reader_for(Path(name)).format is expected


def test_wire_strings_and_pages() -> None:
    # The ito-review/1 JSON and the exports write these values: they must never change.
    assert [f.value for f in DocumentFormat] == ["docx", "pdf", "txt", "image"]
    assert [f for f in DocumentFormat if f.has_pages] == [DocumentFormat.PDF, DocumentFormat.IMAGE]
    assert json.dumps({"format": DocumentFormat.IMAGE}) == '{"format": "image"}'
    assert DocumentFormat.DOCX.upper() == "DOCX"


@pytest.mark.parametrize("fmt", ["pdf", DocumentFormat.TXT])
def test_assembled_document_carries_the_enum(fmt: str) -> None:
    result = ReadResult(blocks=[Block("1. Term")])
    document = assemble(Path("x"), fmt, "0" * 64, result)
    assert document.format is DocumentFormat(fmt)
    assert document.has_pages is (fmt == "pdf")
