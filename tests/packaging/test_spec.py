"""build.spec's inputs: the data files it bundles, what it leaves out, and the version it stamps."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.resources
import re
import sys
import tomllib
from pathlib import Path

import pytest

from ito_desktop import __version__
from ito_desktop.core.licences import canonical, runtime_distributions
from tests.conftest import PROJECT_ROOT
from tests.packaging.conftest import spec_support

S = spec_support()
SPEC = PROJECT_ROOT / "build.spec"


def _package_files(package: str) -> set[str]:
    """Data files of a data package as importlib.resources sees it (installed or editable)."""
    root = importlib.resources.files(package)
    return {
        entry.name
        for entry in root.iterdir()
        if entry.is_file() and not entry.name.endswith((".pyc", ".pyo"))
    }


def _bundled(destination: str) -> set[str]:
    return {Path(source).name for source, dest in S.data_files() if dest == destination}


@pytest.mark.parametrize(
    ("package", "destination"),
    [
        ("ito_desktop.clause_library", "ito_desktop/clause_library"),
        ("ito_desktop.resources.samples", "ito_desktop/resources/samples"),
    ],
)
def test_every_file_of_a_data_package_is_bundled(package: str, destination: str) -> None:
    assert _package_files(package) == _bundled(destination)


def test_the_library_samples_and_licence_texts_are_bundled_where_the_code_looks() -> None:
    library = _bundled("ito_desktop/clause_library")
    assert {"library.yaml", "legal.yaml", "termination.yaml", "__init__.py"} <= library
    assert {"sample_msa.docx", "sample_msa.pdf"} <= _bundled("ito_desktop/resources/samples")
    licences = {p.name for p in (PROJECT_ROOT / "resources" / "licences").iterdir()}
    assert _bundled("ito_desktop/resources/licences") == licences
    assert _bundled("ito_desktop/resources") == {"__init__.py"}  # not the README screenshot
    for source, _ in S.data_files():
        assert Path(source).is_file(), source


def test_the_ocr_models_are_bundled_where_the_frozen_app_looks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ito_desktop.core.ingest import ocr

    assert _bundled(S.TESSDATA_DESTINATION) == {"eng.traineddata", "osd.traineddata"}
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert ocr.tessdata_dir() == tmp_path / S.TESSDATA_DESTINATION


def test_versions_agree_everywhere() -> None:
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert S.app_version() == __version__ == pyproject["project"]["version"]
    assert importlib.metadata.version("ito-review") == __version__


def test_the_package_extra_installs_pyinstaller() -> None:
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extra = pyproject["project"]["optional-dependencies"]["package"]
    assert any(requirement.lower().startswith("pyinstaller") for requirement in extra)


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("2.0rc1", (2, 0, 0, 0)),
        ("3", (3, 0, 0, 0)),
        ("1.2.3.dev4+g1234", (1, 2, 3, 0)),
    ],
)
def test_windows_version_numbers(version: str, expected: tuple[int, ...]) -> None:
    assert S.version_tuple(version) == expected


class _Node:
    """Stands in for PyInstaller's versioninfo classes (Windows-only imports) when evaluating."""

    def __init__(self, kind: str, *args: object, **kwargs: object) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs


def _evaluate_version_file(text: str) -> _Node:
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct")
    namespace: dict[str, object] = {
        name: (lambda *a, _n=name, **k: _Node(_n, *a, **k)) for name in (*names, "VarFileInfo")
    }
    namespace["VarStruct"] = lambda *a, **k: _Node("VarStruct", *a, **k)
    result = eval(text, namespace)  # the same eval PyInstaller's loader does
    assert isinstance(result, _Node)
    return result


