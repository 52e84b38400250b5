"""Which file a drag carries: the first local file of its URLs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData

OPEN_FILTER = ";;".join(
    (
        "Contracts (*.docx *.pdf *.txt *.png *.jpg *.jpeg *.tif *.tiff)",
        "Word documents (*.docx)",
        "PDF files (*.pdf)",
        "Text files (*.txt)",
        "Scanned pages (*.png *.jpg *.jpeg *.tif *.tiff)",
        "All files (*)",
    )
)


def dropped_file(mime: QMimeData | None) -> Path | None:
    """The first local file in ``mime``; folders and remote URLs are not contracts."""
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if not path.is_dir():
                return path
    return None
