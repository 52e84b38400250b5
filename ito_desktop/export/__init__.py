"""Export formats for review results."""
