"""Atomic file writes, folder writability probes and setting damaged files aside."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

if sys.platform != "win32":
    import fcntl

# os.replace on Windows fails with PermissionError while another process (an antivirus
# scanner, a search indexer, a second app window) briefly holds the destination open.
_REPLACE_ATTEMPTS = 5 if sys.platform == "win32" else 1
_REPLACE_PAUSE_S = 0.05
_BINARY = getattr(os, "O_BINARY", 0)  # Windows only: no newline translation
# A temp file left by a write that was killed: no writer holds it (the writer locks it on
# POSIX; Windows will not delete a file that is open) and it has not changed for this long.
# The age also covers the moment between creating a temp file and locking it.
STALE_TEMP_S = 5.0
_TEMP_TAIL = re.compile(r"[0-9a-f]{8}\.tmp")


def write_text_atomic(path: Path, text: str, *, replace: bool = True) -> None:
    """Write ``text`` as UTF-8 (newlines as given) so readers see the old file or the new one."""
    write_bytes_atomic(path, text.encode("utf-8"), replace=replace)


def write_bytes_atomic(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` to a temp file beside ``path``, fsync it, then rename it over ``path``.

    A crash or kill at any moment leaves either the previous file or the complete new one at
    ``path``, never a partial file. On failure the temp file is removed and the error re-raised.
    ``replace=False``: raise FileExistsError rather than replace a file that exists by the
    time the new one is complete (two runs writing one output: only one wins).
    """
    write_stream_atomic(path, lambda handle: handle.write(data), replace=replace)


def write_stream_atomic(
    path: Path, fill: Callable[[BinaryIO], object], *, replace: bool = True
) -> None:
    """As ``write_bytes_atomic``, with the bytes written by ``fill(handle)`` (a large export
    need not be held in memory whole)."""
    path = Path(path)
    refuse_special_file(path)
    fd, temp = _create_temp(path)
    try:
        _hold(fd)  # released when the handle closes: tells remove_stale_temps it is in use
        with os.fdopen(fd, "w+b") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(path, temp)
        if replace:
            _replace(temp, path)
        else:
            _place_new(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(path.parent)
    remove_stale_temps(path)


def refuse_special_file(path: Path) -> None:
    """Raise OSError when ``path`` is a pipe, a device or a link to one: only ordinary files
    are ever replaced (as root, ``-o /dev/null --force`` would otherwise turn the device into
    a file)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # nothing there (or a dangling link): a new file is written
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise OSError(errno.EINVAL, "it is not an ordinary file (a pipe or a device)", str(path))


def remove_stale_temps(path: Path) -> int:
    """Delete the temp files that killed writes of ``path`` left beside it; how many went.

    A write killed between creating its temp file and renaming it (SIGKILL, power cut, a
    crash) leaves ``.<name>.<hex>.tmp`` behind, as large as the file. Only files of exactly
    that shape are touched, and none that another process is still writing.
    """
    prefix = temp_name_prefix(path)
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return 0
    now = time.time()
    removed = 0
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and _TEMP_TAIL.fullmatch(name[len(prefix) :])):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_TEMP_S:
                continue
            if _held_elsewhere(Path(entry.path)):
                continue
            os.unlink(entry.path)
        except OSError:
            continue  # gone already, or open on Windows: still being written
        removed += 1
    return removed


_MAX_NAME_BYTES = 255  # a file name's limit on every file system we meet
_TEMP_EXTRA = len(".") + len(".") + 8 + len(".tmp")  # what the temp name adds to the prefix


def temp_name_prefix(path: Path) -> str:
    """Prefix of the temp files ``write_bytes_atomic`` creates for ``path`` (hidden on POSIX).

    A name so long that the temp name would pass the 255-byte limit is shortened, with a hash
    of the whole name so two long names in one folder keep distinct temp files."""
    name = path.name
    if len(name.encode("utf-8")) + _TEMP_EXTRA <= _MAX_NAME_BYTES:
        return f".{name}."
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    room = _MAX_NAME_BYTES - _TEMP_EXTRA - len(digest) - 1
    short = name.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return f".{short}~{digest}."


def folder_is_writable(folder: Path) -> bool:
    """True if a file can be created in ``folder`` (os.access is unreliable on Windows/ACLs)."""
    try:
        fd, probe = _create_temp(folder / "itoreview-probe")
    except OSError:
        return False
    os.close(fd)
    with contextlib.suppress(OSError):
        probe.unlink()
    return True


def set_aside(path: Path, suffix: str = ".corrupt") -> Path:
    """Rename ``path`` to ``<name><suffix>`` (or ``-2``, ``-3`` ...) without replacing anything."""
    for n in range(1, 1000):
        target = path.with_name(f"{path.name}{suffix}" if n == 1 else f"{path.name}{suffix}-{n}")
        if target.exists():
            continue
        # os.link refuses to replace an existing file, so a file that appeared since the
        # exists() check is never clobbered; rename is the fallback where links are unsupported.
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:
            if target.exists():
                continue
            path.rename(target)
            return target
        path.unlink()
        return target
    raise FileExistsError(f"Too many set-aside copies of {path.name}.")


def keep_copy(path: Path, data: bytes, suffix: str = ".corrupt") -> Path:
    """Write ``data`` (``path`` as it was read) to ``<name><suffix>`` (or ``-2`` ...), never
    replacing a file: ``path`` itself stays where it is, for its owner to save over. A copy
    already holding exactly ``data`` is reused (the same file opened again, not yet saved)."""
    for n in range(1, 1000):
        target = path.with_name(f"{path.name}{suffix}" if n == 1 else f"{path.name}{suffix}-{n}")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
        except FileExistsError:
            with contextlib.suppress(OSError):
                if target.stat().st_size == len(data) and target.read_bytes() == data:
                    return target
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
        return target
    raise FileExistsError(f"Too many set-aside copies of {path.name}.")


def _create_temp(path: Path) -> tuple[int, Path]:
    # O_CREAT with mode 0o666 lets the umask decide permissions, as for any ordinary file
    # (tempfile.mkstemp would make every review file and export private, 0o600).
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY
    for _ in range(100):
        temp = path.with_name(f"{temp_name_prefix(path)}{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"Could not create a temporary file beside {path.name}.")


def _hold(fd: int) -> None:
    """Lock a temp file being written (POSIX), so a cleaner can tell it from a leftover."""
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _held_elsewhere(temp: Path) -> bool:
    """True while a writer holds ``temp``'s lock (POSIX; on Windows deleting it fails)."""
    if sys.platform == "win32":
        return False
    fd = os.open(temp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False  # no locks here (some network file systems): the age decides
    finally:
        os.close(fd)
    return False


def _keep_mode(path: Path, temp: Path) -> None:
    """Give the new file the permission bits of the one it replaces."""
    with contextlib.suppress(OSError):
        os.chmod(temp, path.stat().st_mode & 0o7777)


def _place_new(temp: Path, path: Path) -> None:
    """Put ``temp`` at ``path`` only if nothing is there: a hard link fails atomically when the
    name exists. Where links are not supported (FAT, some shares) check, then rename."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "the file already exists", str(path)) from None
    except OSError:
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "the file already exists", str(path)) from None
        _replace(temp, path)
        return
    temp.unlink()


def _replace(temp: Path, path: Path) -> None:
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            os.replace(temp, path)
            return
        except PermissionError:
            if attempt == _REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(_REPLACE_PAUSE_S * (attempt + 1))


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
