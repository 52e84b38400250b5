"""Status and severity colours shared by the spreadsheet and Word exports (always with a word)."""

from __future__ import annotations

# Light fills with dark text: readable on screen and in grey print.
STATUS_FILLS: dict[str, str] = {
    "present": "C6EFCE",
    "weak": "FFEB9C",
    "missing": "FFC7CE",
    "not_applicable": "E7E6E6",
    "error": "F4B084",
}
SEVERITY_FILLS: dict[str, str] = {
    "high": "FFC7CE",
    "medium": "FFEB9C",
    "low": "DDEBF7",
    "check": "EDEDED",
}
ACCEPTED_FILL = "D0EBEF"  # a risk the reviewer accepted: closed, but still on the record
HEADER_FILL = "1F3864"
HEADER_TEXT = "FFFFFF"
MUTED_TEXT = "595959"
