"""What is wrong (or short) in a clause-library folder, as data: the file, entry and field it
concerns and the message. The loader, the CLI's ``library validate`` and the desktop's problems
table read the same records; ``str()`` gives the one-line form the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LibraryProblem:
    file: str  # the file's name in its folder; the folder itself for a folder-wide problem
    message: str
    entry: str = ""  # the entry's id, or "#3" for the third entry of a file when it has none
    field: str = ""  # "risk_rules[2].message"
    line: int | None = None  # the YAML line, for a file that does not parse
    folder: str = ""  # the library folder (layer) the file is in
    warning: bool = False  # the entry loads, but falls short of SCHEMA.md

    @property
    def location(self) -> str:
        """The file, with its line when known: ``legal.yaml (line 3)``."""
        return f"{self.file} (line {self.line})" if self.line is not None else self.file

    def __str__(self) -> str:
        parts = [self.location]
        if self.entry:
            parts.append(
                f"entry {self.entry}" if self.entry.startswith("#") else f"entry '{self.entry}'"
            )
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join([*parts, self.message])
