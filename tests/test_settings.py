"""Settings that last: read without ever failing, written only on a change,
atomically, and obeyed (theme, keys, the help's key list)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from backes_tui.formats import atomic
from backes_tui.tui.app import BackesApp
from backes_tui.tui.help import HelpScreen
from backes_tui.tui.settings import Settings, read_settings, write_settings
from tests.conftest import press_at_once, press_each, record_notifications, wait_for


def test_a_missing_file_is_the_defaults_and_a_written_one_reads_back(tmp_path):
    path = tmp_path / "config" / "settings.toml"
    assert read_settings(path) == (Settings(), [])
    settings = Settings("textual-light", {"search": "s", "filter-years": "Y,y", 'odd"id': "x"})
    write_settings(path, settings)
    assert read_settings(path) == (settings, [])


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'theme = "textual-light"\n[keys\n', "line 2"),
        (b"theme = 3\n", "theme: expected a string, found int"),
        (b'[keys]\nsearch = ""\n', "keys.search: expected a key"),
        (b"\xff\xfe", "not UTF-8"),
        (b'theme = "textual-li', "at end of document"),  # cut off mid-write elsewhere
        (b'colour = "red"\n', "colour: not a setting"),
    ],
)
def test_a_bad_file_is_ignored_with_one_line_naming_the_file_and_place(tmp_path, content, problem):
    path = tmp_path / "settings.toml"
    path.write_bytes(content)
    settings, problems = read_settings(path)
    assert len(problems) == 1 and problems[0].startswith(f"{path}: ") and problem in problems[0]
    assert "\n" not in problems[0]
    assert settings.keys == {}


def test_a_folder_where_the_file_should_be_is_ignored(tmp_path):
    (tmp_path / "settings.toml").mkdir()
    settings, problems = read_settings(tmp_path / "settings.toml")
    assert settings == Settings() and "is a folder" in problems[0]


def test_two_instances_saving_at_once_leave_one_whole_version(tmp_path):
    path = tmp_path / "settings.toml"
    versions = [Settings(f"theme-{n}" * (n + 1) * 50) for n in range(4)]
    write_settings(path, versions[0])
    texts = {
        path.read_text(encoding="utf-8").replace(versions[0].theme or "", v.theme or "")
        for v in versions
    }
    stop = threading.Event()
    seen: list[str] = []

    def reader() -> None:
        while not stop.is_set():
            seen.append(path.read_text(encoding="utf-8"))

    def writer(version: Settings) -> None:
        for _ in range(60):
            write_settings(path, version)

    threads = [threading.Thread(target=writer, args=(v,)) for v in versions]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    watcher.join()
    assert seen and set(seen) <= texts
    assert path.read_text(encoding="utf-8") in texts
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]  # no temporary left


def test_a_crash_between_the_temporary_file_and_the_rename_keeps_the_old_file(
    tmp_path, monkeypatch
):
    path = tmp_path / "settings.toml"
    write_settings(path, Settings("textual-dark"))
    before = path.read_bytes()

    def crash(source: str, target: Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(atomic.OutputError):
        write_settings(path, Settings("textual-light"))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


async def test_the_app_applies_keys_and_theme_and_saves_only_a_change(timeline, tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('theme = "textual-light"\n[keys]\nfilter-years = "Y"\n', encoding="utf-8")
    written = path.stat().st_mtime_ns
    app = BackesApp(timeline, settings=path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "textual-light"
        assert path.stat().st_mtime_ns == written  # applying it wrote nothing
        await press_each(pilot, "y")
        assert app.screen is app.explorer  # y is no longer the year filter
        await press_each(pilot, "Y")
        assert app.screen is not app.explorer
        await press_at_once(pilot, "escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert ("Y", "Filter years") in app.screen.rows
        await press_each(pilot, "escape")
        app.theme = "textual-dark"
        await wait_for(pilot, lambda: 'theme = "textual-dark"' in path.read_text(encoding="utf-8"))
    assert read_settings(path) == (Settings("textual-dark", {"filter-years": "Y"}), [])


async def test_a_bad_file_warns_and_an_unwritable_folder_never_stops_the_app(timeline, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be", encoding="utf-8")
    path = blocker / "settings.toml"
    app = BackesApp(timeline, settings=path)
    async with app.run_test(size=(100, 30)) as pilot:
        notices = record_notifications(app)
        app.theme = "textual-light"
        await wait_for(pilot, lambda: bool(notices))
        assert notices[0].startswith("Settings not saved: cannot make")
        assert app.is_running and app.theme == "textual-light"
    bad = tmp_path / "bad.toml"
    bad.write_text('[keys]\nno-such-binding = "x"\ntheme = 1\n', encoding="utf-8")
    app = BackesApp(timeline, settings=bad)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        problems = [n.message for n in app._notifications]
        assert any("keys.no-such-binding: no key binding has this id" in p for p in problems)
        assert app.is_running


async def test_no_config_reads_and_writes_nothing(timeline, monkeypatch):
    from backes_tui.cli import build_parser
    from backes_tui.tui import app as app_module

    def refuse(*args: object) -> None:
        pytest.fail("--no-config touched the settings file")

    monkeypatch.setattr(app_module, "read_settings", refuse)
    monkeypatch.setattr(app_module, "write_settings", refuse)
    assert build_parser().parse_args(["--no-config"]).no_config
    app = BackesApp(timeline, settings=None)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
