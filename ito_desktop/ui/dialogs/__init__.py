"""Dialogs and side windows: about, errors, export, compare, password, settings and more."""
