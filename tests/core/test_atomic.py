"""Atomic writes survive failures and SIGKILL; writability probes; setting files aside."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ito_desktop.core.atomic import (
    folder_is_writable,
    remove_stale_temps,
    set_aside,
    temp_name_prefix,
    write_bytes_atomic,
    write_text_atomic,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _leftovers(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{temp_name_prefix(path)}*.tmp"))


def test_write_text_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "review.json"
    write_text_atomic(target, "first ✓\n")
    assert target.read_bytes() == "first ✓\n".encode()
    write_text_atomic(target, "second\r\nline")
    # Newlines are written as given, on every platform.
    assert target.read_bytes() == b"second\r\nline"
    assert _leftovers(target) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.json"]


def test_write_bytes_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "export.bin"
    payload = bytes(range(256)) * 1000
    write_bytes_atomic(target, payload)
    assert target.read_bytes() == payload


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_new_file_follows_umask_and_replacement_keeps_mode(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        target = tmp_path / "new.json"
        write_text_atomic(target, "x")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's private 0o600
        target.chmod(0o640)
        write_text_atomic(target, "y")
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(old_umask)


def test_failed_replace_keeps_old_file_and_removes_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "review.json"
    target.write_text("old content", encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_text_atomic(target, "new content")
    assert target.read_text(encoding="utf-8") == "old content"
    assert _leftovers(target) == []


def test_missing_folder_raises_without_creating_anything(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "review.json"
    with pytest.raises(FileNotFoundError):
        write_text_atomic(target, "x")
    assert not target.parent.exists()


def test_folder_is_writable(tmp_path: Path) -> None:
    assert folder_is_writable(tmp_path)
    assert list(tmp_path.iterdir()) == []  # the probe cleans up after itself
    assert not folder_is_writable(tmp_path / "does-not-exist")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert not folder_is_writable(tmp_path / "file")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_folder_is_writable_false_for_read_only_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        try:
            (locked / "probe").write_text("x", encoding="utf-8")
        except PermissionError:
            pass
        else:
            pytest.skip("running with privileges that ignore folder permissions (root)")
        assert not folder_is_writable(locked)
    finally:
        locked.chmod(0o755)


def test_set_aside_never_replaces_earlier_copies(tmp_path: Path) -> None:
    target = tmp_path / "a.itoreview.json"
    target.write_text("first", encoding="utf-8")
    first = set_aside(target)
    target.write_text("second", encoding="utf-8")
    second = set_aside(target)
    target.write_text("third", encoding="utf-8")
    third = set_aside(target)
    assert [first.name, second.name, third.name] == [
        "a.itoreview.json.corrupt",
        "a.itoreview.json.corrupt-2",
        "a.itoreview.json.corrupt-3",
    ]
    assert [p.read_text(encoding="utf-8") for p in (first, second, third)] == [
        "first",
        "second",
        "third",
    ]
    assert not target.exists()


_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ito_desktop.core.atomic import write_text_atomic
    target = Path(sys.argv[1])
    text = "N" * int(sys.argv[2])
    print("ready", flush=True)
    write_text_atomic(target, text)
    print("done", flush=True)
    """
)


