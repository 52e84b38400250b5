"""Make an exported Word package inert: nothing in it reaches out or runs when it is opened.

A contract received from the other side can carry active content: a remote attached template
(a UNC path makes Windows send the user's credentials), external images that report the
opening (beacons), links to UNC paths or ``javascript:``, frames and sub-documents loaded from
elsewhere, a VBA project, an imported HTML chunk with script, and ``updateFields`` (Word offers
to refresh INCLUDEPICTURE / INCLUDETEXT fields, fetching what they name). The annotated copy we
write must not carry any of it. The contract itself is never touched.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
# Relationship types (by their last path segment) that load or run something from elsewhere.
_ACTIVE_TYPES = frozenset(
    {"attachedTemplate", "subDocument", "frame", "vbaProject", "aFChunk", "oleObject", "control"}
)
# Parts that hold code: dropped whatever points at them.
_CODE_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/.*)$", re.IGNORECASE)
_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)
_INERT_TARGET = "about:blank"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def make_inert(package: bytes) -> tuple[bytes, list[str]]:
    """The package without active content, and what was removed, in words (for the report)."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        infos = {info.filename: info for info in source.infolist()}
        parts = {name: source.read(name) for name in infos}
    kept, removed = inert_parts(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in kept.items():
            target.writestr(infos[name], data)
    return buffer.getvalue(), removed


def inert_parts(parts: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """The parts of a package (name: bytes, in package order) without active content, and
    what was removed, in words. Only XML parts (relationships, settings, content types, the
    body and its kin) are changed; any other part is kept as it is or left out whole, so its
    bytes may stand in for a large part that is copied across later."""
    removed: list[str] = []
    parts = dict(parts)
    names = list(parts)
    dropped = {name for name in names if _CODE_PART.search(name)}
    if dropped:
        removed.append("the macro (VBA) project and ActiveX controls")
    for name in [n for n in names if n.endswith(".rels")]:
        parts[name], targets = _clean_rels(name, parts[name], removed)
        dropped |= targets
    dropped = {name for name in dropped if name in parts}
    for name in names:
        if name == "word/settings.xml":
            parts[name] = _clean_settings(parts[name], removed)
        elif name == "[Content_Types].xml":
            parts[name] = _clean_content_types(parts[name], dropped)
        elif name.startswith("word/") and name.endswith(".xml") and name not in dropped:
            parts[name] = _drop_alt_chunks(parts[name], removed)
    kept = {name: data for name, data in parts.items() if name not in dropped}
    return kept, list(dict.fromkeys(removed))


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _clean_rels(name: str, data: bytes, removed: list[str]) -> tuple[bytes, set[str]]:
    """Remove relationships that load or run something; point unsafe external links nowhere.
    Returns the new bytes and the internal parts the removed relationships pointed at."""
    root = etree.fromstring(data, _PARSER)
    folder = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels -> word
    targets: set[str] = set()
    changed = False
    for rel in list(root):
        kind = str(rel.get("Type", "")).rsplit("/", 1)[-1]
        target = str(rel.get("Target", ""))
        external = rel.get("TargetMode") == "External"
        if kind in _ACTIVE_TYPES:
            root.remove(rel)
            changed = True
            removed.append(_WORDS.get(kind, kind))
            if not external:
                targets.add(posixpath.normpath(posixpath.join(folder, target)).lstrip("/"))
        elif external and not (kind == "hyperlink" and _SAFE_LINK.match(target.strip())):
            rel.set("Target", _INERT_TARGET)  # kept, so references to it stay valid
            changed = True
            removed.append(
                "links to local or network paths and scripts"
                if kind == "hyperlink"
                else "images and other content loaded from outside the document"
            )
    if not changed:
        return data, targets
    return _xml(root), targets


_WORDS = {
    "attachedTemplate": "the attached template",
    "subDocument": "sub-documents loaded from elsewhere",
    "frame": "frames loaded from elsewhere",
    "vbaProject": "the macro (VBA) project and ActiveX controls",
    "control": "the macro (VBA) project and ActiveX controls",
    "oleObject": "embedded or linked objects",
    "aFChunk": "imported HTML or other chunks",
}


def _clean_settings(data: bytes, removed: list[str]) -> bytes:
    root = etree.fromstring(data, _PARSER)
    changed = False
    for tag, words in (
        ("updateFields", "the instruction to update fields on opening"),
        ("attachedTemplate", "the attached template"),
    ):
        for element in root.findall(f"{{{_W}}}{tag}"):
            root.remove(element)
            changed = True
            removed.append(words)
    if not changed:
        return data
    return _xml(root)


def _drop_alt_chunks(data: bytes, removed: list[str]) -> bytes:
    if b"altChunk" not in data:
        return data
    root = etree.fromstring(data, _PARSER)
    chunks = list(root.iter(f"{{{_W}}}altChunk"))
    for chunk in chunks:
        parent = chunk.getparent()
        if parent is not None:
            parent.remove(chunk)
    if not chunks:
        return data
    removed.append("imported HTML or other chunks")
    return _xml(root)


def _clean_content_types(data: bytes, dropped: set[str]) -> bytes:
    root = etree.fromstring(data, _PARSER)
    changed = False
    for override in list(root.findall(f"{{{_CT}}}Override")):
        part = str(override.get("PartName", "")).lstrip("/")
        if part in dropped:
            root.remove(override)
            changed = True
        elif override.get("ContentType") == _MACRO_MAIN:
            override.set("ContentType", _PLAIN_MAIN)  # a .docx may not be macro-enabled
            changed = True
    if not changed:
        return data
    return _xml(root)
