"""Settings never stop the app and never lose a line: hostile files are one
warning, and saving a theme keeps everything else the file holds."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from backes_tui.tui import settings as settings_module
from backes_tui.tui.app import BackesApp
from backes_tui.tui.settings import Settings, read_settings, write_settings
from tests.conftest import press_at_once, press_each, record_notifications, wait_for

DEEP = "a = " + "[" * 500 + "]" * 500 + "\n"


def read_in_time(path: Path) -> tuple[Settings, list[str]]:
    """read_settings, which must answer at once, whatever ``path`` is."""
    answer: list[tuple[Settings, list[str]]] = []
    reader = threading.Thread(target=lambda: answer.append(read_settings(path)), daemon=True)
    reader.start()
    reader.join(10)
    assert answer, f"reading {path} did not return"
    return answer[0]


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p.write_text(DEEP), "nested too deeply"),
        (lambda p: os.mkfifo(p), "is a pipe, not a file to read"),
        (lambda p: p.symlink_to("/dev/zero"), "is a character device, not a file to read"),
        (lambda p: p.write_text("# " + "x" * 300_000 + "\n"), "more than the 256 KB read"),
    ],
    ids=["500 deep", "fifo", "/dev/zero", "300 KB"],
)
def test_a_hostile_file_is_one_warning(tmp_path, make, problem):
    path = tmp_path / "settings.toml"
    make(path)
    settings, problems = read_in_time(path)
    assert settings == Settings()
    assert len(problems) == 1 and problems[0].startswith(f"{path}: ") and problem in problems[0]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "content",
    [DEEP, "fifo", "[keys]\n" + "".join(f'unknown-{n} = "x"\n' for n in range(10_000))],
    ids=["500 deep", "fifo", "10,000 unknown ids"],
)
async def test_the_app_starts_and_q_ends_it(timeline, tmp_path, content):
    path = tmp_path / "settings.toml"
    if content == "fifo":
        os.mkfifo(path)
    else:
        path.write_text(content, encoding="utf-8")
    app = BackesApp(timeline, settings=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen is app.explorer
        problems = [n.message for n in app._notifications]
        assert 1 <= len(problems) <= settings_module.SHOWN_PROBLEMS
        if content.startswith("[keys]"):
            assert problems[-1] == f"{path}: 9998 more problems; ignored"
        await press_each(pilot, "q")
        await wait_for(pilot, lambda: not app.is_running)


KEPT = """\
# My settings, by hand.
theme = "textual-light"  # light for the projector

[keys]
search = "s"            # as in my editor
from-a-later-version = "z"

[plugins]  # not ours: a later version's table
colour = "red"
"""


def test_saving_a_theme_keeps_comments_unknown_keys_and_overrides(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(KEPT, encoding="utf-8")
    write_settings(path, Settings(theme="textual-dark"))
    assert path.read_text(encoding="utf-8") == KEPT.replace("textual-light", "textual-dark")


async def test_the_app_keeps_an_edit_made_meanwhile(timeline, tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(KEPT, encoding="utf-8")
    app = BackesApp(timeline, settings=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # Another session, or the user in an editor, changes the file.
        edited = KEPT.replace('search = "s"', 'search = "S"') + "# added later\n"
        path.write_text(edited, encoding="utf-8")
        app.theme = "textual-dark"
        await wait_for(pilot, lambda: "textual-dark" in path.read_text(encoding="utf-8"))
    assert path.read_text(encoding="utf-8") == edited.replace("textual-light", "textual-dark")


def test_saving_writes_through_a_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "backes.toml"
    real.parent.mkdir()
    real.write_text(KEPT, encoding="utf-8")
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir()
    path.symlink_to(real)
    write_settings(path, Settings(theme="textual-dark"))
    assert path.is_symlink() and path.resolve() == real
    assert real.read_text(encoding="utf-8") == KEPT.replace("textual-light", "textual-dark")
    assert sorted(p.name for p in real.parent.iterdir()) == ["backes.toml"]


@pytest.mark.parametrize("content", ["theme = [\n", DEEP, "keys = 5\n"])
def test_a_file_that_cannot_be_read_back_is_left_as_it_is(tmp_path, content):
    path = tmp_path / "settings.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(settings_module.OutputError, match="left as it is"):
        write_settings(path, Settings(theme="textual-dark", keys={"search": "s"}))
    assert path.read_text(encoding="utf-8") == content


def test_a_new_file_says_who_wrote_it(tmp_path):
    path = tmp_path / "new" / "settings.toml"
    write_settings(path, Settings(theme='odd "name"'))
    assert read_settings(path) == (Settings(theme='odd "name"'), [])
    assert path.read_text(encoding="utf-8").startswith("# backes-tui settings")


@pytest.fixture
def locked(tmp_path, monkeypatch) -> Path:
    """A folder with mode 600, as a user who is not root sees it: nothing in
    it can be looked up or created (the tests run as root, who sees through
    modes, so the system calls are made to answer as the kernel would)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o600)

    def guarded(call):
        def call_in_folder(target, *args, **kwargs):
            if isinstance(target, (str, os.PathLike)) and os.fspath(target).startswith(
                f"{folder}{os.sep}"
            ):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(target))
            return call(target, *args, **kwargs)

        return call_in_folder

    for name in ("stat", "lstat", "open", "mkdir"):
        monkeypatch.setattr(os, name, guarded(getattr(os, name)))
    return folder


async def test_a_theme_change_with_an_unreadable_config_folder(timeline, locked):
    app = BackesApp(timeline, settings=locked / "settings.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        notices = record_notifications(app)
        app.theme = "textual-light"
        await wait_for(pilot, lambda: bool(notices))
        assert notices[0].startswith("Settings not saved: ") and "Permission denied" in notices[0]
        assert app.is_running and app.theme == "textual-light"


async def test_export_view_into_an_unreadable_folder(make_app, locked):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        notices = record_notifications(app)
        await press_at_once(pilot, "e", "tab")
        app.screen.query_one("#export-name").value = str(locked / "out.md")
        await press_each(pilot, "enter")
        await wait_for(pilot, lambda: bool(notices))
        assert "Permission denied" in notices[0] and str(locked) in notices[0]
        assert app.is_running
