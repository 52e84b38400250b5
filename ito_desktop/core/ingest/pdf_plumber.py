"""pdfplumber as the fallback parser for PDFs that PDFium cannot open."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from ito_desktop.core.ingest.pdf_layout import PageText, TextLine

BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")


def _open(
    source: Path | BytesIO, password: str | None, pages: Sequence[int] | None = None
) -> Any:
    import pdfplumber

    return pdfplumber.open(source, password=password or "", pages=list(pages) if pages else None)


def read_pages(
    path: Path | BytesIO,
    password: str | None,
    max_pages: int,
    on_page: Callable[[int, int], None],
) -> list[PageText]:
    """Read every page's lines with pdfplumber (used when PDFium cannot open the file).

    ``on_page(index, count)`` is called before each page (progress and cancellation).
    Raises whatever pdfminer raises; the caller turns that into a typed error.
    """
    pages: list[PageText] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdf = _open(path, password)
        try:
            count = len(pdf.pages)
            if count > max_pages:
                raise OverflowError(count)
            for index, plumber_page in enumerate(pdf.pages):
                on_page(index, count)
                try:
                    pages.append(_page_lines(plumber_page, index + 1))
                finally:
                    plumber_page.close()
        finally:
            pdf.close()
    return pages


def _page_lines(plumber_page: Any, number: int) -> PageText:
    page = PageText(number, float(plumber_page.width), float(plumber_page.height))
    for item in plumber_page.extract_text_lines(return_chars=True):
        chars = [char for char in item.get("chars", ()) if str(char.get("text", "")).strip()]
        bold = bool(chars) and all(
            any(name in str(char.get("fontname", "")).casefold() for name in BOLD_NAMES)
            for char in (chars[0], chars[-1])
        )
        size = float(chars[0].get("size", 0.0)) if chars else 0.0
        page.lines.append(
            TextLine(
                number,
                str(item["text"]),
                float(item["x0"]),
                float(item["top"]),
                float(item["x1"]),
                float(item["bottom"]),
                bold,
                size,
            )
        )
    return page
