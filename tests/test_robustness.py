"""Hard to break: hostile text, every terminal size, live resizing, key mashing,
and a data file that is never written."""

from __future__ import annotations

import asyncio
import hashlib
import io
import itertools
import os
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from textual import events

from backes_tui.formats.kinds import KINDS
from backes_tui.formats.printable import one_line
from backes_tui.storage.loader import load_timeline
from backes_tui.timeline.model import item_title
from backes_tui.timeline.years import YearRange
from backes_tui.tui.app import BackesApp
from backes_tui.tui.detail import DetailView
from backes_tui.tui.panes import ItemList
from tests.conftest import DATA, HOSTILE, examples, press_at_once, press_each, resize

WORKING_SIZES = [(80, 24), (100, 30), (120, 40), (200, 60)]
SMALL_SIZES = [(40, 12), (20, 8)]


def rendered_detail(app: BackesApp) -> str:
    console = Console(width=300, file=io.StringIO(), record=True)
    console.print(app.explorer.query_one(DetailView).shown)
    return console.export_text()


def assert_consistent(app: BackesApp) -> None:
    """The panes, header, selection and detail agree with the active filter."""
    view = app.explorer.query_index.view(app.explorer.active_filter)
    for kind in KINDS.values():
        pane = app.explorer.pane(kind.plural)
        shown, total = kind.items(view), len(kind.items(app.timeline))
        assert pane.items == shown, kind.plural
        # One row even when empty, where the pane says why.
        assert pane.virtual_size.height == max(len(shown), 1)
        count = f"{len(shown)}" if len(shown) == total else f"{len(shown)} of {total}"
        assert pane.border_title is not None and pane.border_title.endswith(f"({count})")
        if shown:
            assert pane.highlighted is not None and 0 <= pane.highlighted < len(shown)
        else:
            assert pane.highlighted is None
    if app.explorer.active_filter.active:
        assert app.explorer.sub_title.startswith(one_line(app.explorer.active_filter.describe()))
    else:
        assert app.explorer.sub_title.startswith(f"{len(app.timeline.events)} events")
    focused = app.explorer.focused
    if isinstance(focused, ItemList):
        assert app.explorer.selected is focused.current_item
    if app.explorer.selected is not None:
        assert one_line(item_title(app.explorer.selected))[:40] in rendered_detail(app)


def assert_screen_not_blank(app: BackesApp) -> None:
    width, height = app.size
    message = app.explorer.query_one("#too-small")
    if width < 60 or height < 16:
        assert message.region.height > 0
    else:
        assert message.region.height == 0
        for widget_id in ("chart", "detail"):
            assert app.explorer.query_one(f"#{widget_id}").region.height > 0
        assert any(app.explorer.pane(k.plural).region.height > 2 for k in KINDS.values())


# -- hostile text -------------------------------------------------------------------


async def test_hostile_text_shows_literally_and_cannot_act_or_crash():
    app = BackesApp(load_timeline(HOSTILE))
    async with app.run_test(size=(120, 40)) as pilot:
        events = app.explorer.pane("events")
        # Titles show literally in the panes, and in the header.
        titles = [events.row_text(i).plain for i in range(len(events.items))]
        assert any("[RPCR] joins" in t for t in titles)
        assert any("[@click=app.quit]q[/]" in t for t in titles)
        assert any("x [/] y" in t for t in titles)
        assert not any("\x1b" in t or "\x07" in t for t in titles)
        assert app.title.startswith("[bold red]Mallory[/]")
        assert "\x1b" not in app.title
        quitter = next(i for i, e in enumerate(events.items) if e.title.startswith("[@click"))
        await press_at_once(pilot, *["j"] * quitter)
        assert app.explorer.selected is events.items[quitter]
        # Clicking the row and the detail would fire the action if it were markup.
        await pilot.click("#events", offset=(20, quitter + 1))
        await pilot.click("#detail", offset=(5, 1))
        await pilot.click("#chart", offset=(20, 1))
        await press_at_once(pilot, "1", "enter", "escape", "2", "enter", "escape", "3", "4", "G")
        await press_at_once(pilot, "g", "tab", "y", *"1990s", "enter", "slash", *"[/]", "enter")
        assert app.is_running
        assert_consistent(app)
        # The search off: an event of the 1990s is selected.
        await press_at_once(pilot, "4", "escape")
        detail = rendered_detail(app)
    assert app.return_code in (None, 0)
    assert "[link=https://evil.example]Source[/link]" in detail


# -- sizes and resizing ------------------------------------------------------------------


@pytest.mark.parametrize("size", WORKING_SIZES)
async def test_starts_and_works_at(timeline, size):
    app = BackesApp(timeline)
    async with app.run_test(size=size) as pilot:
        assert_screen_not_blank(app)
        await press_at_once(pilot, "j", "2", "enter", "tab", "3", "escape")
        await press_at_once(pilot, "y", *"2020", "enter")
        assert app.explorer.active_filter.years == YearRange(2020, 2020)
        assert_consistent(app)
        assert_screen_not_blank(app)


