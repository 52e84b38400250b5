"""Build the bad-input corpus from our own files: the sample contract, fpdf2 PDFs, python-docx DOCX.

Every case is made at test time in a scratch folder (``python -m tests.badinput.make_corpus
OUT`` builds the same folder by hand). Nothing here is copied from anyone else's documents.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import docx

from tests.badinput import ole
from tests.badinput.zipbomb import RawPart, deflate, named, repeated, write_zip
from tests.conftest import SAMPLES
from tests.core.ingest import pdf_factory
from tests.core.ingest.docx_factory import NSDECLS, Lvl, abstract_num, build_docx, num, para

SAMPLE_DOCX = SAMPLES / "sample_msa.docx"
SAMPLE_PDF = SAMPLES / "sample_msa.pdf"
SECRET = "EXTERNAL-ENTITY-SECRET-5d1c9e"  # the text of the file an external entity points at
LAUGH = "LOLLAUGH"
GIB = 1 << 30


class Outcome(StrEnum):
    ERROR = "error"  # exit 2, one stderr line naming the file and the problem
    WARNING = "warning"  # exit 0, the problem named as a warning in the output
    OK = "ok"  # exit 0, no warning needed


@dataclass(frozen=True)
class Case:
    """One bad input and what the command line must make of it."""

    name: str
    path: Path
    outcome: Outcome
    says: tuple[str, ...]  # words the error line (or a warning) must contain
    args: tuple[str, ...] = ()
    heavy: bool = False  # big enough that peak memory is measured
    secret: str = ""  # text that must appear nowhere in any output


# --- sources ----------------------------------------------------------------------------------


def sample_text() -> str:
    """The sample contract as plain text (its own words, read by our DOCX reader)."""
    from ito_desktop.core.ingest.registry import read_document

    return "\n\n".join(block.text for block in read_document(SAMPLE_DOCX).blocks)


def _parts(source: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(source) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _with_parts(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """Copy a .docx, replacing (or adding) the parts in ``replace``."""
    parts = dict(_parts(source))
    parts.update(replace)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def _document_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {NSDECLS}><w:body>{body}</w:body></w:document>"
    ).encode()


# --- DOCX cases -------------------------------------------------------------------------------


def legacy_doc(path: Path, text: str) -> Path:
    """A Word 97-2003 file (an OLE container with a WordDocument stream) named .docx."""
    fib = b"\xec\xa5" + bytes(30)  # wIdent 0xA5EC opens the File Information Block
    return ole.write_compound_file(
        path,
        {
            "WordDocument": fib + text.encode("cp1252", errors="replace"),
            "1Table": bytes(1024),
        },
    )


def protected_docx(path: Path, source: Path) -> Path:
    """What Word saves for a .docx with a password: OLE with EncryptionInfo + EncryptedPackage.

    The package stream is our sample's size followed by noise, as ciphertext looks.
    """
    payload = source.read_bytes()
    info = (
        b"\x04\x00\x04\x00\x40\x00\x00\x00" + b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
        b"</encryption>"
    )
    noise = random.Random(11).randbytes(len(payload))
    return ole.write_compound_file(
        path,
        {
            "EncryptionInfo": info,
            "EncryptedPackage": len(payload).to_bytes(8, "little") + noise,
        },
    )


def zip_bomb(path: Path, source: Path, *, lie: bool) -> Path:
    """The sample with ``word/document.xml`` inflating to 1 GiB (of which 1 MB is stored).

    With ``lie`` the zip headers claim the part is as small as the real one, as a crafted
    bomb does to get past checks on the directory.
    """
    parts = _parts(source)
    real = dict(parts)["word/document.xml"]
    cut = real.index(b"<w:body>") + len(b"<w:body>")
    bomb = named("word/document.xml", repeated(real[:cut], b" " * (1 << 20), GIB >> 20, real[cut:]))
    raw: list[RawPart] = [
        bomb if name == "word/document.xml" else named(name, deflate(data)) for name, data in parts
    ]
    claimed = {"word/document.xml": len(real)} if lie else None
    return write_zip(path, raw, claimed_sizes=claimed)


def billion_laughs(path: Path, source: Path) -> Path:
    """Nested internal entities: a few hundred bytes that expand to gigabytes of text."""
    levels = [f'<!ENTITY l0 "{LAUGH}">'] + [
        f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    ]
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE w:document [{"".join(levels)}]>\n'
        f"<w:document {NSDECLS}><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    return _with_parts(source, path, {"word/document.xml": xml.encode()})


def external_entity(path: Path, source: Path, secret_file: Path, part: str) -> Path:
    """``part`` declares an external entity that points at a local file and uses it."""
    url = secret_file.resolve().as_uri()
    if part == "word/document.xml":
        xml = (
            f'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{url}">]>\n'
            f"<w:document {NSDECLS}><w:body><w:p><w:r><w:t>Clause &xxe;</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>1. The Supplier shall provide the Services.</w:t></w:r></w:p>"
            "</w:body></w:document>"
        ).encode()
    else:
        original = dict(_parts(source))[part].decode("utf-8")
        declaration, rest = original.split("?>", 1)
        root = rest.lstrip().split()[0].lstrip("<")
        # A parameter entity too: parsers that load DTDs fetch it even if &xxe; is never used.
        dtd = (
            f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{url}"><!ENTITY % remote SYSTEM '
            f'"{url}"> %remote;]>'
        )
        xml = f"{declaration}?>\n{dtd}{rest}".encode()
    return _with_parts(source, path, {part: xml})


def xinclude_and_unread_entity(path: Path, source: Path, secret_file: Path) -> Path:
    """An XInclude in the body and an external entity in a part the reader never opens.

    Neither must pull the file in: the document reads, and the secret appears nowhere.
    """
    url = secret_file.resolve().as_uri()
    parts = dict(_parts(source))
    body = parts["word/document.xml"].decode("utf-8")
    include = (
        f'<w:p><w:r><w:t><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
        f'href="{url}" parse="text"/></w:t></w:r></w:p>'
    )
    body = body.replace("<w:body>", "<w:body>" + include, 1)
    types = parts["[Content_Types].xml"].decode("utf-8")
    declaration, rest = types.split("?>", 1)
    types = f'{declaration}?>\n<!DOCTYPE Types [<!ENTITY xxe SYSTEM "{url}">]>{rest}'
    return _with_parts(
        source, path, {"word/document.xml": body.encode(), "[Content_Types].xml": types.encode()}
    )


def many_paragraphs(path: Path, count: int) -> Path:
    """A python-docx package whose body has ``count`` short paragraphs, headings every 50."""
    base = path.with_name(path.stem + "-base.docx")
    document = docx.Document()
    document.add_paragraph("placeholder")
    document.save(str(base))
    pieces = []
    for index in range(count):
        if index % 50 == 0:
            pieces.append(
                f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>'
                f"{index // 50 + 1}. Services part {index // 50 + 1}</w:t></w:r></w:p>"
            )
        else:
            pieces.append(
                f"<w:p><w:r><w:t>The Supplier shall deliver item {index} of the "
                "Services with reasonable skill and care.</w:t></w:r></w:p>"
            )
    _with_parts(base, path, {"word/document.xml": _document_xml("".join(pieces))})
    base.unlink()
    return path


def numbering_bomb(path: Path, paragraphs: int) -> Path:
    """Lettered lists made to start near 2**31: Word letters repeat ("aa", "aaa"...), so a
    naive label would be 80 million letters; the lists print as plain numbers instead."""
    numbering = abstract_num(1, [Lvl("lowerLetter", "(%1)", start=2_000_000_000)]) + num(1, 1)
    body = "".join(
        para(f"The Supplier shall keep record {index}.", num="1", ilvl=0)
        for index in range(paragraphs)
    )
    return build_docx(path, para("1. Records", style="Heading1") + body, numbering=numbering)


def attribute_flood(path: Path, source: Path) -> Path:
    """Just under the XML node limit, as attributes (the costliest nodes, ~200 bytes each in
    the parsed tree): the worst a DOCX may do within the limits still fits in 1 GB."""
    flood = '<w:r w:a="" w:b="" w:c="" w:d="" w:e=""/>' * 490_000
    body = f"<w:p>{flood}<w:r><w:t>1. Services</w:t></w:r></w:p>"
    return _with_parts(source, path, {"word/document.xml": _document_xml(body)})


def docx_with_big_images(path: Path, source: Path, sizes: tuple[int, ...]) -> Path:
    """The sample with incompressible "images" of ``sizes`` bytes (stored, as Word stores a
    JPEG), each reachable from the document's relationships so every tool keeps it."""
    parts = _parts(source)
    rels = "word/_rels/document.xml.rels"
    image = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
    links = "".join(
        f'<Relationship Id="rIdBig{i}" Type="{image}" Target="media/big{i}.jpeg"/>'
        for i in range(len(sizes))
    ).encode()
    rng = random.Random(17)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            if name == rels:
                data = data.replace(b"</Relationships>", links + b"</Relationships>")
            archive.writestr(name, data)
        for i, size in enumerate(sizes):
            with archive.open(zipfile.ZipInfo(f"word/media/big{i}.jpeg"), "w") as out:
                out.write(b"\xff\xd8\xff\xe0")
                for start in range(4, size, 1 << 20):
                    out.write(rng.randbytes(min(1 << 20, size - start)))
    return path


