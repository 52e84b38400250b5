"""The window icon: found through importlib.resources, set on the app, shipped in every build."""

from __future__ import annotations

import importlib.resources
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ito_desktop.ui.app import ICON_FOLDER, window_icon
from tests.conftest import PROJECT_ROOT
from tests.packaging.conftest import spec_support

if TYPE_CHECKING:
    from ito_desktop.ui.window.main_window import MainWindow

SIZES = (16, 32, 48, 64, 128, 256, 512)


@pytest.fixture
def app_icon(qapp: QApplication) -> Iterator[QIcon]:
    """The app icon set as main() sets it; the test session's app gets its blank icon back."""
    icon = window_icon()
    qapp.setWindowIcon(icon)
    yield icon
    qapp.setWindowIcon(QIcon())


def test_the_icon_has_every_size_drawn(app_icon: QIcon) -> None:
    assert not app_icon.isNull()
    assert sorted(size.width() for size in app_icon.availableSizes()) == list(SIZES)
    small = app_icon.pixmap(16, 16).toImage()
    assert (small.width(), small.height()) == (16, 16)
    # Drawn, not blank: the corners are transparent, the middle is not.
    assert small.pixelColor(0, 0).alpha() == 0
    assert small.pixelColor(8, 8).alpha() > 0


def test_app_and_main_window_show_the_icon(
    app_icon: QIcon, make_window: Callable[..., MainWindow]
) -> None:
    assert not QApplication.windowIcon().isNull()
    window = make_window()
    window.show()
    assert not window.windowIcon().isNull()
    assert window.windowIcon().cacheKey() == QApplication.windowIcon().cacheKey()


_MAIN_UNTIL_EXEC = """
import sys
from PySide6.QtWidgets import QApplication
from ito_desktop.ui import app

def report(*args):
    qt_app = QApplication.instance()
    shown = [w for w in qt_app.topLevelWidgets() if w.isVisible()]
    print(qt_app.windowIcon().isNull(), [w.windowIcon().isNull() for w in shown])
    return 0

QApplication.exec = report  # the window is up; report instead of running the event loop
sys.exit(app.main([]))
"""


def test_main_sets_the_icon_before_the_window_appears(tmp_path: Path) -> None:
    # In a process of its own: main() also applies the theme, which would outlive the test.
    result = subprocess.run(
        [sys.executable, "-c", _MAIN_UNTIL_EXEC],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False [False]"


def test_the_icons_are_the_generated_ones_and_are_bundled() -> None:
    folder = importlib.resources.files("ito_desktop.resources") / ICON_FOLDER
    shipped = {entry.name for entry in folder.iterdir() if entry.name.endswith(".png")}
    assert shipped == {f"ito-review-{size}.png" for size in SIZES}
    generated = PROJECT_ROOT / "packaging" / "icons"
    for name in shipped:  # a copy of make_icons.py's output: regenerate both together
        assert (folder / name).read_bytes() == (generated / name).read_bytes(), name
    bundled = {
        Path(source).name
        for source, destination in spec_support().data_files()
        if destination == f"ito_desktop/resources/{ICON_FOLDER}"
    }
    assert bundled == shipped
