"""Review files: round trip, fallback location, damaged and newer files, changed contracts."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import platformdirs
import pytest

from ito_desktop import __version__
from ito_desktop.core import atomic
from ito_desktop.core.session import (
    MAX_REVIEW_BYTES,
    SCHEMA_VERSION,
    Decision,
    ReviewFileError,
    ReviewSession,
    beside_review_path,
    fallback_review_path,
    load_session,
    review_file_path,
    save_session,
)

CONTRACT_TEXT = b"Master services agreement between Quillfeather Ltd and Brackenbury plc. Secret."


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the user data dir into tmp_path on every platform."""
    folder = tmp_path / "userdata"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *args, **kwargs: str(folder))
    return folder


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    folder = tmp_path / "contracts"
    folder.mkdir()
    path = folder / "MSA 2024.docx"
    path.write_bytes(CONTRACT_TEXT)
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _reviewed(contract: Path) -> ReviewSession:
    session = ReviewSession(contract, _sha(contract), "Bundled", "2024.1", "A. Reviewer")
    session.set_decision("exit.assistance", Decision.NOT_APPLICABLE)
    session.set_note("exit.assistance", "Covered by the framework agreement — see §4.")
    session.set_done("exit.assistance", True)
    session.set_decision("liability.cap", Decision.RISK_ACCEPTED)
    session.set_note("data.breach_notice", "Ask for 24 hours.")
    return session


