"""Packaging tests read packaging/spec_support.py, which lives outside the package."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.conftest import PROJECT_ROOT


def spec_support() -> ModuleType:
    """packaging/spec_support.py, imported by path (packaging/ is not a package)."""
    name = "ito_packaging_spec_support"
    if name in sys.modules:
        return sys.modules[name]
    path = PROJECT_ROOT / "packaging" / "spec_support.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
