"""Annotated DOCX export: a copy of the contract with Word comments on weak and risky clauses."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from lxml.etree import _Element

from ito_desktop.core.effective import SEVERITY_RANK, EffectiveStatus, effective_status, open_risks
from ito_desktop.core.findings import Finding, RiskFlag
from ito_desktop.core.ingest.base import file_sha256
from ito_desktop.core.model import BlockKind, DocumentFormat
from ito_desktop.core.model import Document as Contract
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import FindingReview, ReviewSession
from ito_desktop.export import formats
from ito_desktop.export.base import ExportError, ExportOptions, StreamingExporter
from ito_desktop.export.cells import xml_safe
from ito_desktop.export.docx_anchor import anchor_span, find_span, whole_paragraph
from ito_desktop.export.docx_common import document_bytes
from ito_desktop.export.inert import inert_parts, make_inert
from ito_desktop.export.rows import count_effective

APP_AUTHOR = "ITO Review"


@dataclass(frozen=True, slots=True)
class Note:
    """One comment to add: where (offsets into the contract's text) and what it says."""

    start: int
    end: int
    quote: str
    title: str
    lines: tuple[str, ...]


def plan_comments(
    result: ReviewResult, session: ReviewSession | None
) -> tuple[list[Note], list[Finding]]:
    """Comments for weak and risky findings (one per place a risk fired), and the missing ones."""
    notes: list[Note] = []
    missing: list[Finding] = []
    for finding in result.findings:
        item = session.items.get(finding.clause_id) if session is not None else None
        status = effective_status(finding, item)
        if status is EffectiveStatus.MISSING:
            missing.append(finding)
            continue
        risks = open_risks(finding, item)
        if status is EffectiveStatus.WEAK or risks:
            notes.extend(_finding_notes(finding, item, status, risks))
    return notes, missing


def _finding_notes(
    finding: Finding,
    item: FindingReview | None,
    status: EffectiveStatus,
    risks: tuple[RiskFlag, ...],
) -> list[Note]:
    evidence = finding.evidence[0] if finding.evidence else None
    places: dict[tuple[int, int, str], list[RiskFlag]] = {}
    for risk in risks:
        if risk.start is not None and risk.end is not None and risk.text:
            places.setdefault((risk.start, risk.end, risk.text), []).append(risk)
        elif evidence is not None:
            places.setdefault((evidence.start, evidence.end, evidence.text), []).append(risk)
    if not places and evidence is not None:  # weak, no risk: comment on the evidence
        places[(evidence.start, evidence.end, evidence.text)] = []
    note_text = item.note.strip() if item is not None else ""
    notes: list[Note] = []
    for (start, end, quote), flagged in places.items():
        title = f"{finding.title}: {status.label}"
        if flagged:
            worst = max(flagged, key=lambda r: SEVERITY_RANK[r.severity])
            title += f", {worst.severity.value} risk" if worst.severity.is_risk else ", to check"
        lines: list[str] = []
        if status is EffectiveStatus.WEAK:
            lines.append(
                "Only a partial match was found: check that this wording does what is needed."
            )
        for risk in flagged:
            lines.append(f"{risk.severity.value.capitalize()} risk: {risk.message}")
            if risk.recommendation:
                lines.append(f"Ask for: {risk.recommendation}")
        if note_text:
            lines.append(f"Reviewer note: {note_text}")
        notes.append(Note(start, end, quote, title, tuple(lines)))
    return notes


class _Annotator:
    """Adds comments to the python-docx copy of the contract, anchored on the quoted runs."""

    def __init__(self, copy: DocumentObject, contract: Contract, author: str) -> None:
        self.copy = copy
        self.contract = contract
        self.author = author
        self.paragraphs: list[_Element] = list(copy.element.body.iter(qn("w:p")))
        self.unplaced: list[Note] = []

    def add(self, note: Note) -> None:
        anchor = self._anchor(note)
        if anchor is None:
            self.unplaced.append(note)
            return
        self._comment(anchor, note.title, note.lines)

    def add_top(self, title: str, lines: list[str]) -> None:
        """A comment on the first paragraph that has text (usually the contract's title)."""
        for paragraph in self.paragraphs:
            anchor = whole_paragraph(paragraph)
            if anchor is not None:
                self._comment(anchor, title, tuple(lines))
                return

    def _anchor(self, note: Note) -> tuple[_Element, _Element] | None:
        contract = self.contract
        block = contract.blocks[contract.block_index_at(note.start)]
        if block.docx_paragraph is None or block.docx_paragraph >= len(self.paragraphs):
            return None
        paragraph = self.paragraphs[block.docx_paragraph]
        candidates = [paragraph]
        if block.kind is BlockKind.TABLE_ROW:  # the block points at the row's first paragraph
            row = next((a for a in paragraph.iterancestors(qn("w:tr"))), None)
            if row is not None:
                candidates = list(row.iter(qn("w:p")))
        numbered = len(block.number) + 1 if block.number else 0
        near = max(0, note.start - block.start - numbered)
        span = find_span(candidates, note.quote, near)
        if span is not None:
            return anchor_span(span)
        return whole_paragraph(paragraph)

    def _comment(
        self, anchor: tuple[_Element, _Element], title: str, lines: tuple[str, ...]
    ) -> None:
        first, last = anchor
        add_comment(self.copy, first, last, self.author, title, lines)


def add_comment(
    copy: DocumentObject,
    first: _Element,
    last: _Element,
    author: str,
    title: str,
    lines: tuple[str, ...],
) -> None:
    """A Word comment by ``author`` on the runs ``first`` to ``last``: a bold title, then lines."""
    # Run needs only its element to place the range markers; the parent is nominal.
    parent = Paragraph(first.getparent(), copy._body)
    runs = [Run(first, parent), Run(last, parent)]
    initials = "".join(word[0] for word in author.split()[:3]).upper() or "IR"
    comment = copy.add_comment(runs, text="", author=author, initials=initials)
    heading = comment.paragraphs[0].add_run(xml_safe(title))
    heading.bold = True
    for line in lines:
        comment.add_paragraph(xml_safe(line))


def open_word_copy(document: Contract, source: bytes | None, what: str) -> DocumentObject:
    """python-docx's copy of the contract (or of ``source``, its package made inert)."""
    try:
        return Document(io.BytesIO(source) if source is not None else str(document.path))
    except Exception as error:  # python-docx is stricter than our reader about packages
        raise ExportError(
            f"{document.path.name} could not be opened to make {what}.",
            path=document.path,
            details=f"{type(error).__name__}: {error}",
        ) from error


def annotate(
    result: ReviewResult,
    session: ReviewSession | None,
    options: ExportOptions,
    made_inert: list[str] | None = None,
    source: bytes | None = None,
) -> DocumentObject:
    """Open the contract (or ``source``, its package made inert), add the comments, and
    return the (unsaved) copy."""
    document = result.document
    check_word_contract(document)
    copy = open_word_copy(document, source, "an annotated copy")
    author = options.reviewer_name(session) or APP_AUTHOR
    annotator = _Annotator(copy, document, author)
    notes, missing = plan_comments(result, session)
    for note in notes:
        annotator.add(note)
    title, lines = _top_comment(result, session, options, missing, annotator.unplaced)
    if made_inert:
        lines.append(
            "This copy is inert: it leaves out "
            + "; ".join(made_inert)
            + " (the contract itself is unchanged)."
        )
    annotator.add_top(title, lines)
    return copy


def _top_comment(
    result: ReviewResult,
    session: ReviewSession | None,
    options: ExportOptions,
    missing: list[Finding],
    unplaced: list[Note],
) -> tuple[str, list[str]]:
    counts = count_effective(result, session)
    library = f"{result.library.name} {result.library.version}"
    title = f"ITO Review, {options.day().isoformat()} ({library})"
    lines = [
        f"{counts.present} present, {counts.weak} weak, {counts.missing} missing; open risks: "
        f"{counts.risks_high} high, {counts.risks_medium} medium, {counts.risks_low} low."
    ]
    if missing:
        lines.append(f"Missing clauses ({len(missing)}):")
        for finding in missing:
            entry = result.library.entry(finding.clause_id)
            ask = " ".join(entry.guidance.preferred.split())
            lines.append(
                f"• {finding.title} ({finding.importance.value})"
                + (f": ask for {ask[0].lower()}{ask[1:]}" if ask else "")
            )
    else:
        lines.append("No clause of the library is missing.")
    for note in unplaced:  # a comment that found no place in the text still gets said
        lines.append(f"• {note.title}: " + " ".join(note.lines))
    return title, lines


def check_word_contract(document: Contract, what: str = "An annotated copy") -> None:
    if document.format != DocumentFormat.DOCX:
        raise ExportError(
            f"{what} can only be made of a Word (.docx) contract; "
            f"{document.path.name} is a {document.format.upper()} file.",
            path=document.path,
        )
    try:
        digest = file_sha256(document.path)  # in pieces: a contract may be 200 MB
    except OSError as error:
        raise ExportError(
            f"{document.path.name} could not be read again to make a copy of it "
            f"({error.strerror or error}).",
            path=document.path,
        ) from error
    if digest != document.sha256:
        raise ExportError(
            f"{document.path.name} has changed since it was reviewed; review it again before "
            f"making {what[0].lower()}{what[1:]}.",
            path=document.path,
        )


class AnnotatedDocxExporter(StreamingExporter):
    spec = formats.ANNOTATED_DOCX  # needs_docx_source: not offered for a PDF or TXT contract

    def export_to(
        self,
        result: ReviewResult,
        session: ReviewSession | None,
        options: ExportOptions,
        out: BinaryIO,
    ) -> None:
        """Write the annotated copy to ``out`` (see ``write_docx_copy``)."""
        write_docx_copy(
            result,
            out,
            lambda removed, source: annotate(result, session, options, removed, source),
        )


def write_docx_copy(
    result: ReviewResult,
    out: BinaryIO,
    make: Callable[[list[str], bytes | None], DocumentObject],
    what: str = "An annotated copy",
) -> None:
    """Write a changed copy of the Word contract to ``out``, its large parts copied across in
    pieces. ``make(removed, source)`` opens ``source`` (the contract's package made inert; None
    to open the contract itself) and changes it; ``removed`` says what the inert copy left out.

    The copy is made from an inert version of the contract. python-docx holds every part
    of a package in memory, several times over on the way through; so the parts that are
    neither XML nor small (images, embedded files) reach it as empty stand-ins, and are
    copied from the contract into the finished copy a piece at a time. A contract of
    199 MB with two 95 MB images took 1.4 GB to annotate before.
    """
    check_word_contract(result.document, what)
    path = result.document.path
    try:
        original = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        original = None
    if original is None:  # make() says why the contract cannot be opened
        produced = document_bytes(make([], None))
        out.write(make_inert(produced)[0])
        return
    with original:
        infos = {info.filename: info for info in original.infolist()}
        streamed = {
            name
            for name, info in infos.items()
            if info.file_size > STREAMED_PART_BYTES and not name.endswith((".xml", ".rels"))
        }
        try:
            parts = {name: b"" if name in streamed else original.read(name) for name in infos}
            clean, removed = inert_parts(parts)
            source: bytes | None = _package(clean, infos)
        except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
            parts, source, removed = {}, None, []
        produced = document_bytes(make(removed, source))
        final, _ = inert_parts(keep_original_parts(parts, produced))
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in final.items():
                if name in streamed and not data:
                    _copy_part(original, infos[name], target)
                else:
                    target.writestr(_info(name, infos.get(name)), data)


# Parts other than XML over this size are copied across rather than handed to python-docx.
STREAMED_PART_BYTES = 1 << 20


def _package(parts: dict[str, bytes], infos: dict[str, zipfile.ZipInfo]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(_info(name, infos.get(name)), data)
    return buffer.getvalue()


def _info(name: str, like: zipfile.ZipInfo | None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, like.date_time if like is not None else (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _copy_part(source: zipfile.ZipFile, info: zipfile.ZipInfo, target: zipfile.ZipFile) -> None:
    """Copy one part a megabyte at a time, compressed as it was (a JPEG is stored)."""
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.file_size = info.file_size  # lets zipfile choose ZIP64 for a large part up front
    with source.open(info) as reader, target.open(copy, "w") as writer:
        shutil.copyfileobj(reader, writer, 1 << 20)


def keep_original_parts(original: dict[str, bytes], produced: bytes) -> dict[str, bytes]:
    """The produced package's parts, with every part python-docx did not change in the
    original's bytes (``original``: the contract's parts by name).

    python-docx re-serialises the XML parts it loads (numbering, styles, settings...); they
    mean the same but are not byte-identical. Restoring the original bytes wherever the XML is
    unchanged keeps the copy as close to the contract as a Word comment allows.
    """
    kept: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(produced)) as made:
        for info in made.infolist():
            data = made.read(info)
            old = original.get(info.filename)
            if old is not None and old != data and _same_xml(old, data):
                data = old
            kept[info.filename] = data
    return kept


def _same_xml(old: bytes, new: bytes) -> bool:
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        canonical = [
            etree.tostring(etree.fromstring(part, parser), method="c14n") for part in (old, new)
        ]
    except etree.XMLSyntaxError:
        return False  # a binary part (image, font): bytes decide
    return bool(canonical[0] == canonical[1])