def _read_only_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder`` unwritable; where permissions do not bind (root), fake the probe too."""
    folder.chmod(0o555)
    try:
        (folder / ".probe").write_bytes(b"")
    except PermissionError:
        return
    (folder / ".probe").unlink()
    real = atomic.folder_is_writable
    monkeypatch.setattr(
        "ito_desktop.core.session.folder_is_writable", lambda f: f != folder and real(f)
    )
    real_write = atomic.write_text_atomic

    def refuse_in_folder(path: Path, text: str) -> None:
        if path.parent == folder:
            raise PermissionError(13, "Permission denied", str(path))
        real_write(path, text)

    monkeypatch.setattr("ito_desktop.core.session.write_text_atomic", refuse_in_folder)


def test_round_trip_beside_the_contract(contract: Path) -> None:
    session = _reviewed(contract)
    written = save_session(session)
    assert written == contract.with_name("MSA 2024.docx.itoreview.json")
    assert written == review_file_path(contract)

    loaded = load_session(
        contract, _sha(contract), ["exit.assistance", "liability.cap", "data.breach_notice"]
    )
    assert loaded.path == written
    assert loaded.notices == []
    assert not loaded.contract_changed
    assert not loaded.read_only
    restored = loaded.session
    assert restored.contract_path == contract
    assert (restored.library_name, restored.library_version, restored.reviewer) == (
        "Bundled",
        "2024.1",
        "A. Reviewer",
    )
    assert restored.items == session.items
    exit_item = restored.items["exit.assistance"]
    assert exit_item.decision is Decision.NOT_APPLICABLE
    assert exit_item.note == "Covered by the framework agreement — see §4."
    assert exit_item.done
    assert exit_item.updated.endswith("Z")
    assert restored.items["data.breach_notice"].decision is None


def test_review_file_content(contract: Path) -> None:
    written = save_session(_reviewed(contract))
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["app_version"] == __version__
    assert data["contract_name"] == "MSA 2024.docx"
    assert data["contract_sha256"] == _sha(contract)
    assert (data["library_name"], data["library_version"]) == ("Bundled", "2024.1")
    assert data["reviewer"] == "A. Reviewer"
    assert data["saved_at"].endswith("Z")
    assert [item["clause_id"] for item in data["items"]] == [
        "data.breach_notice",
        "exit.assistance",
        "liability.cap",
    ]
    assert data["items"][2]["decision"] == "risk_accepted"
    raw = written.read_text(encoding="utf-8")
    assert "Quillfeather" not in raw  # never the contract's text
    assert str(contract.parent) not in raw  # nor where it lives


def test_contract_is_never_touched(contract: Path) -> None:
    before = (contract.read_bytes(), contract.stat().st_mtime_ns)
    save_session(_reviewed(contract))
    load_session(contract, _sha(contract))
    save_session(load_session(contract, _sha(contract)).session)
    assert (contract.read_bytes(), contract.stat().st_mtime_ns) == before
    assert sorted(p.name for p in contract.parent.iterdir()) == [
        "MSA 2024.docx",
        "MSA 2024.docx.itoreview.json",
    ]


def test_session_edits(contract: Path) -> None:
    session = ReviewSession(contract, "abc")
    assert session.item("x").updated == ""  # get-or-create is not a change
    session.set_note("x", "note")
    stamp = session.items["x"].updated
    assert stamp
    session.items["x"].updated = "2000-01-01T00:00:00Z"
    session.set_note("x", "note")  # same value: not a change
    assert session.items["x"].updated == "2000-01-01T00:00:00Z"
    session.set_decision("x", Decision.MISSING)
    assert session.items["x"].updated != "2000-01-01T00:00:00Z"
    session.set_done("x", True)
    session.set_done("y", False)
    assert session.remaining(["x", "y", "z"]) == 2
    assert session.remaining([]) == 0
    assert "z" not in session.items  # counting creates nothing


def test_no_review_file_gives_an_empty_session(contract: Path) -> None:
    loaded = load_session(contract, _sha(contract))
    assert loaded.path is None
    assert loaded.notices == []
    assert loaded.session.items == {}
    assert loaded.session.contract_sha256 == _sha(contract)
    assert not loaded.contract_changed


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"schema_version": 1, "items": [', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        ("[1, 2, 3]", "does not hold a JSON object"),
        ('{"schema_version": "1", "contract_sha256": "a"}', "unknown schema version"),
        ('{"schema_version": 0, "contract_sha256": "a"}', "unknown schema version"),
        ('{"format": "something-else", "schema_version": 1}', "not an ITO Review"),
    ],
)
def test_corrupt_file_is_set_aside_with_a_notice(
    contract: Path, content: str | bytes, reason: str
) -> None:
    path = beside_review_path(contract)
    raw = content.encode() if isinstance(content, str) else content
    path.write_bytes(raw)
    loaded = load_session(contract, _sha(contract))
    moved = path.with_name(path.name + ".corrupt")
    assert moved.read_bytes() == raw  # kept, byte for byte
    assert not path.exists()
    assert loaded.path is None
    assert loaded.session.items == {}
    assert not loaded.read_only
    (notice,) = loaded.notices
    assert reason in notice
    assert str(moved) in notice
    # The next save starts a fresh review file and leaves the damaged copy alone.
    assert save_session(loaded.session) == path
    assert moved.read_bytes() == raw


def test_second_corrupt_file_gets_a_numbered_name(contract: Path) -> None:
    path = beside_review_path(contract)
    path.write_text("{broken", encoding="utf-8")
    load_session(contract, "x")
    path.write_text("{broken again", encoding="utf-8")
    loaded = load_session(contract, "x")
    second = path.with_name(path.name + ".corrupt-2")
    assert second.read_text(encoding="utf-8") == "{broken again"
    assert path.with_name(path.name + ".corrupt").read_text(encoding="utf-8") == "{broken"
    assert str(second) in loaded.notices[0]


def test_newer_schema_is_left_untouched_and_read_only(contract: Path) -> None:
    path = beside_review_path(contract)
    future = {
        "schema_version": SCHEMA_VERSION + 1,
        "contract_sha256": _sha(contract),
        "items": [{"clause_id": "x", "verdict": "something new"}],
    }
    raw = json.dumps(future).encode()
    path.write_bytes(raw)
    loaded = load_session(contract, _sha(contract))
    assert loaded.read_only
    assert loaded.session.read_only
    assert loaded.session.items == {}
    (notice,) = loaded.notices
    assert "newer version" in notice
    assert "left untouched" in notice
    loaded.session.set_note("x", "typed anyway")
    with pytest.raises(ReviewFileError, match="newer version"):
        save_session(loaded.session)
    assert path.read_bytes() == raw
    assert sorted(p.name for p in contract.parent.iterdir()) == [contract.name, path.name]


def test_changed_contract_reattaches_by_clause_id(contract: Path) -> None:
    save_session(_reviewed(contract))
    contract.write_bytes(CONTRACT_TEXT + b" Amended.")
    new_sha = _sha(contract)
    loaded = load_session(contract, new_sha, ["exit.assistance", "some.other"])
    assert loaded.contract_changed
    assert loaded.session.contract_sha256 == new_sha
    assert loaded.session.items["exit.assistance"].decision is Decision.NOT_APPLICABLE
    assert set(loaded.session.items) == {"exit.assistance", "liability.cap", "data.breach_notice"}
    assert loaded.orphans == ["data.breach_notice", "liability.cap"]
    assert loaded.notices[0] == (
        "The contract has changed since it was last reviewed; your decisions and notes were "
        "re-attached by clause id."
    )
    assert loaded.notices[1].startswith(
        "2 review items refer to clauses no longer in the library (data.breach_notice, "
        "liability.cap)"
    )
    # Saving records the new contract hash, so the next load reports no change.
    save_session(loaded.session)
    again = load_session(contract, new_sha)
    assert not again.contract_changed
    assert again.notices == []


def test_unchanged_contract_without_known_ids_reports_nothing(contract: Path) -> None:
    save_session(_reviewed(contract))
    loaded = load_session(contract, _sha(contract))
    assert loaded.notices == []
    assert loaded.orphans == []


def test_fallback_path_shape(contract: Path, data_dir: Path) -> None:
    path = fallback_review_path(contract)
    key = hashlib.sha256(os.path.normcase(str(contract.resolve())).encode("utf-8")).hexdigest()[:16]
    assert path == data_dir / "reviews" / f"{key}-MSA 2024.docx.itoreview.json"
    other = contract.parent.parent / "elsewhere" / contract.name
    assert fallback_review_path(other) != path  # same name, different folder


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_read_only_folder_falls_back_to_user_data(
    contract: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _read_only_folder(contract.parent, monkeypatch)
    try:
        assert review_file_path(contract) == fallback_review_path(contract)
        written = save_session(_reviewed(contract))
        assert written == fallback_review_path(contract)
        assert written.is_relative_to(data_dir)
        assert not beside_review_path(contract).exists()
        loaded = load_session(contract, _sha(contract))
        assert loaded.path == written
        assert loaded.session.items["liability.cap"].decision is Decision.RISK_ACCEPTED
        (notice,) = loaded.notices
        assert "restored from" in notice
        assert str(written) in notice
    finally:
        contract.parent.chmod(0o755)


def test_failed_write_beside_falls_back(contract: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = atomic.write_text_atomic

    def disk_full_beside(path: Path, text: str) -> None:
        if path.parent == contract.parent:
            raise OSError(28, "No space left on device")
        real_write(path, text)

    monkeypatch.setattr("ito_desktop.core.session.write_text_atomic", disk_full_beside)
    assert save_session(_reviewed(contract)) == fallback_review_path(contract)


def test_no_writable_location_raises(contract: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path, text: str) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("ito_desktop.core.session.write_text_atomic", refuse)
    with pytest.raises(ReviewFileError, match=r"Could not save the review of MSA 2024\.docx") as e:
        save_session(_reviewed(contract))
    assert "Permission denied" in e.value.details


def test_newest_of_two_copies_wins(contract: Path) -> None:
    beside = beside_review_path(contract)
    fallback = fallback_review_path(contract)
    fallback.parent.mkdir(parents=True)

    def write(path: Path, note: str, saved_at: str) -> None:
        data = {
            "schema_version": 1,
            "contract_sha256": _sha(contract),
            "saved_at": saved_at,
            "items": [{"clause_id": "x", "note": note}],
        }
        path.write_text(json.dumps(data), encoding="utf-8")

    write(beside, "older, beside", "2024-01-01T10:00:00Z")
    write(fallback, "newer, fallback", "2024-03-01T10:00:00Z")
    loaded = load_session(contract, _sha(contract))
    assert loaded.path == fallback
    assert loaded.session.items["x"].note == "newer, fallback"

    write(beside, "newest, beside", "2024-06-01T10:00:00Z")
    loaded = load_session(contract, _sha(contract))
    assert loaded.path == beside
    assert loaded.notices == []
    assert loaded.session.items["x"].note == "newest, beside"


def test_corrupt_beside_copy_does_not_hide_fallback(contract: Path) -> None:
    save_session(_reviewed(contract))
    fallback = fallback_review_path(contract)
    fallback.parent.mkdir(parents=True)
    beside = beside_review_path(contract)
    beside.rename(fallback)
    beside.write_text("not json", encoding="utf-8")
    loaded = load_session(contract, _sha(contract))
    assert loaded.path == fallback
    assert loaded.session.items["exit.assistance"].done
    assert len(loaded.notices) == 2
    assert ".corrupt" in loaded.notices[0]
    assert "restored from" in loaded.notices[1]


def _write_copy(path: Path, contract: Path, note: str, saved_at: str) -> None:
    data = {
        "schema_version": 1,
        "contract_sha256": _sha(contract),
        "saved_at": saved_at,
        "items": [{"clause_id": "x", "note": note}],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_copies_saved_in_the_same_second_restore_the_one_written_last(contract: Path) -> None:
    """Older versions wrote saved_at to the second: the file's modification time decides."""
    beside = beside_review_path(contract)
    fallback = fallback_review_path(contract)
    _write_copy(beside, contract, "older, beside", "2024-01-01T10:00:00Z")
    _write_copy(fallback, contract, "newer, fallback", "2024-01-01T10:00:00Z")
    os.utime(beside, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    os.utime(fallback, ns=(1_700_000_000_400_000_000, 1_700_000_000_400_000_000))
    loaded = load_session(contract, _sha(contract))
    assert loaded.path == fallback
    assert loaded.session.items["x"].note == "newer, fallback"
    assert any("restored from" in notice for notice in loaded.notices)


def test_fractions_of_a_second_order_copies_of_either_format(contract: Path) -> None:
    beside = beside_review_path(contract)
    fallback = fallback_review_path(contract)
    _write_copy(beside, contract, "beside", "2024-01-01T10:00:00Z")
    _write_copy(fallback, contract, "fallback, half a second later", "2024-01-01T10:00:00.500000Z")
    os.utime(fallback, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))  # older mtime
    loaded = load_session(contract, _sha(contract))
    assert loaded.session.items["x"].note == "fallback, half a second later"


