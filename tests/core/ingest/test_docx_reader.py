"""DOCX reader: numbering as Word prints it, accepted tracked changes, tables, and hostile files."""

from __future__ import annotations

import json
import os
import re
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from ito_desktop.core.errors import (
    Cancelled,
    CorruptDocument,
    EncryptedDocument,
    TooLarge,
    UnsupportedFormat,
)
from ito_desktop.core.ingest.base import Limits, read_blocks
from ito_desktop.core.ingest.docx_numbering import format_number
from ito_desktop.core.ingest.docx_reader import DocxReader
from ito_desktop.core.model import Block, BlockKind, Document
from ito_desktop.core.progress import CancelToken
from tests.core.ingest import docx_factory as f

GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "golden" / "docx" / "rich.json"


def read(path: Path, limits: Limits | None = None) -> Document:
    return read_blocks(DocxReader(), path, limits)


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return read(f.build_rich(tmp_path_factory.mktemp("docx") / "rich.docx"))


def by_start(document: Document, prefix: str) -> Block:
    return next(block for block in document.blocks if block.text.startswith(prefix))


def numbers(document: Document) -> list[str]:
    return [block.number for block in document.blocks if block.number]


# --- golden file ------------------------------------------------------------------------------


def test_rich_document_matches_golden_file(rich: Document) -> None:
    blocks = [
        {"number": b.number, "kind": b.kind.value, "level": b.level, "text": b.text,
         "cells": list(b.cells)}
        for b in rich.blocks
    ]
    if os.environ.get("ITO_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        lines = ",\n".join(json.dumps(block, ensure_ascii=False) for block in blocks)
        GOLDEN.write_text(f"[\n{lines}\n]\n", "utf-8")  # one block a line: diffs read well
    assert GOLDEN.exists(), "golden file missing: run with ITO_UPDATE_GOLDEN=1 and review it"
    assert blocks == json.loads(GOLDEN.read_text("utf-8"))


# --- numbering --------------------------------------------------------------------------------


def test_numbering_is_rendered_as_word_prints_it(rich: Document) -> None:
    assert numbers(rich) == [
        "1.", "1.1", "(a)", "(b)", "2.", "2.1", "2.2", "2.3", "3.",
        "Article I", "Article II", "Article IV", "4.1", "Article V",
        "1.", "a)", "2.", "b)",
    ]
    clause = by_start(rich, "1.1 ")
    assert clause.text == "1.1 Interpretation. Words in the singular include the plural."
    assert (clause.kind, clause.level, clause.number) == (BlockKind.HEADING, 2, "1.1")
    item = by_start(rich, "(b) ")
    assert (item.kind, item.level, item.style) == (BlockKind.LIST_ITEM, 3, "Normal")


def test_numbering_through_a_style_and_its_base_style(rich: Document) -> None:
    heading = by_start(rich, "2. ")
    assert (heading.text, heading.style, heading.level) == ("2. Services", "Heading 1", 1)
    inherited = by_start(rich, "2.2 ")
    assert inherited.style == "Sub Clause"  # based on Heading 2, which carries the numbering
    assert (inherited.kind, inherited.level) == (BlockKind.HEADING, 2)


def test_start_override_continues_the_shared_list_and_legal_numbering(rich: Document) -> None:
    # num 3 restarts the article list at IV; num 2 then continues the same abstract list.
    assert by_start(rich, "Article IV").text == "Article IV Exit"
    assert by_start(rich, "4.1 ").text == "4.1 The Supplier will deliver an exit plan."
    assert by_start(rich, "Article V").text == "Article V Notices"


def test_bullets_are_list_items_without_a_number(rich: Document) -> None:
    bullet = by_start(rich, "Monthly service reports")
    assert (bullet.kind, bullet.number, bullet.level) == (BlockKind.LIST_ITEM, "", 1)


def test_level_with_lvl_restart_zero_never_restarts(rich: Document) -> None:
    assert by_start(rich, "b) ").text == "b) second item"


def test_a_deleted_paragraph_takes_no_number(rich: Document) -> None:
    assert by_start(rich, "2.3 ").text.startswith("2.3 Changes.")
    assert "struck out" not in rich.text


def test_skipped_level_prints_its_start_and_lower_levels_restart(tmp_path: Path) -> None:
    numbering = f.abstract_num(1, [f.Lvl("decimal", "%1."), f.Lvl("decimal", "%1.%2"),
                                   f.Lvl("decimal", "%1.%2.%3")]) + f.num(7, 1)
    body = "".join((
        f.para("One", num="7", ilvl=0), f.para("Deep", num="7", ilvl=2),
        f.para("Mid", num="7", ilvl=1), f.para("Two", num="7", ilvl=0),
        f.para("Mid again", num="7", ilvl=1), f.para("No number", num="0", ilvl=0),
        f.para("Missing definition", num="99", ilvl=0),
    ))
    document = read(f.build_docx(tmp_path / "levels.docx", body, numbering=numbering))
    assert numbers(document) == ["1.", "1.1.1", "1.1", "2.", "2.1"]
    assert by_start(document, "No number").kind is BlockKind.PARAGRAPH


def test_style_links_level_overrides_and_numbered_table_cells(tmp_path: Path) -> None:
    numbering = "".join((
        # abstract 60 only points at the numbering style "LegalList", which owns abstract 61
        f.abstract_num(60, [], num_style_link="LegalList"),
        f.abstract_num(61, [f.Lvl("decimal", "Section %1")], style_link="LegalList"),
        f.num(9, 61), f.num(8, 60),
        # num 10 replaces level 0 outright with its own definition
        f.abstract_num(70, [f.Lvl("decimal", "%1.")]),
        '<w:num w:numId="10"><w:abstractNumId w:val="70"/><w:lvlOverride w:ilvl="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="upperLetter"/>'
        '<w:lvlText w:val="Part %1:"/></w:lvl></w:lvlOverride></w:num>',
    ))
    styles = ('<w:style w:type="numbering" w:styleId="LegalList"><w:name w:val="Legal List"/>'
              '<w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>')
    body = "".join((
        f.para("Scope", num="8", ilvl=0),
        f.table([[f.para("Fees", num="8", ilvl=0), "Schedule"]]),
        f.para("Term", num="8", ilvl=0),
        f.para("Annexes", num="10", ilvl=0),
        '<w:customXml w:element="clause">' + f.para("Tagged clause", num="10", ilvl=0)
        + "</w:customXml>",
        '<w:altChunk r:id="rIdChunk"/>',
    ))
    document = read(f.build_docx(tmp_path / "links.docx", body, numbering=numbering,
                                 styles=styles))
    assert [b.text for b in document.blocks] == [
        "Section 1 Scope", "Section 2 Fees | Schedule", "Section 3 Term",
        "Part C: Annexes", "Part D: Tagged clause",
    ]
    assert document.warnings == (
        "Part of this document is content embedded from another file (altChunk); that part "
        "was not read.",)


def test_caps_and_outline_levels(tmp_path: Path) -> None:
    styles = ('<w:style w:type="paragraph" w:styleId="Shouty"><w:name w:val="Shouty"/>'
              '<w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:caps/></w:rPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Plain"><w:name w:val="Plain"/>'
              '<w:basedOn w:val="Shouty"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>')
    body = "".join((
        f.para("Limitation of liability", style="Shouty"),
        f.para("Quiet words", style="Plain"),
        f.para("Body text as heading", ppr='<w:outlineLvl w:val="0"/>'),
        f.para(f.run("Mixed ", bold=True), "weight"),
    ))
    document = read(f.build_docx(tmp_path / "caps.docx", body, styles=styles))
    shouty, plain, outlined, mixed = document.blocks
    assert (shouty.text, shouty.kind, shouty.level) == (
        "LIMITATION OF LIABILITY", BlockKind.HEADING, 2)
    assert (plain.text, plain.kind, plain.level) == ("QUIET WORDS", BlockKind.PARAGRAPH, 0)
    assert (outlined.kind, outlined.level) == (BlockKind.HEADING, 1)
    assert not mixed.bold


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (4, "upperRoman", "IV"), (14, "lowerRoman", "xiv"), (1999, "upperRoman", "MCMXCIX"),
        (3, "lowerLetter", "c"), (28, "upperLetter", "BB"), (7, "decimalZero", "07"),
        (12, "decimalZero", "12"), (2, "ordinal", "2nd"), (13, "ordinal", "13th"),
        (21, "cardinalText", "Twenty-one"), (12, "ordinalText", "Twelfth"),
        (20, "ordinalText", "Twentieth"), (5, "bullet", ""), (5, "none", ""),
        (0, "lowerRoman", "0"), (9, "chineseCounting", "9"),
    ],
)
def test_number_formats(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_custom_zero_padded_format() -> None:
    assert format_number(7, "custom", "001, 002, 003, ...") == "007"


# --- text extraction ----------------------------------------------------------------------------


def test_tracked_changes_are_read_as_accepted(rich: Document) -> None:
    assert "exclude" not in rich.text
    changes = by_start(rich, "2.3 ")
    assert changes.text == "2.3 Changes. Changes must be agreed in writing by both parties."
    assert "MOVED-AWAY" not in rich.text


def test_content_controls_hyperlinks_smart_tags_and_fields(rich: Document) -> None:
    assert by_start(rich, "(a) ").text == "(a) Notices may be given through the service portal."
    assert by_start(rich, "(b) ").text == "(b) Invoices are payable within thirty (30) days."
    assert "made at Springfield between" in rich.text
    # Block-level content control: its heading is numbered in sequence.
    assert by_start(rich, "3. ").text == "3. Data Protection"
    assert by_start(rich, "Personal data").text.endswith("described in Annex A.")
    cross_reference = by_start(rich, "Service credits")
    assert cross_reference.text == "Service credits apply under clause 2.3 of this agreement."
    assert "REF" not in rich.text
    assert "_Ref100" not in rich.text


def test_headers_footers_hidden_text_and_symbols_are_left_out(rich: Document) -> None:
    assert "HEADER-MARKER" not in rich.text
    assert "FOOTER-MARKER" not in rich.text
    assert "HIDDEN-MARKER" not in rich.text
    assert by_start(rich, "Line one").text == "Line one line two, non-breaking."
    assert by_start(rich, "2.1 ").text == "2.1 Scope. The Supplier will provide the services."


def test_text_box_is_read_once(rich: Document) -> None:
    assert rich.text.count("Boxed note text.") == 1
    note = rich.blocks.index(by_start(rich, "See the note."))
    assert rich.blocks[note + 1].text == "Boxed note text."


def test_tables_become_rows_in_document_order(rich: Document) -> None:
    rows = [block for block in rich.blocks if block.kind is BlockKind.TABLE_ROW]
    assert [row.cells for row in rows] == [
        ("Service", "Availability"),
        ("Hosting", "99.9%"),
        ("Support desk Hours | 24x7", "Business hours"),
    ]
    assert rows[1].text == "Hosting | 99.9%"
    assert {row.table for row in rows} == {0}
    texts = [block.text for block in rich.blocks]
    assert texts.index("2.3 Changes. Changes must be agreed in writing by both parties.") \
        < texts.index("Service | Availability") < texts.index(cross_text(rich))


def cross_text(document: Document) -> str:
    return by_start(document, "Service credits").text


def test_bold_style_and_title(rich: Document) -> None:
    assert by_start(rich, "Schedule 1").bold
    assert not by_start(rich, "Line one").bold
    title = rich.blocks[0]
    assert (title.text, title.kind, title.level, title.style) == (
        "Managed Services Agreement", BlockKind.HEADING, 1, "Title")
    assert rich.title == "Managed Services Agreement"


def test_docx_paragraph_points_at_the_body_paragraph(rich: Document) -> None:
    paragraphs = list(docx.Document(str(rich.path)).element.body.iter(qn("w:p")))
    for block in rich.blocks:
        assert block.docx_paragraph is not None
        xml_text = "".join(t.text or "" for t in paragraphs[block.docx_paragraph].iter(qn("w:t")))
        first_words = (block.cells[0] if block.cells else block.text[len(block.number):])
        assert first_words.strip()[:6] in xml_text, block.text


def test_untitled_document_leaves_the_title_to_assembly(tmp_path: Path) -> None:
    document = read(f.build_docx(tmp_path / "plain.docx", f.para("Hosting Terms")))
    assert document.title == "Hosting Terms"  # guessed by assemble, not a core property


# --- progress, cancel, limits, speed ------------------------------------------------------------


def long_body(paragraphs: int) -> str:
    return "".join(
        f.para(f"Clause heading {i}", style="Heading1") if i % 10 == 0
        else f.para(f"The Supplier shall perform obligation {i} with due care.", num="1", ilvl=1)
        for i in range(paragraphs)
    )


@pytest.fixture(scope="module")
def long_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return f.build_docx(tmp_path_factory.mktemp("docx") / "long.docx", long_body(2000),
                        numbering=f.RICH_NUMBERING, styles=f.RICH_STYLES)


def test_two_thousand_paragraphs_read_fast_with_progress(long_docx: Path) -> None:
    # CPU time rather than wall time: the test machine may be busy with other work.
    calls: list[tuple[float, str]] = []
    started = time.process_time()
    document = read_blocks(DocxReader(), long_docx, progress=lambda x, m: calls.append((x, m)))
    elapsed = time.process_time() - started
    assert len(document.blocks) == 2000
    assert document.blocks[-1].number == "200.9"
    assert elapsed < 1.0, f"{elapsed:.2f}s"
    assert len(calls) >= 10
    assert calls[-1] == (1.0, "Reading paragraphs")
    assert [x for x, _ in calls] == sorted(x for x, _ in calls)


def test_cancel_stops_reading(long_docx: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        read_blocks(DocxReader(), long_docx, cancel=token)


def test_too_many_paragraphs_is_refused(long_docx: Path) -> None:
    with pytest.raises(TooLarge, match="2,000 paragraphs"):
        read(long_docx, Limits(max_paragraphs=500))


# --- hostile and wrong files --------------------------------------------------------------------


def test_bytes_that_are_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"Just some text that was renamed.\n" * 10)
    with pytest.raises(CorruptDocument) as caught:
        read(path)
    assert str(caught.value) == ("notes.docx is not a Word document (it may be damaged or a "
                                 "renamed file).")


def test_old_word_file_with_a_docx_name(tmp_path: Path) -> None:
    path = tmp_path / "legacy.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000) + "WordDocument".encode(
        "utf-16-le"))
    with pytest.raises(UnsupportedFormat, match=r"old Word 97-2003 \.doc file.*save it as"):
        read(path)


