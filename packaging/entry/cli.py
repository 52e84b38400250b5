"""Frozen-app entry of the console ``ito-review`` executable (the installed script's main)."""

import multiprocessing
import sys

from ito_desktop.cli.main import main

if __name__ == "__main__":
    # ito-review batch runs its workers with "spawn", which re-runs this executable.
    multiprocessing.freeze_support()
    sys.exit(main())
