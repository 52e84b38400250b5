"""Licence notices of the components the app is built from, read from installed package metadata.

The same code runs installed, editable and frozen: the frozen app bundles the ``.dist-info``
folders of what it ships (build.spec), so ``importlib.metadata`` finds exactly those there.
Native libraries a wheel carries inside it have no metadata of their own; ``EMBEDDED`` names
them, with licence texts kept in the app's resources.
"""

from __future__ import annotations

import importlib
import importlib.metadata as md
import importlib.resources
import importlib.util
import platform
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT_DISTRIBUTION = "ito-review"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRA = re.compile(r"""\bextra\s*==""")
_LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)
_MAX_LICENCE_FIELD = 120  # longer License fields hold the whole text, not a name
# Texts for components whose packages ship none (the PySide6 wheels carry no licence file), and
# for Python itself; kept in the app's resources package.
_TEXT_FOLDER = "licences"
_EXTRA_TEXTS = {"LGPL-3.0": ("LGPL-3.0.txt", "GPL-3.0.txt")}
PYTHON_LICENCE = "PSF-2.0"


@dataclass(frozen=True)
class EmbeddedLibrary:
    """A native library bundled inside a wheel, which declares only its own licence."""

    name: str
    wheel: str  # the distribution that carries (or, built from source, links) it
    file: re.Pattern[str]  # its shared library's file name in the wheel, on every platform
    version: re.Pattern[str]  # its version in the wheel's version report (group 1)
    licence: str
    texts: tuple[str, ...]  # files in the resources' licences folder
    url: str
    summary: str
    # False for a library only some of the wheels carry (an image library): listed only where
    # the installed wheel has its file. Tesseract and Leptonica are listed either way.
    always: bool = True


def _image_library(
    name: str, file: str, version: str, licence: str, texts: tuple[str, ...], url: str, what: str
) -> EmbeddedLibrary:
    return EmbeddedLibrary(
        name=name,
        wheel="tesserocr",
        file=re.compile(file, re.IGNORECASE),
        version=re.compile(version, re.IGNORECASE),
        licence=licence,
        texts=texts,
        url=url,
        summary=what,
        always=False,
    )