def docx_without_body(path: Path, source: Path) -> Path:
    parts = {name: data for name, data in _parts(source) if name != "word/document.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


# --- PDF cases --------------------------------------------------------------------------------


def broken_xref(path: Path, source: Path) -> Path:
    """The sample PDF with a comment line pushed in after the header: every offset in the
    cross-reference table now points 41 bytes short, as after a careless edit or transfer."""
    data = source.read_bytes()
    cut = data.index(b"\n") + 1
    path.write_bytes(data[:cut] + b"%" + b"x" * 39 + b"\n" + data[cut:])
    return path


def scrambled(path: Path, source: Path) -> Path:
    """The sample PDF with noise over the content streams of pages 3 and 4 (same length, so
    the cross-reference table stays right): the other pages still read."""
    data = bytearray(source.read_bytes())
    rng = random.Random(3)
    contents = re.findall(rb"/Type/Page/.*?/Contents (\d+) 0 R", bytes(data))
    for number in contents[2:4]:
        start = re.search(rb"\n%s 0 obj\b.*?stream\n" % number, data, re.DOTALL)
        assert start is not None
        end = data.index(b"endstream", start.end())
        data[start.end() : end - 1] = rng.randbytes(end - 1 - start.end())
    path.write_bytes(bytes(data))
    return path


def flate_bomb_pdf(path: Path, *, layers: int = 1, hex_first: bool = False) -> Path:
    """A one-page PDF whose content stream inflates to 1 GiB (``layers`` of Flate, perhaps
    under ASCIIHex), written object by object with a correct cross-reference table."""
    head = b"BT /F1 12 Tf 72 720 Td (1. Services) Tj ET\n"
    inner = repeated(head, b" " * (1 << 20), GIB >> 20, b"\n")
    adler = zlib.adler32(head)
    for _ in range(GIB >> 20):
        adler = zlib.adler32(b" " * (1 << 20), adler)
    stream = b"\x78\xda" + inner.deflated + zlib.adler32(b"\n", adler).to_bytes(4, "big")
    filters = ["/FlateDecode"]
    for _ in range(layers - 1):
        stream = zlib.compress(stream, 9)
        filters.append("/FlateDecode")
    if hex_first:
        stream = stream.hex().encode() + b">"
        filters.insert(0, "/ASCIIHexDecode")
    dictionary = b"<< /Length %d /Filter [%s] >>" % (len(stream), " ".join(filters).encode())
    return one_page_pdf(path, dictionary, stream)


def one_page_pdf(path: Path, stream_dict: bytes, stream: bytes, info: bytes = b"") -> Path:
    """A one-page PDF written object by object, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"%s\nstream\n%s\nendstream" % (stream_dict, stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if info:
        objects.append(info)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info_ref = b" /Info 6 0 R" if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info_ref,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def object_flood_pdf(
    path: Path, count: int, *, streams: int = 1, form: bool = False, nested: bool = False
) -> Path:
    """One page that makes PDFium build ``count`` tiny text objects ("(a)Tj": one each), in a
    few KB of Flate: the page's contents split over ``streams`` streams; or (``form``) a form
    of ``count // 10`` objects drawn ten times; or (``nested``) a form of ``count // 100``
    drawn ten times by a form the page draws ten times. A million of them peaked at 840 MB."""
    head = b"BT /F1 12 Tf 72 720 Td (1. Services) Tj ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"",  # the page, once its contents are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]

    def add_stream(dictionary: bytes, content: bytes) -> int:
        packed = zlib.compress(content, 9)
        objects.append(
            b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n%s\nendstream"
            % (len(packed), dictionary, packed)
        )
        return len(objects)

    def add_form(content: bytes, xobjects: bytes = b"") -> int:
        return add_stream(
            b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
            b"/Resources << /Font << /F1 4 0 R >> %s >>" % xobjects,
            content,
        )

    xobjects = b""
    if form or nested:
        inner = b"BT /F1 1 Tf " + b"(a)Tj " * (count // (100 if nested else 10)) + b"ET\n"
        number = add_form(inner)
        if nested:
            number = add_form(b"/Inner Do " * 10, b"/XObject << /Inner %d 0 R >>" % number)
        xobjects = b"/XObject << /X1 %d 0 R >>" % number
        contents = [add_stream(b"", head + b"/X1 Do " * 10)]
    else:
        body = b"BT /F1 1 Tf " + b"(a)Tj " * (count // streams) + b"ET\n"
        contents = [add_stream(b"", (head if i == 0 else b"") + body) for i in range(streams)]
    refs = b" ".join(b"%d 0 R" % number for number in contents)
    objects[2] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [%s] "
        b"/Resources << /Font << /F1 4 0 R >> %s >> >>" % (refs, xobjects)
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body_ in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body_)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def broken_title_pdf(path: Path) -> Path:
    """Found by the fuzzer: a title in UTF-16 with a lone surrogate made reading the
    metadata raise UnicodeDecodeError. The contract must read, without that title."""
    content = (
        b"BT /F1 12 Tf 72 720 Td (1. Services) Tj 0 -20 Td "
        b"(The Supplier shall provide the Services.) Tj ET"
    )
    return one_page_pdf(
        path,
        b"<< /Length %d >>" % len(content),
        content,
        info=b"<< /Title <FEFFD800D800004100> /Author <FEFFDC00> >>",
    )


def truncated(path: Path, source: Path, keep: float) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


# --- the corpus -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sources:
    """What the makers share: the sample's text and the file external entities point at."""

    text: str
    secret_file: Path


Maker = Callable[[Path, Sources], object]


@dataclass(frozen=True)
class Spec:
    """How to make one case (known without touching the disk, so tests can be listed)."""

    name: str
    filename: str
    make: Maker
    outcome: Outcome
    says: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    heavy: bool = False
    secret: str = ""


def _bytes(data: bytes) -> Maker:
    return lambda path, _: path.write_bytes(data)


def _copy(source: Path) -> Maker:
    return lambda path, _: shutil.copyfile(source, path)


_NOISE = random.Random(5).randbytes(64 * 1024)
_ODD_FOLDER = "client files – Ærø"
_XXE_PARTS = (
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "docProps/core.xml",
    "word/_rels/document.xml.rels",
)


def _xxe(part: str) -> Maker:
    return lambda path, src: external_entity(path, SAMPLE_DOCX, src.secret_file, part)


def _cut_long_pdf(path: Path, src: Sources) -> None:
    """30 fpdf2 pages (catalog and page tree first) cut at 60%: the last pages are lost."""
    whole = pdf_factory.write_long(path.with_name("whole-" + path.name), 30)
    truncated(path, whole, 0.6)
    whole.unlink()


def _cp1252(path: Path, src: Sources) -> None:
    text = src.text.replace("'", "\u2019") + "\n\nFees are payable in \u20ac (euro) or \u00a3.\n"
    path.write_bytes(text.encode("cp1252"))


E, W, OK = Outcome.ERROR, Outcome.WARNING, Outcome.OK
SPECS: tuple[Spec, ...] = (
    # Empty, truncated, random and renamed files.
    Spec("empty_pdf", "empty.pdf", _bytes(b""), E, ("empty",)),
    Spec("empty_docx", "empty.docx", _bytes(b""), E, ("empty",)),
    Spec("empty_txt", "empty.txt", _bytes(b""), E, ("empty",)),
    Spec(
        "truncated_docx",
        "truncated.docx",
        lambda p, _: truncated(p, SAMPLE_DOCX, 0.5),
        E,
        ("not a Word document", "damaged"),
    ),
    # LibreOffice writes the page objects last, so a PDF cut anywhere before them is lost;
    # cut after them, or from a writer that puts the pages first, the pages that arrived read.
    Spec(
        "truncated_pdf",
        "truncated.pdf",
        lambda p, _: truncated(p, SAMPLE_PDF, 0.5),
        E,
        ("incomplete", "did not finish"),
    ),
    Spec(
        "truncated_pdf_near_end",
        "cut-near-end.pdf",
        lambda p, _: truncated(p, SAMPLE_PDF, 0.99),
        W,
        ("incomplete", "only the part that arrived was read"),
    ),
    Spec(
        "truncated_pdf_pages_first",
        "cut-pages-first.pdf",
        _cut_long_pdf,
        W,
        ("incomplete", "only the part that arrived was read"),
    ),
    Spec(
        "scrambled_pdf",
        "scrambled.pdf",
        lambda p, _: scrambled(p, SAMPLE_PDF),
        W,
        ("pages 3-4", "could not be read"),
    ),
    Spec("random_pdf", "random.pdf", _bytes(_NOISE), E, ("not a PDF",)),
    Spec("random_docx", "random.docx", _bytes(_NOISE), E, ("not a Word document",)),
    Spec("random_txt", "random.txt", _bytes(_NOISE), E, ("does not look like a text file",)),
    Spec(
        "legacy_doc_as_docx",
        "legacy.docx",
        lambda p, src: legacy_doc(p, src.text),
        E,
        ("old Word 97-2003 .doc",),
    ),
    Spec(
        "pdf_named_docx", "really-a-pdf.docx", _copy(SAMPLE_PDF), E, ("PDF file with a .docx name",)
    ),
    Spec("docx_named_pdf", "really-a-docx.pdf", _copy(SAMPLE_DOCX), E, ("not a PDF",)),
    Spec(
        "docx_without_body",
        "no-body.docx",
        lambda p, _: docx_without_body(p, SAMPLE_DOCX),
        E,
        ("no document body",),
    ),
    # Protected and scanned files.
    Spec(
        "encrypted_pdf",
        "encrypted.pdf",
        lambda p, _: pdf_factory.write_encrypted(p),
        E,
        ("encrypted", "supply the password"),
    ),
    Spec(
        "encrypted_pdf_wrong_password",
        "encrypted-wrong.pdf",
        lambda p, _: pdf_factory.write_encrypted(p),
        E,
        ("encrypted", "does not open it"),
        args=("--password", "not-the-password"),
    ),
    Spec(
        "encrypted_pdf_right_password",
        "encrypted-right.pdf",
        lambda p, _: pdf_factory.write_encrypted(p),
        OK,
        args=("--password", pdf_factory.PASSWORD),
    ),
    Spec(
        "password_protected_docx",
        "protected.docx",
        lambda p, _: protected_docx(p, SAMPLE_DOCX),
        E,
        ("password-protected", "encrypted"),
    ),
    Spec("pdf_title_with_a_lone_surrogate", "bad-title.pdf", lambda p, _: broken_title_pdf(p), OK),
    Spec(
        "scanned_pdf",
        "scanned.pdf",
        lambda p, _: pdf_factory.write_image_only(p),
        E,
        ("no text layer", "scanned"),
    ),
    Spec(
        "partly_scanned_pdf",
        "partly-scanned.pdf",
        lambda p, _: pdf_factory.write_with_scanned_pages(p),
        W,
        ("pages 2-3", "no text layer"),
    ),
    Spec(
        "broken_xref_pdf",
        "broken-xref.pdf",
        lambda p, _: broken_xref(p, SAMPLE_PDF),
        W,
        ("cross-reference table is broken",),
    ),
    # Hostile DOCX packages.
    Spec(
        "zip_bomb_docx",
        "bomb.docx",
        lambda p, _: zip_bomb(p, SAMPLE_DOCX, lie=False),
        E,
        ("1,074 MB", "limit"),
        heavy=True,
    ),
    Spec(
        "zip_bomb_lying_docx",
        "bomb-lying.docx",
        lambda p, _: zip_bomb(p, SAMPLE_DOCX, lie=True),
        E,
        ("not a Word document",),
        heavy=True,
    ),
    Spec(
        "billion_laughs_docx",
        "laughs.docx",
        lambda p, _: billion_laughs(p, SAMPLE_DOCX),
        E,
        ("document type declaration",),
        secret=LAUGH,
    ),
    *(
        Spec(
            f"external_entity_in_{part.replace('/', '_')}",
            f"xxe {part.replace('/', ' ')}.docx",
            _xxe(part),
            E,
            ("document type declaration",),
            secret=SECRET,
        )
        for part in _XXE_PARTS
    ),
    Spec(
        "xinclude_and_unread_entity_docx",
        "xinclude.docx",
        lambda p, src: xinclude_and_unread_entity(p, SAMPLE_DOCX, src.secret_file),
        OK,
        secret=SECRET,
    ),
    Spec(
        "docx_200000_paragraphs",
        "paragraphs-200000.docx",
        lambda p, _: many_paragraphs(p, 200_000),
        E,
        ("200,000 paragraphs", "limit"),
        heavy=True,
    ),
    Spec(
        "pdf_flate_bomb",
        "flate-bomb.pdf",
        lambda p, _: flate_bomb_pdf(p),
        E,
        ("unpacks to more than", "limit"),
        heavy=True,
    ),
    Spec(
        "pdf_double_flate_bomb",
        "flate-bomb-2.pdf",
        lambda p, _: flate_bomb_pdf(p, layers=2, hex_first=True),
        E,
        ("unpacks to more than", "limit"),
        heavy=True,
    ),
    # 300,000 objects on a page: PDFium would take ~300 MB (a million: 840 MB; 3.1 million:
    # 2.2 GB); refused before it parses the page, however the page draws them.
    Spec(
        "pdf_object_flood",
        "object-flood.pdf",
        lambda p, _: object_flood_pdf(p, 300_000),
        E,
        ("more than 250,000 text and drawing objects", "limit"),
    ),
    Spec(
        "pdf_object_flood_split",
        "object-flood-split.pdf",
        lambda p, _: object_flood_pdf(p, 300_000, streams=4),
        E,
        ("more than 250,000 text and drawing objects", "limit"),
    ),
    Spec(
        "pdf_object_flood_nested_forms",
        "object-flood-nested.pdf",
        lambda p, _: object_flood_pdf(p, 300_000, nested=True),
        E,
        ("more than 250,000 text and drawing objects", "limit"),
    ),
    Spec(
        "pdf_object_flood_form",
        "object-flood-form.pdf",
        lambda p, _: object_flood_pdf(p, 300_000, form=True),
        E,
        ("more than 250,000 text and drawing objects", "limit"),
    ),
    Spec(
        "docx_attribute_flood",
        "attribute-flood.docx",
        lambda p, _: attribute_flood(p, SAMPLE_DOCX),
        OK,
        heavy=True,
    ),
    Spec(
        "docx_numbering_label_bomb",
        "numbering-bomb.docx",
        lambda p, _: numbering_bomb(p, 3000),
        OK,
        heavy=True,
    ),
    Spec(
        "pdf_1000_pages",
        "pages-1000.pdf",
        lambda p, _: pdf_factory.write_long(p, 1000),
        OK,
        heavy=True,
    ),
    # Text in other encodings, binary data named .txt, far too much text.
    Spec("txt_utf16_bom", "utf16.txt", lambda p, src: p.write_bytes(src.text.encode("utf-16")), OK),
    Spec(
        "txt_utf16_without_bom",
        "utf16-nobom.txt",
        lambda p, src: p.write_bytes(src.text.encode("utf-16-le")),
        OK,
    ),
    Spec("txt_cp1252", "cp1252.txt", _cp1252, W, ("Windows-1252",)),
    Spec(
        "txt_binary",
        "binary.txt",
        _bytes(bytes(range(256)) * 64),
        E,
        ("does not look like a text file",),
    ),
    Spec(
        "txt_too_much_text",
        "huge.txt",
        _bytes(b"The Supplier shall act. " * 230_000),
        E,
        ("5,000,000 characters", "limit"),
    ),
    # Names and places.
    Spec(
        "non_ascii_path_with_spaces",
        f"{_ODD_FOLDER}/Vertrag über IT-Dienste 契約 (final).docx",
        _copy(SAMPLE_DOCX),
        OK,
    ),
    Spec(
        "non_ascii_path_damaged",
        f"{_ODD_FOLDER}/Überprüfung 契約.pdf",
        _bytes(_NOISE),
        E,
        ("not a PDF",),
    ),
    Spec("folder", "a folder.docx", lambda p, _: p.mkdir(), E, ("folder",)),
    Spec("missing_file", "never-written.pdf", lambda p, _: None, E, ("does not exist",)),
    Spec(
        "unsupported_extension",
        "contract.rtf",
        _bytes(b"{\\rtf1\\ansi Contract}"),
        E,
        ("not supported",),
    ),
    Spec(
        "no_extension",
        "contract",
        lambda p, src: p.write_text(src.text, "utf-8"),
        E,
        ("not supported",),
    ),
    Spec(
        "real_doc_extension",
        "contract.doc",
        lambda p, src: legacy_doc(p, src.text),
        E,
        ("Word 97-2003",),
    ),
)


def build_corpus(folder: Path) -> dict[str, Case]:
    """Write every case into ``folder``; returns them by name."""
    folder.mkdir(parents=True, exist_ok=True)
    secret_file = folder / "secret.txt"
    secret_file.write_text(SECRET, encoding="utf-8")
    sources = Sources(sample_text(), secret_file)
    cases: dict[str, Case] = {}
    for spec in SPECS:
        path = folder / spec.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        spec.make(path, sources)
        cases[spec.name] = Case(
            spec.name, path, spec.outcome, spec.says, spec.args, spec.heavy, spec.secret
        )
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    folder = parser.parse_args().folder
    for case in build_corpus(folder).values():
        print(f"{case.outcome:8} {case.name:40} {case.path.relative_to(folder)}")


if __name__ == "__main__":
    main()
