"""Start a child that takes Ctrl+C the way it does in a terminal.

A process started in the background by a shell without job control (``pytest ... &`` in a CI
script, nohup) inherits SIGINT as ignored, and Python then installs no KeyboardInterrupt
handler in its children: a test sending SIGINT would see the child finish its work instead.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# Popen(preexec_fn=...): the child starts with SIGINT's default action, so Python installs its
# KeyboardInterrupt handler as it does in a terminal. POSIX only (these tests skip Windows).
TAKES_CTRL_C: Callable[[], None] | None = None if sys.platform == "win32" else _default_sigint