def test_password_protected_docx(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    # Put the stream name across the reader's 1 MiB chunk border to prove the overlap works.
    padding = bytes((1 << 20) - 8 - 10)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + padding
                     + "EncryptedPackage".encode("utf-16-le") + bytes(64))
    with pytest.raises(EncryptedDocument, match="password-protected") as locked:
        read(path)
    assert not locked.value.password_opens  # Word's encryption: no password prompt can help


def test_pdf_with_a_docx_name(tmp_path: Path) -> None:
    path = tmp_path / "scan.docx"
    path.write_bytes(b"%PDF-1.7\n" + bytes(100))
    with pytest.raises(UnsupportedFormat, match="PDF file"):
        read(path)


def test_zip_without_document_part(tmp_path: Path) -> None:
    source = f.build_docx(tmp_path / "full.docx", f.para("Body text"))
    path = f.rewrite_part(source, tmp_path / "gutted.docx", "word/document.xml", None)
    with pytest.raises(CorruptDocument, match="no document body"):
        read(path)
    other = tmp_path / "spreadsheet.docx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(CorruptDocument, match="no document body"):
        read(other)


def test_damaged_document_xml_is_corrupt_with_details(tmp_path: Path) -> None:
    source = f.build_docx(tmp_path / "full.docx", f.para("Body text"))
    path = f.rewrite_part(source, tmp_path / "broken.docx", "word/document.xml",
                          b"<w:document><w:body><w:p>")
    with pytest.raises(CorruptDocument, match="not a Word document") as caught:
        read(path)
    assert "XMLSyntaxError" in caught.value.details


