"""The reviewer's decisions and notes on one contract, saved as a versioned review file."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from ito_desktop import __version__
from ito_desktop.core.atomic import (
    folder_is_writable,
    keep_copy,
    remove_stale_temps,
    set_aside,
    write_text_atomic,
)
from ito_desktop.core.errors import ItoError
from ito_desktop.core.review_merge import merge_items
from ito_desktop.core.status import Decision as Decision  # the reviewer's override, re-exported

SCHEMA_VERSION = 1
REVIEW_SUFFIX = ".itoreview.json"
APP_NAME = "ITO Review"
APP_AUTHOR = "ITO Review"
FORMAT_TAG = "ito-review-session"
# A review with a 4,800-character note on every clause of the 40-clause library is 0.2 MB; a file
# over this limit is not read (a 60 MB one took 7.6 s and 1 GB, and 17 s in the app), and a
# review that would grow past it is not saved.
MAX_REVIEW_BYTES = 8 * 1024 * 1024
_MAX_NAME_CHARS = 80  # keeps fallback paths well inside Windows' 260-character limit


class ReviewFileError(ItoError):
    """The review file cannot be saved (read-only session, or no writable location)."""


def valid_text(value: str) -> str:
    """``value`` as text UTF-8 can hold: surrogate pairs joined, lone surrogates as U+FFFD.

    JSON may escape a lone surrogate ("\\ud800") and a pasted note may carry one; Python keeps
    it in a str, but encoding it to UTF-8 raises, and then no later save would ever succeed.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return value


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _saved_now() -> str:
    """When a review file is written, to the microsecond: two copies saved within one second
    (beside the contract, then in the fallback folder) must still tell which is newer."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _saved_order(saved_at: str, path: Path) -> tuple[datetime, int]:
    """Sort key of a review copy: its ``saved_at`` (with or without fractions of a second),
    then, for copies saved in the same second by older versions, the file's modification time.
    """
    moment = datetime.min.replace(tzinfo=UTC)
    for layout in ("%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            moment = datetime.strptime(saved_at, layout).replace(tzinfo=UTC)
            break
        except ValueError:
            continue
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        modified = 0
    return moment, modified


@dataclass
class FindingReview:
    """The reviewer's work on one library clause id."""

    clause_id: str
    decision: Decision | None = None
    note: str = ""
    done: bool = False
    updated: str = ""  # ISO 8601 UTC timestamp of the last change

    @property
    def reviewed(self) -> bool:
        """The reviewer has dealt with the clause: decided it or ticked it done."""
        return self.decision is not None or self.done


@dataclass
class ReviewSession:
    """All of the reviewer's work on one contract.

    ``read_only`` is set when the review file on disk was written by a newer version of the
    app: ``save_session`` then refuses, so that file is never overwritten by an older schema.
    """

    contract_path: Path
    contract_sha256: str
    library_name: str = ""
    library_version: str = ""
    reviewer: str = ""
    items: dict[str, FindingReview] = field(default_factory=dict)
    read_only: bool = False
    # Bookkeeping of saves, not part of the review: each review file's identity (inode, mtime,
    # size; every atomic save makes a new inode) when this session last read or wrote it, so
    # a save notices a file another window (or a reviewer on a shared drive) saved since; and
    # what the last save took from such a file.
    seen: dict[Path, tuple[int, int, int]] = field(default_factory=dict, repr=False, compare=False)
    merged: list[str] = field(default_factory=list, repr=False, compare=False)
    merge_notices: list[str] = field(default_factory=list, repr=False, compare=False)

    def item(self, clause_id: str) -> FindingReview:
        """The review of ``clause_id``, created empty on first use."""
        found = self.items.get(clause_id)
        if found is None:
            found = self.items[clause_id] = FindingReview(clause_id)
        return found

    def set_decision(self, clause_id: str, decision: Decision | None) -> None:
        item = self.item(clause_id)
        if item.decision != decision:
            item.decision = decision
            item.updated = _now()

    def set_note(self, clause_id: str, note: str) -> None:
        item = self.item(clause_id)
        if item.note != note:
            item.note = note
            item.updated = _now()

    def set_done(self, clause_id: str, done: bool) -> None:
        item = self.item(clause_id)
        if item.done != done:
            item.done = done
            item.updated = _now()

    def remaining(self, clause_ids: Iterable[str]) -> int:
        """How many of ``clause_ids`` are not reviewed yet (neither decided nor ticked done)."""
        return sum(not self.is_reviewed(clause_id) for clause_id in clause_ids)

    def is_reviewed(self, clause_id: str) -> bool:
        item = self.items.get(clause_id)
        return item is not None and item.reviewed


