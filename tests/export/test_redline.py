"""Redline: the library's fixes as real Word tracked changes, and rejecting them all gives the
contract back."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.docx_anchor import paragraph_runs, run_text
from ito_desktop.export.redline_docx import RedlineExporter
from ito_desktop.export.redline_plan import plan_redline

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _resolve(root: etree._Element, *, accept: bool) -> etree._Element:
    """``root`` with every tracked change accepted (or rejected), as Word would leave it."""
    for mark in list(root.iter(W + "ins")):
        holder = mark.getparent()
        if holder is not None and holder.tag == W + "rPr" and holder.getparent().tag == W + "pPr":
            paragraph = holder.getparent().getparent()
            if accept:
                holder.remove(mark)
            else:  # an inserted paragraph mark: the paragraph itself goes
                paragraph.getparent().remove(paragraph)
    for tag, keep in ((W + "ins", accept), (W + "del", not accept)):
        for change in list(root.iter(tag)):
            parent = change.getparent()
            if parent is None:
                continue
            if keep:
                for child in list(change):
                    for node in child.iter():
                        if node.tag == W + "delText":
                            node.tag = W + "t"
                    change.addprevious(child)
            parent.remove(change)
    return root


def _texts(root: etree._Element) -> list[str]:
    return ["".join(run_text(r) for r in paragraph_runs(p)) for p in root.iter(W + "p")]


@pytest.fixture(scope="module")
def redline(sample_result: ReviewResult) -> bytes:
    options = ExportOptions(reviewer="Dana Reviewer")
    return RedlineExporter().export_bytes(sample_result, None, options)


def test_changes_are_real_revisions_by_the_reviewer(
    redline: bytes, sample_result: ReviewResult
) -> None:
    root = _document_xml(redline)
    plan = plan_redline(sample_result, None)
    deletions = list(root.iter(W + "del"))
    insertions = [i for i in root.iter(W + "ins") if i.getparent().tag != W + "rPr"]
    assert len(deletions) == len(plan.replacements) == 5
    assert len(insertions) == len(plan.replacements) + len(plan.insertions) == 8
    for change in [*deletions, *insertions]:
        assert change.get(W + "author") == "Dana Reviewer"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", change.get(W + "date"))
    ids = [c.get(W + "id") for c in root.iter(W + "ins", W + "del")]
    assert len(ids) == len(set(ids))
    deleted = " ".join(t.text for t in root.iter(W + "delText"))
    assert "Supplier may subcontract any of its obligations" in deleted


def test_each_change_has_a_comment_naming_the_clause_and_the_reason(redline: bytes) -> None:
    copy = docx.Document(io.BytesIO(redline))
    comments = [c for c in copy.comments]
    titles = [c.paragraphs[0].text for c in comments]
    assert "Proposed: Insurance" in titles
    assert "Proposed: Subcontracting" in titles
    subcontracting = next(c for c in comments if c.paragraphs[0].text == "Proposed: Subcontracting")
    said = " ".join(p.text for p in subcontracting.paragraphs)
    assert "risk: The supplier may subcontract" in said
    assert all(c.author == "Dana Reviewer" for c in comments)


def test_rejecting_every_change_gives_the_original_text(
    redline: bytes, sample_result: ReviewResult
) -> None:
    original = _document_xml(sample_result.document.path.read_bytes())
    rejected = _resolve(_document_xml(redline), accept=False)
    assert _texts(rejected) == _texts(original)


def test_accepting_every_change_gives_the_library_wording(redline: bytes) -> None:
    accepted = "\n".join(_texts(_resolve(_document_xml(redline), accept=True)))
    assert "Supplier may subcontract any of its obligations" not in accepted
    assert "Supplier shall not subcontract any of its obligations" in accepted
    assert "Insurance. The Supplier shall maintain with reputable insurers" in accepted
    assert "Key personnel and staffing. " in accepted
    # the inserted clause follows the last sub-clause of the section it belongs to
    position = accepted.index("Insurance. The Supplier shall maintain")
    assert "Limitation of liability" in accepted[:position]


def test_decisions_are_respected(
    sample_result: ReviewResult, sample_session: ReviewSession, options: ExportOptions
) -> None:
    plan = plan_redline(sample_result, sample_session)
    assert "insurance" not in {i.clause_id for i in plan.insertions}  # not applicable
    assert "charges_and_payment" not in {r.clause_id for r in plan.replacements}  # accepted
    assert "subcontracting" in {r.clause_id for r in plan.replacements}


def test_the_contract_is_not_modified(sample_result: ReviewResult, tmp_path: Path) -> None:
    before = hashlib.sha256(sample_result.document.path.read_bytes()).hexdigest()
    out = tmp_path / "redline.docx"
    RedlineExporter().write(sample_result, None, ExportOptions(), out)
    assert out.stat().st_size > 0
    assert hashlib.sha256(sample_result.document.path.read_bytes()).hexdigest() == before


def test_a_pdf_contract_gets_the_proposed_wording_instead(pdf_result: ReviewResult) -> None:
    data = RedlineExporter().export_bytes(pdf_result, None, ExportOptions())
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "is a PDF file, so the fixes cannot be tracked changes" in text
    assert "Clauses to add" in text
    assert "Insert after the last sub-clause of clause 15 (Limitation of liability)" in text
    assert "Sentences to replace" in text
    root = _document_xml(data)
    assert not list(root.iter(W + "ins"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_the_redline_opens_and_renders_in_libreoffice(redline: bytes, tmp_path: Path) -> None:
    source = tmp_path / "redline.docx"
    source.write_bytes(redline)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    rendered = tmp_path / "redline.pdf"
    assert rendered.stat().st_size > 10_000
    if shutil.which("pdftotext") is not None:
        text = subprocess.run(
            ["pdftotext", str(rendered), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Key personnel and staffing" in text
        assert "Supplier shall not subcontract" in text
