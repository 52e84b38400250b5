"""Open a .docx defensively: sniff the bytes, check the zip directory, parse parts safely."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ito_desktop.core.errors import CorruptDocument, EncryptedDocument, TooLarge, UnsupportedFormat
from ito_desktop.core.ingest.base import Limits
from ito_desktop.core.ingest.docx_numbering import Element, W

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
STRICT_W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # OLE directory names are UTF-16
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_MAX_ZIP_ENTRIES = 20_000


def not_word(path: Path, error: BaseException | None = None) -> CorruptDocument:
    """The error for a file that cannot be read as a Word document, with the cause in details."""
    return CorruptDocument(
        f"{path.name} is not a Word document (it may be damaged or a renamed file).",
        path=path,
        details=f"{type(error).__name__}: {error}" if error is not None else "",
    )


def sniff(path: Path, data: bytes) -> None:
    """Refuse old binary Word files, encrypted documents, PDFs and non-zip files by their bytes.

    A password-protected .docx is not a zip at all but an OLE compound file holding an
    ``EncryptedPackage`` stream; an OLE file without one is a Word 97-2003 .doc (or another
    old Office file) with a .docx name.
    """
    head = data[:8]
    if head == OLE_MAGIC:
        if _ENCRYPTED_STREAM in data:
            raise EncryptedDocument(
                f"{path.name} is password-protected (encrypted). Remove the password in Word "
                "(File > Info > Protect Document) and save it again, then open that copy.",
                path=path,
            )
        raise UnsupportedFormat(
            f"{path.name} is an old Word 97-2003 .doc file, not a .docx. Open it in Word, "
            "save it as a Word Document (.docx) and open that.",
            path=path,
        )
    if head.startswith(b"%PDF"):
        raise UnsupportedFormat(
            f"{path.name} is a PDF file with a .docx name. Rename it to .pdf and open it again.",
            path=path,
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise not_word(path)


def _size(count: int) -> str:
    return f"{count / 1e6:,.0f} MB" if count >= 1_000_000 else f"{count / 1e3:,.0f} kB"


@dataclass(frozen=True, slots=True)
class DocumentParts:
    """The parsed parts the reader needs."""

    body: Element
    styles: Element | None
    numbering: Element | None
    title: str


class Package:
    """The zip archive with its directory checked against the limits, read part by part.

    Only parts asked for are decompressed. Each is read through a parser that loads no DTD,
    resolves no entities and touches no network, and a part that declares a DTD at all is
    refused: Office never writes one, so it can only be an entity-expansion attack.
    """

    def __init__(self, path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.path = path
        self._archive = archive
        self._limits = limits
        infos = archive.infolist()
        if len(infos) > _MAX_ZIP_ENTRIES:
            raise TooLarge(f"{path.name} has {len(infos):,} parts inside; that is not a normal "
                           "Word document and was not read.", path=path)
        total = 0
        self._by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            # Refuse on the sizes the directory claims, before anything is decompressed. Reads
            # are then capped at the claimed size (zipfile stops there and checks the CRC), so
            # a directory that understates a part fails instead of inflating.
            if info.file_size > limits.max_part_bytes:
                raise TooLarge(
                    f"{path.name} contains a part of {_size(info.file_size)} when unpacked, "
                    f"over the {_size(limits.max_part_bytes)} limit; it was not read.",
                    path=path, details=info.filename)
            total += info.file_size
            # Part names in a package are case-insensitive.
            self._by_name.setdefault(info.filename.lstrip("/").lower(), info)
        if total > limits.max_uncompressed_bytes:
            raise TooLarge(
                f"{path.name} unpacks to {_size(total)}, over the "
                f"{_size(limits.max_uncompressed_bytes)} limit; it was not read.",
                path=path)

    def read_xml(self, name: str) -> Element | None:
        """Parse one XML part safely; None when the package has no such part."""
        info = self._by_name.get(name.lower())
        if info is None:
            return None
        with self._archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
        if len(data) > info.file_size:
            raise not_word(self.path, ValueError(f"{name} is larger than its zip entry says"))
        if any(marker in data for marker in _DTD_MARKERS):
            raise CorruptDocument(
                f"{self.path.name} contains XML with a document type declaration, which Word "
                "never writes; it was not read, for safety.",
                path=self.path, details=f"<!DOCTYPE> or <!ENTITY> in {name}")
        # Every element needs a "<" and every attribute an "=": an upper bound on the nodes of
        # the tree, counted before parsing builds it (dense markup costs ~200 bytes a node).
        nodes = data.count(b"<") + data.count(b"=")
        if nodes > self._limits.max_xml_nodes:
            raise TooLarge(
                f"{self.path.name} is too large or too complex to read: one of its parts has "
                f"about {nodes:,} XML elements and attributes, over the "
                f"{self._limits.max_xml_nodes:,} limit.",
                path=self.path, details=name)
        parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                                 huge_tree=False, remove_comments=True, remove_pis=True)
        return etree.fromstring(data, parser)

    def relationships(self, source: str) -> dict[str, str]:
        """Relationship type (last path segment) -> target part name, for one source part."""
        directory, base = posixpath.split(source)
        root = self.read_xml(posixpath.join(directory, "_rels", base + ".rels"))
        found: dict[str, str] = {}
        for rel in root.iter() if root is not None else ():
            target, kind = rel.get("Target"), rel.get("Type")
            if not target or not kind or rel.get("TargetMode") == "External":
                continue
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(directory, target))
            found.setdefault(str(kind).rsplit("/", 1)[-1], name)
        return found

    def document_parts(self) -> DocumentParts:
        """Find and parse the main document, its styles and numbering, and the title."""
        rels = self.relationships("")
        main = rels.get("officeDocument", "word/document.xml")
        root = self.read_xml(main)
        if root is None:
            raise CorruptDocument(
                f"{self.path.name} has no document body ({main} is missing); it may be "
                "damaged or not a Word document.", path=self.path)
        if str(root.tag).startswith(STRICT_W):
            raise UnsupportedFormat(
                f"{self.path.name} is saved as a Strict Open XML document. Save it in Word as a "
                "normal Word Document (.docx) and open that.", path=self.path)
        body = root.find(W + "body")
        if body is None:
            raise not_word(self.path, ValueError(f"{main} has no w:body"))
        main_rels = self.relationships(main)
        directory = posixpath.dirname(main)
        styles = self.read_xml(main_rels.get("styles", posixpath.join(directory, "styles.xml")))
        numbering = self.read_xml(
            main_rels.get("numbering", posixpath.join(directory, "numbering.xml")))
        core = self.read_xml(rels.get("core-properties", "docProps/core.xml"))
        title = core.find(DC_TITLE) if core is not None else None
        return DocumentParts(
            body=body,
            styles=styles,
            numbering=numbering,
            title=" ".join((title.text or "").split()) if title is not None else "",
        )