def test_windows_version_resource_carries_the_package_version() -> None:
    info = _evaluate_version_file(S.windows_version_info("1.4.2"))
    assert info.kind == "VSVersionInfo"
    fixed = info.kwargs["ffi"]
    assert isinstance(fixed, _Node)
    assert fixed.kwargs["filevers"] == fixed.kwargs["prodvers"] == (1, 4, 2, 0)
    kids = info.kwargs["kids"]
    assert isinstance(kids, list)
    table = kids[0].args[0][0]
    strings = {s.args[0]: s.args[1] for s in table.args[1]}
    assert strings["ProductVersion"] == "1.4.2"
    assert strings["FileVersion"] == "1.4.2.0"
    assert strings["ProductName"] == "ITO Review"
    assert strings["OriginalFilename"] == "ito-desktop.exe"
    cli = _evaluate_version_file(S.windows_version_info("1.4.2", "ito-review"))
    cli_table = cli.kwargs["kids"][0].args[0][0]  # type: ignore[index]
    cli_strings = {s.args[0]: s.args[1] for s in cli_table.args[1]}
    assert cli_strings["OriginalFilename"] == "ito-review.exe"
    assert "command line" in cli_strings["FileDescription"]


def test_macos_info_plist_names_the_gui_and_the_version() -> None:
    plist = S.info_plist("0.1.0")
    assert plist["CFBundleExecutable"] == S.GUI_NAME == "ito-desktop"
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == "0.1.0"
    assert plist["CFBundleName"] == "ITO Review"
    # A windowed app with a Dock icon, though the console CLI is collected last.
    assert plist["LSBackgroundOnly"] is False
    assert plist["NSHighResolutionCapable"] is True
    # The OCR wheel's macOS libraries need macOS 15, and so does the app that bundles them.
    assert plist["LSMinimumSystemVersion"] == "15.0"


def test_the_macos_build_runs_where_the_ocr_wheel_installs() -> None:
    workflow = (PROJECT_ROOT / ".github" / "workflows" / "package.yml").read_text(encoding="utf-8")
    macos = workflow.split("\n  macos:\n", 1)[1]
    assert re.search(r"^    runs-on: macos-15$", macos, re.MULTILINE)


@pytest.mark.parametrize(
    "destination",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        # the page view shows scanned pages opened as JPEG or TIFF images (issue 13)
        "PySide6/plugins/imageformats/qjpeg.dll",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "libQt6Gui.so.6",
        "libglib-2.0.so.0",
        "libX11.so.6",
        "numpy.libs/libscipy_openblas64_-32a4b2a6.so",
    ],
)
def test_what_the_app_needs_is_kept(destination: str) -> None:
    assert S.keep_binary(destination)


@pytest.mark.parametrize(
    "destination",
    [
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
        "PySide6/Qt/plugins/imageformats/libqwebp.dylib",
        "libcairo.so.2",
        "libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
    ],
)
def test_unused_plugins_and_their_libraries_are_left_out(destination: str) -> None:
    assert not S.keep_binary(destination)


def test_qt_translations_are_left_out_and_other_data_kept() -> None:
    assert not S.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert S.keep_data("ito_desktop/clause_library/legal.yaml")
    # CJK character maps of the fallback PDF parser go; its Latin glyph names are code.
    assert not S.keep_data("pdfminer/cmap/UniJIS-UTF16-H.json.gz")
    assert S.keep_data("pdfplumber/py.typed")


def test_only_the_ocr_wheels_libraries_are_squeezed() -> None:
    assert S.squeeze("tesserocr.libs/libtiff-76fbcf36.so.5.3.0")
    assert not S.squeeze("numpy.libs/libscipy_openblas64_-32a4b2a6.so")
    assert not S.squeeze("tesserocr/tesserocr.cpython-311-x86_64-linux-gnu.so")


def test_metadata_is_bundled_for_every_runtime_dependency_except_excluded_code() -> None:
    bundled = {canonical(name) for name in S.bundled_distributions()}
    installed = {canonical(d.name) for d in runtime_distributions()}
    assert bundled == installed - S.EXCLUDED_DISTRIBUTIONS
    assert {"ito-review", "pyside6-essentials", "python-docx", "numpy"} <= bundled
    # Pillow's code is excluded from the analysis, so its notice must not be claimed either.
    assert "PIL" in S.EXCLUDES
    assert "pillow" not in bundled


