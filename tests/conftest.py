"""Shared test setup: Qt offscreen, private user folders, paths to the project and the corpus."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# pytest-qt aborts when neither DISPLAY nor QT_QPA_PLATFORM is set; tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
SAMPLES = PROJECT_ROOT / "resources" / "samples"


NO_ENGINE = "test: no OCR engine"


@pytest.fixture
def no_ocr_engine(monkeypatch: pytest.MonkeyPatch) -> str:
    """The OCR engine cannot start (as on a machine where its libraries do not load)."""
    from ito_desktop.core.ingest import ocr

    def refuse(self: object, workers: int = 2) -> None:
        raise ocr.OcrUnavailable(NO_ENGINE)

    monkeypatch.setattr(ocr.OcrEngine, "__init__", refuse)
    return NO_ENGINE


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared real-contract corpus; tests that need it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (it lives outside the repository)")
    return CORPUS


# Where platformdirs (Linux) puts settings, review files, the user library, caches and the log.
USER_DIR_VARIABLES = (
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_CACHE_HOME", "cache"),
    ("XDG_STATE_HOME", "state"),
)


def _point_user_dirs_at(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable, name in USER_DIR_VARIABLES:
        monkeypatch.setenv(variable, str(home / name))


@pytest.fixture(scope="session", autouse=True)
def _session_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """User folders for session- and module-scoped fixtures, which run before any test's own.

    Without it the CLI's log (run in-process by tests/cli) and anything a shared fixture saves
    would land in the real user's folders.
    """
    home = tmp_path_factory.mktemp("session-user")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _point_user_dirs_at(home, monkeypatch)
        yield home


@pytest.fixture(autouse=True)
def private_user_dirs(
    _session_user_dirs: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """Each test's own settings, review-file fallbacks, user library, cache and log folders."""
    home = tmp_path_factory.mktemp("user")
    _point_user_dirs_at(home, monkeypatch)
    return home
