"""The annotated copy: real Word comments on the evidence, the contract itself untouched."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from ito_desktop.core.ingest.base import Limits
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.library.schema import Library
from ito_desktop.core.progress import CancelToken, no_progress
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.annotated_docx import AnnotatedDocxExporter, plan_comments
from ito_desktop.export.base import ExportError, ExportOptions
from tests.conftest import SAMPLES
from tests.export.conftest import FIXED_DATE, TFC_EVIDENCE, TFC_MESSAGE_START


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _anchored_text(path: Path) -> dict[int, str]:
    """The text each comment's range covers, by comment id."""
    body = docx.Document(str(path)).element.body
    open_ranges: dict[int, list[str]] = {}
    done: dict[int, str] = {}
    for element in body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ranges[int(element.get(qn("w:id")))] = []
        elif element.tag == qn("w:commentRangeEnd"):
            comment_id = int(element.get(qn("w:id")))
            done[comment_id] = "".join(open_ranges.pop(comment_id))
        elif element.tag == qn("w:t"):
            for parts in open_ranges.values():
                parts.append(element.text or "")
    assert not open_ranges
    return done


def _comments(path: Path) -> dict[int, tuple[str, str]]:
    """comment id -> (first paragraph, whole text)."""
    document = docx.Document(str(path))
    return {c.comment_id: (c.paragraphs[0].text, c.text) for c in document.comments}


@pytest.fixture(scope="module")
def annotated(sample_result: ReviewResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("annotated") / "sample_msa annotated.docx"
    AnnotatedDocxExporter().write(sample_result, None, ExportOptions(date=FIXED_DATE), out)
    return out


def test_contract_is_untouched(
    annotated: Path, sample_copy: Path, sample_result: ReviewResult
) -> None:
    assert _sha(sample_copy) == sample_result.document.sha256
    assert _sha(SAMPLES / "sample_msa.docx") == sample_result.document.sha256
    assert _sha(annotated) != sample_result.document.sha256


def test_formatting_and_numbering_survive(
    annotated: Path, sample_copy: Path, sample_result: ReviewResult
) -> None:
    with zipfile.ZipFile(sample_copy) as before, zipfile.ZipFile(annotated) as after:
        for part in ("word/numbering.xml", "word/styles.xml"):
            assert after.read(part) == before.read(part)
        assert "word/comments.xml" in after.namelist()
    original = docx.Document(str(sample_copy)).element.body
    copy = docx.Document(str(annotated)).element.body
    assert len(list(copy.iter(qn("w:p")))) == len(list(original.iter(qn("w:p"))))
    # Read back by our own reader: the same text, numbered the same way.
    again = read_document(annotated, Limits(), no_progress, CancelToken())
    assert again.text == sample_result.document.text
    assert [c.reference for c in again.clauses] == [
        c.reference for c in sample_result.document.clauses]


def test_comments_anchor_on_the_evidence(annotated: Path, sample_result: ReviewResult) -> None:
    notes, missing = plan_comments(sample_result, None)
    comments = _comments(annotated)
    anchored = _anchored_text(annotated)
    assert len(comments) == len(notes) + 1 == len(anchored)
    tfc = [cid for cid, (title, _) in comments.items()
           if title.startswith("Termination for convenience")]
    assert len(tfc) == 1
    assert anchored[tfc[0]] == TFC_EVIDENCE
    text = comments[tfc[0]][1]
    assert TFC_MESSAGE_START in text
    assert "Ask for: " in text
    for note in notes:  # every comment covers exactly its quote
        cid = next(cid for cid, (title, _) in comments.items() if title == note.title
                   and " ".join(anchored[cid].split()) == " ".join(note.quote.split()))
        assert cid is not None
    assert {f.clause_id for f in missing} == {
        f.clause_id for f in sample_result.findings if f.status.value == "missing"}


def test_top_comment_lists_missing_clauses(annotated: Path, sample_result: ReviewResult) -> None:
    comments = _comments(annotated)
    anchored = _anchored_text(annotated)
    top = next(cid for cid, (title, _) in comments.items() if title.startswith("ITO Review"))
    assert anchored[top] == "MASTER SERVICES AGREEMENT"
    assert "2026-01-15" in comments[top][0]
    for finding in sample_result.findings:
        if finding.status.value == "missing":
            assert f"• {finding.title} ({finding.importance.value})" in comments[top][1]


def test_session_decisions_shape_the_comments(
    sample_result: ReviewResult, sample_session: ReviewSession, tmp_path: Path
) -> None:
    out = tmp_path / "annotated.docx"
    AnnotatedDocxExporter().write(sample_result, sample_session, ExportOptions(), out)
    comments = _comments(out)
    titles = [title for title, _ in comments.values()]
    assert not any(title.startswith("Charges and payment") for title in titles)  # accepted
    tfc = next(text for title, text in comments.values()
               if title.startswith("Termination for convenience"))
    assert "Reviewer note: Ask for 12 months' notice." in tfc
    top = next(text for title, text in comments.values() if title.startswith("ITO Review"))
    assert "Insurance" not in top  # not applicable
    assert "Source code escrow" not in top  # marked present
    author = docx.Document(str(out)).comments
    assert {c.author for c in author} == {"Dana Reviewer"}


def test_pdf_contract_is_refused(pdf_result: ReviewResult, tmp_path: Path) -> None:
    exporter = AnnotatedDocxExporter()
    assert exporter.unavailable_reason(pdf_result) is not None
    with pytest.raises(ExportError, match=r"only be made of a Word \(\.docx\) contract"):
        exporter.write(pdf_result, None, ExportOptions(), tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_changed_contract_is_refused(library: Library, tmp_path: Path) -> None:
    contract = tmp_path / "contract.docx"
    shutil.copyfile(SAMPLES / "sample_msa.docx", contract)
    result = review(contract, library)
    with zipfile.ZipFile(contract, "a") as archive:  # edited after the review
        archive.writestr("customXml/extra.xml", "<x/>")
    with pytest.raises(ExportError, match="has changed since it was reviewed"):
        AnnotatedDocxExporter().write(result, None, ExportOptions(), tmp_path / "out.docx")


def test_never_replaces_the_contract(sample_result: ReviewResult) -> None:
    contract = sample_result.document.path
    with pytest.raises(ExportError, match="cannot replace the contract"):
        AnnotatedDocxExporter().write(sample_result, None, ExportOptions(), contract)
    assert _sha(contract) == sample_result.document.sha256


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name", ["common-paper-cloud-service-agreement.docx", "common-paper-order-form.docx"]
)
def test_real_word_forms_keep_text_numbering_and_parts(
    corpus_dir: Path, library: Library, tmp_path: Path, name: str
) -> None:
    """Real forms (numbering, tables, content controls): a comment changes nothing else."""
    contract = tmp_path / name
    shutil.copyfile(corpus_dir / "docx" / name, contract)
    result = review(contract, library)
    out = tmp_path / "annotated.docx"
    AnnotatedDocxExporter().write(result, None, ExportOptions(), out)
    assert _sha(contract) == result.document.sha256
    with zipfile.ZipFile(contract) as before, zipfile.ZipFile(out) as after:
        changed = {part for part in before.namelist()
                   if part in after.namelist() and before.read(part) != after.read(part)}
        assert changed <= {"word/document.xml", "[Content_Types].xml",
                           "word/_rels/document.xml.rels"}
    again = read_document(out, Limits(), no_progress, CancelToken())
    assert again.text == result.document.text
    notes, _ = plan_comments(result, None)
    assert len(_anchored_text(out)) == len(notes) + 1