@pytest.mark.parametrize("size", SMALL_SIZES)
async def test_small_sizes_show_the_message(timeline, size):
    app = BackesApp(timeline)
    async with app.run_test(size=size) as pilot:
        assert_screen_not_blank(app)
        assert "too small" in str(app.explorer.query_one("#too-small").render())
        await press_at_once(pilot, "j", "tab", "y", "escape")
        assert app.is_running


ALL_SIZES = WORKING_SIZES + SMALL_SIZES


def walk_every_pair(sizes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A walk through ``sizes`` in which every ordered pair of different sizes
    is one step, exactly once (an Eulerian circuit of the complete directed graph)."""
    unused = {a: [b for b in sizes if b != a] for a in sizes}
    stack, walk = [sizes[0]], []
    while stack:
        here = stack[-1]
        if unused[here]:
            stack.append(unused[here].pop())
        else:
            walk.append(stack.pop())
    return walk[::-1]


RESIZE_WALK = walk_every_pair(ALL_SIZES)


def test_the_resize_walk_takes_every_ordered_pair_once():
    steps = list(itertools.pairwise(RESIZE_WALK))
    assert sorted(steps) == sorted(itertools.permutations(ALL_SIZES, 2))


async def test_live_resizing_in_any_order(timeline):
    app = BackesApp(timeline)
    async with app.run_test(size=RESIZE_WALK[0]) as pilot:
        for size in RESIZE_WALK[1:]:
            await resize(pilot, *size)
            assert_screen_not_blank(app)
        await press_each(pilot, "1", "j", "enter")
        assert_consistent(app)


# -- key mashing -------------------------------------------------------------------------

# Every key the explorer binds, and every key the palette and the dialogs use.
BINDING_KEYS = [
    "j",
    "k",
    "g",
    "G",
    "up",
    "down",
    "home",
    "end",
    "pageup",
    "pagedown",
    "ctrl+home",
    "ctrl+end",
    "shift+home",
    "shift+end",
    "1",
    "2",
    "3",
    "4",
    "tab",
    "shift+tab",
    "enter",
    "y",
    "slash",
    "left_square_bracket",
    "right_square_bracket",
    "left_curly_bracket",
    "right_curly_bracket",
    "escape",
    "question_mark",
    "backspace",
    "ctrl+p",
]
# "q" quits by design, so it is left out: the property is that nothing else ends
# or breaks the session.
PRINTABLE = [c for c in string.ascii_letters + string.digits + " -.–" if c != "q"]
KEYS = BINDING_KEYS + PRINTABLE
KEY_SEQUENCES_RUN = examples(40)
# Keys that open a dialog, and keys a dialog's lists and inputs take.
OPENERS = ["ctrl+p", "y", "slash", "question_mark"]
LIST_KEYS = [
    "pageup",
    "pagedown",
    "home",
    "end",
    "ctrl+home",
    "ctrl+end",
    "shift+home",
    "shift+end",
]


class NoQuitCommand(BackesApp):
    """The app, less the palette command that quits: choosing it would end the
    session by design, and a random string can match it."""

    def get_system_commands(self, screen):
        return (c for c in super().get_system_commands(screen) if c.title != "Quit")


def post_burst(app: BackesApp, keys: list[str]) -> None:
    """Keys arriving in one tick, as from a fast typist or a laggy browser
    session: none is handled before the next is queued (`Pilot.press` would
    let the app settle between keys)."""
    for key in keys:
        app.post_message(events.Key(key, None))


async def _mash(app: BackesApp, runs: list[list[list[str]]], where: Path) -> None:
    # The palette's "Screenshot" writes a file into the working directory.
    os.chdir(where)
    async with app.run_test(size=(100, 30)) as pilot:
        for run, bursts in enumerate(runs):
            case = f"run {run}: {bursts}"
            assert_as_started(app, case)
            for burst in bursts:
                post_burst(app, burst)
                # Each burst is handled before the next arrives, in a tick of
                # its own; the app settles fully once, at the end (a full pause
                # after every burst cost 20-100 ms of sleeping each).
                await pilot.pause(0)
            await pilot.pause()
            assert app.is_running, case
            # Close any dialog so the explorer's state can be read as a person sees it.
            while app.screen is not app.explorer:
                await press_each(pilot, "escape")
            assert_consistent(app)
            assert_screen_not_blank(app)
            # Back to the start for the next run: the date cursor, the
            # search, the kinds and the years off, the events' first row.
            await press_each(pilot, *["escape"] * 5, "4", "g")
    assert app.return_code in (None, 0)


# Runs of bursts an app takes, each from the explorer as it opened: an app
# costs more than a run's keys. One example more than the runs asked for
# need, for the simplest example Hypothesis tries first (every run empty).
RUNS_AN_APP = 5


@settings(
    max_examples=KEY_SEQUENCES_RUN // RUNS_AN_APP + 1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    runs=st.lists(
        st.lists(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4), max_size=20),
        min_size=RUNS_AN_APP,
        max_size=RUNS_AN_APP,
    )
)
def test_key_mashing_never_breaks_the_app(timeline, tmp_path_factory, runs):
    home = Path.cwd()
    try:
        asyncio.run(_mash(NoQuitCommand(timeline), runs, tmp_path_factory.mktemp("mash")))
    finally:
        os.chdir(home)


def assert_as_started(app: BackesApp, case: object) -> None:
    """The explorer as it opens: what each case of a shared app starts from."""
    assert app.is_running and app.screen is app.explorer, case
    assert not app.explorer.active_filter.active, case
    assert app.focused is app.explorer.pane("events"), case
    assert app.explorer.selected is app.timeline.events[0], case


async def test_list_keys_in_the_same_tick_as_a_dialog_opens(timeline):
    """Textual 8.2.8's palette died on a page key that beat its layout (KeyError
    in OptionList._move_page); no dialog may. One app for every dialog: each
    is closed, with the explorer as it opened, before the next."""
    app = BackesApp(timeline)
    async with app.run_test(size=(100, 30)) as pilot:
        for opener in OPENERS:
            # The page keys alone (the crash seen), then every list key in one burst.
            for burst in [[opener, "pageup"], [opener, "pagedown"], [opener, *LIST_KEYS]]:
                assert_as_started(app, burst)
                post_burst(app, burst)
                await pilot.pause()
                assert app.is_running, burst
                assert app.screen is not app.explorer, burst
                await press_each(pilot, "escape")
                assert app.screen is app.explorer, burst
        assert_as_started(app, "the end")
    assert app.return_code in (None, 0)


async def test_a_dialog_answers_once_to_keys_in_one_tick(timeline):
    """Found by the mashing test: a second enter in the same tick dismissed
    the dialog again, with no screen left to pop. One app for every case: an
    enter that reaches the explorer filters it, and escape takes that off
    before the next case."""
    app = BackesApp(timeline)
    async with app.run_test(size=(100, 30)) as pilot:
        for opener in ["y", "slash"]:
            for keys in [["enter", "enter"], ["enter", "escape"], ["escape", "enter"]]:
                case = (opener, *keys)
                assert_as_started(app, case)
                await press_each(pilot, opener)
                post_burst(app, keys)
                await pilot.pause()
                assert app.is_running and app.screen is app.explorer, case
                if app.explorer.active_filter.active:
                    await press_each(pilot, "escape")
    assert app.return_code in (None, 0)


# -- nothing is lost ---------------------------------------------------------------------


def _fingerprint(path: Path) -> tuple[int, str]:
    return path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


async def test_a_session_never_writes_the_data_file(tmp_path):
    data = tmp_path / "timeline.json"
    shutil.copy(DATA, data)
    before = _fingerprint(data)
    app = BackesApp(load_timeline(data))
    async with app.run_test(size=(120, 40)) as pilot:
        await press_at_once(pilot, "j", "2", "enter", "y", *"2019-2023", "enter")
        await press_at_once(pilot, "slash", *"sako", "enter", "escape", "question_mark", "escape")
        await press_each(pilot, "q")
    assert _fingerprint(data) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.json"]


@given(st.text())
def test_printable_text_is_what_the_escaping_rules_give(text):
    """The quick path (text that is already printable) against the rules
    applied to every text: the same answer for any text at all."""
    from backes_tui.formats import printable as module

    escaped = module._UNSAFE.sub(module._escape, text)
    assert module.printable(text) == escaped
    assert module.one_line(text) == module._UNSAFE.sub(
        module._escape, module._LINE_BREAKS.sub(" ", text)
    )


async def test_keys_typed_at_launch_wait_for_the_screen_and_act_in_order(make_app):
    """A fast typist (or a paste) at launch: the keys arrive before the
    explorer has its panes, which its bindings reach for. They act once it
    has them, in the order typed, and the app does not fail."""
    app = make_app()
    seen: list[object] = []

    async def type_at_launch(pilot) -> None:
        seen.append(app.explorer.is_mounted)  # before anything has settled
        for key in ("t", "2", "j"):
            app.post_message(events.Key(key, key))
        await pilot.pause()
        seen.append(app.explorer.date_cursor is not None)
        seen.append(app.focused is app.explorer.pane("offices"))
        seen.append(app.explorer.selected is app.timeline.offices[1])
        app.exit()

    await app.run_async(headless=True, size=(80, 24), auto_pilot=type_at_launch)
    assert app.return_code == 0
    assert seen == [False, True, True, True]


async def test_keys_kept_for_a_dialog_as_the_app_closes_are_dropped_quietly(make_app):
    """`?` opens help, and the `j` behind it waits for help to have its
    widgets; the app told to close in the same tick lets that wait go as it
    takes its screens down. The kept key has nothing left to act on: it used
    to reach for a screen that was gone, and the app ended with a traceback."""
    app = make_app()
    async with app.run_test(size=(80, 24)):
        app.post_message(events.Key("question_mark", "?"))
        app.post_message(events.Key("j", "j"))
        app.exit()
    assert app.return_code == 0
