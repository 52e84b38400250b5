"""What the benchmark worker processes share: a memory ceiling and a time limit per file."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


def limit_memory(max_memory_mb: int) -> None:
    """Cap this process's address space, so a runaway review becomes a MemoryError for that
    file instead of a machine-wide out-of-memory kill (no ceiling on Windows)."""
    try:
        import resource
    except ImportError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = max_memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard < 0 else min(limit, hard), hard))


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError("the review took too long")


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise TimeoutError in the block after ``seconds``, where the platform has SIGALRM."""
    alarm = hasattr(signal, "SIGALRM")
    if alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(seconds)
    try:
        yield
    finally:
        if alarm:
            signal.alarm(0)
