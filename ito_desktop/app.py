"""Entry point of the ``ito-desktop`` GUI script; Qt is imported only when the app starts."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # Resolved at call time: importing this module (the CLI, tests, packaging tools) must not
    # load Qt, and only ito_desktop.ui may depend on the GUI layer statically.
    gui = importlib.import_module("ito_desktop.ui.app")
    code: int = gui.main(argv)
    return code


if __name__ == "__main__":
    sys.exit(main())
