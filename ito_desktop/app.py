"""Entry point of the ``ito-desktop`` GUI script; Qt is imported only when the app starts."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # Imported here, not at the top: importing this module (the CLI, tests, packaging tools)
    # must not load Qt.
    from ito_desktop.ui.app import main as gui_main

    return gui_main(argv)


if __name__ == "__main__":
    sys.exit(main())