def test_directory_claiming_a_huge_part_is_refused_before_inflating(tmp_path: Path) -> None:
    path = f.build_docx(tmp_path / "bomb.docx", f.para("Small file"))
    f.patch_declared_size(path, "word/styles.xml", 1 << 31)  # claims 2 GiB
    with pytest.raises(TooLarge, match="contains a part of 2,147 MB") as caught:
        read(path)
    assert caught.value.details == "word/styles.xml"


def test_part_and_total_size_limits(tmp_path: Path) -> None:
    path = f.build_docx(tmp_path / "normal.docx", f.para("Small file"))
    with pytest.raises(TooLarge, match="over the 10 kB limit"):
        read(path, Limits(max_part_bytes=10_000))
    with pytest.raises(TooLarge, match="unpacks to"):
        read(path, Limits(max_uncompressed_bytes=50_000))


def test_directory_understating_a_part_fails_instead_of_inflating(tmp_path: Path) -> None:
    body = f.para("Padding " * 200_000)  # inflates to ~1.6 MB from a few kB
    path = f.build_docx(tmp_path / "liar.docx", body)
    f.patch_declared_size(path, "word/document.xml", 1000)
    with pytest.raises(CorruptDocument) as caught:
        read(path)
    assert "CRC" in caught.value.details or "larger" in caught.value.details


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_document_type_declarations_are_refused(tmp_path: Path, encoding: str) -> None:
    source = f.build_docx(tmp_path / "full.docx", f.para("Body text"))
    xml = (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        '<!DOCTYPE w:document [<!ENTITY secret "ENTITY-EXPANDED-TEXT">]>'
        f'<w:document {f.NSDECLS}><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    path = f.rewrite_part(source, tmp_path / "entity.docx", "word/document.xml",
                          xml.encode(encoding))
    with pytest.raises(CorruptDocument, match="document type declaration") as caught:
        read(path)
    assert "ENTITY-EXPANDED-TEXT" not in str(caught.value) + caught.value.details


