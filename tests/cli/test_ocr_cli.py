"""``ito-review analyze`` on scans (issue 13): the OCR page limit's flag, and Ctrl+C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.scanned import image_only_pdf
from ito_desktop.cli.main import main
from tests.cli.interrupt import TAKES_CTRL_C
from tests.conftest import PROJECT_ROOT, SAMPLES


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-scan") / "scan.pdf"
    path.write_bytes(image_only_pdf(SAMPLES / "sample_msa.pdf", 150, pages=[0, 1]))
    return path


def test_the_ocr_page_limit_names_its_flag(scan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(scan), "--defaults", "--max-ocr-pages", "1"]) == 2
    assert capsys.readouterr().err == (
        "ito-review: error: scan.pdf has 2 pages without a text layer, over the 1-page limit "
        "for reading pages by OCR (raise the limit with --max-ocr-pages).\n"
    )


def test_analyze_reads_a_scan_and_marks_ocr_evidence(
    scan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(scan), "--defaults", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["ocr"]["pages"] == [1, 2]
    assert data["document"]["warnings"][0].startswith("Pages 1-2 were read by OCR")
    assert all(ev["ocr"] for f in data["findings"] for ev in f["evidence"])


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_ctrl_c_stops_the_recognition(tmp_path: Path) -> None:
    long_scan = tmp_path / "long.pdf"
    long_scan.write_bytes(image_only_pdf(SAMPLES / "sample_msa.pdf", 150))  # 22 pages
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "ito_desktop.cli.main", "analyze", str(long_scan), "--defaults"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=TAKES_CTRL_C,
    )
    time.sleep(4.0)  # started, and recognising
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 2
    assert err.strip().endswith("ito-review: error: interrupted")
    assert time.monotonic() - sent < 15  # the pages in flight, not the other twenty
