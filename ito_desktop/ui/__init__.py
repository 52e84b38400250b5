"""Qt user interface: ui/app.py starts it; each subpackage is a room (see pyproject)."""
