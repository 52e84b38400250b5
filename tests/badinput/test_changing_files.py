"""A contract that changes or disappears while it is analysed.

The file is read once; the text, the clauses and the sha256 all come from those bytes, so the
review is of one consistent version. If the file on disk has changed or gone by the end, the
document carries a warning saying so (the review file, keyed by sha256, still matches what
was reviewed).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from ito_desktop.core.ingest.registry import read_document
from tests.badinput.cli_runner import run_cli
from tests.badinput.make_corpus import SAMPLE_DOCX, SAMPLE_PDF, Case

ORIGINAL = "1. Services\n\nThe Supplier shall provide the Services.\n\n2. Fees\n\nFees are fixed.\n"
REWRITTEN = "1. Something else\n\nAn entirely different text.\n"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_file_rewritten_while_reading_is_read_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "contract.txt"
    path.write_text(ORIGINAL, encoding="utf-8")

    def rewrite(fraction: float, message: str) -> None:
        if path.read_text(encoding="utf-8") == ORIGINAL:
            time.sleep(0.01)  # a new modification time even on coarse clocks
            path.write_text(REWRITTEN, encoding="utf-8")

    document = read_document(path, progress=rewrite)
    assert document.sha256 == _sha(ORIGINAL.encode())
    assert "Supplier shall provide" in document.text
    assert "different" not in document.text
    assert any("changed on disk while it was being analysed" in w for w in document.warnings)


@pytest.mark.parametrize("source", [SAMPLE_DOCX, SAMPLE_PDF], ids=["docx", "pdf"])
def test_a_file_deleted_while_reading_is_still_read_in_full(tmp_path: Path, source: Path) -> None:
    path = Path(shutil.copyfile(source, tmp_path / f"contract{source.suffix}"))
    expected = read_document(source)

    def delete(fraction: float, message: str) -> None:
        path.unlink(missing_ok=True)

    document = read_document(path, progress=delete)
    assert not path.exists()
    assert document.text == expected.text
    assert document.sha256 == expected.sha256
    assert any("moved or deleted while it was being analysed" in w for w in document.warnings)


def test_an_untouched_file_has_no_such_warning(tmp_path: Path) -> None:
    path = tmp_path / "contract.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    document = read_document(path)
    assert not any("while it was being analysed" in w for w in document.warnings)
    assert document.sha256 == _sha(path.read_bytes())


@pytest.mark.heavy
@pytest.mark.parametrize("change", ["delete", "overwrite"])
def test_cli_while_the_file_is_deleted_or_overwritten(
    tmp_path: Path, bad_corpus: dict[str, Case], change: str
) -> None:
    """A race with a real child process: whenever the change lands, the answer is clean."""
    path = Path(shutil.copyfile(bad_corpus["pdf_1000_pages"].path, tmp_path / "long.pdf"))
    out = tmp_path / "review.json"
    # The child takes a few seconds; the change lands while it starts up or reads.
    def meddle() -> None:
        time.sleep(1.0)
        if change == "delete":
            path.unlink()
        else:
            path.write_bytes(b"%PDF-1.4\nnot really a PDF any more\n")

    thread = threading.Thread(target=meddle)
    thread.start()
    run = run_cli(["analyze", str(path), "--no-user-library", "--format", "json", "-o", str(out)])
    thread.join()
    assert "Traceback" not in run.stderr
    if run.returncode == 0:  # read before the change landed: complete, perhaps with a warning
        assert run.stderr == ""
        document = json.loads(out.read_text(encoding="utf-8"))["document"]
        assert document["pages"] == 1000  # all of it: the review is of one whole snapshot
        assert all("changed on disk" in w or "moved or deleted" in w
                   for w in document["warnings"])
    else:  # the change landed before the file was read
        assert run.returncode == 2
        line = run.error_line()
        assert "long.pdf" in line
        expected = "does not exist" if change == "delete" else "cannot be read as a PDF"
        assert expected in line
