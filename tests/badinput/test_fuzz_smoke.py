"""The reader fuzzer works: mutants are reproducible and a short run finds nothing."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

from benchmarks import fuzz_readers
from tests.badinput.make_corpus import SAMPLE_DOCX


def test_mutants_are_reproducible_and_differ_from_the_seed() -> None:
    data = SAMPLE_DOCX.read_bytes()
    first = fuzz_readers.mutate("sample.docx", data, random.Random("7:3"))
    again = fuzz_readers.mutate("sample.docx", data, random.Random("7:3"))
    assert first == again
    assert first[0] != data


def test_zip_entry_mutation_keeps_a_zip() -> None:
    data = SAMPLE_DOCX.read_bytes()
    for case in range(10):
        mutant = fuzz_readers.zip_mutation(data, random.Random(case))
        with zipfile.ZipFile(io.BytesIO(mutant)) as archive:
            assert archive.namelist()


def test_findings_are_the_broken_promises(tmp_path: Path) -> None:
    path = tmp_path / "case-1.pdf"
    assert fuzz_readers.finding_of({"status": "ok", "maxrss": 100 << 20}, path) is None
    assert fuzz_readers.finding_of(
        {"status": "ito", "type": "CorruptDocument", "message": "case-1.pdf is damaged."}, path
    ) is None
    assert fuzz_readers.finding_of(
        {"status": "ito", "type": "CorruptDocument", "message": "It is damaged."}, path
    ) == "message does not name the file: CorruptDocument"
    trace = 'Traceback:\n  File "/x/pdf_reader.py", line 12, in read\nKeyError: 3'
    assert fuzz_readers.finding_of(
        {"status": "exception", "type": "KeyError", "traceback": trace}, path
    ) == "exception: KeyError at pdf_reader.py:12"
    assert fuzz_readers.finding_of({"status": "hang", "type": "no answer"}, path) == (
        "hang: no answer"
    )
    assert fuzz_readers.finding_of({"status": "ok", "maxrss": 2 << 30}, path) == (
        "memory: 2147 MB"
    )


def test_a_short_run_finds_nothing(tmp_path: Path) -> None:
    tally = fuzz_readers.run(minutes=1, seed=3, out=tmp_path / "findings", timeout=60,
                             max_cases=25, quiet=True)
    assert tally.cases == 25
    assert tally.findings == {}
    assert sum(tally.outcomes.values()) == 25
