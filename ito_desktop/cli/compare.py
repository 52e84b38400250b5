"""``ito-review compare OLD NEW``: what changed between two drafts, clause id by clause id."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ito_desktop.cli.fail_on import FAIL_ON, FAIL_ON_HELP, fails
from ito_desktop.cli.output import check_output, write_output
from ito_desktop.cli.review_options import add_library_arguments, add_review_arguments, run_setup
from ito_desktop.core.compare import compare_with_earlier
from ito_desktop.core.library.loader import load_library
from ito_desktop.core.review import review
from ito_desktop.export.base import write_atomically
from ito_desktop.export.compare_export import (
    BINARY_FORMATS,
    COMPARE_FORMATS,
    render,
    render_binary,
)

EXIT_OK = 0
EXIT_CONDITION = 1
EXIT_ERROR = 2


def add_compare_parser(commands: Any) -> argparse.ArgumentParser:
    compare: argparse.ArgumentParser = commands.add_parser(
        "compare",
        help="compare two drafts of a contract (any formats: an old DOCX with a new PDF)",
        description="Review two drafts with the same library and list, clause by clause, what "
        "changed: gaps closed or opened, risks added or removed, wording changed, clauses "
        "moved. Decisions and notes saved by the desktop app on the old draft are shown "
        "against the new one (marked re-check where the wording changed).",
    )
    compare.add_argument("old", type=Path, help="the earlier draft")
    compare.add_argument("new", type=Path, help="the later draft")
    add_library_arguments(compare)
    compare.add_argument(
        "--format",
        choices=COMPARE_FORMATS,
        default="table",
        help="table (changed clauses only; the default), json (ito-review-compare/1, every "
        "clause), md (Markdown), xlsx (every clause, one row each) or docx (a Word report); "
        f"{' and '.join(BINARY_FORMATS)} need -o",
    )
    compare.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    compare.add_argument("--force", action="store_true", help="overwrite the output file")
    compare.add_argument(
        "--fail-on", choices=FAIL_ON, help=FAIL_ON_HELP.replace("found", "found in NEW")
    )
    compare.add_argument("--password", help="password of an encrypted PDF (tried on both)")
    add_review_arguments(compare)
    return compare


def run_compare(args: argparse.Namespace) -> int:
    old: Path = args.old
    new: Path = args.new
    output: Path | None = args.output
    if args.format in BINARY_FORMATS and output is None:
        print(
            f"ito-review: error: --format {args.format} writes a binary file; give the file "
            "name with -o OUT.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if output is not None:  # fail before the work, not after it
        check_output(output, force=args.force, protect=old)
        check_output(output, force=args.force, protect=new)
    setup = run_setup(args, args.password)
    library = load_library(setup.library_folders, include_user_layer=not args.no_user_library)
    new_result = review(new, library, setup.options)
    comparison, notices = compare_with_earlier(old, new_result, setup.options)
    for notice in notices:
        print(f"ito-review: {notice}", file=sys.stderr)
    if args.format in BINARY_FORMATS:
        assert output is not None
        check_output(output, force=args.force, protect=new)
        write_atomically(output, render_binary(comparison, args.format), replace=args.force)
    else:
        text = render(comparison, args.format)
        if output is not None:
            check_output(output, force=args.force, protect=new)
            write_output(output, text, force=args.force)
        else:
            sys.stdout.write(text)
    return EXIT_CONDITION if fails(new_result, args.fail_on) else EXIT_OK
