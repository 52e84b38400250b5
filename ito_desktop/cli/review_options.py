"""The review options of a command-line run: the app's saved settings, then this run's flags."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ito_desktop.core.errors import ItoError, TooLarge, UserLimit
from ito_desktop.core.review import ReviewOptions
from ito_desktop.core.settings import (
    MB_RANGE,
    OCR_PAGES_RANGE,
    PAGES_RANGE,
    SECONDS_RANGE,
    Settings,
    load_settings,
)

# The flag that raises each limit a user can set, and the Settings field it overrides.
_FLAGS: dict[UserLimit, str] = {
    UserLimit.FILE_SIZE: "--max-size-mb",
    UserLimit.PAGES: "--max-pages",
    UserLimit.READ_TIME: "--max-seconds",
    UserLimit.OCR_PAGES: "--max-ocr-pages",
}


def add_library_arguments(parser: argparse.ArgumentParser) -> None:
    """``--library DIR`` (repeatable) and ``--no-user-library``, shared by every command that
    reviews."""
    parser.add_argument(
        "--library",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="a clause-library folder whose entries override the bundled ones by id (repeatable)",
    )
    parser.add_argument(
        "--no-user-library",
        action="store_true",
        help="ignore the clause library in your user data folder",
    )


def add_review_arguments(parser: argparse.ArgumentParser) -> None:
    """``--defaults`` and the limit flags, shared by ``analyze`` and ``batch``."""
    parser.add_argument(
        "--defaults",
        action="store_true",
        help="ignore the settings saved by the desktop app (limits, match thresholds) and use "
        "the bundled defaults, for reproducible runs",
    )
    parser.add_argument(
        "--max-pages",
        type=_whole_number(PAGES_RANGE),
        metavar="N",
        help=f"refuse PDFs of more than N pages ({_range(PAGES_RANGE)}; default: the saved "
        "setting)",
    )
    parser.add_argument(
        "--max-ocr-pages",
        type=_whole_number(OCR_PAGES_RANGE),
        metavar="N",
        help="refuse scans with more than N pages to read by OCR (pages without a text layer; "
        f"about a second each; {_range(OCR_PAGES_RANGE)}; default: the saved setting)",
    )
    parser.add_argument(
        "--max-size-mb",
        type=_whole_number(MB_RANGE),
        metavar="N",
        help=f"refuse files larger than N MB ({_range(MB_RANGE)}; default: the saved setting)",
    )
    parser.add_argument(
        "--max-seconds",
        type=_whole_number(SECONDS_RANGE),
        metavar="N",
        help="stop reviewing a file (reading, matching, risk rules) after N seconds "
        f"({_range(SECONDS_RANGE)}; default: the saved setting)",
    )


@dataclass(frozen=True, slots=True)
class RunSetup:
    """What a command-line run reviews with: the options and the extra library folders."""

    options: ReviewOptions
    library_folders: tuple[Path, ...]  # the company folder from Settings, then --library
    reviewer: str = ""  # the reviewer's name saved in Settings ("" with --defaults)


def run_setup(args: argparse.Namespace, password: str | None = None) -> RunSetup:
    """The app's saved settings (or the defaults with ``--defaults``) and this run's flags.

    The company library folder chosen in Settings is loaded as in the app, before any
    ``--library`` folders (which therefore win on the same clause id).
    """
    settings = _run_settings(args)
    saved = _saved_choices(settings)
    if saved and not args.defaults:
        # The findings depend on these; say so where a terminal user sees it, not in the output.
        print(
            f"ito-review: using the desktop app's saved settings: {'; '.join(saved)} "
            "(--defaults ignores them)",
            file=sys.stderr,
        )
    return RunSetup(
        settings.review_options(password),
        (*settings.library_layers(), *args.library),
        settings.reviewer_name,
    )


def _saved_choices(settings: Settings) -> list[str]:
    """The saved settings that change findings, where they differ from the defaults."""
    defaults = Settings()
    choices = []
    if settings.present_threshold != defaults.present_threshold:
        choices.append(f"present threshold {settings.present_threshold:.3f}")
    if settings.weak_threshold != defaults.weak_threshold:
        choices.append(f"weak threshold {settings.weak_threshold:.3f}")
    if settings.library_folder.strip():
        choices.append(f"company library {settings.library_folder.strip()}")
    return choices


def _run_settings(args: argparse.Namespace) -> Settings:
    if args.defaults:
        settings = Settings()
    else:
        settings, notices = load_settings()
        for notice in notices:
            print(f"ito-review: {notice}", file=sys.stderr)
    overrides = {
        "max_pages": args.max_pages,
        "max_file_mb": args.max_size_mb,
        "max_read_seconds": args.max_seconds,
        "max_ocr_pages": args.max_ocr_pages,
    }
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def with_limit_hint(error: ItoError, *, settings: bool = True) -> str:
    """The error's sentence, ending with how to raise the limit when a user limit refused it.

    The core's sentence is shared with the desktop app, which has no flags; the hint is ours.
    ``settings`` is False when the run ignores the saved settings (``--defaults``).
    """
    message = str(error).rstrip()
    if not isinstance(error, TooLarge) or error.limit is None:
        return message
    where = " or in Settings" if settings else ""
    hint = f"raise the limit with {_FLAGS[error.limit]}{where}"
    return f"{message.removesuffix('.')} ({hint})."


def _whole_number(bounds: tuple[int, int]) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not bounds[0] <= value <= bounds[1]:
            raise argparse.ArgumentTypeError(f"{value} is outside {_range(bounds)}")
        return value

    return parse


def _range(bounds: tuple[int, int]) -> str:
    return f"{bounds[0]:,}-{bounds[1]:,}"
