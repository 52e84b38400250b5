"""Redline: the library's fixes in a copy of the Word contract as tracked changes.

Each fix is a real Word revision (``w:ins`` / ``w:del``) by the reviewer, dated now, with a
comment naming the clause and the reason, so a lawyer accepts or rejects it in Word: the sample
wording of each missing required or recommended clause, inserted after the section it belongs
to (numbered to fit) or in a new "Additional provisions" section; and, for a risky sentence
whose rule gives replacement wording, the sentence deleted and the wording inserted. Rejecting
every change gives the contract's text back exactly. A PDF cannot carry revisions: for one, the
export is a Word document of the proposed wording and where it goes, and says so.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from typing import BinaryIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree
from lxml.etree import _Element

from ito_desktop.core.model import Document as Contract
from ito_desktop.core.model import DocumentFormat
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export import formats
from ito_desktop.export.annotated_docx import (
    APP_AUTHOR,
    add_comment,
    open_word_copy,
    write_docx_copy,
)
from ito_desktop.export.base import ExportOptions, StreamingExporter
from ito_desktop.export.cells import xml_safe
from ito_desktop.export.docx_anchor import (
    W_P,
    W_R,
    W_RPR,
    W_T,
    XML_SPACE,
    anchor_span,
    find_span,
    paragraph_runs,
)
from ito_desktop.export.docx_common import add_text, document_bytes
from ito_desktop.export.palette import MUTED_TEXT
from ito_desktop.export.redline_plan import Insertion, RedlinePlan, Replacement, plan_redline

W_PPR = qn("w:pPr")
W_INS, W_DEL = qn("w:ins"), qn("w:del")
_RENAMED = {qn("w:t"): qn("w:delText"), qn("w:instrText"): qn("w:delInstrText")}
_NOT_COPIED = {qn("w:sectPr"), qn("w:pPrChange"), W_RPR}  # of a template paragraph's pPr
_FIRST_ID = 9000  # revision ids above any a contract is likely to hold; comments count from 0


class _Revisions:
    """Makes tracked changes by one author at one time, each with its own id."""

    def __init__(self, author: str, when: dt.datetime) -> None:
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.ids = itertools.count(_FIRST_ID)

    def mark(self, tag: str) -> _Element:
        element = etree.Element(tag)
        element.set(qn("w:id"), str(next(self.ids)))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        return element


def _text_run(parent: _Element, rpr: _Element | None, text: str) -> _Element:
    """A run of ``text`` (spaces kept) appended to ``parent``, formatted by a copy of ``rpr``."""
    run = etree.SubElement(parent, W_R)
    if rpr is not None and len(rpr):
        run.append(copy.deepcopy(rpr))
    t = etree.SubElement(run, W_T)
    t.text = xml_safe(text)
    t.set(XML_SPACE, "preserve")
    return run


class _Redliner:
    def __init__(self, copy_: DocumentObject, contract: Contract, author: str) -> None:
        self.copy = copy_
        self.contract = contract
        self.author = author
        self.revisions = _Revisions(author, dt.datetime.now(dt.UTC))
        self.paragraphs: list[_Element] = list(copy_.element.body.iter(W_P))
        self.unplaced: list[str] = []

    # -- insertions -----------------------------------------------------------------------

    def insert(self, insertions: tuple[Insertion, ...]) -> None:
        """Insert each clause after its block, later ones after earlier ones at one place."""
        last_at: dict[int, _Element] = {}
        for insertion in insertions:
            block = self.contract.blocks[insertion.after_block]
            if block.docx_paragraph is None or block.docx_paragraph >= len(self.paragraphs):
                self.unplaced.append(f"{insertion.title}: {insertion.text}")
                continue
            anchor = self.paragraphs[block.docx_paragraph]
            after = last_at.get(insertion.after_block, anchor)
            if insertion.new_section:
                heading = self._paragraph(anchor, insertion.new_section, heading=True)
                after.addnext(heading)
                after = heading
            title, text = self._numbered(insertion, anchor)
            body = self._paragraph(anchor, text, title=title)  # looks like the clause before
            after.addnext(body)
            last_at[insertion.after_block] = body
            lines = (insertion.reason, "Sample wording from the clause library: edit or reject.")
            self._comment(self._inserted_runs(body), f"Proposed: {insertion.title}", lines)

    def _numbered(self, insertion: Insertion, anchor: _Element) -> tuple[str, str]:
        """The clause's title (with its number typed in, unless Word numbers the paragraph it
        copies: then Word gives it the next number itself) and its text."""
        ppr = anchor.find(W_PPR)
        auto = ppr is not None and ppr.find(qn("w:numPr")) is not None
        number = "" if auto or not insertion.number else f"{insertion.number} "
        return f"{number}{insertion.title}. ", insertion.text

    def _paragraph(
        self, template: _Element, text: str, *, heading: bool = False, title: str = ""
    ) -> _Element:
        """A new paragraph looking like ``template``, its text (after a bold ``title``) and its
        mark tracked inserts."""
        paragraph = etree.Element(W_P)
        old_ppr = template.find(W_PPR)
        ppr = etree.SubElement(paragraph, W_PPR)
        if old_ppr is not None and not heading:
            for child in old_ppr:
                if child.tag not in _NOT_COPIED:
                    ppr.append(copy.deepcopy(child))
        mark_rpr = etree.SubElement(ppr, W_RPR)
        mark_rpr.append(self.revisions.mark(W_INS))
        inserted = self.revisions.mark(W_INS)
        paragraph.append(inserted)
        runs = paragraph_runs(template)
        look = runs[-1].find(W_RPR) if runs and not heading else None
        pieces = [(title, True), (text, heading)] if title else [(text, heading)]
        for piece, bold in pieces:
            rpr = copy.deepcopy(look) if look is not None else etree.Element(W_RPR)
            if bold and rpr.find(qn("w:b")) is None:  # after rStyle and rFonts (schema order)
                at = sum(1 for c in rpr if c.tag in (qn("w:rStyle"), qn("w:rFonts")))
                rpr.insert(at, etree.Element(qn("w:b")))
            _text_run(inserted, rpr, piece)
        return paragraph

    @staticmethod
    def _inserted_runs(paragraph: _Element) -> list[_Element]:
        return [run for ins in paragraph.iter(W_INS) for run in ins.iter(W_R)]

    # -- replacements ---------------------------------------------------------------------

    def replace(self, replacement: Replacement) -> None:
        located = self._locate(replacement)
        if located is None:
            self.unplaced.append(
                f"{replacement.title}, clause {replacement.clause_number}: replace "
                f"“{replacement.quote}” with “{replacement.text}”"
            )
            return
        first, last = located
        parent = first.getparent()
        assert parent is not None
        siblings = list(parent)
        span = siblings[siblings.index(first) : siblings.index(last) + 1]
        deleted = self.revisions.mark(W_DEL)
        first.addprevious(deleted)
        for element in span:
            deleted.append(element)  # moves it
            for child in element.iter():
                if child.tag in _RENAMED:
                    child.tag = _RENAMED[child.tag]
        inserted = self.revisions.mark(W_INS)
        deleted.addnext(inserted)
        ends_with_space = replacement.quote.endswith(" ")
        run = _text_run(
            inserted, first.find(W_RPR), replacement.text + (" " if ends_with_space else "")
        )
        lines = (replacement.reason, "Replacement wording from the clause library: edit or reject.")
        self._comment([run], f"Proposed: {replacement.title}", lines)

    def _locate(self, replacement: Replacement) -> tuple[_Element, _Element] | None:
        """The sentence's runs (split to fit it), when they are plain runs of one paragraph."""
        contract = self.contract
        block = contract.blocks[contract.block_index_at(replacement.start)]
        if block.docx_paragraph is None or block.docx_paragraph >= len(self.paragraphs):
            return None
        paragraph = self.paragraphs[block.docx_paragraph]
        numbered = len(block.number) + 1 if block.number else 0
        near = max(0, replacement.start - block.start - numbered)
        span = find_span([paragraph], replacement.quote, near)
        if span is None or span[0] is not span[2]:
            return None
        first, last = anchor_span(span)
        parent = first.getparent()
        if parent is None or last.getparent() is not parent:
            return None  # the sentence crosses a hyperlink or field: comment only
        siblings = list(parent)
        between = siblings[siblings.index(first) : siblings.index(last) + 1]
        if any(element.tag != W_R for element in between):
            return None
        return first, last

    # -- comments -------------------------------------------------------------------------

    def _comment(self, runs: list[_Element], title: str, lines: tuple[str, ...]) -> None:
        if runs:
            add_comment(self.copy, runs[0], runs[-1], self.author, title, lines)


