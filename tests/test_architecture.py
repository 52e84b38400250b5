"""Layering: nothing outside ito_desktop/ui imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ito_desktop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_ui_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for name in _imports(path):
            if name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"} or name.startswith(
                "ito_desktop.ui"
            ):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_core_does_not_import_cli_or_export() -> None:
    offenders = []
    for path in (PACKAGE / "core").rglob("*.py"):
        for name in _imports(path):
            if name.startswith(("ito_desktop.cli", "ito_desktop.export", "ito_desktop.ui")):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []
