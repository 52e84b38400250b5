"""The Exporter base classes, export options and the error every exporter raises."""

from __future__ import annotations

import datetime as dt
import io
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, ClassVar

from ito_desktop.core.atomic import write_bytes_atomic, write_stream_atomic
from ito_desktop.core.errors import ItoError
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export.formats import ExportFormat


class ExportError(ItoError):
    """An export cannot be made (wrong kind of contract, contract changed, unwritable file)."""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What every exporter is told besides the review itself."""

    include_not_applicable: bool = False  # keep findings the reviewer marked not applicable
    reviewer: str = ""  # overrides the reviewer saved in the session
    date: dt.date | None = None  # the date printed on the export; None = today

    def day(self) -> dt.date:
        return self.date or dt.date.today()

    def reviewer_name(self, session: ReviewSession | None) -> str:
        if self.reviewer:
            return self.reviewer
        return session.reviewer if session is not None else ""


class Exporter(ABC):
    """One export format: writes a review (and the reviewer's work on it) to a file.

    A format makes the file's bytes; writing them atomically, and turning an unwritable path
    into a sentence for the user, is the same for every format and happens here.
    """

    spec: ClassVar[ExportFormat]  # what the format is and can do (export/formats.py)

    @property
    def name(self) -> str:
        """The CLI --format value: "xlsx", "annotated-docx", ..."""
        return self.spec.name

    @property
    def label(self) -> str:
        """What a user picks in the Export dialog."""
        return self.spec.label

    @property
    def suffix(self) -> str:
        """The file name suffix, dot included."""
        return self.spec.suffix

    @property
    def binary(self) -> bool:
        """Binary formats cannot go to stdout."""
        return self.spec.binary

    def unavailable_reason(self, result: ReviewResult) -> str | None:
        """None when this format can be made from ``result``, else a sentence saying why not."""
        return self.spec.unavailable_reason(result)

    @abstractmethod
    def export_bytes(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> bytes:
        """The whole file."""

    def export_to(
        self,
        result: ReviewResult,
        session: ReviewSession | None,
        options: ExportOptions,
        out: BinaryIO,
    ) -> None:
        """Write the file to ``out``; a format with large files writes it in pieces."""
        out.write(self.export_bytes(result, session, options))

    def write(
        self,
        result: ReviewResult,
        session: ReviewSession | None,
        options: ExportOptions,
        path: Path,
        *,
        replace: bool = True,
    ) -> None:
        """Write the export to ``path`` atomically (the old file stays whole if this fails).

        No format may replace the contract it reviews, whatever the caller checked before.
        ``replace=False``: fail rather than replace a file that appeared meanwhile.
        """
        if Path(path).resolve() == result.document.path.resolve():
            raise ExportError(
                "The export cannot replace the contract itself; choose another file name.",
                path=path,
            )
        write_atomically(
            path, lambda out: self.export_to(result, session, options, out), replace=replace
        )


class StreamingExporter(Exporter):
    """A format whose files can be large (a copy of the contract): it writes to a stream, and
    its bytes are what it writes."""

    @abstractmethod
    def export_to(
        self,
        result: ReviewResult,
        session: ReviewSession | None,
        options: ExportOptions,
        out: BinaryIO,
    ) -> None:
        """Write the file to ``out``."""

    def export_bytes(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> bytes:
        buffer = io.BytesIO()
        self.export_to(result, session, options, buffer)
        return buffer.getvalue()


class TextExporter(Exporter):
    """A format that is plain text, so it can also be printed (``ito-review analyze``)."""

    encoding = "utf-8"  # of the file; printed text goes out in the terminal's encoding

    @abstractmethod
    def render(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> str:
        """The export as text."""

    def export_bytes(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> bytes:
        return self.render(result, session, options).encode(self.encoding)


def write_atomically(
    path: Path, data: bytes | Callable[[BinaryIO], object], *, replace: bool = True
) -> None:
    """Temp file beside ``path``, fsync, rename; an OSError becomes a sentence for the user.

    ``data``: the bytes, or a function that writes them to the handle it is given."""
    try:
        if isinstance(data, bytes):
            write_bytes_atomic(path, data, replace=replace)
        else:
            write_stream_atomic(path, data, replace=replace)
    except FileExistsError as error:
        raise ExportError(
            f"{path.name}: the file already exists; use --force to overwrite it.",
            path=path,
            details=str(error),
        ) from error
    except OSError as error:
        raise ExportError(
            f"{path.name} could not be written ({error.strerror or error}).",
            path=path,
            details=str(error),
        ) from error
