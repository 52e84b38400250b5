"""``ito-review analyze --format FMT -o OUT`` for every export format."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from ito_desktop.cli.main import build_parser, main
from ito_desktop.core.session import MAX_REVIEW_BYTES, Decision, ReviewSession, save_session
from tests.conftest import SAMPLES

BASE = ["--no-user-library", "--date", "2026-01-15"]


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    target = tmp_path / "in" / "sample_msa.docx"
    target.parent.mkdir()
    shutil.copyfile(SAMPLES / "sample_msa.docx", target)
    return target


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("xlsx", "out.xlsx"),
        ("docx", "out.docx"),
        ("annotated-docx", "annotated.docx"),
        ("csv", "out.csv"),
        ("md", "out.md"),
        ("json", "out.json"),
    ],
)
def test_each_format_writes_a_file_that_opens(
    contract: Path, tmp_path: Path, fmt: str, name: str
) -> None:
    out = tmp_path / name
    before = contract.read_bytes()
    assert main(["analyze", str(contract), "--format", fmt, "-o", str(out), *BASE]) == 0
    assert contract.read_bytes() == before
    if fmt == "xlsx":
        assert openpyxl.load_workbook(out)["Issues"]["A1"].value == "#"
    elif fmt in ("docx", "annotated-docx"):
        document = docx.Document(str(out))
        assert document.paragraphs
        if fmt == "annotated-docx":
            assert len(list(document.comments)) > 1
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
        assert rows[0][0] == "#"
        assert len(rows) == 41
    elif fmt == "md":
        assert out.read_text(encoding="utf-8").startswith("# Contract review: sample_msa.docx")
    else:
        assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "ito-review/1"


def test_existing_output_needs_force(
    contract: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "issues.xlsx"
    out.write_bytes(b"keep me")
    args = ["analyze", str(contract), "--format", "xlsx", "-o", str(out), *BASE]
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "ito-review: error: issues.xlsx: the file already exists; use --force to overwrite it."
    ]
    assert out.read_bytes() == b"keep me"
    assert main([*args, "--force"]) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["Issues", "Summary"]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "annotated-docx"])
def test_binary_formats_need_an_output_file(
    contract: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(contract), "--format", fmt, *BASE]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "give the file name with -o OUT" in captured.err


def test_the_cli_help_names_the_formats_that_need_an_output_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["analyze", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "(xlsx, docx, annotated-docx and redline need -o)" in help_text  # as declared


def test_text_formats_print_to_stdout(contract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(contract), "--format", "md", *BASE]) == 0
    out = capsys.readouterr().out
    assert "| Date | 2026-01-15 |" in out
    assert main(["analyze", str(contract), "--format", "csv", *BASE]) == 0
    assert capsys.readouterr().out.startswith("#,Category,Clause,")


def test_output_never_replaces_the_contract(contract: Path) -> None:
    before = contract.read_bytes()
    args = ["analyze", str(contract), "--format", "annotated-docx", "-o", str(contract), "--force"]
    assert main([*args, *BASE]) == 2
    assert contract.read_bytes() == before


def test_annotated_docx_of_a_pdf_is_one_line_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "annotated.docx"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ito_desktop.cli.main",
            "analyze",
            str(SAMPLES / "sample_msa.pdf"),
            "--format",
            "annotated-docx",
            "-o",
            str(out),
            "--no-user-library",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr
    assert "only be made of a Word (.docx) contract" in proc.stderr
    assert not out.exists()


def test_with_review_applies_saved_decisions(
    contract: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    session = ReviewSession(
        contract, hashlib.sha256(contract.read_bytes()).hexdigest(), reviewer="Dana Reviewer"
    )
    session.set_decision("insurance", Decision.NOT_APPLICABLE)
    session.set_note("termination_for_convenience", "Ask for 12 months' notice.")
    save_session(session)
    out = tmp_path / "issues.csv"
    args = ["analyze", str(contract), "--format", "csv", "-o", str(out), *BASE]
    assert main([*args, "--with-review"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    clauses = {row["Clause"]: row for row in rows}
    assert "Insurance" not in clauses
    assert clauses["Termination for convenience"]["Reviewer note"] == "Ask for 12 months' notice."
    assert main([*args, "--with-review", "--include-not-applicable", "--force"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[-1]["Clause"] == "Insurance"
    assert rows[-1]["Status"] == "Not applicable"
    assert main([*args, "--force"]) == 0  # without --with-review the saved review is ignored
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert all(row["Reviewer note"] == "" for row in rows)


def test_bad_date_is_a_usage_error(contract: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(contract), "--format", "md", "--date", "15/01/2026"])
    assert exc.value.code == 2


def test_csv_file_has_the_bom_excel_needs_and_standard_output_does_not(
    contract: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main(["analyze", str(contract), "--format", "csv", "-o", str(out), *BASE]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf#,")
    capsys.readouterr()
    assert main(["analyze", str(contract), "--format", "csv", *BASE]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("#,")  # a BOM would break pipes into other tools
    assert (
        list(csv.reader(io.StringIO(printed)))[1:]
        == list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))[1:]
    )


def test_with_review_never_moves_or_copies_the_users_review_file(
    contract: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An export only reads the review: a damaged one is reported and left exactly as it is."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    review = contract.with_name(contract.name + ".itoreview.json")
    review.write_text('{"schema_version": 1, "items": [', encoding="utf-8")
    out = tmp_path / "issues.csv"
    args = ["analyze", str(contract), "--format", "csv", "-o", str(out), *BASE, "--with-review"]
    assert main(args) == 0
    assert review.read_text(encoding="utf-8") == '{"schema_version": 1, "items": ['
    assert sorted(p.name for p in contract.parent.iterdir()) == [contract.name, review.name]
    assert "left as it is" in capsys.readouterr().err


def test_with_review_leaves_an_over_limit_review_file_alone(
    contract: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Over the review-file size limit: not read (a 60 MB one took 3-8 s and 0.6-1 GB), said
    in one line, and the file stays exactly where and as it is."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    review = contract.with_name(contract.name + ".itoreview.json")
    content = '{"schema_version": 1, "items": [], "pad": "' + "x" * MAX_REVIEW_BYTES + '"}'
    review.write_text(content, encoding="utf-8")
    out = tmp_path / "issues.csv"
    args = ["analyze", str(contract), "--format", "csv", "-o", str(out), *BASE, "--with-review"]
    assert main(args) == 0
    assert review.read_text(encoding="utf-8") == content
    assert sorted(p.name for p in contract.parent.iterdir()) == [contract.name, review.name]
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "is 8.0 MB, over the 8 MB limit for a review file" in line
    assert "left as it is" in line


def test_with_review_reads_a_utf16_review_file(
    contract: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    session = ReviewSession(contract, hashlib.sha256(contract.read_bytes()).hexdigest())
    session.set_note("termination_for_convenience", "Ask for 12 months' notice.")
    review = save_session(session)
    review.write_bytes(review.read_text(encoding="utf-8").encode("utf-16"))  # as Notepad saves
    out = tmp_path / "issues.csv"
    args = ["analyze", str(contract), "--format", "csv", "-o", str(out), *BASE, "--with-review"]
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    clauses = {row["Clause"]: row for row in rows}
    assert clauses["Termination for convenience"]["Reviewer note"] == "Ask for 12 months' notice."


def test_force_never_replaces_a_pipe_or_device(
    contract: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: `-o FIFO --force` (or, as root, `-o /dev/null --force`) replaced the pipe or the
    # device node with a regular file.
    if not hasattr(os, "mkfifo"):
        pytest.skip("POSIX only")
    import stat

    from ito_desktop.core.atomic import write_bytes_atomic

    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    args = ["analyze", str(contract), "--format", "csv", "-o", str(fifo), "--force", *BASE]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "is not an ordinary file (a pipe or a device)" in err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    link = tmp_path / "null.csv"
    link.symlink_to(os.devnull)
    with pytest.raises(OSError, match="not an ordinary file"):
        write_bytes_atomic(link, b"x")
    assert link.is_symlink()


def test_a_too_long_output_name_is_named_as_the_output(
    contract: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / ("r" * 260 + ".csv")
    assert main(["analyze", str(contract), "--format", "csv", "-o", str(out), *BASE]) == 2
    err = capsys.readouterr().err
    assert "the output file name is too long (264 bytes; at most 255)" in err
    assert contract.name not in err