def test_the_spec_is_python_and_uses_the_shared_lists() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert {"data_files", "EXCLUDES", "keep_binary", "keep_data", "windows_version_info"} <= used
    assert {"info_plist", "bundled_distributions", "GUI_NAME", "CLI_NAME", "APP_NAME"} <= used
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= called


@pytest.mark.parametrize(
    "entry",
    [
        PROJECT_ROOT / "packaging" / "entry" / "gui.py",
        PROJECT_ROOT / "packaging" / "entry" / "cli.py",
    ],
)
def test_entry_scripts_call_freeze_support_before_main(entry: Path) -> None:
    text = entry.read_text(encoding="utf-8")
    assert text.index("multiprocessing.freeze_support()") < text.index("sys.exit(main())")


# What a machine with GTK installed collects for the GTK3 theme plugin (abridged; direct links
# only, as on macOS and Windows; ldd on Linux lists the whole closure, which changes nothing).
GTK_THEME = "PySide6/Qt/plugins/platformthemes/libqgtk3.so"
XCB = "PySide6/Qt/plugins/platforms/libqxcb.so"
COLLECTED = {
    GTK_THEME: {"libgtk-3.so.0", "libQt6Gui.so.6", "libXi.so.6"},
    XCB: {"libQt6XcbQpa.so.6", "libQt6Gui.so.6"},
    "PySide6/Qt/lib/libQt6XcbQpa.so.6": {"libXi.so.6", "libX11.so.6", "libQt6Gui.so.6"},
    "PySide6/Qt/lib/libQt6Gui.so.6": {"libX11.so.6"},
    "libgtk-3.so.0": {"libgdk-3.so.0", "libcairo.so.2", "libX11.so.6"},
    "libgdk-3.so.0": {"libcairo.so.2", "libXext.so.6"},
    "libcairo.so.2": {"libXext.so.6", "libXrender.so.1"},
    "libXext.so.6": {"libX11.so.6"},
    "libXrender.so.1": {"libX11.so.6"},
    "libXi.so.6": {"libXext.so.6", "libX11.so.6"},
    "libX11.so.6": set(),
    "pypdfium2_raw/libpdfium.so": set(),  # loaded with ctypes: nothing links to it
}


def test_what_only_a_dropped_plugin_links_to_is_left_out() -> None:
    orphans = S.orphaned_libraries(COLLECTED, [GTK_THEME])
    assert orphans == {"libgtk-3.so.0", "libgdk-3.so.0", "libcairo.so.2", "libXrender.so.1"}


def test_a_library_something_kept_links_to_stays_even_through_others() -> None:
    # libXi is linked by the kept xcb support library; libXext only through libXi.
    orphans = S.orphaned_libraries(COLLECTED, [GTK_THEME])
    assert not orphans & {"libXi.so.6", "libXext.so.6", "libX11.so.6", "libQt6Gui.so.6"}
    assert "pypdfium2_raw/libpdfium.so" not in orphans


def test_without_gtk_installed_nothing_more_is_left_out() -> None:
    bare = {name: links - {"libgtk-3.so.0"} for name, links in COLLECTED.items()}
    for library in ("libgtk-3.so.0", "libgdk-3.so.0", "libcairo.so.2", "libXrender.so.1"):
        bare.pop(library)
    assert S.orphaned_libraries(bare, [GTK_THEME]) == set()
    assert S.orphaned_libraries(COLLECTED, []) == set()


def test_every_python_package_is_listed_for_the_wheel() -> None:
    """[tool.setuptools] packages is an explicit list: a folder left out of it (a new room of
    ito_desktop/ui, say) would be missing from the wheel and from installs made from it."""
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    package_root = PROJECT_ROOT / "ito_desktop"
    found = {
        ".".join(("ito_desktop", *init.parent.relative_to(package_root).parts))
        for init in package_root.rglob("__init__.py")
    }
    assert sorted(found - listed) == []
