"""packaging/make_icons.py: the app icon rendered from one SVG into .png, .ico and .icns."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage

from tests.conftest import PROJECT_ROOT

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COMMITTED = PROJECT_ROOT / "packaging" / "icons"


def _make_icons() -> ModuleType:
    path = PROJECT_ROOT / "packaging" / "make_icons.py"
    spec = importlib.util.spec_from_file_location("ito_packaging_make_icons", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def read_ico(data: bytes) -> dict[int, bytes]:
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    images = {}
    for index in range(count):
        width, height, _, _, planes, bits, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        assert (planes, bits) == (1, 32)
        png = data[offset : offset + size]
        assert _png_size(png) == (width or 256, height or 256)
        images[width or 256] = png
    return images


def read_icns(data: bytes) -> dict[bytes, bytes]:
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    elements, offset = {}, 8
    while offset < len(data):
        kind, length = (
            data[offset : offset + 4],
            struct.unpack(">I", data[offset + 4 : offset + 8])[0],
        )
        elements[kind] = data[offset + 8 : offset + length]
        offset += length
    assert offset == len(data)
    return elements


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("icons")
    _make_icons().make_icons(out)
    return out


@pytest.mark.parametrize("folder", ["generated", "committed"])
def test_ico_holds_every_windows_size_as_png(folder: str, generated: Path) -> None:
    path = (generated if folder == "generated" else COMMITTED) / "ito-review.ico"
    assert sorted(read_ico(path.read_bytes())) == [16, 24, 32, 48, 64, 128, 256]


@pytest.mark.parametrize("folder", ["generated", "committed"])
def test_icns_holds_the_retina_and_plain_sizes(folder: str, generated: Path) -> None:
    path = (generated if folder == "generated" else COMMITTED) / "ito-review.icns"
    elements = read_icns(path.read_bytes())
    expected = {b"icp4": 16, b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024, b"ic14": 512}
    for kind, size in expected.items():
        assert _png_size(elements[kind]) == (size, size), kind
    assert len(elements) == 11


def test_png_is_drawn_from_the_svg(generated: Path) -> None:
    image = QImage(str(generated / "ito-review.png"))
    assert (image.width(), image.height()) == (512, 512)
    # Transparent corner outside the rounded square; the blue background and the white sheet.
    assert image.pixelColor(2, 2).alpha() == 0
    background = image.pixelColor(40, 256)
    assert background.blue() > background.red() + 60
    sheet = image.pixelColor(160, 150)
    assert min(sheet.red(), sheet.green(), sheet.blue()) > 240
    for size in (16, 32, 48, 64, 128, 256, 512):
        small = QImage(str(generated / f"ito-review-{size}.png"))
        assert (small.width(), small.height()) == (size, size)


def test_committed_icons_match_the_generated_set(generated: Path) -> None:
    assert sorted(p.name for p in COMMITTED.iterdir()) == sorted(
        p.name for p in generated.iterdir()
    )


def test_pillow_reads_both_containers(generated: Path) -> None:
    image_module = pytest.importorskip("PIL.Image")
    with image_module.open(generated / "ito-review.ico") as ico:
        assert ico.format == "ICO"
        assert (256, 256) in ico.info["sizes"]
    with image_module.open(generated / "ito-review.icns") as icns:
        assert icns.format == "ICNS"
