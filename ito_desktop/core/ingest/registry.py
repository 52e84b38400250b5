"""Pick the reader for a file, read it and segment it into clauses."""

from __future__ import annotations

from pathlib import Path

from ito_desktop.core.errors import InputError, UnsupportedFormat
from ito_desktop.core.ingest.base import Limits, Reader, assemble, check_input_file, file_sha256
from ito_desktop.core.ingest.segment import segment
from ito_desktop.core.model import Document
from ito_desktop.core.progress import CancelToken, ProgressSink, no_progress

SUPPORTED_EXTENSIONS = (".docx", ".pdf", ".txt")


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
    if suffix == ".doc":
        raise UnsupportedFormat(
            f"{path.name}: old Word 97-2003 .doc files cannot be read; save it as .docx in Word "
            "and open that.",
            path=path,
        )
    kind = f"'{suffix}' files" if suffix else "files without an extension"
    raise UnsupportedFormat(
        f"{path.name}: {kind} are not supported; open a DOCX, PDF or TXT file.", path=path
    )


def read_document(
    path: Path,
    limits: Limits | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> Document:
    """Read and segment a contract. Raises InputError subclasses with a user-safe sentence."""
    limits = limits or Limits()
    cancel = cancel or CancelToken()
    path = Path(path)
    check_input_file(path, limits)
    reader = reader_for(path)
    try:
        sha256 = file_sha256(path)
    except OSError as exc:
        raise InputError(
            f"{path.name}: the file cannot be read ({exc.strerror}).", path=path
        ) from exc
    result = reader.read(path, limits, progress, cancel)
    document = assemble(path, reader.format, sha256, result)
    if not document.text.strip():
        raise InputError(f"{path.name}: the file contains no text to review.", path=path)
    return segment(document)
