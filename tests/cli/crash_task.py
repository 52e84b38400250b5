"""A batch task for tests: it kills its worker process on files named crash*, as a crash in a
native library would (imported by the spawned workers, so it lives in a module of its own)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ito_desktop.export.portfolio_rows import PortfolioRow


def review_or_crash(path: str, name: str) -> PortfolioRow:
    if Path(path).name.startswith("crash"):
        time.sleep(0.2)  # let the other worker take files of its own first
        os._exit(3)
    time.sleep(0.05)
    return PortfolioRow(name, True)
