"""The time limit covers the whole review, and a text of one huge line is cut into pieces.

A 4.9 MB text on one line once took 45 s in matching and the risk rules, where the time
limit (``--max-seconds``) was not checked: only reading was.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from ito_desktop.core.ingest.txt_reader import MAX_BLOCK_CHARS, split_long, text_blocks
from tests.badinput.cli_runner import MEMORY_LIMIT, run_cli, tree_digest
from tests.badinput.make_corpus import sample_text


def one_line(path: Path, chars: int, *, labels: bool = True) -> Path:
    """The sample contract's words on one line, repeated to ``chars`` characters (without
    clause numbers when ``labels`` is False: then nothing in the line starts a clause)."""
    text = " ".join(sample_text().split())
    if not labels:
        text = " ".join(re.sub(r"\b\d+(?:\.\d+)*\b", "", text).split())
    line = ((text + " ") * (chars // (len(text) + 1) + 1))[:chars]
    path.write_text(line, encoding="utf-8")
    return path


@pytest.mark.heavy
def test_the_time_limit_stops_matching_too(tmp_path: Path) -> None:
    """Reading takes about a second; the whole review about 8 s on a shared 2-core machine."""
    path = one_line(tmp_path / "one-line.txt", 4_900_000)
    before = tree_digest(path)
    run = run_cli(
        ["analyze", str(path), "--no-user-library", "--defaults", "--max-seconds", "5"], timeout=60
    )
    if run.returncode == 0 and run.seconds < 5:
        pytest.skip("this machine reviews the file within 5 s; the in-process test covers it")
    assert run.returncode == 2, run.stderr or run.stdout[:300]
    line = run.error_line()
    assert "one-line.txt took longer than the 5-second limit to review" in line
    assert "--max-seconds" in line
    assert run.seconds < 30
    if run.peak_bytes is not None:
        assert run.peak_bytes < MEMORY_LIMIT
    assert tree_digest(path) == before


def test_the_time_limit_is_checked_between_library_entries() -> None:
    """In-process and machine-independent: matching is made slow through its progress calls."""
    from ito_desktop.core.errors import TooLarge
    from ito_desktop.core.ingest.base import Limits
    from ito_desktop.core.review import ReviewOptions, review
    from tests.badinput.make_corpus import SAMPLE_DOCX

    calls: list[float] = []

    def slow_matching(fraction: float, message: str) -> None:
        if fraction > 0.6:  # past reading: 40 library entries now take at least 2 s
            calls.append(fraction)
            time.sleep(0.05)

    started = time.monotonic()
    with pytest.raises(TooLarge, match=r"took longer than the 1-second limit to review"):
        review(
            SAMPLE_DOCX, options=ReviewOptions(limits=Limits(max_seconds=1)), progress=slow_matching
        )
    assert calls, "the limit struck before matching began"
    assert time.monotonic() - started < 1.8


def test_one_huge_line_becomes_bounded_blocks(tmp_path: Path) -> None:
    text = one_line(tmp_path / "x.txt", 200_000, labels=False).read_text(encoding="utf-8")
    blocks = text_blocks(text)
    assert len(blocks) >= 200_000 // MAX_BLOCK_CHARS
    assert all(len(block.text) <= MAX_BLOCK_CHARS for block in blocks)
    assert " ".join(block.text for block in blocks) == " ".join(text.split())
    # Cut after a sentence end where there is one.
    assert sum(block.text.endswith((".", ";", ":")) for block in blocks[:-1]) >= len(blocks) // 2


@pytest.mark.parametrize(
    ("text", "most", "pieces"),
    [
        ("short.", 10, ["short."]),
        (
            "Alpha beta gamma. Delta epsilon. Zeta.",
            20,
            ["Alpha beta gamma.", "Delta epsilon. Zeta."],
        ),
        ("aaaa bbbb cccc dddd", 10, ["aaaa bbbb", "cccc dddd"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
    ],
)
def test_split_long(text: str, most: int, pieces: list[str]) -> None:
    assert split_long(text, most) == pieces
