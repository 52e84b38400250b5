"""Shared test setup: Qt offscreen by default, paths to the project and the shared corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# pytest-qt aborts when neither DISPLAY nor QT_QPA_PLATFORM is set; tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
SAMPLES = PROJECT_ROOT / "resources" / "samples"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared real-contract corpus; tests that need it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (it lives outside the repository)")
    return CORPUS