def _kill_while_writing(target: Path, size: int, delay: float = 0.0) -> subprocess.Popen[bytes]:
    """Start a child writing ``size`` bytes to ``target`` atomically and SIGKILL it ``delay``
    seconds after its temp file appears, i.e. while the new content is being written."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(target), str(size)],
        stdout=subprocess.PIPE,
        env=env,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        deadline = time.monotonic() + 20
        while not _leftovers(target) and child.poll() is None:
            assert time.monotonic() < deadline, "the child never started writing"
            time.sleep(0.0002)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()
    return child


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_write_leaves_previous_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "contract.docx.itoreview.json"
    old = "old review\n" * 1000
    new_size = 48 * 1024 * 1024
    killed_mid_write = 0
    for delay in (0.0, 0.002, 0.01):
        target.write_text(old, encoding="utf-8")
        child = _kill_while_writing(target, new_size, delay)
        content = target.read_bytes()
        # Either the old file, whole, or (if the write won the race) the new one, whole.
        assert content == old.encode() or (len(content) == new_size and set(content) == {78})
        if content == old.encode():
            killed_mid_write += 1
            assert child.returncode == -signal.SIGKILL
        for leftover in _leftovers(target):
            leftover.unlink()
    assert killed_mid_write >= 1, "no kill landed mid-write; the test proved nothing"


def _aged(path: Path, data: bytes = b"partial", seconds: float = 60.0) -> Path:
    path.write_bytes(data)
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_a_write_removes_what_killed_writes_of_that_file_left(tmp_path: Path) -> None:
    target = tmp_path / "contract.docx.itoreview.json"
    prefix = temp_name_prefix(target)
    stale = [_aged(tmp_path / f"{prefix}{tag}.tmp") for tag in ("0a1b2c3d", "ffffffff")]
    fresh = tmp_path / f"{prefix}12345678.tmp"  # another window writing right now
    fresh.write_bytes(b"being written")
    others = [
        _aged(tmp_path / ".other.docx.itoreview.json.0a1b2c3d.tmp"),  # another file's
        _aged(tmp_path / f"{prefix}notours.tmp"),  # not the shape we create
        _aged(tmp_path / "contract.docx.itoreview.json.corrupt"),
    ]
    write_text_atomic(target, "saved")
    assert not any(path.exists() for path in stale)
    assert fresh.exists()
    assert all(path.exists() for path in others)
    assert target.read_text(encoding="utf-8") == "saved"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to delete an open file")
def test_a_temp_file_another_writer_holds_is_left_alone(tmp_path: Path) -> None:
    import fcntl

    target = tmp_path / "out.xlsx"
    held = _aged(tmp_path / f"{temp_name_prefix(target)}89abcdef.tmp")  # a stalled writer
    fd = os.open(held, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert remove_stale_temps(target) == 0
        assert held.exists()
    finally:
        os.close(fd)
    assert remove_stale_temps(target) == 1
    assert not held.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_the_temp_file_of_a_killed_save_goes_at_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "contract.docx.itoreview.json"
    target.write_text("old review\n", encoding="utf-8")
    _kill_while_writing(target, 256 * 1024 * 1024)
    if target.read_text(encoding="utf-8") != "old review\n":
        pytest.skip("the write finished before the kill landed")
    (leftover,) = _leftovers(target)
    assert remove_stale_temps(target) == 0  # just written to: it could be a live writer's
    then = time.time() - 60
    os.utime(leftover, (then, then))
    write_text_atomic(target, "new review\n")
    assert _leftovers(target) == []


@pytest.mark.parametrize("length", [241, 250, 255])
def test_names_up_to_the_limit_can_be_written(tmp_path: Path, length: int) -> None:
    # Before: names of 242-255 bytes failed ("File name too long"): the temp name is 14 bytes
    # longer than the name it replaces.
    target = tmp_path / ("é" * ((length - 5) // 2) + "x" * ((length - 5) % 2) + ".xlsx")
    assert len(target.name.encode("utf-8")) == length
    write_bytes_atomic(target, b"first")
    write_bytes_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temp file left


def test_two_long_names_keep_distinct_temp_names(tmp_path: Path) -> None:
    a, b = tmp_path / ("a" * 250 + "1.csv"), tmp_path / ("a" * 250 + "2.csv")
    assert temp_name_prefix(a) != temp_name_prefix(b)
    assert all(len(temp_name_prefix(p).encode()) + 12 <= 255 for p in (a, b))


def test_without_replace_a_file_that_appeared_meanwhile_is_kept(tmp_path: Path) -> None:
    # Two runs without --force to one output: before, both could pass the existence check and
    # the second silently replaced the first. The final step now fails if the name exists.
    target = tmp_path / "portfolio.csv"
    write_bytes_atomic(target, b"first run", replace=False)
    with pytest.raises(FileExistsError):
        write_bytes_atomic(target, b"second run", replace=False)
    assert target.read_bytes() == b"first run"
    assert [p.name for p in tmp_path.iterdir()] == ["portfolio.csv"]  # no temp file left
    write_bytes_atomic(target, b"forced", replace=True)
    assert target.read_bytes() == b"forced"
