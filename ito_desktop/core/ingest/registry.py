"""Pick the reader for a file, read it and segment it into clauses."""

from __future__ import annotations

import itertools
import logging
import re
import time
from dataclasses import replace
from pathlib import Path

from ito_desktop.core.errors import InputError, ItoError, UnsupportedFormat
from ito_desktop.core.ingest.base import (
    Deadline,
    Limits,
    Reader,
    assemble,
    changed_since,
    check_input_file,
    read_snapshot,
)
from ito_desktop.core.ingest.segment import segment
from ito_desktop.core.model import Document
from ito_desktop.core.plural import count
from ito_desktop.core.progress import CancelToken, ProgressSink, no_progress

SUPPORTED_EXTENSIONS = (".docx", ".pdf", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
log = logging.getLogger(__name__)


def reader_for(path: Path) -> Reader:
    """The reader for ``path``'s extension; UnsupportedFormat for anything else."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from ito_desktop.core.ingest.docx_reader import DocxReader

        return DocxReader()
    if suffix == ".pdf":
        from ito_desktop.core.ingest.pdf_reader import PdfReader

        return PdfReader()
    if suffix in (".txt", ".text"):
        from ito_desktop.core.ingest.txt_reader import TxtReader

        return TxtReader()
    if suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
        from ito_desktop.core.ingest.image_reader import ImageReader

        return ImageReader()
    if suffix == ".doc":
        raise UnsupportedFormat(
            f"{path.name}: old Word 97-2003 .doc files cannot be read; save it as .docx in Word "
            "and open that.",
            path=path,
        )
    kind = f"'{suffix}' files" if suffix else "files without an extension"
    raise UnsupportedFormat(
        f"{path.name}: {kind} are not supported; open a DOCX, PDF or TXT file, or a scanned "
        "page (PNG, JPEG, TIFF).",
        path=path,
    )


_SHORT_WORDS = 1000  # a services agreement runs to several thousand words
_SHORT_CLAUSES = 5
_WORD = re.compile(r"\S+")
# "incorporated in England" is about a company, and a web address alone is not a set of terms.
_BY_REFERENCE = re.compile(
    r"incorporat\w*\b[^.]{0,200}?\bby reference"
    r"|\b(?:terms|conditions|agreement)\b[^.]{0,80}?\b(?:available|published|posted|found) at",
    re.IGNORECASE,
)


def short_document_warning(document: Document) -> str:
    """A warning for a cover page, order form or amendment reviewed on its own.

    Such a document brings in most of its terms from elsewhere, so most clauses will show as
    missing; the reviewer is told why rather than left with a page of red.
    """
    numbered = sum(1 for clause in document.clauses if clause.reference)
    if numbered >= _SHORT_CLAUSES:
        return ""
    # Counted lazily and only up to the limit: a long contract is not split into a word list.
    words = sum(1 for _ in itertools.islice(_WORD.finditer(document.text), _SHORT_WORDS))
    if words >= _SHORT_WORDS:
        return ""
    size = f"{count(words, 'word')} and {count(numbered, 'numbered clause')}"
    if _BY_REFERENCE.search(document.text):
        return (
            f"{document.path.name} is short ({size}) and refers to terms kept elsewhere (it "
            "incorporates them by reference): only its own text is reviewed, so clauses in "
            "those terms show as missing. Review the referenced terms as well."
        )
    return (
        f"{document.path.name} is short ({size}): if it is an order form, cover page or "
        "amendment, the main agreement's clauses are not part of this review and show as "
        "missing."
    )


def read_document(
    path: Path,
    limits: Limits | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> Document:
    """Read and segment a contract. Raises InputError subclasses with a user-safe sentence."""
    limits = limits or Limits()
    path = Path(path)
    check_input_file(path, limits)
    reader = reader_for(path)
    started = time.monotonic()
    snapshot = read_snapshot(path, limits)
    deadline = Deadline(cancel or CancelToken(), path, limits.max_seconds)
    try:
        result = reader.read(path, limits, progress, deadline, data=snapshot.data)
    except ItoError as error:
        log.info("not read: %s (%s)", error, type(error).__name__)
        log.debug("details: %s", error.details)
        raise
    snapshot = replace(snapshot, data=b"")  # the bytes are not needed from here on
    moved = changed_since(path, snapshot)
    if moved:
        result.warnings.append(moved)
    document = assemble(path, reader.format, snapshot.sha256, result, limits)
    if not document.text.strip():
        raise InputError(f"{path.name}: the file contains no text to review.", path=path)
    document = segment(document)
    short = short_document_warning(document)
    if short:
        document = replace(document, warnings=(*document.warnings, short))
    log.info(
        "read %s: %s, %s bytes, %s pages, %d blocks, %d clauses, %d warnings, %.2f s",
        path.name,
        reader.format,
        snapshot.size,
        document.pages,
        len(document.blocks),
        len(document.clauses),
        len(document.warnings),
        time.monotonic() - started,
    )
    return document
