"""The bad-input corpus, built once per test session from our own files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from tests.badinput.cli_runner import CliRun, run_cli, tree_digest
from tests.badinput.make_corpus import Case, build_corpus

# Tests parametrized by case name that read the CLI's JSON run of their case.
JSON_RUN_TESTS = ("test_bad_input_gets_a_plain_answer", "test_gui_says_what_the_cli_says")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "heavy: a big input (1 GiB zip bomb, 200,000 paragraphs, 1,000 pages); "
        "runs in CI, deselect with -m 'not heavy' for a quick local run")


@pytest.fixture(scope="session")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return build_corpus(tmp_path_factory.mktemp("badinput"))


def analyze(case: Case, *extra: str) -> CliRun:
    return run_cli(["analyze", str(case.path), "--no-user-library", *case.args, *extra],
                   timeout=180 if case.heavy else 60)


def _checked_run(case: Case) -> tuple[CliRun, str, str]:
    """The JSON run of one case, with the input's digest before and after it."""
    before = tree_digest(case.path)
    run = analyze(case, "--format", "json")
    return run, before, tree_digest(case.path)


@pytest.fixture(scope="session")
def json_runs(
    request: pytest.FixtureRequest, bad_corpus: dict[str, Case]
) -> Iterator[dict[str, Future[tuple[CliRun, str, str]]]]:
    """Start the child processes of every selected case at once, a few at a time.

    Each case is still its own process with its own time limit and memory figure; running
    them side by side only saves the wall-clock time of ~45 interpreter start-ups.
    """
    selected = {
        str(item.callspec.params["name"])
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.originalname in JSON_RUN_TESTS
    }
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        yield {name: pool.submit(_checked_run, bad_corpus[name]) for name in sorted(selected)}
