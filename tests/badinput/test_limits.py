"""Limits on time, text, XML size and special files, checked inside the readers."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from ito_desktop.core.errors import Cancelled, InputError, TooLarge
from ito_desktop.core.ingest.base import Deadline, Limits
from ito_desktop.core.ingest.registry import read_document
from ito_desktop.core.progress import CancelToken
from ito_desktop.core.settings import Settings
from tests.badinput.make_corpus import SAMPLE_DOCX, SAMPLE_PDF, Case


def test_defaults_are_sensible() -> None:
    limits = Limits()
    assert limits.max_text_chars >= 10 * 335_519  # ten times the longest CUAD contract
    assert limits.max_paragraphs >= 50_000
    assert 30 <= limits.max_seconds <= 600
    assert Settings().limits().max_seconds == limits.max_seconds


@pytest.mark.heavy
def test_time_limit_stops_a_long_read(bad_corpus: dict[str, Case]) -> None:
    path = bad_corpus["pdf_1000_pages"].path

    def slow(fraction: float, message: str) -> None:
        time.sleep(0.005)  # 1,000 pages now take at least 5 s, on any machine

    started = time.monotonic()
    with pytest.raises(TooLarge, match=r"took longer than the 0\.5-second limit") as caught:
        read_document(path, Limits(max_seconds=0.5), progress=slow)
    assert time.monotonic() - started < 4
    assert caught.value.path == path


def test_deadline_passes_cancel_through() -> None:
    inner = CancelToken()
    deadline = Deadline(inner, Path("x.pdf"), 60)
    deadline.check()
    deadline.cancel()
    assert inner.cancelled
    assert deadline.cancelled
    with pytest.raises(Cancelled):
        deadline.check()


@pytest.mark.parametrize("source", [SAMPLE_DOCX, SAMPLE_PDF], ids=["docx", "pdf"])
def test_text_limit_stops_reading(source: Path) -> None:
    with pytest.raises(TooLarge, match=r"more than 1,000 characters of text"):
        read_document(source, Limits(max_text_chars=1000))


def test_xml_node_limit_is_checked_before_parsing() -> None:
    with pytest.raises(TooLarge, match=r"too large or too complex to read") as caught:
        read_document(SAMPLE_DOCX, Limits(max_xml_nodes=5_000))
    assert caught.value.details == "word/document.xml"


def test_paragraph_limit() -> None:
    with pytest.raises(TooLarge, match=r"paragraphs, over the 100 paragraph limit"):
        read_document(SAMPLE_DOCX, Limits(max_paragraphs=100))


def test_file_size_limit(tmp_path: Path) -> None:
    path = shutil.copyfile(SAMPLE_PDF, tmp_path / "big.pdf")
    with pytest.raises(TooLarge, match=r"^big\.pdf: the file is 0\.15 MB, over the 0\.10 MB limit"):
        read_document(path, Limits(max_file_bytes=100_000))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "contract.txt"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match=r"^contract\.txt: this is not an ordinary file"):
        read_document(pipe)


@pytest.mark.skipif(sys.platform == "win32", reason="/dev/zero is POSIX")
def test_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match=r"not an ordinary file"):
        read_document(link)


def test_read_time_limit_is_a_setting(tmp_path: Path) -> None:
    from ito_desktop.core.settings import load_settings, save_settings

    path = tmp_path / "settings.json"
    save_settings(Settings(max_read_seconds=30), path)
    settings, notices = load_settings(path)
    assert notices == []
    assert settings.limits().max_seconds == 30.0
    path.write_text('{"settings_version": 1, "max_read_seconds": 0}', encoding="utf-8")
    settings, notices = load_settings(path)
    assert settings.max_read_seconds == int(Limits().max_seconds)
    assert "max_read_seconds" in notices[0]


def test_a_cut_pdf_without_its_catalog_cannot_be_mended() -> None:
    from ito_desktop.core.ingest.pdf_guard import with_trailer

    data = SAMPLE_PDF.read_bytes()
    assert with_trailer(data[: len(data) // 2]) is None  # LibreOffice writes the catalog last
    mended = with_trailer(data[: int(len(data) * 0.99)])
    assert mended is not None
    assert mended.endswith(b" 0 R >>\n%%EOF\n")


def test_stream_check_is_linear_and_honours_the_time_limit() -> None:
    """Found while reviewing the guard: a file of nothing but "1 0 obj" lines took 10 s a MB."""
    from ito_desktop.core.ingest.pdf_guard import check_streams

    lines = b"%PDF-1.4\n" + b"1 0 obj\n" * 2_500_000  # 20 MB
    started = time.monotonic()
    check_streams(Path("lines.pdf"), lines, Limits())
    assert time.monotonic() - started < 5
    streams = b"%PDF-1.4\n" + b"1 0 obj <</Filter/FlateDecode>> stream\nxx\nendstream\n" * 5000
    with pytest.raises(TooLarge, match=r"took longer than the 0-second limit"):
        check_streams(
            Path("streams.pdf"), streams, Limits(), Deadline(CancelToken(), Path("streams.pdf"), 0)
        )


def test_mending_a_cut_pdf_is_quick_on_crafted_input() -> None:
    from ito_desktop.core.ingest.pdf_guard import with_trailer

    started = time.monotonic()
    assert with_trailer(b"%PDF-1.4\n" + b"/Type /Catalog " * 1_000_000) is None
    assert with_trailer(b"%PDF-1.4\n" + b"1 0 obj <<" * 2_000_000) is None
    assert time.monotonic() - started < 2


def test_page_object_guard_counts_what_pdfium_builds(tmp_path: Path) -> None:
    """The guard's count of a page's objects is PDFium's own, forms drawn (and forms drawn by
    forms) included, so the limit means what it says."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from ito_desktop.core.ingest.pdf_guard import check_streams
    from ito_desktop.core.ingest.pdf_reader import PDFIUM_LOCK
    from tests.badinput.make_corpus import object_flood_pdf

    def built(objects: list[object]) -> int:
        """Objects and, inside each form object, what the form holds."""
        total = 0
        for obj in objects:
            total += 1
            if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
                inside = pdfium_c.FPDFFormObj_CountObjects(obj)
                total += built([pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(inside)])
        return total

    cases = (
        SAMPLE_PDF,
        object_flood_pdf(tmp_path / "f.pdf", 1200),
        object_flood_pdf(tmp_path / "s.pdf", 1200, streams=3),
        object_flood_pdf(tmp_path / "form.pdf", 1200, form=True),
        object_flood_pdf(tmp_path / "nested.pdf", 1200, nested=True),
    )
    for path in cases:
        data = path.read_bytes()
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(data)
            try:
                counts = []
                for index in range(len(pdf)):
                    page = pdf[index]
                    count = pdfium_c.FPDFPage_CountObjects(page.raw)
                    counts.append(
                        built([pdfium_c.FPDFPage_GetObject(page.raw, i) for i in range(count)])
                    )
                    page.close()
            finally:
                pdf.close()
        most = max(counts)
        check_streams(path, data, Limits(max_page_objects=most))
        with pytest.raises(TooLarge, match=rf"more than {most - 1:,} text and drawing objects"):
            check_streams(path, data, Limits(max_page_objects=most - 1))


