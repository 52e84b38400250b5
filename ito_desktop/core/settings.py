"""The user's settings: typed, versioned, validated, stored as JSON under platformdirs."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs

from ito_desktop.core.atomic import set_aside, write_text_atomic
from ito_desktop.core.ingest.base import Limits
from ito_desktop.core.matching.engine import MatchOptions
from ito_desktop.core.review import ReviewOptions

SETTINGS_VERSION = 1
APP_NAME = "ITO Review"
APP_AUTHOR = "ITO Review"
MAX_RECENT = 10
_MIB = 1024 * 1024
_MAX_SETTINGS_BYTES = 1024 * 1024

# Defaults live with the code that uses them; settings only override them.
_MATCH = MatchOptions()
_LIMITS = Limits()
# What the user may choose for each limit (the Settings dialog's spin boxes, the CLI's flags).
MB_RANGE = (1, 4096)
PAGES_RANGE = (1, 100_000)
SECONDS_RANGE = (5, 3600)
OCR_PAGES_RANGE = (1, 100_000)


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def company_library_layers(folder: str) -> tuple[Path, ...]:
    """The extra library layer a ``library_folder`` setting names ("" = none)."""
    return (Path(folder).expanduser(),) if folder.strip() else ()


@dataclass
class Settings:
    """Everything the user can set; defaults come from MatchOptions and Limits."""

    present_threshold: float = _MATCH.present_threshold
    weak_threshold: float = _MATCH.weak_threshold
    library_folder: str = ""  # extra company/user library layer; "" = none
    theme: Theme = Theme.SYSTEM
    recent_files: list[str] = field(default_factory=list)  # most recent first
    last_export_folder: str = ""
    reviewer_name: str = ""  # prefilled on exports and as the author of Word comments
    max_file_mb: int = _LIMITS.max_file_bytes // _MIB
    max_pages: int = _LIMITS.max_pages
    max_read_seconds: int = int(_LIMITS.max_seconds)
    max_ocr_pages: int = _LIMITS.max_ocr_pages

    def add_recent(self, path: Path) -> None:
        """Put ``path`` first, drop earlier mentions of the same file, keep at most 10."""
        entry = os.path.normpath(Path(path).expanduser().absolute())
        key = os.path.normcase(entry)
        rest = [p for p in self.recent_files if os.path.normcase(os.path.normpath(p)) != key]
        self.recent_files = [entry, *rest][:MAX_RECENT]

    def library_layers(self) -> tuple[Path, ...]:
        """The company library folder chosen here, as a library layer (none when unset)."""
        return company_library_layers(self.library_folder)

    def match_options(self) -> MatchOptions:
        return replace(
            MatchOptions(),
            present_threshold=self.present_threshold,
            weak_threshold=self.weak_threshold,
        )

    def limits(self) -> Limits:
        return replace(
            Limits(),
            max_file_bytes=self.max_file_mb * _MIB,
            max_pages=self.max_pages,
            max_seconds=float(self.max_read_seconds),
            max_ocr_pages=self.max_ocr_pages,
        )

    def review_options(self, password: str | None = None) -> ReviewOptions:
        """The review options these settings give: the one path from settings to a review.

        The desktop app and the command line both call this, so the same settings give the
        same findings in either.
        """
        return ReviewOptions(
            limits=replace(self.limits(), password=password), matching=self.match_options()
        )


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "settings.json"


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically, creating the folder if needed."""
    path = path or settings_path()
    data: dict[str, Any] = {"settings_version": SETTINGS_VERSION}
    for spec in fields(Settings):
        value = getattr(settings, spec.name)
        data[spec.name] = value.value if isinstance(value, Theme) else value
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Read the settings; never fails. Returns the settings and sentences for the user.

    A missing file gives the defaults silently. Unknown keys are ignored; a bad value is
    replaced by its default with a notice; a damaged file is set aside as ``.corrupt``.
    """
    path = path or settings_path()
    if not path.exists():
        return Settings(), []
    try:
        if path.stat().st_size > _MAX_SETTINGS_BYTES:
            return Settings(), [_set_aside(path, "it is far too large")]
        raw = path.read_bytes()
    except OSError as error:
        return Settings(), [
            f"The settings file {path} could not be read ({error.strerror or error}); "
            "the defaults are used."
        ]
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return Settings(), [_set_aside(path, "it is not valid JSON")]
    if not isinstance(data, dict):
        return Settings(), [_set_aside(path, "it does not hold a JSON object")]
    version = data.get("settings_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        return Settings(), [_set_aside(path, f"unknown settings version {version!r}")]
    notices: list[str] = []
    if version > SETTINGS_VERSION:
        notices.append(
            f"The settings were saved by a newer version of ITO Review (version {version}); "
            "settings this version does not know are ignored."
        )
    data = migrate(data, version)
    settings, value_notices = _from_dict(data)
    return settings, notices + value_notices


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 is a file written before ``settings_version`` existed; the keys are the same."""
    return {**data, "settings_version": 1}


# Each step takes a settings dict of version N to N + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring ``data`` from ``version`` up to SETTINGS_VERSION (newer files pass unchanged)."""
    while version < SETTINGS_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def _from_dict(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    defaults = Settings()
    notices: list[str] = []
    values: dict[str, Any] = {}

    def take(name: str, check: Callable[[Any], Any | None]) -> None:
        if name not in data:
            return
        value = check(data[name])
        if value is None:
            default = getattr(defaults, name)
            shown = default.value if isinstance(default, Theme) else default
            notices.append(
                f"The setting '{name}' had an invalid value ({_short(data[name])}); "
                f"the default ({shown!r}) is used."
            )
        else:
            values[name] = value

    take("present_threshold", _fraction)
    take("weak_threshold", _fraction)
    take("library_folder", _string)
    take("theme", _theme)
    take("recent_files", _recent)
    take("last_export_folder", _string)
    take("reviewer_name", _string)
    take("max_file_mb", lambda v: _int_in(v, MB_RANGE))
    take("max_pages", lambda v: _int_in(v, PAGES_RANGE))
    take("max_read_seconds", lambda v: _int_in(v, SECONDS_RANGE))
    take("max_ocr_pages", lambda v: _int_in(v, OCR_PAGES_RANGE))

    settings = replace(defaults, **values)
    if not settings.weak_threshold < settings.present_threshold:
        settings.present_threshold = defaults.present_threshold
        settings.weak_threshold = defaults.weak_threshold
        notices.append(
            "The match thresholds in the settings were inconsistent (the weak threshold must be "
            "below the present threshold); the default thresholds are used."
        )
    return settings, notices


def _fraction(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and 0.0 <= number <= 1.0 else None


def _int_in(value: Any, bounds: tuple[int, int]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if bounds[0] <= value <= bounds[1] else None


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _theme(value: Any) -> Theme | None:
    try:
        return Theme(value)
    except (ValueError, TypeError):
        return None


def _recent(value: Any) -> list[str] | None:
    if not isinstance(value, list):
        return None
    scratch = Settings()
    # Oldest first through add_recent, so the stored order (most recent first) survives.
    for entry in reversed(value):
        if isinstance(entry, str) and entry.strip():
            scratch.add_recent(Path(entry))
    return scratch.recent_files


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _set_aside(path: Path, reason: str) -> str:
    try:
        moved = set_aside(path)
    except OSError as error:
        return (
            f"The settings file {path} is damaged ({reason}) and could not be set aside "
            f"({error.strerror or error}); the defaults are used."
        )
    return (
        f"The settings file was damaged ({reason}); it was set aside as {moved} and the "
        "defaults are used."
    )