@dataclass
class LoadedSession:
    """What ``load_session`` found, with sentences to show the user."""

    session: ReviewSession
    path: Path | None  # the review file read, None if none existed
    notices: list[str]
    contract_changed: bool
    orphans: list[str] = field(default_factory=list)  # clause ids not in known_clause_ids

    @property
    def read_only(self) -> bool:
        return self.session.read_only


def beside_review_path(contract: Path) -> Path:
    """``<contract>.itoreview.json`` in the contract's folder."""
    return contract.with_name(contract.name + REVIEW_SUFFIX)


def fallback_review_path(contract: Path) -> Path:
    """The review file's place in the user data dir, keyed by the contract's absolute path."""
    absolute = os.path.normcase(str(Path(contract).expanduser().resolve()))
    key = hashlib.sha256(absolute.encode("utf-8")).hexdigest()[:16]
    name = contract.name[:_MAX_NAME_CHARS]
    folder = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "reviews"
    return folder / f"{key}-{name}{REVIEW_SUFFIX}"


def review_file_path(contract: Path) -> Path:
    """Beside the contract if its folder is writable, else the fallback path."""
    if folder_is_writable(contract.parent):
        return beside_review_path(contract)
    return fallback_review_path(contract)


def save_session(session: ReviewSession) -> Path:
    """Write the review file atomically and return where it went.

    Tries beside the contract first and falls back to the user data dir when that folder is
    read-only or the write fails. Raises ``ReviewFileError`` for a read-only session or when
    neither location can be written. Never writes to the contract itself.
    """
    if session.read_only:
        raise ReviewFileError(
            "This review was saved by a newer version of ITO Review, so changes are not saved "
            "to avoid overwriting it."
        )
    text = json.dumps(_to_json(session), ensure_ascii=False, indent=2) + "\n"
    contract = session.contract_path
    _check_size(text, contract)
    targets = [review_file_path(contract)]
    if targets[0] != (fallback := fallback_review_path(contract)):
        targets.append(fallback)
    errors: list[str] = []
    for target in targets:
        if _merge_newer(session, target):
            text = json.dumps(_to_json(session), ensure_ascii=False, indent=2) + "\n"
            _check_size(text, contract)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(target, text)
        except OSError as error:
            errors.append(f"{target}: {error}")
            continue
        _remember(session, target)
        return target
    raise ReviewFileError(
        f"Could not save the review of {contract.name}: no writable location.",
        path=contract,
        details="\n".join(errors),
    )


