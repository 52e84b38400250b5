"""Status and severity colours shared by the spreadsheet and Word exports (always with a word)."""

from __future__ import annotations

from ito_desktop.core.effective import EffectiveStatus

# Light fills with dark text: readable on screen and in grey print.
STATUS_FILLS: dict[str, str] = {
    EffectiveStatus.PRESENT: "C6EFCE",
    EffectiveStatus.WEAK: "FFEB9C",
    EffectiveStatus.MISSING: "FFC7CE",
    EffectiveStatus.NOT_APPLICABLE: "E7E6E6",
}
ERROR_FILL = "F4B084"  # a contract the batch could not review
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