# tesserocr's wheels (auditwheel, delocate, delvewheel) carry Tesseract and Leptonica in
# tesserocr.libs/ or tesserocr/.dylibs/, with the image libraries Leptonica reads with. The
# Linux wheel (2.13.0) carries libjpeg-turbo, libpng, libtiff, libwebp and jbigkit; the macOS
# wheel libjpeg-turbo, libpng, libtiff, libwebp, liblzma and zstd. The Windows wheel carries
# more (docs/packaging.md, "Native libraries in the OCR wheel"), not listed yet.
EMBEDDED = (
    EmbeddedLibrary(
        name="Tesseract OCR",
        wheel="tesserocr",
        file=re.compile(r"^(lib)?tesseract", re.IGNORECASE),
        version=re.compile(r"^\s*tesseract\s+(\S+)", re.IGNORECASE | re.MULTILINE),
        licence="Apache-2.0",
        texts=("Tesseract-LICENSE.txt",),
        url="https://github.com/tesseract-ocr/tesseract",
        summary="The OCR engine that reads scanned pages",
    ),
    EmbeddedLibrary(
        name="Leptonica",
        wheel="tesserocr",
        file=re.compile(r"^(lib)?lept", re.IGNORECASE),
        version=re.compile(r"^\s*leptonica-(\S+)", re.IGNORECASE | re.MULTILINE),
        licence="BSD-2-Clause",
        texts=("Leptonica-LICENSE.txt",),
        url="http://www.leptonica.org/",
        summary="The image library Tesseract reads and prepares page images with",
    ),
    _image_library(
        "libjpeg-turbo",
        r"^(lib)?jpeg",
        r"\(libjpeg-turbo\s+([^\s)]+)\)",
        "IJG AND BSD-3-Clause AND Zlib",
        ("libjpeg-turbo-LICENSE.txt", "libjpeg-turbo-README.ijg.txt"),
        "https://libjpeg-turbo.org/",
        "JPEG codec Leptonica reads JPEG scans with. This software is based in part on the "
        "work of the Independent JPEG Group.",
    ),
    _image_library(
        "libpng",
        r"^(lib)?png",
        r"\blibpng\s+(\S+)",
        "Libpng (libpng-2.0 from 1.6.36)",  # the text holds both, with the versions they cover
        ("libpng-LICENSE.txt",),
        "http://www.libpng.org/pub/png/libpng.html",
        "PNG codec Leptonica reads PNG scans with",
    ),
    _image_library(
        "libtiff",
        r"^(lib)?tiff",
        r"\blibtiff\s+(\S+)",
        "libtiff",
        ("libtiff-LICENSE.txt",),
        "https://libtiff.gitlab.io/libtiff/",
        "TIFF codec Leptonica reads TIFF scans with",
    ),
    _image_library(
        "libwebp",
        r"^(lib)?(webp|sharpyuv)",  # libwebp, libwebpmux and libsharpyuv: one project
        r"\blibwebp\s+(\S+)",
        "BSD-3-Clause",
        ("libwebp-COPYING.txt", "libwebp-PATENTS.txt"),
        "https://chromium.googlesource.com/webm/libwebp",
        "WebP codec Leptonica links (libwebp, libwebpmux, libsharpyuv)",
    ),
    _image_library(
        "jbigkit",
        r"^(lib)?jbig(?!2)",
        r"\bjbig(?:kit)?\s+(\S+)",
        "GPL-2.0-or-later",
        ("jbigkit-NOTICE.txt", "GPL-2.0.txt"),
        "https://www.cl.cam.ac.uk/~mgk25/jbigkit/",
        # Under the GPL: docs/packaging.md ("jbigkit") holds the open distribution question.
        "JBIG1 codec libtiff links for JBIG-compressed TIFF pages",
    ),
    _image_library(
        "liblzma (XZ Utils)",
        r"^(lib)?lzma",
        r"\bliblzma\s+(\S+)",
        "0BSD",
        ("liblzma-COPYING.0BSD.txt",),
        "https://tukaani.org/xz/",
        "LZMA codec libtiff links for LZMA-compressed TIFF pages",
    ),
    _image_library(
        "zstd",
        r"^(lib)?zstd",
        r"\bzstd\s+(\S+)",
        "BSD-3-Clause OR GPL-2.0-only",  # dual-licensed; used here under the BSD licence
        ("zstd-LICENSE.txt",),
        "https://facebook.github.io/zstd/",
        "Zstandard codec libtiff links for ZSTD-compressed TIFF pages",
    ),
)
# How to ask a wheel for the versions of what it embeds: (module, function returning text).
_VERSION_REPORTS = {"tesserocr": ("tesserocr", "tesseract_version")}


@dataclass(frozen=True)
class LicenceText:
    """One licence file as a component ships it."""

    name: str
    text: str


@dataclass(frozen=True)
class Component:
    """An installed distribution (or Python itself) with its licence and licence files."""

    name: str
    version: str
    licence: str
    summary: str = ""
    url: str = ""
    texts: tuple[LicenceText, ...] = ()

    @property
    def title(self) -> str:
        """Name and version; the name alone when the version is not known."""
        return f"{self.name} {self.version}" if self.version else self.name

    @property
    def notice(self) -> str:
        """The component's notice as plain text: a header, then every licence file."""
        header = f"{self.title}\nLicence: {self.licence or 'not stated'}"
        if self.url:
            header += f"\n{self.url}"
        parts = [header]
        if not self.texts:
            parts.append("(No licence file is installed with this component.)")
        parts.extend(f"--- {t.name} ---\n{t.text.strip()}" for t in self.texts)
        return "\n\n".join(parts) + "\n"


