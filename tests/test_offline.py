"""No network at run time: analysing, exporting and the window work with every socket blocked.

Any attempt to open a socket, resolve a name or connect is recorded and raises; the test
fails on an attempt even if the code that made it swallowed the error.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ito_desktop.core.library.loader import load_library
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.session import Decision, ReviewSession
from tests.conftest import SAMPLES


class NetworkUsed(OSError):
    """Raised by every blocked socket entry point."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    def blocked(name: str) -> object:
        def refuse(*args: object, **kwargs: object) -> object:
            attempts.append(f"{name}{args!r}")
            raise NetworkUsed(f"network use during a test that forbids it: {name}")

        return refuse

    monkeypatch.setattr(socket, "socket", blocked("socket.socket"))
    monkeypatch.setattr(socket, "create_connection", blocked("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", blocked("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "socketpair", blocked("socket.socketpair"))
    yield attempts
    assert attempts == [], f"network was used: {attempts}"


def test_the_block_works(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.invalid", 80))
    assert len(no_network) == 1
    no_network.clear()


@pytest.mark.parametrize("name", ["sample_msa.docx", "sample_msa.pdf"])
def test_analysis_is_offline(no_network: list[str], name: str) -> None:
    result = review(SAMPLES / name, load_library(include_user_layer=False))
    assert result.summary.present > 20


def test_text_analysis_is_offline(no_network: list[str], tmp_path: Path) -> None:
    path = tmp_path / "contract.txt"
    path.write_text("1. Governing law\n\nThis agreement is governed by the laws of England.\n",
                    encoding="utf-8")
    result = review(path, load_library(include_user_layer=False))
    assert any(f.clause_id == "governing_law" and f.status.value == "present"
               for f in result.findings)


@pytest.fixture(scope="module")
def sample_review() -> ReviewResult:
    return review(SAMPLES / "sample_msa.docx", load_library(include_user_layer=False))


def test_every_export_is_offline(
    no_network: list[str], sample_review: ReviewResult, tmp_path: Path
) -> None:
    export = pytest.importorskip("ito_desktop.export")
    session = ReviewSession(sample_review.document.path, sample_review.document.sha256)
    session.set_decision("insurance", Decision.NOT_APPLICABLE)
    session.set_note("insurance", "Covered elsewhere.")
    written = []
    for name in export.format_names():
        chosen = export.exporter(name)
        if chosen.unavailable_reason(sample_review) is not None:
            continue
        target = tmp_path / f"export-{name}{chosen.suffix}"
        chosen.write(sample_review, session, export.ExportOptions(reviewer="Offline"), target)
        assert target.stat().st_size > 0
        written.append(name)
    assert {"json", "csv", "xlsx"} <= set(written)


def test_the_window_opens_a_contract_offline(
    no_network: list[str], qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ito_desktop.core.settings import Settings
    from ito_desktop.ui.window.main_window import MainWindow
    from tests.ui.fakes import FakeRunner

    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt"))
    contract = Path(shutil.copyfile(SAMPLES / "sample_msa.pdf", tmp_path / "contract.pdf"))
    runner = FakeRunner()
    window = MainWindow(runner=runner, settings=Settings())
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.controller.reviewOpened, timeout=60000):
            window.open_file(contract)
        assert window.controller.review is not None
        assert window.controller.review.result.summary.present > 20
    finally:
        window.close()
        QApplication.processEvents()
        runner.deleteLater()