def _check_size(text: str, contract: Path) -> None:
    """Refuse to write a review file that could not be read back."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_REVIEW_BYTES:
        raise ReviewFileError(
            f"The review of {contract.name} was not saved: it would be {_megabytes(size)}, "
            f"over the {_megabytes(MAX_REVIEW_BYTES)} limit for a review file. Shorten the "
            "longest notes.",
            path=contract,
        )


def _megabytes(size: int) -> str:
    mib = 1024 * 1024
    return f"{size / mib:,.0f} MB" if size % mib == 0 else f"{size / mib:,.1f} MB"


def _remember(session: ReviewSession, path: Path) -> None:
    """Note what ``path`` looks like now that this session has read or written it."""
    try:
        status = path.stat()
    except OSError:
        return
    session.seen[path] = _identity(status)


def _identity(status: os.stat_result) -> tuple[int, int, int]:
    return (status.st_ino, status.st_mtime_ns, status.st_size)


def _merge_newer(session: ReviewSession, target: Path) -> bool:
    """Merge into ``session`` a review another writer saved at ``target`` since we last saw it.

    True if the session changed. A file that cannot be read as a review is kept as a
    ``.conflict`` copy before the save replaces it, so nothing another writer saved is lost.
    """
    try:
        status = target.stat()
    except OSError:
        return False
    if session.seen.get(target) == _identity(status):
        return False
    try:
        raw = _review_bytes(target)
    except (OSError, _NotAFile, _Invalid, _TooLarge):
        return False
    reader = _Reader()
    try:
        theirs, _ = reader.review(json.loads(reader.decode(raw)), session.contract_path)
    except (ValueError, RecursionError):  # _Invalid included
        theirs = None
    if theirs is not None:
        merge = merge_items(session.items, theirs.items)
    if theirs is None or merge.conflicts:
        try:
            kept: Path | str = keep_copy(target, raw, ".conflict")
        except OSError as error:
            kept = f"nowhere ({error.strerror or error})"
        clauses = f" ({', '.join(merge.conflicts)})" if theirs is not None else ""
        session.merge_notices.append(
            f"{target.name} was changed elsewhere at the same time as here{clauses}; your "
            f"version was saved and the other was kept as {kept}."
        )
    if theirs is None or not merge.taken:
        return False
    session.merged.extend(merge.taken)
    session.merge_notices.append(
        f"The review of {session.contract_path.name} was also changed in another window or "
        f"by another reviewer; {_count(len(merge.taken), 'clause')} from there "
        f"({', '.join(merge.taken[:5])}{', …' if len(merge.taken) > 5 else ''}) "
        "were merged into yours."
    )
    return True


def load_session(
    contract: Path, sha256: str, known_clause_ids: Iterable[str] = (), *, read_only: bool = False
) -> LoadedSession:
    """Restore the review of ``contract`` (whose file now hashes to ``sha256``).

    Looks beside the contract, then in the fallback location; if both hold a valid review the
    one saved last wins. What can be read of a partly damaged file is restored and what could
    not is reported; the app keeps a copy of the file as it was (``.corrupt``) before its next
    save replaces it. A file that is not a review at all is set aside as ``.corrupt``. A file
    from a newer schema is left alone and makes the session read-only.

    ``read_only`` (an export or analysis that only reads the review): no file is renamed,
    copied or written, and the session returned refuses to be saved.
    """
    notices: list[str] = []
    found: list[tuple[Path, ReviewSession, str]] = []
    if not read_only:  # what saves killed mid-write left behind (each as large as the file)
        for path in (beside_review_path(contract), fallback_review_path(contract)):
            remove_stale_temps(path)
    for path in _candidates(contract):
        outcome = _read_one(path, contract, read_only=read_only)
        if isinstance(outcome, _Found):
            _remember(outcome.session, path)
            found.append((path, outcome.session, outcome.saved_at))
            if outcome.notice:
                notices.append(outcome.notice)
            continue
        notices.append(outcome.notice)
        read_only = read_only or outcome.keep_file
    if not found:
        empty = ReviewSession(contract, sha256, read_only=read_only)
        return LoadedSession(empty, None, notices, contract_changed=False)

    # The copy saved last wins; a full tie (same time, same modification time) goes to the
    # file beside the contract, which comes first.
    path, session, _ = max(found, key=lambda entry: _saved_order(entry[2], entry[0]))
    for _, other, _ in found:  # a save must not mistake the copy it outranked for news
        session.seen.update(other.seen)
    session.read_only = read_only
    if path != beside_review_path(contract):
        notices.append(f"Your review of {contract.name} was restored from {path}.")
    # A file whose fingerprint could not be read cannot say whether the contract changed.
    changed = bool(session.contract_sha256) and session.contract_sha256 != sha256
    session.contract_sha256 = sha256
    if changed:
        notices.append(
            "The contract has changed since it was last reviewed; your decisions and notes "
            "were re-attached by clause id."
        )
    known = set(known_clause_ids)
    orphans = sorted(cid for cid in session.items if known and cid not in known)
    if orphans:
        notices.append(
            f"{_count(len(orphans), 'review item')} "
            f"{'refers' if len(orphans) == 1 else 'refer'} to clauses no longer in the "
            f"library ({', '.join(orphans)}); they are kept in the review file."
        )
    return LoadedSession(session, path, notices, changed, orphans)


def _candidates(contract: Path) -> Iterator[Path]:
    for path in (beside_review_path(contract), fallback_review_path(contract)):
        if path.exists() or path.is_symlink():
            yield path


@dataclass(frozen=True, slots=True)
class _Found:
    session: ReviewSession
    saved_at: str
    notice: str = ""  # what could not be read, if anything


@dataclass(frozen=True, slots=True)
class _Unusable:
    notice: str
    keep_file: bool  # the file must not be overwritten: the session becomes read-only


class _Invalid(ValueError):
    """The file is not a review at all (it gets set aside): nothing in it can be trusted."""


class _TooLarge(Exception):
    """A review file over ``MAX_REVIEW_BYTES``: not read, and left as it is."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class _NotAFile(Exception):
    """A pipe, a device or a link to one where a review file should be: never read it (a FIFO
    blocks the reader, /dev/zero never ends) and never write over it."""


