"""packaging/elf_padding.py: the OCR wheel's libraries lose their zero padding and still work."""

from __future__ import annotations

import importlib.util
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pypdfium2 as pdfium
import pytest

from tests.conftest import PROJECT_ROOT, SAMPLES

pytestmark = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and platform.machine() == "x86_64"),
    reason="the padding is cut out of x86-64 Linux libraries only",
)


def elf_padding() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "ito_packaging_elf_padding", PROJECT_ROOT / "packaging" / "elf_padding.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_anything_but_a_64_bit_x86_elf_file_is_left_as_it_is() -> None:
    squeezed = elf_padding().squeezed
    assert squeezed(b"not a library") == b"not a library"
    arm = bytearray(b"\x7fELF\x02\x01" + bytes(58) + bytes(8192))
    arm[18:20] = (183).to_bytes(2, "little")  # AArch64: pages may be 64 KiB there
    assert squeezed(bytes(arm)) == bytes(arm)


def test_squeezed_ocr_libraries_load_and_read_png_jpeg_and_tiff(tmp_path: Path) -> None:
    import tesserocr

    squeezed = elf_padding().squeezed
    package = Path(tesserocr.__file__).parent
    libraries = package.parent / "tesserocr.libs"
    if not libraries.is_dir():
        pytest.skip("this tesserocr is not a wheel with bundled libraries")
    before = after = 0
    for folder in (package, libraries):
        (tmp_path / folder.name).mkdir()
        for source in folder.iterdir():
            if source.is_file() and (".so" in source.name or source.suffix == ".py"):
                data = source.read_bytes()
                lean = squeezed(data) if ".so" in source.name else data
                before, after = before + len(data), after + len(lean)
                (tmp_path / folder.name / source.name).write_bytes(lean)
                shutil.copymode(source, tmp_path / folder.name / source.name)
    assert before - after > 10_000_000  # about 19 MB of zeros in tesserocr 2.13's wheel
    page = pdfium.PdfDocument(str(SAMPLES / "sample_msa.pdf"))[0]
    image = page.render(scale=150 / 72, grayscale=True).to_pil()
    for name in ("page.png", "page.jpg", "page.tif"):
        image.save(tmp_path / name)
    script = (
        "import sys, tesserocr\n"
        f"assert tesserocr.__file__.startswith({str(tmp_path)!r}), tesserocr.__file__\n"
        "for name in sys.argv[2:]:\n"
        "    with tesserocr.PyTessBaseAPI(path=sys.argv[1] + '/') as api:\n"
        "        api.SetImageFile(name)\n"
        "        print(name, 'MASTER SERVICES AGREEMENT' in api.GetUTF8Text())\n"
    )
    from ito_desktop.core.ingest.ocr import tessdata_dir

    names = [str(tmp_path / name) for name in ("page.png", "page.jpg", "page.tif")]
    done = subprocess.run(
        [sys.executable, "-c", script, str(tessdata_dir()), *names],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [word for name in names for word in (name, "True")]
