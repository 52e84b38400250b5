"""The Library menu, its problems dialog and about box, and what its actions do."""
