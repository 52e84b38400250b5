"""The ``ito-review`` command: analyze a contract, batch-review a folder, validate a library."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from ito_desktop import __version__
from ito_desktop.cli.batch import add_batch_parser, run_batch
from ito_desktop.cli.compare import add_compare_parser, run_compare
from ito_desktop.cli.fail_on import FAIL_ON, FAIL_ON_HELP, fails
from ito_desktop.cli.output import check_output, write_output
from ito_desktop.cli.progress_bar import OcrProgress
from ito_desktop.cli.review_options import (
    add_library_arguments,
    add_review_arguments,
    run_setup,
    with_limit_hint,
)
from ito_desktop.cli.table import render_table
from ito_desktop.core.errors import Cancelled, ItoError, LibraryProblem
from ito_desktop.core.library.loader import load_library, validate_folder
from ito_desktop.core.logsetup import reset_logging, setup_logging
from ito_desktop.core.plural import count
from ito_desktop.core.review import ReviewResult, review
from ito_desktop.core.session import ReviewSession, load_session
from ito_desktop.export import FORMATS, ExportOptions, TextExporter, exporter, format_names

EXIT_OK = 0
EXIT_CONDITION = 1
EXIT_ERROR = 2
log = logging.getLogger("ito_desktop.cli")  # not __name__: "__main__" under python -m


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message (its default) but never a traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ito-review",
        description="Review IT outsourcing contracts against a clause library, offline.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze", help="review one contract (DOCX, PDF or TXT)", description="Review one contract."
    )
    analyze.add_argument("file", type=Path, help="the contract to review")
    add_library_arguments(analyze)
    analyze.add_argument(
        "--format",
        choices=("table", *format_names()),
        default="table",
        help=f"output format: the terminal table, or an export ({_binary_formats()} need -o)",
    )
    analyze.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    analyze.add_argument("--force", action="store_true", help="overwrite the output file")
    analyze.add_argument(
        "--with-review",
        action="store_true",
        help="apply the decisions and notes saved by the desktop app (<contract>.itoreview.json)",
    )
    analyze.add_argument(
        "--include-not-applicable",
        action="store_true",
        help="keep findings marked not applicable in exports (left out by default)",
    )
    analyze.add_argument(
        "--reviewer",
        default="",
        help="reviewer name printed on exports (default: the name saved in the desktop app)",
    )
    analyze.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="date printed on exports (today)"
    )
    analyze.add_argument("--fail-on", choices=FAIL_ON, help=FAIL_ON_HELP)
    analyze.add_argument("--password", help="password of an encrypted PDF")
    add_review_arguments(analyze)

    library = commands.add_parser("library", help="clause-library tools")
    library_commands = library.add_subparsers(dest="library_command", required=True)
    validate = library_commands.add_parser(
        "validate", help="check a clause-library folder and list every problem"
    )
    validate.add_argument("folder", type=Path)
    validate.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too (entries with fewer examples than SCHEMA.md asks for)",
    )
    add_batch_parser(commands)
    add_compare_parser(commands)
    verbose_help = "log details (DEBUG, may quote the contract) to stderr and the log file"
    parser.add_argument("-v", "--verbose", action="store_true", help=verbose_help)
    for command in (analyze, library, validate, *commands.choices.values()):
        if not any("--verbose" in action.option_strings for action in command._actions):
            # SUPPRESS: a subcommand without the flag leaves the top-level value alone.
            command.add_argument(
                "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=verbose_help
            )
    return parser


def _binary_formats() -> str:
    """The formats that cannot be printed, as the exporters declare them: "xlsx, docx and ..."."""
    *names, last = [spec.name for spec in FORMATS if spec.binary]
    return f"{', '.join(names)} and {last}" if names else last


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    log_file = setup_logging(verbose=args.verbose)
    log.info("ito-review %s: %s", __version__, args.command)
    try:
        if args.command == "analyze":
            return _analyze(args)
        if args.command == "batch":
            return run_batch(args)
        if args.command == "compare":
            return run_compare(args)
        return _validate(args)
    except Cancelled:
        return EXIT_ERROR
    except ItoError as error:
        log.info("stopped: %s: %s", type(error).__name__, error)
        log.debug("details: %s", error.details)
        _error(with_limit_hint(error, settings=not getattr(args, "defaults", False)))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_ERROR
    except Exception as error:  # the promise is one line on stderr, never a traceback
        log.exception("unexpected error")  # the traceback goes to the log file
        target = (
            getattr(args, "file", None) or getattr(args, "new", None) or getattr(args, "folder", "")
        )
        where = f"; details are in {log_file}" if log_file else ""
        _error(
            f"{Path(str(target)).name}: unexpected error ({type(error).__name__}: {error}){where}"
        )
        return EXIT_ERROR
    finally:
        reset_logging()  # leaves no handlers behind when main() is called in-process


def _analyze(args: argparse.Namespace) -> int:
    path: Path = args.file
    output: Path | None = args.output
    chosen = exporter(args.format) if args.format != "table" else None
    if chosen is not None and chosen.binary and output is None:
        _error(f"--format {args.format} writes a binary file; give the file name with -o OUT.")
        return EXIT_ERROR
    if output is not None:  # fail before the work, not after it
        check_output(output, force=args.force, protect=path)
    setup = run_setup(args, args.password)
    library = load_library(setup.library_folders, include_user_layer=not args.no_user_library)
    bar = OcrProgress(sys.stderr)
    try:
        result = review(path, library, setup.options, bar)
    finally:
        bar.finish()
    if chosen is None:
        color = output is None and sys.stdout.isatty()
        text = render_table(result, color=color)
        if output is not None:
            write_output(output, text, force=args.force)
        else:
            sys.stdout.write(text)
    else:
        session = _saved_review(result) if args.with_review else None
        export_options = ExportOptions(
            include_not_applicable=args.include_not_applicable,
            reviewer=args.reviewer or setup.reviewer,  # the name saved in the app's Settings
            date=args.date,
        )
        if output is not None:
            check_output(output, force=args.force, protect=path)
            chosen.write(result, session, export_options, output, replace=args.force)
        else:
            assert isinstance(chosen, TextExporter)  # binary formats were refused above
            sys.stdout.write(chosen.render(result, session, export_options))
    return EXIT_CONDITION if fails(result, args.fail_on) else EXIT_OK


def _saved_review(result: ReviewResult) -> ReviewSession:
    """The desktop app's review of this contract, if it saved one (notices go to stderr)."""
    document = result.document
    # An export only reads the review: a damaged file is reported, never renamed or copied.
    loaded = load_session(
        document.path,
        document.sha256,
        (f.clause_id for f in result.findings),
        read_only=True,
    )
    for notice in loaded.notices:
        print(f"ito-review: {notice}", file=sys.stderr)
    return loaded.session


def _validate(args: argparse.Namespace) -> int:
    warnings: list[LibraryProblem] = []
    errors = validate_folder(args.folder, warnings)
    for line in errors:
        print(line, file=sys.stderr)
    for line in warnings:
        print(f"warning: {line}", file=sys.stderr)
    if errors or (warnings and args.strict):
        tally = [count(len(errors), "problem")] if errors else []
        tally += [count(len(warnings), "warning")] if warnings else []
        print(f"{' and '.join(tally)} in {args.folder}", file=sys.stderr)
        return EXIT_ERROR
    if warnings:
        print(f"{args.folder}: OK, with {count(len(warnings), 'warning')}")
    else:
        print(f"{args.folder}: OK")
    return EXIT_OK


def _error(message: str) -> None:
    # One line, whatever the message holds (a YAML error quotes the offending line).
    print(f"ito-review: error: {' '.join(message.split())}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
