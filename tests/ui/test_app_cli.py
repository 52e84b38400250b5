"""The ``ito-desktop`` command: Qt-free entry point, --version, --screenshot, headless refusal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ito_desktop import __version__
from tests.conftest import PROJECT_ROOT, SAMPLES


def run_app(args: list[str], home: Path, display: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m ito_desktop ARGS`` with private user folders and, by default, no display."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # the app must choose offscreen by itself
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(home / variable.lower())
    return subprocess.run(
        [sys.executable, "-m", "ito_desktop", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_entry_point_does_not_import_qt() -> None:
    code = "import sys, ito_desktop.app; print('PySide6' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert out.stdout.strip() == "False"


def test_version(tmp_path: Path) -> None:
    result = run_app(["--version"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"ito-desktop {__version__}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="headless check is Linux-only")
def test_without_a_display_it_says_so(tmp_path: Path) -> None:
    result = run_app([], tmp_path)
    assert result.returncode == 2
    assert "no display found" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_screenshot_writes_a_1400_by_900_png(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = run_app([str(SAMPLES / "sample_msa.docx"), "--screenshot", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)
    # Not a blank window: the contract, highlights and panels give it many distinct colours.
    colours = {image.pixel(x, y) for x in range(0, 1400, 7) for y in range(0, 900, 7)}
    assert len(colours) > 50
    # A screenshot leaves no trace: no review file, no recent files, no window layout.
    assert not (SAMPLES / "sample_msa.docx.itoreview.json").exists()
    assert not (tmp_path / "xdg_config_home" / "ITO Review" / "settings.json").exists()


def test_screenshot_of_an_unreadable_file_fails_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 this is not really a PDF")
    out = tmp_path / "shot.png"
    result = run_app([str(broken), "--screenshot", str(out)], tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("ito-desktop: broken.pdf")
    assert not out.exists()
