"""``python -m ito_desktop [FILE]`` starts the desktop app."""

import sys

from ito_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
