"""Write command output to a file atomically, refusing to overwrite without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ito_desktop.core.errors import ItoError


def write_output(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename (never a half-written file)."""
    if path.exists() and not force:
        raise ItoError(f"{path.name}: the file already exists; use --force to overwrite it.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ItoError(f"{path}: the folder does not exist.")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
