"""Layering: nothing outside ito_desktop/ui (and the tools driving it) imports Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
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


QT_PACKAGES = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
# The GUI's entry points: they start the app in ito_desktop.ui (inside main(), so importing
# them stays Qt-free), and never import Qt themselves.
GUI_ENTRY_POINTS = {Path("app.py"), Path("__main__.py")}


def test_only_ui_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in ("ui", "tools"):  # the GUI, and tools that drive it
            continue
        for name in _imports(path):
            qt = name.split(".")[0] in QT_PACKAGES
            gui = name == "ito_desktop.ui" or name.startswith("ito_desktop.ui.")
            if qt or (gui and relative not in GUI_ENTRY_POINTS):
                offenders.append(f"{relative} imports {name}")
    assert offenders == []


def _top_level_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_gui_entry_points_import_the_gui_only_when_the_app_starts() -> None:
    for relative in GUI_ENTRY_POINTS:
        names = _top_level_imports(PACKAGE / relative)
        assert not [n for n in names if n.startswith("ito_desktop.ui")], relative
    # And for real: importing the entry point leaves Qt unloaded.
    code = "import sys, ito_desktop.app; print(sorted(m for m in sys.modules if 'PySide6' in m))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert done.stdout.strip() == "[]"


def test_core_does_not_import_cli_or_export() -> None:
    offenders = []
    for path in (PACKAGE / "core").rglob("*.py"):
        for name in _imports(path):
            if name.startswith(("ito_desktop.cli", "ito_desktop.export", "ito_desktop.ui")):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_import_contracts_are_kept() -> None:
    """The contracts in pyproject.toml ([tool.importlinter]): layers ui > cli > export > core,
    Qt only in the UI, the UI's rooms under the window, the core's own layers and no cycles
    among the exports' modules."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
        ],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Contracts: 5 kept, 0 broken." in done.stdout
