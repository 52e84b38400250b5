"""Run ``ito-review`` in a child process with a time limit, measuring the child's peak memory."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

MEMORY_LIMIT = 1 << 30  # the promise: under 1 GB for every case
ERROR_PREFIX = "ito-review: error: "
ADDRESS_SPACE_CAP = 4 << 30


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    peak_bytes: int | None  # None where the platform cannot say (no os.wait4)
    seconds: float

    def error_line(self) -> str:
        """The one stderr line of a refused input (asserts there is exactly one)."""
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one stderr line, got:\n{self.stderr}"
        assert lines[0].startswith(ERROR_PREFIX), lines[0]
        return lines[0]


def run_cli(args: Sequence[str], *, timeout: float = 120, prefix: Sequence[str] = (),
            env: dict[str, str] | None = None, cwd: Path | None = None) -> CliRun:
    """Run ``python -m ito_desktop.cli.main ARGS``; a run past ``timeout`` fails the test."""
    command = [*prefix, sys.executable, "-m", "ito_desktop.cli.main", *args]
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   env=env, cwd=cwd,
                                   preexec_fn=_cap_address_space if os.name == "posix" else None)
        peak: int | None = None
        if hasattr(os, "wait4"):
            status, peak = _wait4(process, timeout)
            process.returncode = os.waitstatus_to_exitcode(status)
        else:  # Windows: no rusage of a child; time limit only
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                pytest.fail(f"ito-review {' '.join(args)} did not finish in {timeout} s")
        out.seek(0)
        err.seek(0)
        return CliRun(
            process.returncode,
            out.read().decode("utf-8", errors="replace"),
            err.read().decode("utf-8", errors="replace"),
            peak,
            time.monotonic() - started,
        )


def _cap_address_space() -> None:
    """A safety net for the machine, not the test: a regression that inflates a bomb fails
    with MemoryError at 4 GiB of address space instead of exhausting the host."""
    try:
        import resource
    except ImportError:  # Windows
        return
    with contextlib.suppress(ValueError, OSError):  # macOS does not enforce RLIMIT_AS
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def _wait4(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, int]:
    """Reap the child ourselves: wait4 reports the peak resident memory of that child alone."""
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            # Linux reports kilobytes, macOS bytes.
            scale = 1 if sys.platform == "darwin" else 1024
            return status, usage.ru_maxrss * scale
        if time.monotonic() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            process.returncode = -9
            pytest.fail(f"{process.args!r} did not finish in {timeout} s (a hang)")
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def tree_digest(path: Path) -> str:
    """sha256 over a file, or over every file (name and bytes) under a folder; "" if absent."""
    if not path.exists():
        return ""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path.parent)).encode())
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def without_dac_override() -> list[str]:
    """A command prefix that makes root obey file permissions (read-only folder tests).

    CI runs as root, for whom a read-only folder is writable; dropping CAP_DAC_OVERRIDE from
    the child's capability bounding set makes the folder's mode bits count again.
    """
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be simulated")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
