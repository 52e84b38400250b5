"""Render packaging/ito-review.svg into the app icons: PNGs, a Windows .ico and a macOS .icns.

    python packaging/make_icons.py [--out DIR]

Qt (already a dependency) draws the SVG; the .ico and .icns containers are written here, with
PNG-compressed images inside (Windows Vista and later, macOS 10.7 and later read those), so no
image library and no platform tool (iconutil) is needed.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE / "ito-review.svg"
OUT = HERE / "icons"
NAME = "ito-review"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# (OSType, pixel size): the PNG-capable icns element types, "@2x" ones included.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render_pngs(svg: bytes, sizes: Iterable[int]) -> dict[int, bytes]:
    """The SVG drawn at each size (square, transparent background) as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError("the icon SVG could not be parsed")
    pngs: dict[int, bytes] = {}
    for size in sorted(set(sizes)):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise RuntimeError(f"Qt could not encode a {size}px PNG")
        pngs[size] = bytes(buffer.data().data())
    return pngs


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding each PNG as one image (ICONDIR, ICONDIRENTRYs, then the data)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, data = b"", b""
    for size in sizes:
        png = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon family: 'icns', total length, then (OSType, length, PNG) elements."""
    body = b"".join(
        ostype + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for ostype, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(out: Path = OUT, svg: Path = SVG) -> list[Path]:
    """Write NAME.ico, NAME.icns and NAME-<size>.png (plus NAME.png at 512) into ``out``."""
    needed = set(ICO_SIZES) | {size for _, size in ICNS_TYPES} | set(PNG_SIZES)
    pngs = render_pngs(svg.read_bytes(), needed)
    out.mkdir(parents=True, exist_ok=True)
    written = {
        out / f"{NAME}.ico": ico_bytes({size: pngs[size] for size in ICO_SIZES}),
        out / f"{NAME}.icns": icns_bytes(pngs),
        out / f"{NAME}.png": pngs[512],
    }
    written.update({out / f"{NAME}-{size}.png": pngs[size] for size in PNG_SIZES})
    for path, data in written.items():
        path.write_bytes(data)
    return sorted(written)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = parser.parse_args(argv)
    for path in make_icons(args.out):
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
