"""``python -m ito_desktop`` starts the desktop app."""

import sys

from ito_desktop.app import main

sys.exit(main())
