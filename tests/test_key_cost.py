"""A cursor move redraws what it changes, in place: the pane's two rows, the
chart's changed lines and the detail, with no layout of the screen (each
cost a whole-screen layout and frame, and the detail two; see
tui/drawn_view.py). What the screen then shows is test_redraw's and the
snapshots' to check; these check that it stays cheap and consistent."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.widgets import Static

from backes_tui.timeline.model import item_title
from backes_tui.tui.app import BackesApp
from backes_tui.tui.columns import WIDE
from backes_tui.tui.detail import DetailView
from backes_tui.tui.explorer_state import ExplorerState
from tests.conftest import press_each, record_restyles, resize


async def test_a_cursor_move_lays_nothing_out_yet_shows_the_new_item(timeline):
    app = BackesApp(timeline)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app, layouts.append, immediate=True)
        for _ in range(3):
            await press_each(pilot, "j")
        await pilot.pause()
        assert layouts == []
        assert isinstance(app.screen, ExplorerState)
        event = timeline.events[3]
        assert app.screen.selected is event
        detail = app.screen.query_one(DetailView)
        assert detail.render_line(0).text.strip() == item_title(event)


async def test_the_detail_s_scrollbar_comes_and_goes_with_its_lines(timeline):
    """Drawn at the width it has, with the scrollbar's column taken only when
    its lines overflow: as a Static in a scrolling container was."""
    app = BackesApp(timeline)
    seen = set()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        detail = app.explorer.query_one(DetailView)
        for _ in range(len(timeline.events)):
            overflows = detail.virtual_size.height > detail.content_region.height
            assert detail.show_vertical_scrollbar == overflows
            width = detail.scrollable_content_region.width
            assert width == detail.content_region.width - (1 if overflows else 0)
            lines = [detail.render_line(y) for y in range(detail.content_region.height)]
            assert max(line.cell_length for line in lines) <= width
            seen.add(overflows)
            if len(seen) == 2:
                break
            await press_each(pilot, "j")
    assert seen == {True, False}


async def test_the_pane_switcher_is_kept_only_while_shown_and_right_once_it_shows(timeline):
    """Hidden at a wide terminal, it is not redrawn (each update laid the
    screen out): a pane key and a filter there, then a narrow terminal, and it
    names the current pane and the filter's counts."""
    app = BackesApp(timeline)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press_each(pilot, "2", "right_square_bracket")
        await pilot.pause()
        await resize(pilot, 80, 24)
        tabs = app.explorer.query_one("#pane-tabs", Static)
        assert tabs.display
        offices = len(app.explorer.pane("offices").items)
        assert offices < len(timeline.offices)  # the filter's count, not the whole
        text = tabs.visual
        assert isinstance(text, Content)
        current = [str(text)[s.start : s.end] for s in text.spans if "bold" in str(s.style)]
        assert current == [f" 2 Offices ({offices}) "]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_start_restyles_the_screen_once(timeline, size):
    """The first layout restyles every widget; the size's classes (-narrow,
    -tall...) are there for it, not set by the first Resize, which restyled
    the whole screen and laid it out once more."""
    app = BackesApp(timeline)
    restyled = record_restyles(app)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.explorer
        assert screen.has_class("-narrow") is (size[0] < WIDE)
        assert [node for node in restyled if node is screen] == [screen]