def redline(
    result: ReviewResult,
    session: ReviewSession | None,
    options: ExportOptions,
    plan: RedlinePlan,
    removed: list[str],
    source: bytes | None,
) -> DocumentObject:
    """Open the contract (or ``source``, its package made inert) and add the tracked changes."""
    document = result.document
    copy_ = open_word_copy(document, source, "a redline")
    author = options.reviewer_name(session) or APP_AUTHOR
    redliner = _Redliner(copy_, document, author)
    for replacement in plan.replacements:  # before insertions: paragraph indexes still hold
        redliner.replace(replacement)
    redliner.insert(plan.insertions)
    notes = [f"Not placed in the text (make this change by hand): {u}" for u in redliner.unplaced]
    if removed:
        notes.append(f"This copy is inert: it leaves out {'; '.join(removed)}.")
    if notes:
        first = next((p for p in redliner.paragraphs if paragraph_runs(p)), None)
        if first is not None:
            runs = paragraph_runs(first)
            redliner._comment([runs[0], runs[-1]], "ITO Review redline", tuple(notes))
    return copy_


def proposals_document(
    result: ReviewResult, session: ReviewSession | None, options: ExportOptions, plan: RedlinePlan
) -> DocumentObject:
    """For a contract that cannot carry tracked changes (a PDF): the proposed wording, where
    each piece goes, and why."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    name = result.document.path.name
    document.add_heading(f"Proposed wording for {name}", level=1)
    intro = document.add_paragraph()
    add_text(
        intro,
        f"{name} is a {result.document.format.upper()} file, so the fixes cannot be tracked "
        "changes in it. Put this wording into your Word version of the contract: each item "
        "says where it goes and why. "
        f"Reviewer: {options.reviewer_name(session) or '—'}; {options.day().isoformat()}; "
        f"{result.library.name} {result.library.version}.",
        italic=True,
        colour=MUTED_TEXT,
    )
    if not plan.insertions and not plan.replacements:
        document.add_paragraph(
            "Nothing to propose: no missing clause or risky sentence has "
            "wording in the clause library."
        )
    if plan.insertions:
        document.add_heading("Clauses to add", level=2)
    for insertion in plan.insertions:
        document.add_heading(insertion.title, level=3)
        where = f"Insert after the last sub-clause of {insertion.section}"
        if insertion.number:
            where += f", as clause {insertion.number}"
        add_text(document.add_paragraph(), where + ".", bold=True)
        document.add_paragraph(insertion.text)
        add_text(document.add_paragraph(), f"Why: {insertion.reason}", italic=True)
    if plan.replacements:
        document.add_heading("Sentences to replace", level=2)
    for replacement in plan.replacements:
        document.add_heading(f"{replacement.title}, clause {replacement.clause_number}", level=3)
        add_text(document.add_paragraph(), "Replace:", bold=True)
        document.add_paragraph(replacement.quote)
        add_text(document.add_paragraph(), "With:", bold=True)
        document.add_paragraph(replacement.text)
        add_text(document.add_paragraph(), f"Why: {replacement.reason}", italic=True)
    return document


class RedlineExporter(StreamingExporter):
    spec = formats.REDLINE

    def export_to(
        self,
        result: ReviewResult,
        session: ReviewSession | None,
        options: ExportOptions,
        out: BinaryIO,
    ) -> None:
        plan = plan_redline(result, session)
        if result.document.format != DocumentFormat.DOCX:
            out.write(document_bytes(proposals_document(result, session, options, plan)))
            return
        write_docx_copy(
            result,
            out,
            lambda removed, source: redline(result, session, options, plan, removed, source),
            what="A redline",
        )