@pytest.mark.parametrize(("kind", "most"), [("arrays", 60e6), ("bindings", 100e6)])
def test_page_object_guard_keeps_little_on_crafted_files(kind: str, most: float) -> None:
    """Found while writing the guard: remembering every array of references and every
    "/Name 12 0 R" of a 200 MB crafted file took 1.4-1.8 GB. It keeps 200,000 of each at
    most (32 and 69 MB here; without the cap 106 and 203 MB, growing with the file)."""
    import tracemalloc

    from ito_desktop.core.ingest.pdf_guard import check_streams

    count = 600_000
    if kind == "arrays":
        body = b"".join(b"[%d 0 R %d 0 R]" % (i, i + 1) for i in range(count))
    else:
        body = b"".join(b"/N%d %d 0 R " % (i, i) for i in range(count))
    tracemalloc.start()
    try:
        check_streams(Path("crafted.pdf"), b"%PDF-1.4\n" + body, Limits())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < most, f"{peak / 1e6:.0f} MB"


def test_too_many_streams_to_tell_pages_apart_count_as_one_page() -> None:
    """Past 200,000 drawing streams the guard keeps totals only: the file is one page."""
    from ito_desktop.core.ingest.pdf_guard import check_streams

    body = b"".join(b"%d 0 obj<<>>stream\n(a)Tj\nendstream\n" % i for i in range(300_000))
    with pytest.raises(TooLarge, match="text and drawing objects") as caught:
        check_streams(Path("crafted.pdf"), b"%PDF-1.4\n" + body, Limits())
    assert "the whole file" in caught.value.details
    check_streams(Path("crafted.pdf"), b"%PDF-1.4\n" + body, Limits(max_page_objects=300_000))
