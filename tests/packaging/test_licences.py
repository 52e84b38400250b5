"""Licence notices for Help > About, read from the installed packages' metadata."""

from __future__ import annotations

import importlib.metadata
import platform
import tomllib

import pytest

from ito_desktop.core.licences import (
    Component,
    LicenceText,
    canonical,
    components,
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
    for key, part in listed.items():
        if key != "python":
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
