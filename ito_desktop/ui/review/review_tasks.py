"""Worker bodies for the desktop app: pure functions of their inputs, no Qt, no widgets."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ito_desktop.core.atomic import write_bytes_atomic
from ito_desktop.core.compare import Comparison, compare_with_earlier
from ito_desktop.core.ingest.base import check_input_file
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.library.schema import Library
from ito_desktop.core.model import Document
from ito_desktop.core.progress import CancelToken, ProgressSink
from ito_desktop.core.review import ReviewOptions, ReviewResult, review, review_document
from ito_desktop.core.session import LoadedSession, ReviewSession, load_session
from ito_desktop.core.settings import company_library_layers
from ito_desktop.export import Exporter, ExportOptions

SAMPLE_NAME = "sample_msa.docx"


@dataclass(frozen=True, slots=True)
class Opened:
    """A contract read and analysed, with the review restored from its review file."""

    result: ReviewResult
    loaded: LoadedSession


def load_library_body(folder: str, progress: ProgressSink, cancel: CancelToken) -> Library:
    progress(0.0, "Loading the clause library")
    return load_library(company_library_layers(folder))


def open_body(
    path: Path,
    library: Library | None,
    library_folder: str,
    options: ReviewOptions,
    progress: ProgressSink,
    cancel: CancelToken,
) -> Opened:
    """Load the library if needed, read and analyse ``path``, restore its review file."""
    check_input_file(path, options.limits)  # a missing file is reported before any other work
    if library is None:
        library = load_library_body(library_folder, progress, cancel)
        cancel.check()
    result = review(path, library, options, progress, cancel)
    cancel.check()
    progress(0.99, "Restoring your review")
    loaded = load_session(
        path, result.document.sha256, [finding.clause_id for finding in result.findings]
    )
    return Opened(result, loaded)


def rerun_body(
    document: Document,
    library: Library,
    options: ReviewOptions,
    progress: ProgressSink,
    cancel: CancelToken,
) -> ReviewResult:
    """Match an already-read document again (new thresholds or a new library)."""
    return review_document(document, library, options, progress, cancel)


def compare_body(
    old_path: Path,
    new: ReviewResult,
    options: ReviewOptions,
    progress: ProgressSink,
    cancel: CancelToken,
) -> Comparison:
    """The earlier draft ``old_path`` reviewed with the open review's library and compared with
    it (``compare_with_earlier``; its review file is only read)."""
    return compare_with_earlier(old_path, new, options, progress, cancel)[0]


def export_body(
    exporter: Exporter,
    result: ReviewResult,
    session: ReviewSession | None,
    options: ExportOptions,
    path: Path,
    progress: ProgressSink,
    cancel: CancelToken,
) -> Path:
    """Write one export of the review to ``path``, atomically (``Exporter.write``)."""
    progress(0.0, f"Exporting {path.name}")
    exporter.write(result, session, options, path)
    return path


def sample_copy() -> Path:
    """A copy of the bundled sample contract in the user data folder, made on first use.

    Opening the copy keeps the review file the user makes on it out of the installation
    folder, which may be read-only (or inside a frozen app).
    """
    source = importlib.resources.files("ito_desktop.resources.samples") / SAMPLE_NAME
    data = source.read_bytes()
    target = Path(platformdirs.user_data_dir("ITO Review", "ITO Review")) / "samples" / SAMPLE_NAME
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, data)
    return target
