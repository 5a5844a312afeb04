"""What the screen keeps drawn (pane rows, chart lines) is what a fresh draw gives.

Rows and charts are kept to answer keys quickly, by what they show: the item,
the cursor, the years, the search, the theme, the width, the focus. After
each step a user might take, the screen must be the same as one drawn with
nothing kept.
"""

from __future__ import annotations

from typing import Any

from textual._compositor import Compositor

from backes_tui.storage.loader import parse_timeline
from backes_tui.tui.app import BackesApp
from backes_tui.tui.chart_view import ChartView
from backes_tui.tui.explorer_state import PANE_ORDER
from backes_tui.tui.textual_patches import FooterKey, KeyFooter
from tests.conftest import press_each, resize, synth_module


def screen_cells(app: Any) -> list[list[tuple[str, object]]]:
    strips = app.screen._compositor.render_strips()
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


async def assert_same_as_fresh(pilot: Any, app: Any, step: str) -> None:
    await pilot.pause()
    kept = screen_cells(app)
    explorer = app.explorer
    for pane_id in PANE_ORDER:
        pane = explorer.pane(pane_id)
        pane._rows.clear()
        pane.refresh()
    chart = explorer.query_one(ChartView)
    chart._strips.clear()
    chart.chart._drawn.clear()
    chart.chart._lines_drawn.clear()
    chart.refresh()
    await pilot.pause()
    assert screen_cells(app) == kept, f"kept drawing differs from a fresh one after {step}"


async def test_kept_rows_and_charts_match_a_fresh_draw_at_every_step():
    # Synthetic, with the first rows only possibly in their year, which a year
    # filter marks "?", and a year with more events than the pane has room for.
    app = BackesApp(parse_timeline(synth_module().synthesize(5000, seed=2), "synthetic"))
    # A word of a row on the first screen, so that the search marks a row already drawn.
    word = app.timeline.events[1].title.split()[0].lower()
    steps: list[tuple[str, tuple[str, ...]]] = [
        ("the cursor moving", ("j", "j", "k")),
        ("a year filter (rows say how sure they are)", ("right_square_bracket",)),
        ("the next year", ("right_square_bracket",)),
        ("back to the year before", ("left_square_bracket",)),
        ("a decade", ("right_curly_bracket",)),
        ("clearing the years", ("escape",)),
        ("the first rows again", ("g",)),
        ("a search", ("slash", *word, "enter")),
        ("back", ("ctrl+o",)),
        ("forward", ("alt+right",)),
        ("clearing the search", ("escape",)),
        ("the detail taking the focus", ("tab",)),
        ("the pane taking it back", ("shift+tab",)),
        # The chart keeps each line it can: these change the bars' rows.
        ("the first era's bar selected", ("1", "g")),
        ("the next era's bar selected, on another row", ("j",)),
        ("the date cursor", ("t", "l")),
        ("the date cursor hidden", ("escape",)),
        ("back to the events", ("4",)),
    ]
    async with app.run_test(size=(100, 30)) as pilot:
        await assert_same_as_fresh(pilot, app, "start-up")
        for step, keys in steps:
            await press_each(pilot, *keys)
            await assert_same_as_fresh(pilot, app, step)
        app.theme = "textual-light"
        await assert_same_as_fresh(pilot, app, "a new theme")
        await press_each(pilot, "ctrl+o", "j")
        await assert_same_as_fresh(pilot, app, "back, in the new theme")
        await resize(pilot, 130, 40)
        await assert_same_as_fresh(pilot, app, "a wider terminal")
        await press_each(pilot, "right_square_bracket", "ctrl+o")
        await assert_same_as_fresh(pilot, app, "back, at the new width")


def footer_keys(app: Any) -> list[tuple[str, str, bool, object]]:
    return [
        (key.key, key.description, key.disabled, key.tooltip) for key in app.screen.query(FooterKey)
    ]


async def test_the_footer_is_rebuilt_when_what_it_shows_changes_and_only_then(make_app):
    app = make_app()
    steps = [
        ("tab",),  # the detail's keys, none of them shown
        ("shift+tab",),
        ("right",),
        ("left",),
        ("right_square_bracket",),  # escape now clears the years
        ("right_curly_bracket",),
        ("slash", *"noum", "enter"),  # escape now clears the search first
        ("escape",),
        ("j",),
        ("escape",),
        ("t",),  # the date cursor
        ("l",),
        ("escape",),
    ]
    async with app.run_test(size=(100, 30)) as pilot:
        footer = app.screen.query_one(KeyFooter)
        shown = footer_keys(app)
        for keys in steps:
            before, was_shown = list(app.screen.query(FooterKey)), shown
            await press_each(pilot, *keys)
            await pilot.pause()
            shown = footer_keys(app)
            rebuilt = list(app.screen.query(FooterKey)) != before
            assert rebuilt == (shown != was_shown), f"rebuilt: {rebuilt}, after {keys}"
            footer.refresh(recompose=True)
            await pilot.pause()
            assert footer_keys(app) == shown, f"stale footer after {keys}"


async def test_a_key_redraws_what_it_changes_not_the_whole_screen(make_app, monkeypatch):
    # A screen-wide repaint (the default for a screen's reactives) drew the
    # whole screen once more after each cursor move, filter and focus move:
    # 26 whole screens over the benchmark's 29 keys, 10 KB each to the
    # terminal or the browser.
    app = make_app()
    whole: list[str] = []
    draw_whole = Compositor.render_full_update

    def drawn_whole(self: Compositor, *args: Any, **kwargs: Any) -> Any:
        whole.append("whole screen")
        return draw_whole(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_full_update", drawn_whole)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        keys = ["j", "k", "3", "4", "right", "left", "right_square_bracket", "escape", "t"]
        for key in keys:
            whole.clear()
            await press_each(pilot, key)
            await pilot.pause()
            assert whole == [], f"{key} drew the whole screen"
        # What does change the whole screen still draws it whole.
        await resize(pilot, 121, 40)
        assert whole
