"""Settings: defaults in one place, round trip, validation, migration, recent files."""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs
import pytest

from ito_desktop.core.ingest.base import Limits
from ito_desktop.core.matching.engine import MatchOptions
from ito_desktop.core.settings import (
    MIGRATIONS,
    SETTINGS_VERSION,
    Settings,
    Theme,
    load_settings,
    migrate,
    save_settings,
    settings_path,
)


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *args, **kwargs: str(folder))
    return folder


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_defaults_come_from_the_engine_and_limits() -> None:
    settings = Settings()
    assert settings.present_threshold == MatchOptions().present_threshold
    assert settings.weak_threshold == MatchOptions().weak_threshold
    assert settings.match_options() == MatchOptions()
    assert settings.limits() == Limits()
    assert settings.theme is Theme.SYSTEM
    assert settings.recent_files == []


def test_match_options_and_limits_carry_the_settings() -> None:
    settings = Settings(present_threshold=0.7, weak_threshold=0.2, max_file_mb=5, max_pages=9)
    options = settings.match_options()
    assert (options.present_threshold, options.weak_threshold) == (0.7, 0.2)
    assert options.weight_terms == MatchOptions().weight_terms
    limits = settings.limits()
    assert (limits.max_file_bytes, limits.max_pages) == (5 * 1024 * 1024, 9)
    assert limits.max_paragraphs == Limits().max_paragraphs


def test_settings_path_is_under_the_user_config_dir(config_dir: Path) -> None:
    assert settings_path() == config_dir / "settings.json"


def test_round_trip(config_dir: Path, tmp_path: Path) -> None:
    settings = Settings(
        present_threshold=0.61,
        weak_threshold=0.4,
        library_folder=str(tmp_path / "company library"),
        theme=Theme.DARK,
        last_export_folder=str(tmp_path / "exports"),
        max_file_mb=50,
        max_pages=300,
    )
    settings.add_recent(tmp_path / "b.pdf")
    settings.add_recent(tmp_path / "a.docx")
    save_settings(settings)  # creates the config folder
    data = json.loads((config_dir / "settings.json").read_text(encoding="utf-8"))
    assert data["settings_version"] == SETTINGS_VERSION
    assert data["theme"] == "dark"
    loaded, notices = load_settings()
    assert notices == []
    assert loaded == settings
    assert loaded.theme is Theme.DARK


def test_missing_file_gives_defaults_silently() -> None:
    assert load_settings() == (Settings(), [])


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    _write(path, {"settings_version": 1, "theme": "light", "window_opacity": 0.5})
    settings, notices = load_settings(path)
    assert settings == Settings(theme=Theme.LIGHT)
    assert notices == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("present_threshold", 1.5),
        ("present_threshold", -0.1),
        ("present_threshold", "0.6"),
        ("present_threshold", True),
        ("weak_threshold", None),
        ("theme", "purple"),
        ("theme", ["dark"]),
        ("library_folder", 42),
        ("last_export_folder", ["a"]),
        ("recent_files", "a.docx"),
        ("max_file_mb", 0),
        ("max_file_mb", 12.5),
        ("max_pages", -3),
        ("max_pages", False),
    ],
)
def test_bad_value_is_replaced_by_its_default(tmp_path: Path, key: str, value: object) -> None:
    path = tmp_path / "s.json"
    data: dict[str, object] = {"settings_version": 1, "max_pages": 77}
    data[key] = value
    _write(path, data)
    settings, notices = load_settings(path)
    assert getattr(settings, key) == getattr(Settings(), key)
    if key != "max_pages":
        assert settings.max_pages == 77  # the good values around it survive
    (notice,) = notices
    assert f"'{key}'" in notice
    assert "default" in notice
    assert path.exists()  # a bad value is not a damaged file


def test_non_finite_threshold_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"settings_version": 1, "weak_threshold": NaN}', encoding="utf-8")
    settings, notices = load_settings(path)
    assert settings.weak_threshold == Settings().weak_threshold
    assert len(notices) == 1


@pytest.mark.parametrize(("present", "weak"), [(0.4, 0.4), (0.3, 0.5)])
def test_weak_must_be_below_present(tmp_path: Path, present: float, weak: float) -> None:
    path = tmp_path / "s.json"
    _write(path, {"settings_version": 1, "present_threshold": present, "weak_threshold": weak})
    settings, notices = load_settings(path)
    assert (settings.present_threshold, settings.weak_threshold) == (
        MatchOptions().present_threshold,
        MatchOptions().weak_threshold,
    )
    (notice,) = notices
    assert "weak threshold must be below the present threshold" in notice


def test_weak_only_change_checked_against_default_present(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    _write(path, {"settings_version": 1, "weak_threshold": 0.99})
    settings, notices = load_settings(path)
    assert settings.weak_threshold == MatchOptions().weak_threshold
    assert len(notices) == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "does not hold a JSON object"),
        ('{"settings_version": "one"}', "unknown settings version"),
        ('{"settings_version": -1}', "unknown settings version"),
    ],
)
def test_corrupt_file_is_set_aside(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    settings, notices = load_settings(path)
    assert settings == Settings()
    moved = tmp_path / "settings.json.corrupt"
    assert moved.read_text(encoding="utf-8") == content
    assert not path.exists()
    (notice,) = notices
    assert reason in notice
    assert str(moved) in notice
    save_settings(settings, path)  # a fresh file can be written in its place
    assert load_settings(path) == (Settings(), [])


def test_version_0_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    _write(path, {"theme": "dark", "max_pages": 10})  # written before the version key existed
    settings, notices = load_settings(path)
    assert notices == []
    assert (settings.theme, settings.max_pages) == (Theme.DARK, 10)
    assert set(MIGRATIONS) == set(range(SETTINGS_VERSION))
    assert migrate({"theme": "dark"}, 0) == {"theme": "dark", "settings_version": 1}


def test_newer_version_reads_what_it_knows(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    _write(path, {"settings_version": SETTINGS_VERSION + 1, "theme": "light", "new": 1})
    settings, notices = load_settings(path)
    assert settings.theme is Theme.LIGHT
    (notice,) = notices
    assert "newer version" in notice


def test_recent_files_order_dedup_and_limit(tmp_path: Path) -> None:
    settings = Settings()
    for n in range(12):
        settings.add_recent(tmp_path / f"c{n}.docx")
    assert settings.recent_files == [str(tmp_path / f"c{n}.docx") for n in range(11, 1, -1)]
    settings.add_recent(tmp_path / "c5.docx")
    assert settings.recent_files[0] == str(tmp_path / "c5.docx")
    assert settings.recent_files.count(str(tmp_path / "c5.docx")) == 1
    assert len(settings.recent_files) == 10
    settings.add_recent(tmp_path / "sub" / ".." / "c7.docx")  # the same file, spelt differently
    assert settings.recent_files[:2] == [str(tmp_path / "c7.docx"), str(tmp_path / "c5.docx")]
    assert len(settings.recent_files) == 10


def test_recent_files_from_disk_are_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    a, b = str(tmp_path / "a.docx"), str(tmp_path / "b.pdf")
    listed = [a, 7, b, a, "", *[str(tmp_path / f"x{n}.txt") for n in range(12)]]
    _write(path, {"settings_version": 1, "recent_files": listed})
    settings, notices = load_settings(path)
    assert notices == []
    assert settings.recent_files[:3] == [a, b, str(tmp_path / "x0.txt")]
    assert len(settings.recent_files) == 10
