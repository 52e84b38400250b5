"""TxtReader: encodings, binary refusal, paragraphs, and CUAD label spans surviving the read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ito_desktop.core.errors import Cancelled, CorruptDocument, TooLarge
from ito_desktop.core.ingest.base import Limits, read_blocks
from ito_desktop.core.ingest.txt_reader import TxtReader, text_blocks
from ito_desktop.core.model import BlockKind, Document
from ito_desktop.core.progress import CancelToken

SAMPLE = (
    "MANAGED SERVICES AGREEMENT\n"
    "\n"
    "1. Fees. The Client pays 1 500 € a month; the Provider's invoice is due in thirty days.\n"
    "\n"
    "2. Café services are out of scope.\n"
)


def _read(path: Path, limits: Limits | None = None) -> Document:
    return read_blocks(TxtReader(), path, limits)


def _texts(doc: Document) -> list[str]:
    return [block.text for block in doc.blocks]


EXPECTED = [
    "MANAGED SERVICES AGREEMENT",
    "1. Fees. The Client pays 1 500 € a month; the Provider's invoice is due in thirty days.",
    "2. Café services are out of scope.",
]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),  # no BOM: told apart by the NUL in every other byte
    ],
)
def test_unicode_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "contract.txt"
    path.write_bytes(prefix + SAMPLE.encode(encoding))
    doc = _read(path)
    assert _texts(doc) == EXPECTED
    assert doc.warnings == ()
    assert not doc.text.startswith("\ufeff")


def test_windows_1252_fallback_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(SAMPLE.replace("'", "\u2019").encode("cp1252"))
    doc = _read(path)
    assert _texts(doc)[1].endswith("the Provider\u2019s invoice is due in thirty days.")
    assert _texts(doc)[2] == "2. Café services are out of scope."
    assert doc.warnings == (
        "legacy.txt is not UTF-8; it was read as Windows-1252 (Western European)",
    )


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n\x00\x01\x02binary stream\x00",
        bytes(range(1, 32)) * 40 + b"some text",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    ],
)
def test_binary_content_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(CorruptDocument) as caught:
        _read(path)
    assert str(caught.value) == "x.txt does not look like a text file."
    assert caught.value.details


def test_blank_lines_separate_paragraphs_and_wrapped_lines_join(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "SCHEDULE 2 - SERVICE LEVELS\n"
        "The Supplier shall meet the availability target of 99.9% in every\n"
        "month, measured at the Customer's network boundary, and shall report\n"
        "performance each month in the report format set out in\n"
        "Section 4 of this Schedule.\n"
        "\n\n"
        "2.1 Response times are measured from the moment a ticket is logged\n"
        "in the service desk tool.\n"
        "2.2 Resolution times exclude time waiting for the Customer.\n"
        "(a) Priority 1: four hours;\n"
        "(b) Priority 2: one business day.\n"
        "CREDITS\n"
        "Credits are the Customer's sole remedy for missed targets.\r\n"
        "\f"
        "End of schedule.",
        encoding="utf-8",
    )
    doc = _read(path)
    assert _texts(doc) == [
        "SCHEDULE 2 - SERVICE LEVELS",
        "The Supplier shall meet the availability target of 99.9% in every month, measured at "
        "the Customer's network boundary, and shall report performance each month in the report "
        "format set out in Section 4 of this Schedule.",
        "2.1 Response times are measured from the moment a ticket is logged in the service desk "
        "tool.",
        "2.2 Resolution times exclude time waiting for the Customer.",
        "(a) Priority 1: four hours;",
        "(b) Priority 2: one business day.",
        "CREDITS",
        "Credits are the Customer's sole remedy for missed targets.",
        "End of schedule.",
    ]
    kinds = [block.kind for block in doc.blocks]
    assert kinds[0] is BlockKind.HEADING
    assert kinds[4] is BlockKind.LIST_ITEM
    assert kinds[6] is BlockKind.HEADING
    assert all(block.page is None and block.lines == () for block in doc.blocks)


def test_one_line_pages_split_where_a_clause_label_follows_a_sentence_end() -> None:
    line = (
        "     9.5. Marks. The Reseller shall use the marks only as allowed.     10. INDEMNITIES."
        "     10.1. The Vendor shall defend the Reseller.  The Reseller  shall notify   promptly."
    )
    assert [block.text for block in text_blocks(line)] == [
        "9.5. Marks. The Reseller shall use the marks only as allowed.",
        "10. INDEMNITIES.",
        "10.1. The Vendor shall defend the Reseller. The Reseller shall notify promptly.",
    ]


def test_numbered_clauses_run_together_on_one_line_are_split() -> None:
    line = (
        "3.1 Term. This Agreement ends on 31 March 2030 unless ended earlier under Section 3.2. "
        "3.2 Either party may end it on ninety days' notice. 3.3 Breach. A party in breach of "
        "Section 4.1 has 30 days to cure. Fee: 2.5 per cent."
    )
    assert [block.text for block in text_blocks(line)] == [
        "3.1 Term. This Agreement ends on 31 March 2030 unless ended earlier under Section 3.2.",
        "3.2 Either party may end it on ninety days' notice.",
        "3.3 Breach. A party in breach of Section 4.1 has 30 days to cure. Fee: 2.5 per cent.",
    ]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab1.(A) \n\t\r\f;:"), max_size=300))
def test_block_text_is_the_source_with_only_whitespace_changed(text: str) -> None:
    blocks = text_blocks(text)
    assert "".join(b.text for b in blocks).replace(" ", "") == re.sub(r"\s+", "", text)
    assert all(block.text == " ".join(block.text.split()) and block.text for block in blocks)


def test_paragraph_limit_and_cancel(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text("\n\n".join(f"Paragraph {n}." for n in range(50)), encoding="utf-8")
    with pytest.raises(TooLarge, match=r"many\.txt has 50 paragraphs, over the 10 limit"):
        _read(path, Limits(max_paragraphs=10))
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        TxtReader().read(path, Limits(), lambda fraction, message: None, token)


@pytest.mark.corpus
def test_cuad_label_spans_are_found_in_the_read_text(corpus_dir: Path) -> None:
    cuad = corpus_dir / "cuad"
    spans: dict[str, list[tuple[int, int]]] = {}
    with (cuad / "spans.jsonl").open(encoding="utf-8") as handle:
        for row in map(json.loads, handle):
            spans.setdefault(row["txt_file"], []).extend(map(tuple, row["segments"]))
    names = sorted(spans)[::40][:10]
    checked = 0
    for name in names:
        source = (cuad / "txt" / name).read_text(encoding="utf-8")
        squashed = re.sub(r"\s+", "", _read(cuad / "txt" / name).text)
        for start, end in spans[name]:
            assert re.sub(r"\s+", "", source[start:end]) in squashed, (name, start)
            checked += 1
    assert checked > 100


def test_reference_lists_are_not_split_and_two_spaces_still_split() -> None:
    survival = (
        "7. Survival. The following provisions survive termination: 9.2 (Confidentiality), "
        "11.1 (Liability) and 14 (Law)."
    )
    assert [b.text for b in text_blocks(survival)] == [survival]
    assert [b.text for b in text_blocks("See clause 12.3.  12.4 Each party pays its costs.")] == [
        "See clause 12.3.",
        "12.4 Each party pays its costs.",
    ]
