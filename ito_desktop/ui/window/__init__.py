"""The main window and what only it holds: actions, layout, status and message bars, theme."""