def _review_bytes(path: Path) -> bytes:
    """The bytes of a review file: an ordinary file, read up to the size limit."""
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise _NotAFile
        if status.st_size > MAX_REVIEW_BYTES:
            raise _TooLarge(status.st_size)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_REVIEW_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_REVIEW_BYTES:  # it grew while we read it
        raise _TooLarge(len(data))
    return data


def _read_one(path: Path, contract: Path, *, read_only: bool) -> _Found | _Unusable:
    if path.is_dir():
        return _Unusable(f"{path} is a folder, not a review file; it is ignored.", keep_file=False)
    try:
        raw = _review_bytes(path)
    except _NotAFile:
        return _Unusable(
            f"{path} is not an ordinary file (a pipe, a device or a link to one); it is "
            "ignored and left as it is, and changes will not be saved.",
            keep_file=True,
        )
    except _TooLarge as error:
        # Perhaps someone's real work in an unexpected shape: never set aside or replaced.
        return _Unusable(
            f"The review file {path} is {_megabytes(error.size)}, over the "
            f"{_megabytes(MAX_REVIEW_BYTES)} limit for a review file; it is ignored and left "
            "as it is, and changes will not be saved.",
            keep_file=True,
        )
    except OSError as error:
        # Unreadable but present: overwriting it could destroy work we could not see.
        return _Unusable(
            f"The review file {path} could not be read ({error.strerror or error}); it is "
            "left as it is and changes will not be saved.",
            keep_file=True,
        )
    except _Invalid as error:
        return _damaged(path, str(error), read_only=read_only)
    reader = _Reader()
    try:
        data = json.loads(reader.decode(raw))
    except (ValueError, RecursionError):
        return _damaged(path, "it is not valid JSON", read_only=read_only)
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return _Unusable(
            f"The review file {path} was written by a newer version of ITO Review (schema "
            f"{version}); it is left untouched, and changes made now will not be saved.",
            keep_file=True,
        )
    try:
        session, saved_at = reader.review(data, contract)
    except _Invalid as error:
        return _damaged(path, str(error), read_only=read_only)
    if not reader.problems:
        return _Found(session, saved_at)
    return _Found(session, saved_at, _partly_read(path, raw, reader.problems, read_only))


def _partly_read(path: Path, raw: bytes, problems: list[str], read_only: bool) -> str:
    """The notice for a review restored in part; the app first keeps the file as it was."""
    shown = problems[:5] + ([f"{len(problems) - 5} more"] if len(problems) > 5 else [])
    sentence = (
        f"Part of the review file {path.name} could not be read ({'; '.join(shown)}); the "
        "rest of the review was restored"
    )
    if read_only:
        return f"{sentence}, and the file is left as it is."
    try:
        kept = keep_copy(path, raw)
    except OSError as error:
        return (
            f"{sentence}. A copy of the file as it was could not be kept "
            f"({error.strerror or error}): the next save replaces it."
        )
    return f"{sentence}; the file as it was is kept as {kept}."


def _damaged(path: Path, reason: str, *, read_only: bool) -> _Unusable:
    """A file that is not a review at all: set aside by the app, left alone when only read."""
    if read_only:
        return _Unusable(
            f"The review file {path} is damaged ({reason}); it is ignored and left as it is.",
            keep_file=True,
        )
    try:
        moved = set_aside(path)
    except OSError as error:
        return _Unusable(
            f"The review file {path} is damaged ({reason}) and could not be set aside "
            f"({error.strerror or error}); it is ignored and a new review is started.",
            keep_file=False,
        )
    return _Unusable(
        f"The review file {path.name} was damaged ({reason}); it was set aside as {moved} "
        "and a new review is started.",
        keep_file=False,
    )


