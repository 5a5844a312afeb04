"""Screen-reader mode in the app: how it is turned on, what the rows and the
status line say, where the cursor goes. The real terminal is in
test_screen_reader_tmux.py."""

from __future__ import annotations

import io
import re

import pytest
from textual.widgets import Input

from backes_tui.cli import main
from backes_tui.tui.app import BackesApp
from backes_tui.tui.help import HelpScreen
from backes_tui.tui.panes import ItemList
from backes_tui.tui.reader_words import SCREEN_READER, StatusLine, item_words
from backes_tui.tui.screen_reader import cursor_spot
from backes_tui.tui.settings import Settings, read_settings, write_settings
from tests.conftest import press_at_once, press_each, wait_for

BOXES = re.compile("[\u2500-\u259f]")


def test_rows_say_every_mark_in_words(timeline):
    secretary = next(o for o in timeline.offices if o.title == "State Secretary for Citizenship")
    assert item_words(timeline, secretary) == (
        "State Secretary for Citizenship, 4 July 2022 to 10 October 2023 "
        "or September 2023 (Text: resignation), disputed"
    )
    president = next(o for o in timeline.offices if o.title.startswith("President"))
    assert item_words(timeline, president) == (
        "President of the Assembly of South Province, 17 May 2019 to ongoing as of 14 July 2024"
    )
    joins = next(e for e in timeline.events if e.title == "Joins RPCR")
    assert item_words(timeline, joins) == "Joins RPCR, 1994, derived"
    renaissance = next(p for p in timeline.parties if p.short == "Renaissance")
    assert item_words(timeline, renaissance) == "Renaissance, by July 2022; end not stated"


def test_the_setting_reads_and_writes_back(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('theme = "textual-light"  # mine\n', encoding="utf-8")
    write_settings(path, Settings(screen_reader=True))
    assert read_settings(path) == (Settings(theme="textual-light", screen_reader=True), [])
    assert "# mine" in path.read_text(encoding="utf-8")
    path.write_text('screen_reader = "yes"\n', encoding="utf-8")
    settings, problems = read_settings(path)
    assert settings.screen_reader is None
    assert problems == [f"{path}: screen_reader: expected true or false, found str"]


async def test_the_settings_file_turns_it_on(timeline, tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("screen_reader = true\n", encoding="utf-8")
    app = BackesApp(timeline, settings=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.has_class(SCREEN_READER)
        assert app.animation_level == "none"


async def test_off_by_default_and_the_palette_toggle_is_kept(timeline, tmp_path):
    path = tmp_path / "settings.toml"
    app = BackesApp(timeline, settings=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.has_class(SCREEN_READER)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screen-reader mode" in titles
        app.action_toggle_screen_reader()
        await pilot.pause()
        assert app.has_class(SCREEN_READER)
        assert read_settings(path)[0].screen_reader is True
        app.action_toggle_screen_reader()
        await pilot.pause()
        assert not app.has_class(SCREEN_READER)
        assert read_settings(path)[0].screen_reader is False


async def test_the_cursor_follows_the_row_the_dialog_and_the_help(make_app):
    app = make_app(screen_reader=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.explorer.pane("events")
        await press_at_once(pilot, "j", "j")
        await pilot.pause()
        spot = cursor_spot(app)
        assert spot is not None
        assert spot.y == pane.content_region.y + 2 - pane.scroll_offset.y
        status = app.explorer.query_one(StatusLine)
        await wait_for(pilot, lambda: status.said.startswith("Events, 3 of 42: "))
        await press_each(pilot, "y")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        field = app.focused
        assert isinstance(field, Input)
        assert cursor_spot(app) == field.cursor_screen_offset
        assert field.cursor_blink is False  # nothing blinks
        await press_each(pilot, "escape")
        await wait_for(pilot, lambda: isinstance(app.focused, ItemList))
        await press_each(pilot, "question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.lines[0] == "j / down: Cursor down"
        assert not any(BOXES.search(line) for line in help_screen.lines)


@pytest.mark.parametrize("argv", [["--no-config", "--screen-reader"], ["serve", "--screen-reader"]])
def test_only_the_browser_page_has_no_screen_reader_mode_yet(capsys, monkeypatch, argv):
    started: list[bool] = []
    monkeypatch.setattr(
        BackesApp, "run", lambda self, **_: started.append(self._screen_reader_asked)
    )
    code = main(argv)
    err = capsys.readouterr().err
    if "serve" in argv:
        assert code == 2 and err.count("\n") == 1 and "browser page has no screen-reader" in err
    else:
        assert code == 0 and started == [True]


def test_the_detail_and_what_held_say_their_marks_in_words(timeline):
    from rich.console import Console

    from backes_tui.formats.records import marks_in_words
    from backes_tui.timeline.dates import PartialDate
    from backes_tui.timeline.query import TimelineQuery
    from backes_tui.tui.detail import describe
    from backes_tui.tui.held import held_on, held_text

    secretary = next(o for o in timeline.offices if o.title == "State Secretary for Citizenship")
    console = Console(width=200, record=True, file=io.StringIO())
    with marks_in_words(True):
        console.print(describe(timeline, secretary))
        when = PartialDate(2022)
        held = held_text(timeline, when, held_on(timeline, TimelineQuery(timeline), when))
    detail = console.export_text()
    assert "⚠" not in detail
    assert "Term: 4 July 2022 – 10 October 2023, disputed: or September 2023" in detail
    assert "Disputed: When did her term as State Secretary end?" in detail
    assert "Member of Renaissance (possible)" in held.plain and "?" not in held.plain


async def test_the_cursor_and_status_follow_a_dialog_s_list(make_app):
    from textual.widgets import OptionList

    app = make_app(screen_reader=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_each(pilot, "e")
        await wait_for(pilot, lambda: isinstance(app.focused, OptionList))
        formats = app.focused
        assert isinstance(formats, OptionList)
        await press_each(pilot, "down")
        await wait_for(pilot, lambda: formats.highlighted == 1)
        spot = cursor_spot(app)
        assert spot is not None and spot.y == formats.content_region.y + 1
        status = app.explorer.query_one(StatusLine)
        await wait_for(pilot, lambda: "JSON: every pane" in status.said)
        assert status.said.startswith("Export view: JSON: every pane") and "2 of 5" in status.said
