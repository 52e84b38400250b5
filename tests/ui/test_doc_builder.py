"""The reading document: headings are bold, clauses styled as headings read as paragraphs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QTextBlock, QTextCursor, QTextDocument

from ito_desktop.core.ingest.base import ReadResult, assemble
from ito_desktop.core.ingest.segment import segment
from ito_desktop.core.model import Block, BlockKind, Document
from ito_desktop.ui.document.doc_builder import LIST_INDENT, build_text_document

# Some standard forms (Common Paper's among them) give every clause a Word heading style, so
# the reader marks whole clauses as headings.
HEADING_STYLED = (
    "1. ACCESS",
    "1.1 Access and Use. During the Subscription Period the Customer may use the Service for "
    "its internal business purposes.",
    "1.2 Restrictions. The Customer will not:",
    "(a) copy, modify or create derivative works of the Service, or reverse engineer any part "
    "of it, except to the extent the law allows it despite this limit;",
    "2. Fees and payment",
)
BODY = "The Customer shall pay the fees within thirty days of the invoice."


def heading_styled_document() -> Document:
    blocks = [Block(text, kind=BlockKind.HEADING) for text in HEADING_STYLED]
    blocks.append(Block(BODY, kind=BlockKind.PARAGRAPH))
    return segment(assemble(Path("form.docx"), "docx", "0" * 64, ReadResult(blocks=blocks)))


def block_starting(document: QTextDocument, prefix: str) -> QTextBlock:
    block = document.begin()
    while block.isValid():
        if block.text().startswith(prefix):
            return block
        block = block.next()
    raise AssertionError(f"no block starts with {prefix!r}")


def bold_part(block: QTextBlock) -> str:
    """The characters of ``block`` set in bold, in order."""
    cursor = QTextCursor(block)
    bold = []
    for offset, char in enumerate(block.text()):
        cursor.setPosition(block.position() + offset + 1)
        if cursor.charFormat().fontWeight() >= QFont.Weight.Bold:
            bold.append(char)
    return "".join(bold)


def test_real_headings_stay_bold_headings() -> None:
    built = build_text_document(heading_styled_document())
    for text in ("1. ACCESS", "2. Fees and payment"):
        block = block_starting(built.text_document, text)
        assert bold_part(block) == text
        assert block.blockFormat().topMargin() > block.blockFormat().bottomMargin()
    assert bold_part(block_starting(built.text_document, BODY)) == ""


def test_a_clause_styled_as_a_heading_reads_as_a_paragraph() -> None:
    built = build_text_document(heading_styled_document())
    access = block_starting(built.text_document, "1.1 Access and Use.")
    # The number and title are bold, as in any clause; the sentence after them is not.
    assert bold_part(access) == "1.1 Access and Use."
    assert access.blockFormat().topMargin() == 0  # not spaced as a heading either
    assert bold_part(block_starting(built.text_document, "1.2 Restrictions.")) == (
        "1.2 Restrictions."
    )
    item = block_starting(built.text_document, "(a) copy, modify")
    assert bold_part(item) == ""
    assert item.blockFormat().leftMargin() == LIST_INDENT  # indented like other list items


def test_offsets_still_map_every_character() -> None:
    document = heading_styled_document()
    built = build_text_document(document)
    for text in (*HEADING_STYLED, BODY):
        start = document.text.index(text)
        view = built.offsets.to_view(start)
        assert built.text_document.characterAt(view) == text[0]
