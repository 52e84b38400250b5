"""The bad-input corpus, built once per test session from our own files."""

from __future__ import annotations

import pytest

from tests.badinput.make_corpus import Case, build_corpus


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "heavy: a big input (1 GiB zip bomb, 200,000 paragraphs, 1,000 pages); "
        "runs in CI, deselect with -m 'not heavy' for a quick local run")


@pytest.fixture(scope="session")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return build_corpus(tmp_path_factory.mktemp("badinput"))