def test_a_save_that_falls_back_within_the_second_is_the_one_restored(
    contract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved beside the contract, then (disk full there) to the fallback folder at once."""
    session = _reviewed(contract)
    assert save_session(session) == beside_review_path(contract)
    real_write = atomic.write_text_atomic

    def full_beside(path: Path, text: str) -> None:
        if path.parent == contract.parent:
            raise OSError(28, "No space left on device")
        real_write(path, text)

    monkeypatch.setattr("ito_desktop.core.session.write_text_atomic", full_beside)
    session.set_note("liability.cap", "Written after the disk filled up.")
    assert save_session(session) == fallback_review_path(contract)
    # Both copies carry times of this second: the saved_at's fractions must tell them apart
    # even where a file system keeps modification times to the second or coarser.
    for path in (beside_review_path(contract), fallback_review_path(contract)):
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    loaded = load_session(contract, _sha(contract))
    assert loaded.session.items["liability.cap"].note == "Written after the disk filled up."


def test_a_lone_surrogate_in_the_file_does_not_stop_later_saves(contract: Path) -> None:
    path = beside_review_path(contract)
    # JSON may escape a lone surrogate; json.loads gives a str that UTF-8 cannot encode.
    head = f'{{"schema_version": 1, "contract_sha256": "{_sha(contract)}", '
    path.write_text(
        head + '"reviewer": "A\\udc80", '
        '"items": [{"clause_id": "x", "note": "half \\ud800 a pair, whole \\ud83d\\ude00"}]}',
        encoding="utf-8",
    )
    loaded = load_session(contract, _sha(contract))
    assert loaded.session.items["x"].note == "half \ufffd a pair, whole \U0001f600"
    loaded.session.set_done("x", True)
    assert save_session(loaded.session) == path
    again = load_session(contract, _sha(contract)).session
    assert again.items["x"].note == "half \ufffd a pair, whole \U0001f600"
    assert again.items["x"].done
    assert again.reviewer == "A\ufffd"


def test_a_note_holding_a_lone_surrogate_is_saved(contract: Path) -> None:
    session = _reviewed(contract)
    session.set_note("liability.cap", "pasted \udfff text")  # Qt can hand over such a str
    save_session(session)
    restored = load_session(contract, _sha(contract)).session
    assert restored.items["liability.cap"].note == "pasted \ufffd text"


@pytest.mark.parametrize(
    ("content", "problem", "kept"),
    [
        ('{"schema_version": 1, "items": [{"clause_id": "x"}]}', "'contract_sha256' is", {"x"}),
        ('{"schema_version": 1, "contract_sha256": "a", "items": {}}', "not a list", set()),
        (
            '{"schema_version": 1, "contract_sha256": "a", '
            '"items": [{"clause_id": "x", "done": "yes", "note": "kept"}]}',
            "'done' of x",
            {"x"},
        ),
        (
            '{"schema_version": 1, "contract_sha256": "a", '
            '"items": [{"clause_id": "x", "decision": "maybe", "note": "kept"}]}',
            "unknown decision 'maybe' of x",
            {"x"},
        ),
        (
            '{"schema_version": 1, "contract_sha256": "a", '
            '"items": [{"clause_id": 7}, {"clause_id": "y", "note": "kept"}]}',
            "item 1 has no clause_id",
            {"y"},
        ),
        (
            '{"schema_version": 1, "contract_sha256": "a", "reviewer": 5, '
            '"items": [{"clause_id": "x", "note": ["not", "text"]}, 3]}',
            "'note' of x is missing or not text; item 2 is not a JSON object",
            {"x"},
        ),
    ],
)
def test_a_bad_field_costs_that_field_not_the_review(
    contract: Path, content: str, problem: str, kept: set[str]
) -> None:
    path = beside_review_path(contract)
    content = content.replace('"contract_sha256": "a"', f'"contract_sha256": "{_sha(contract)}"')
    path.write_text(content, encoding="utf-8")
    loaded = load_session(contract, _sha(contract))
    assert loaded.path == path  # restored from the file, which stays where it is
    assert set(loaded.session.items) == kept
    for item in loaded.session.items.values():
        assert item.note in ("kept", "")
    assert not loaded.read_only
    (notice,) = loaded.notices
    assert problem in notice
    assert "the rest of the review was restored" in notice
    # The file as it was is kept before the next save replaces it.
    copy = path.with_name(path.name + ".corrupt")
    assert copy.read_text(encoding="utf-8") == content
    assert str(copy) in notice
    assert load_session(contract, _sha(contract)).notices == [notice]  # opened again: one copy
    assert not path.with_name(path.name + ".corrupt-2").exists()
    assert save_session(loaded.session) == path
    assert copy.read_text(encoding="utf-8") == content


def test_one_bad_decision_keeps_every_other_decision_and_note(contract: Path) -> None:
    path = save_session(_reviewed(contract))
    data = json.loads(path.read_text(encoding="utf-8"))
    (cap,) = [item for item in data["items"] if item["clause_id"] == "liability.cap"]
    cap["decision"] = "accepted-ish"  # as a hand edit might leave it
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_session(contract, _sha(contract))
    items = loaded.session.items
    assert items["exit.assistance"].decision is Decision.NOT_APPLICABLE
    assert items["exit.assistance"].done
    assert items["data.breach_notice"].note == "Ask for 24 hours."
    assert items["liability.cap"].decision is None
    assert "unknown decision 'accepted-ish' of liability.cap" in loaded.notices[0]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_review_file_saved_in_another_unicode_encoding_reads_whole(
    contract: Path, encoding: str
) -> None:
    """Notepad and PowerShell 5 write UTF-8 with a BOM or UTF-16; JSON allows both."""
    path = save_session(_reviewed(contract))
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    loaded = load_session(contract, _sha(contract))
    assert loaded.notices == []
    assert loaded.session.items["exit.assistance"].note == (
        "Covered by the framework agreement — see §4."
    )
    assert sorted(p.name for p in contract.parent.iterdir()) == [contract.name, path.name]


def test_bytes_that_are_not_utf8_cost_only_those_characters(contract: Path) -> None:
    path = save_session(_reviewed(contract))
    raw = path.read_bytes().replace("see §4".encode(), b"see \xa74")  # Latin-1 from an editor
    path.write_bytes(raw)
    loaded = load_session(contract, _sha(contract))
    assert loaded.session.items["exit.assistance"].note.endswith("see \ufffd4.")
    assert loaded.session.items["liability.cap"].decision is Decision.RISK_ACCEPTED
    assert "not valid text" in loaded.notices[0]


@pytest.mark.parametrize(
    "content",
    [
        '{"schema_version": 1, "items": [',
        '{"schema_version": 1, "contract_sha256": "a", "items": [{"clause_id": 7}]}',
    ],
)
def test_a_read_only_load_never_moves_copies_or_writes(contract: Path, content: str) -> None:
    """``analyze --with-review`` reads the review; the user's file stays exactly as it is."""
    path = beside_review_path(contract)
    content = content.replace('"contract_sha256": "a"', f'"contract_sha256": "{_sha(contract)}"')
    path.write_text(content, encoding="utf-8")
    loaded = load_session(contract, _sha(contract), read_only=True)
    assert path.read_text(encoding="utf-8") == content
    assert sorted(p.name for p in contract.parent.iterdir()) == [contract.name, path.name]
    (notice,) = loaded.notices
    assert "left as it is" in notice
    assert loaded.read_only
    with pytest.raises(ReviewFileError):
        save_session(loaded.session)


def test_opening_a_review_clears_temp_files_of_killed_saves(contract: Path) -> None:
    path = save_session(_reviewed(contract))
    leftover = path.with_name(f"{atomic.temp_name_prefix(path)}0badf00d.tmp")
    leftover.write_bytes(b"{half a review")
    os.utime(leftover, (1_600_000_000, 1_600_000_000))
    load_session(contract, _sha(contract), read_only=True)  # an export touches nothing
    assert leftover.exists()
    loaded = load_session(contract, _sha(contract))
    assert not leftover.exists()
    assert loaded.session.items["exit.assistance"].done


def _window(contract: Path) -> ReviewSession:
    """The review as one more window opens it."""
    return load_session(contract, _sha(contract)).session


def test_two_windows_on_one_contract_keep_each_others_decisions(contract: Path) -> None:
    save_session(_reviewed(contract))
    first, second = _window(contract), _window(contract)
    first.set_decision("insurance", Decision.MISSING)
    save_session(first)
    second.set_note("benchmarking", "Ask for yearly benchmarking.")
    save_session(second)  # used to overwrite the first window's decision
    restored = _window(contract)
    assert restored.items["insurance"].decision is Decision.MISSING
    assert restored.items["benchmarking"].note == "Ask for yearly benchmarking."
    assert restored.items["exit.assistance"].done
    assert second.merged == ["insurance"]
    (notice,) = second.merge_notices
    assert "merged" in notice
    assert "insurance" in notice
    # The first window, saving again, takes the second's note in turn and loses nothing.
    first.merged.clear()
    first.set_done("insurance", True)
    save_session(first)
    assert first.merged == ["benchmarking"]
    again = _window(contract)
    assert again.items["insurance"].done
    assert again.items["benchmarking"].note == "Ask for yearly benchmarking."


def test_the_later_change_to_one_clause_wins(contract: Path) -> None:
    save_session(_reviewed(contract))
    first, second = _window(contract), _window(contract)
    second.set_note("liability.cap", "Earlier note.")
    second.items["liability.cap"].updated = "2020-01-01T00:00:00Z"
    first.set_note("liability.cap", "Later note.")
    save_session(first)
    save_session(second)
    assert _window(contract).items["liability.cap"].note == "Later note."


def test_a_same_second_clash_keeps_the_other_copy(contract: Path) -> None:
    path = save_session(_reviewed(contract))
    first, second = _window(contract), _window(contract)
    first.set_note("liability.cap", "First window.")
    second.set_note("liability.cap", "Second window.")
    second.items["liability.cap"].updated = first.items["liability.cap"].updated
    save_session(first)
    other = path.read_bytes()
    save_session(second)
    assert _window(contract).items["liability.cap"].note == "Second window."
    conflict = path.with_name(path.name + ".conflict")
    assert conflict.read_bytes() == other  # the first window's note is still on disk
    assert any(str(conflict) in notice for notice in second.merge_notices)


def test_saving_alone_merges_nothing(contract: Path) -> None:
    session = _reviewed(contract)
    for note in ("one", "two", "three"):
        session.set_note("x", note)
        save_session(session)
    assert session.merged == []
    assert session.merge_notices == []
    assert sorted(p.name for p in contract.parent.iterdir()) == [
        contract.name,
        beside_review_path(contract).name,
    ]


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
def test_a_pipe_or_device_named_like_the_review_is_never_read(contract: Path, kind: str) -> None:
    # Before: a FIFO hung the app and `--with-review` for good; /dev/zero was read until memory
    # ran out.
    if not hasattr(os, "mkfifo") or not Path("/dev/zero").exists():
        pytest.skip("POSIX only")
    import threading

    review = beside_review_path(contract)
    if kind == "fifo":
        os.mkfifo(review)
    else:
        review.symlink_to("/dev/zero")
    outcome: list[object] = []
    reader = threading.Thread(
        target=lambda: outcome.append(load_session(contract, _sha(contract))), daemon=True
    )
    reader.start()
    reader.join(timeout=10)
    assert outcome, "load_session did not return"
    loaded = outcome[0]
    assert loaded.read_only  # never written over
    assert any("not an ordinary file" in notice for notice in loaded.notices)
    assert review.is_symlink() or review.exists()


def _big_review(contract: Path, size: int) -> Path:
    """A valid review file of about ``size`` bytes: a real review with one enormous note."""
    path = save_session(_reviewed(contract))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][0]["note"] = "x" * size
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_large_real_review_is_far_under_the_size_limit(contract: Path) -> None:
    """Every clause of a 40-clause library decided, done and with a 5,000-character note."""
    session = ReviewSession(contract, _sha(contract), "Bundled", "2024.1", "A. Reviewer")
    for index in range(40):
        clause = f"category.clause_{index}"
        session.set_decision(clause, Decision.RISK_ACCEPTED)
        session.set_note(clause, "Agreed with the supplier on the call — see §4. " * 100)
        session.set_done(clause, True)
    size = save_session(session).stat().st_size
    assert size * 20 < MAX_REVIEW_BYTES, size