def requirement_name(requirement: str) -> str | None:
    """The distribution a Requires-Dist line names; None for an optional (extra) one."""
    _, _, marker = requirement.partition(";")
    if _EXTRA.search(marker):
        return None
    match = _NAME.match(requirement)
    return match.group(1) if match else None


def canonical(name: str) -> str:
    """PEP 503 normalised name: case-folded, runs of ``-_.`` as one hyphen."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(root: str = ROOT_DISTRIBUTION) -> list[md.Distribution]:
    """``root`` and every installed distribution it needs at run time, transitively.

    Environment markers other than extras are not evaluated: a dependency that is installed
    is listed, one that is not (wrong platform, or left out of the frozen app) is skipped.
    """
    found: dict[str, md.Distribution] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        key = canonical(name)
        if key in found:
            continue
        try:
            distribution = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        found[key] = distribution
        for requirement in distribution.requires or ():
            needed = requirement_name(requirement)
            if needed is not None:
                pending.append(needed)
    return list(found.values())


def _field(metadata: md.PackageMetadata, name: str) -> str:
    """A metadata field's first value, "" when absent (indexing a missing one warns on 3.12)."""
    values = metadata.get_all(name)
    return str(values[0]).strip() if values else ""


def licence_name(metadata: md.PackageMetadata) -> str:
    """SPDX expression, else the License field, else the licences named in classifiers."""
    expression = _field(metadata, "License-Expression")
    if expression:
        return expression
    field = _field(metadata, "License")
    if field and "\n" not in field and len(field) <= _MAX_LICENCE_FIELD:
        return field
    classifiers = metadata.get_all("Classifier") or []
    named = [c.split("::")[-1].strip() for c in classifiers if c.startswith("License ::")]
    return " OR ".join(n for n in named if n != "OSI Approved")


def _read(distribution: md.Distribution, name: str) -> str | None:
    """A file of the metadata folder as text; Latin-1 when it is not UTF-8 (some are)."""
    try:
        return distribution.read_text(name)
    except UnicodeDecodeError:
        # read_text has no encoding parameter; PathDistribution keeps its folder in _path (the
        # only kind pip, editable installs and PyInstaller produce).
        folder = getattr(distribution, "_path", None)
        if folder is None:
            return None
        return (Path(str(folder)) / name).read_bytes().decode("latin-1")
    except OSError:
        return None


def licence_texts(distribution: md.Distribution) -> tuple[LicenceText, ...]:
    """The licence files a distribution ships: its License-File entries (PEP 639 puts them under
    ``licenses/``; older tools at the top of the metadata folder), else any LICENSE, COPYING or
    NOTICE file in the metadata folder or below; else a License field holding the whole text."""
    texts: list[LicenceText] = []
    for name in distribution.metadata.get_all("License-File") or []:
        text = _read(distribution, f"licenses/{name}") or _read(distribution, name)
        if text:
            texts.append(LicenceText(name, text))
    if not texts:
        for path in distribution.files or ():
            inside = path.parts[1:] if path.parts[0].endswith(".dist-info") else ()
            if inside and _LICENCE_FILE.match(path.name):
                text = _read(distribution, "/".join(inside))
                if text:
                    texts.append(LicenceText("/".join(inside), text))
    field = _field(distribution.metadata, "License")
    if not texts and ("\n" in field or len(field) > _MAX_LICENCE_FIELD):
        texts.append(LicenceText("License (from the package metadata)", field))
    return tuple(texts)


def _project_url(metadata: md.PackageMetadata) -> str:
    homepage = _field(metadata, "Home-page")
    if homepage:
        return homepage
    urls: dict[str, str] = {}
    for entry in metadata.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        urls.setdefault(label.strip().lower(), str(url).strip())
    for label in ("homepage", "home", "source", "source code", "code", "repository"):
        if urls.get(label):
            return urls[label]
    return next(iter(urls.values()), "")