def _to_json(session: ReviewSession) -> dict[str, Any]:
    text = valid_text
    return {
        "format": FORMAT_TAG,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "contract_name": text(session.contract_path.name),
        "contract_sha256": text(session.contract_sha256),
        "library_name": text(session.library_name),
        "library_version": text(session.library_version),
        "reviewer": text(session.reviewer),
        "saved_at": _saved_now(),
        "items": [
            {
                "clause_id": text(item.clause_id),
                "decision": item.decision.value if item.decision is not None else None,
                "note": text(item.note),
                "done": item.done,
                "updated": text(item.updated),
            }
            for _, item in sorted(session.items.items())
        ],
    }


class _Reader:
    """Reads a review file's JSON field by field: keeps what it can, lists what it could not.

    Only a file that is not a review at all (not an object, another format or schema) raises
    _Invalid; a bad field is left at its default and a bad item is left out, each with a
    problem, so one damaged entry never costs the reviewer the rest of the review.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []
        self._repaired = 0  # text fields holding characters that are not valid Unicode

    def decode(self, raw: bytes) -> str:
        """The file's text: UTF-8 (with or without a BOM), UTF-16 or UTF-32, as JSON allows."""
        encoding = json.detect_encoding(raw)
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            text = raw.decode(encoding, errors="replace")
            self.problems.append("some bytes are not valid text; they are shown as \ufffd")
        return text.removeprefix("\ufeff")

    def review(self, data: object, contract: Path) -> tuple[ReviewSession, str]:
        if not isinstance(data, dict):
            raise _Invalid("it does not hold a JSON object")
        if data.get("format", FORMAT_TAG) != FORMAT_TAG:
            raise _Invalid("it is not an ITO Review review file")
        version = data.get("schema_version")
        if version != SCHEMA_VERSION or isinstance(version, bool):
            raise _Invalid(f"unknown schema version {version!r}")
        session = ReviewSession(
            contract_path=contract,
            contract_sha256=self.text(data, "contract_sha256", required=True),
            library_name=self.text(data, "library_name"),
            library_version=self.text(data, "library_version"),
            reviewer=self.text(data, "reviewer"),
        )
        items = data.get("items", [])
        if not isinstance(items, list):
            self.problems.append("'items' is not a list, so no decisions or notes were read")
            items = []
        for number, raw in enumerate(items, start=1):
            item = self.item(raw, number)
            if item is not None:
                session.items[item.clause_id] = item
        saved_at = self.text(data, "saved_at")
        if self._repaired:
            self.problems.append(
                f"{_count(self._repaired, 'text field')} held characters that are not valid "
                "text; they are shown as \ufffd"
            )
        return session, saved_at

    def item(self, raw: object, number: int) -> FindingReview | None:
        if not isinstance(raw, dict):
            self.problems.append(f"item {number} is not a JSON object and was left out")
            return None
        clause_id = raw.get("clause_id")
        if not isinstance(clause_id, str) or not clause_id:
            self.problems.append(f"item {number} has no clause_id and was left out")
            return None
        clause_id = self._clean(clause_id)
        decision_value = raw.get("decision")
        decision: Decision | None = None
        if decision_value is not None:
            try:
                decision = Decision(decision_value)
            except (ValueError, TypeError):
                shown = repr(decision_value)
                shown = shown if len(shown) <= 40 else shown[:39] + "…"
                self.problems.append(f"unknown decision {shown} of {clause_id}")
        done = raw.get("done", False)
        if not isinstance(done, bool):
            self.problems.append(f"'done' of {clause_id} is not true/false")
            done = False
        return FindingReview(
            clause_id=clause_id,
            decision=decision,
            note=self.text(raw, "note", of=clause_id),
            done=done,
            updated=self.text(raw, "updated", of=clause_id),
        )

    def text(self, data: dict[str, Any], key: str, *, required: bool = False, of: str = "") -> str:
        """A text field; "" (with a problem) when it is not text or a required one is missing."""
        if key not in data and not required:
            return ""
        value = data.get(key)
        if not isinstance(value, str):
            where = f" of {of}" if of else ""
            self.problems.append(f"'{key}'{where} is missing or not text")
            return ""
        return self._clean(value)

    def _clean(self, value: str) -> str:
        clean = valid_text(value)
        self._repaired += clean != value
        return clean


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