def test_strict_open_xml_is_explained(tmp_path: Path) -> None:
    source = f.build_docx(tmp_path / "full.docx", f.para("Body text"))
    xml = (b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main">'
           b"<w:body><w:p/></w:body></w:document>")
    path = f.rewrite_part(source, tmp_path / "strict.docx", "word/document.xml", xml)
    with pytest.raises(UnsupportedFormat, match="Strict Open XML"):
        read(path)


# --- real documents ---------------------------------------------------------------------------

CROSS_REFERENCE = re.compile(r"Sections? (\d+(?:\.\d+)*) \(([A-Z][^)]{2,60})\)")


@pytest.mark.corpus
def test_corpus_documents_read_with_their_numbering(corpus_dir: Path) -> None:
    paths = sorted((corpus_dir / "docx").glob("*.docx"))
    assert paths
    numbered_documents = 0
    for path in paths:
        document = read(path)
        assert document.blocks, path.name
        labels = numbers(document)
        numbered_documents += bool(labels)
        for block in document.blocks:
            assert block.text == block.text.strip(), path.name
            assert "  " not in block.text, path.name
            if block.number:
                assert block.text.startswith(block.number), path.name
    assert numbered_documents >= 8


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["common-paper-cloud-service-agreement",
                                  "common-paper-pilot-agreement",
                                  "common-paper-independent-contractor-agreement"])
def test_corpus_cross_references_name_the_numbered_clauses(corpus_dir: Path, name: str) -> None:
    """The forms cite "Section 2.1 (Title)"; our numbers must put that title at 2.1."""
    document = read(corpus_dir / "docx" / f"{name}.docx")
    by_number = {block.number: block.text for block in document.blocks if block.number}
    checked = matched = 0
    for number, title in CROSS_REFERENCE.findall(document.text):
        for candidate in (number, f"{number}."):
            if candidate in by_number:
                checked += 1
                heading = by_number[candidate][len(candidate):].strip().lower()
                matched += heading.startswith(title.lower()[:12])
                break
    assert checked >= 5, checked
    assert matched / checked >= 0.9, (matched, checked)


@pytest.mark.corpus
def test_corpus_largest_document_reads_quickly(corpus_dir: Path) -> None:
    def body_size(path: Path) -> int:
        with zipfile.ZipFile(path) as archive:
            return archive.getinfo("word/document.xml").file_size

    path = max((corpus_dir / "docx").glob("*.docx"), key=body_size)
    started = time.process_time()
    document = read(path)
    assert time.process_time() - started < 1.0
    assert len(document.blocks) > 100
