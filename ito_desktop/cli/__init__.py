"""Command-line front end (ito-review)."""
