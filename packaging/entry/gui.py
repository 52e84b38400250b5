"""Frozen-app entry of the windowed ``ito-desktop`` executable (the installed script's main)."""

import multiprocessing
import sys

from ito_desktop.ui.app import main

if __name__ == "__main__":
    # A worker process started with "spawn" re-runs this executable; freeze_support lets it
    # become the worker instead of a second window.
    multiprocessing.freeze_support()
    sys.exit(main())
