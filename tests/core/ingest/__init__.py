"""Tests of the readers that turn contract files into blocks."""
