"""Entry point of the ``ito-desktop`` GUI script (the window arrives with the desktop-app issue)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ito_desktop import __version__


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--version" in args:
        print(f"ito-desktop {__version__}")
        return 0
    print(
        "ITO Review: the desktop window is not available in this version yet.\n"
        "Review a contract in the terminal instead:\n"
        "    ito-review analyze CONTRACT.docx",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
