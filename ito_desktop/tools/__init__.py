"""Tools that drive the desktop app without a user: the ``--screenshot`` renderer."""
