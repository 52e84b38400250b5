"""Scoring contract clauses against library entries."""
