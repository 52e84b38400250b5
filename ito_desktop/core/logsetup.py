"""The app's log: a rotating file in the user log folder; contract text only at DEBUG level.

Modules log through ``logging.getLogger(__name__)`` (all under ``ito_desktop``). At INFO and
above a record names files, counts, timings and error classes, never the words of a
contract; text quoted from a document may be logged at DEBUG only, which is written only
when the user asks for it (``--verbose``).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import TextIO

import platformdirs

APP_NAME = "ITO Review"
APP_AUTHOR = "ITO Review"
LOG_FILE = "ito-review.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"
_OURS = "_ito_review_handler"  # marks the handlers this module installed
_LOGGERS = ("ito_desktop", "py.warnings")


def log_folder() -> Path:
    """Where the log files live (created by :func:`setup_logging`)."""
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler that never writes a traceback to the terminal.

    Logging must not be how the app fails: if the disk fills or the file is taken away, the
    handler stops writing instead of printing "--- Logging error ---" on stderr.
    """

    def handleError(self, record: logging.LogRecord) -> None:
        self.setLevel(logging.CRITICAL + 1)


def setup_logging(
    *,
    verbose: bool = False,
    folder: Path | None = None,
    stream: TextIO | None = None,
) -> Path | None:
    """Send ``ito_desktop`` and Python warnings to the log file; returns its path.

    ``verbose`` logs DEBUG too (and echoes every record to ``stream``, stderr by default);
    otherwise INFO and above go to the file only. Calling it again replaces what an earlier
    call installed. Returns None when no log file can be made (a read-only home folder): the
    app then runs without one, and still prints nothing extra.
    """
    level = logging.DEBUG if verbose else logging.INFO
    handlers: list[logging.Handler] = []
    target = (folder or log_folder()) / LOG_FILE
    path: Path | None = target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        file_handler = _QuietFileHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                         encoding="utf-8", delay=True)
    except OSError:
        path = None
    else:
        file_handler.setFormatter(logging.Formatter(_FORMAT))
        handlers.append(file_handler)
    if verbose:
        echo = logging.StreamHandler(stream or sys.stderr)
        echo.setFormatter(logging.Formatter("ito-review: %(levelname)s: %(name)s: %(message)s"))
        handlers.append(echo)
    # Without any handler, logging's last resort would print warnings on stderr.
    handlers.append(logging.NullHandler())
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, _OURS, False)]:
            logger.removeHandler(old)
            old.close()
        for handler in handlers:
            setattr(handler, _OURS, True)
            handler.setLevel(level)
            logger.addHandler(handler)
        logger.setLevel(level)
    logging.captureWarnings(True)
    return path


def reset_logging() -> None:
    """Remove what :func:`setup_logging` installed (tests; an app shutting down)."""
    logging.captureWarnings(False)
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, _OURS, False)]:
            logger.removeHandler(old)
            old.close()
        logger.setLevel(logging.NOTSET)