@pytest.mark.parametrize("read_only", [False, True], ids=["app", "export"])
def test_a_review_file_over_the_size_limit_is_left_as_it_is(
    contract: Path, read_only: bool
) -> None:
    """Before: up to 64 MB was read (60 MB took 7.6 s and 1 GB); over it, the app set the
    file aside as .corrupt. Now it is not read, never moved, and the review is read-only."""
    path = _big_review(contract, MAX_REVIEW_BYTES)
    before = path.read_bytes()
    loaded = load_session(contract, _sha(contract), read_only=read_only)
    (notice,) = loaded.notices
    assert f"{path.name} is 8.0 MB, over the 8 MB limit for a review file" in notice
    assert "left as it is" in notice
    assert loaded.read_only
    assert loaded.session.items == {}
    assert path.read_bytes() == before
    assert sorted(p.name for p in contract.parent.iterdir()) == [contract.name, path.name]
    with pytest.raises(ReviewFileError):
        save_session(loaded.session)
    assert path.read_bytes() == before


def test_a_review_is_not_saved_past_the_size_limit(contract: Path) -> None:
    """What the app writes it can read back: a review that outgrows the limit is not saved."""
    path = save_session(_reviewed(contract))
    before = path.read_bytes()
    session = _reviewed(contract)
    session.set_note("exit.assistance", "x" * MAX_REVIEW_BYTES)
    with pytest.raises(ReviewFileError, match=r"was not saved: it would be 8\.0 MB, over the 8 MB"):
        save_session(session)
    assert path.read_bytes() == before
    assert sorted(p.name for p in contract.parent.iterdir()) == [contract.name, path.name]