def _resource_text(name: str) -> str:
    folder = importlib.resources.files("ito_desktop.resources") / _TEXT_FOLDER
    return (folder / name).read_text(encoding="utf-8")


def _supplied(name: str, why: str) -> LicenceText:
    """A licence text from our resources, named with why we supply it."""
    return LicenceText(f"{name} (supplied with ITO Review: {why})", _resource_text(name))


def _bundled_texts(licence: str) -> tuple[LicenceText, ...]:
    names = [f for key, files in _EXTRA_TEXTS.items() if key in licence for f in files]
    return tuple(_supplied(name, "the package ships no licence file") for name in names)


def component(distribution: md.Distribution) -> Component:
    metadata = distribution.metadata
    licence = licence_name(metadata)
    texts = licence_texts(distribution) or _bundled_texts(licence)
    return Component(
        name=_field(metadata, "Name"),
        version=distribution.version,
        licence=licence,
        summary=_field(metadata, "Summary"),
        url=_project_url(metadata),
        texts=texts,
    )


def version_report(wheel: str) -> str:
    """What a wheel says about the versions of the libraries it embeds; "" when it cannot say
    (no report declared, or its native libraries do not load)."""
    module_name, function_name = _VERSION_REPORTS.get(canonical(wheel), ("", ""))
    if not module_name or importlib.util.find_spec(module_name) is None:
        return ""
    try:
        module = importlib.import_module(module_name)
        return str(getattr(module, function_name)())
    except (ImportError, OSError, AttributeError, RuntimeError):
        return ""


def _embeds(distribution: md.Distribution, library: EmbeddedLibrary) -> bool:
    """Whether the distribution's files include the library (a wheel built from source links
    the system's copy instead)."""
    return any(library.file.match(path.name) for path in distribution.files or ())


def embedded_components(
    distribution: md.Distribution, libraries: Iterable[EmbeddedLibrary] = EMBEDDED
) -> tuple[Component, ...]:
    """The native libraries of ``libraries`` that ``distribution`` carries, as components; their
    versions come from the wheel's version report (none when its libraries do not load)."""
    wheel = _field(distribution.metadata, "Name")
    mine = [lib for lib in libraries if canonical(lib.wheel) == canonical(wheel)]
    if not mine:
        return ()
    report = version_report(wheel)
    found = []
    for library in mine:
        bundled = _embeds(distribution, library)
        if not bundled and not library.always:
            continue
        match = library.version.search(report)
        how = "bundled in" if bundled else "used by"
        found.append(
            Component(
                name=f"{library.name} ({how} {wheel})",
                version=match.group(1) if match else "",
                licence=library.licence,
                summary=library.summary,
                url=library.url,
                texts=tuple(
                    _supplied(name, f"the {wheel} wheel ships no copy") for name in library.texts
                ),
            )
        )
    return tuple(found)


def python_component() -> Component:
    """The Python interpreter the app runs on (its licence text ships in our resources)."""
    text = _resource_text("Python-LICENSE.txt")
    return Component(
        name="Python",
        version=platform.python_version(),
        licence=PYTHON_LICENCE,
        summary=f"{platform.python_implementation()} interpreter and standard library",
        url="https://www.python.org/",
        texts=(LicenceText("LICENSE", text),),
    )


def components(root: str = ROOT_DISTRIBUTION) -> tuple[Component, ...]:
    """``root`` first, then Python, then its runtime dependencies by name, each followed by the
    native libraries it embeds (``EMBEDDED``)."""
    distributions = runtime_distributions(root)
    found = [(component(d), d) for d in distributions]
    first = [c for c, _ in found if canonical(c.name) == canonical(root)]
    rest = sorted(((c, d) for c, d in found if c not in first), key=lambda p: p[0].name.lower())
    listed = [part for c, d in rest for part in (c, *embedded_components(d))]
    return (*first, python_component(), *listed)
