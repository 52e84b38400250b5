"""ITO Review: offline review of IT outsourcing contracts against a clause library."""

__version__ = "0.1.0"
