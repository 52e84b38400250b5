"""Output files of the CLI: refuse to overwrite without --force, write atomically."""

from __future__ import annotations

from pathlib import Path

from ito_desktop.core.atomic import refuse_special_file, write_text_atomic
from ito_desktop.core.errors import ItoError

EXISTS = "{name}: the file already exists; use --force to overwrite it."


def check_output(path: Path, *, force: bool, protect: Path | None = None) -> None:
    """Raise ItoError (one sentence) unless ``path`` may be written.

    ``protect`` is the contract being reviewed: no --force makes it an output file.
    """
    size = len(path.name.encode("utf-8"))
    if size > 255:
        raise ItoError(
            f"{path.name[:40]}…: the output file name is too long ({size} bytes; at most 255)."
        )
    if protect is not None and path.resolve() == protect.resolve():
        raise ItoError(f"{path.name}: the output would replace the contract itself.")
    if path.is_dir():
        raise ItoError(f"{path}: is a folder; give a file name.")
    try:
        refuse_special_file(path)
    except OSError:
        raise ItoError(
            f"{path}: is not an ordinary file (a pipe or a device); give a file name."
        ) from None
    if path.exists() and not force:
        raise ItoError(EXISTS.format(name=path.name))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ItoError(f"{path}: the folder does not exist.")


def write_output(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename (never a half-written file)."""
    check_output(path, force=force)
    try:
        write_text_atomic(path, text, replace=force)
    except FileExistsError:
        raise ItoError(EXISTS.format(name=path.name)) from None
    except OSError as error:
        raise ItoError(f"{path.name} could not be written ({error.strerror or error}).") from error
