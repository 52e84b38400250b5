"""The batch progress bar: count, percent, elapsed and time left; plain lines off a terminal."""

from __future__ import annotations

import io

from ito_desktop.cli.progress_bar import ProgressBar, clock


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_clock() -> None:
    assert clock(0) == "0:00"
    assert clock(75.4) == "1:15"
    assert clock(3723) == "1:02:03"


def test_terminal_bar_redraws_one_line() -> None:
    stream, time = io.StringIO(), FakeClock()
    bar = ProgressBar(4, stream, tty=True, now=time)
    time.now += 30
    bar.update(1, "a.pdf")
    time.now += 30
    bar.update(2, "b.pdf")
    bar.finish()
    text = stream.getvalue()
    assert text.count("\r") == 2
    assert text.endswith("\n")
    last = text.split("\r")[-1]
    assert "[" in last
    assert "#" in last
    assert "2/4 (50%), 1:00 elapsed, about 1:00 left" in last
    assert "b.pdf" in last


def test_plain_lines_every_tenth_or_ten_seconds() -> None:
    stream, time = io.StringIO(), FakeClock()
    bar = ProgressBar(100, stream, tty=False, now=time)
    for done in range(1, 101):
        time.now += 0.1
        bar.update(done)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[0].startswith("10/100 (10%)")
    assert lines[-1] == "100/100 (100%), 0:10 elapsed"
    assert "\r" not in stream.getvalue()

    slow = io.StringIO()
    bar = ProgressBar(1000, slow, tty=False, now=time)
    time.now += 11
    bar.update(1)
    assert slow.getvalue().startswith("1/1000 (0%), 0:11 elapsed, about 3:03:09 left")


def test_analyze_counts_pages_read_by_ocr_on_a_terminal() -> None:
    from ito_desktop.cli.progress_bar import OcrProgress

    stream = io.StringIO()
    sink = OcrProgress(stream, tty=True)
    sink(0.1, "Reading page 1 of 2")  # reading a text layer shows nothing
    assert stream.getvalue() == ""
    sink(0.0, "Recognising page 1 of 2 (OCR)")
    sink(0.5, "Recognising page 2 of 2 (OCR)")
    assert "OCR: page 1/2 (50%)" in stream.getvalue()
    sink(1.0, "Recognised 2 pages (OCR)")
    assert "OCR: page 2/2 (100%)" in stream.getvalue()
    assert stream.getvalue().endswith("\n")
    quiet = io.StringIO()
    piped = OcrProgress(quiet, tty=False)
    piped(0.0, "Recognising page 1 of 2 (OCR)")
    assert quiet.getvalue() == ""
