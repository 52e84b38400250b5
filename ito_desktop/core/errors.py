"""Typed errors whose message is a sentence a user can read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class ItoError(Exception):
    """Base class: ``str(error)`` is a plain sentence safe to show to a user."""

    def __init__(self, message: str, *, path: Path | str | None = None, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.details = details

    def __str__(self) -> str:
        return self.message


class InputError(ItoError):
    """The input file cannot be read as a contract."""


class UnsupportedFormat(InputError):
    """The file is not a DOCX, PDF or TXT file we can read."""


class EncryptedDocument(InputError):
    """The file is password-protected.

    ``password_opens`` says whether supplying a password could open it (a PDF with a user
    password) or not (a password-protected DOCX, an encryption scheme PDFium cannot read).
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        details: str = "",
        password_opens: bool = False,
    ) -> None:
        super().__init__(message, path=path, details=details)
        self.password_opens = password_opens


class NoTextLayer(InputError):
    """The PDF has no text at all (a scan without OCR)."""


class CorruptDocument(InputError):
    """The file is damaged or is not what its extension says."""


class UserLimit(StrEnum):
    """The reading limits a user can raise (in Settings, or on the command line)."""

    FILE_SIZE = "file_size"
    PAGES = "pages"
    READ_TIME = "read_time"
    OCR_PAGES = "ocr_pages"


class TooLarge(InputError):
    """The file exceeds a configured limit (size, pages, decompressed bytes).

    ``limit`` names the user limit that refused it, so each face can say how to raise it;
    None for the fixed safety limits (unpacked size, XML nodes, paragraphs, characters).
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        details: str = "",
        limit: UserLimit | None = None,
    ) -> None:
        super().__init__(message, path=path, details=details)
        self.limit = limit


# What is wrong (or short) in a clause-library folder, as data: the loader, the CLI's
# ``library validate`` and the desktop's problems table read the same records; ``str()`` gives
# the one-line form the CLI prints.
@dataclass(frozen=True, slots=True)
class LibraryProblem:
    """One problem of a library folder: the file, entry and field it concerns, and what."""

    file: str  # the file's name in its folder; the folder itself for a folder-wide problem
    message: str
    entry: str = ""  # the entry's id, or "#3" for the third entry of a file when it has none
    field: str = ""  # "risk_rules[2].message"
    line: int | None = None  # the YAML line, for a file that does not parse
    folder: str = ""  # the library folder (layer) the file is in
    warning: bool = False  # the entry loads, but falls short of SCHEMA.md

    @property
    def location(self) -> str:
        """The file, with its line when known: ``legal.yaml (line 3)``."""
        return f"{self.file} (line {self.line})" if self.line is not None else self.file

    def __str__(self) -> str:
        parts = [self.location] if self.location else []
        if self.entry:
            parts.append(
                f"entry {self.entry}" if self.entry.startswith("#") else f"entry '{self.entry}'"
            )
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join([*parts, self.message])


class LibraryError(ItoError):
    """The clause library is invalid; the message names file, entry and field, and
    ``problems`` holds every problem found, as records."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        details: str = "",
        problems: tuple[LibraryProblem, ...] = (),
    ) -> None:
        super().__init__(message, path=path, details=details)
        self.problems = problems


class Cancelled(ItoError):
    """The user cancelled the work. Not an error to show."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)
