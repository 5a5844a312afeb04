"""The benchmark's round of keys does what each key is named for.

`benchmarks/run.py` (with `in_terminal.py`) times each key of its round at 100k events by how long
the screen takes to change, and cannot see what changed. Until this test, its
"follow link 1" was pressed on an event with no links, so it went to the eras
pane, and "back from the link" timed a jump back to a year instead.

Here the round runs on the benchmark's own generator and seed at 10k events
(at 100k, building the timeline alone takes 3 s); then the next run's first
keys, since the benchmark runs the round more than once.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any, NamedTuple

from backes_tui.storage.loader import parse_timeline
from backes_tui.timeline.years import YearRange
from backes_tui.tui.app import BackesApp
from backes_tui.tui.detail import DetailView
from tests.conftest import ROOT, press_each, synth_module

# What tmux's key names are in Textual; a character stands for itself.
TEXTUAL_KEY = {
    "NPage": "pagedown",
    "PPage": "pageup",
    "Tab": "tab",
    "BTab": "shift+tab",
    "Escape": "escape",
    "Enter": "enter",
    "C-o": "ctrl+o",
    "M-Right": "alt+right",
    "Right": "right",
}


class Where(NamedTuple):
    """What a key can change, as the test reads it."""

    focus: str | None
    years: YearRange | None
    selected: object
    row: int | None
    cursor: object
    links: tuple[object, ...]


def where(app: BackesApp) -> Where:
    explorer = app.explorer
    pane = explorer.pane(explorer.current_pane)
    return Where(
        app.focused.id if app.focused is not None else None,
        explorer.active_filter.years,
        explorer.selected,
        pane.highlighted,
        explorer.date_cursor,
        tuple(explorer.query_one(DetailView).links.items),
    )


def one_year_on(step: int) -> Any:
    def check(before: Where, after: Where) -> bool:
        return (
            before.years is not None
            and after.years is not None
            and after.years.start == before.years.start + step
        )

    return check


# Each key's name, and what it must have done.
DOES = {
    "3 (parties)": lambda b, a: a.focus == "parties",
    "4 (events)": lambda b, a: a.focus == "events",
    "j": lambda b, a: a.row == b.row + 1,
    "k": lambda b, a: a.row == b.row - 1,
    "G": lambda b, a: a.row > b.row,
    "g": lambda b, a: a.row == 0,
    "pagedown": lambda b, a: a.row > b.row + 1,
    "pageup": lambda b, a: a.row == 0,
    "tab": lambda b, a: a.focus == "detail",
    "shift+tab": lambda b, a: a.focus == "events",
    "] (a year)": lambda b, a: b.years is None and a.years is not None,
    "] (next year)": one_year_on(1),
    "[": one_year_on(-1),
    "}": one_year_on(10),
    "{": one_year_on(-10),
    "escape (clear years)": lambda b, a: b.years is not None and a.years is None,
    "enter (filter to the item)": lambda b, a: a.years is not None,
    "escape (clear again)": lambda b, a: b.years is not None and a.years is None,
    "t (date cursor)": lambda b, a: b.cursor is None and a.cursor is not None,
    "l": lambda b, a: a.cursor > b.cursor,
    "h": lambda b, a: a.cursor < b.cursor,
    "L": lambda b, a: a.cursor > b.cursor,
    "H": lambda b, a: a.cursor < b.cursor,
    "escape (hide the cursor)": lambda b, a: a.cursor is None,
    "ctrl+o (back)": lambda b, a: b.years is None and a.years is not None,
    "alt+right (forward)": lambda b, a: b.years is not None and a.years is None,
    "1 (eras)": lambda b, a: a.focus == "eras" and a.years is None,
    "ctrl+o (back to a year, in another pane)": (
        lambda b, a: b.focus == "eras" and a.focus == "events" and a.years is not None
    ),
    "alt+right (forward, to another pane)": lambda b, a: a.focus == "eras" and a.years is None,
    "2 (offices)": lambda b, a: a.focus == "offices",
    "right (into the detail)": lambda b, a: a.focus == "detail" and len(a.links) > 0,
    "1 (follow link 1)": lambda b, a: a.focus == "events" and a.selected is b.links[0],
    "ctrl+o (back from the link)": lambda b, a: a.focus == "offices" and a.years is None,
}


def benchmark_module() -> Any:
    """`benchmarks/in_terminal.py`, which holds the round, imported as
    `benchmarks/run.py` imports it: beside its sibling modules, on an import
    path put back as it was afterwards."""
    bench = ROOT / "benchmarks"
    spec = importlib.util.spec_from_file_location("bench_in_terminal", bench / "in_terminal.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    path = list(sys.path)
    sys.path.insert(0, str(bench))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path
    return module


async def test_each_key_of_the_benchmark_round_does_what_it_is_named_for():
    key_round = benchmark_module().KEY_ROUND
    assert [name for _, name in key_round] == list(DOES)
    timeline = parse_timeline(synth_module().synthesize(10_000), "synthetic")
    app = BackesApp(timeline)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        seen: dict[str, Where] = {}
        for key, name in key_round:
            before = where(app)
            await press_each(pilot, TEXTUAL_KEY.get(key, key))
            seen[name] = after = where(app)
            assert DOES[name](before, after), f"{name}: {before} -> {after}"
        assert after.selected is seen["2 (offices)"].selected  # back where the link was
        # The next run starts where this one ended, and is the same run from
        # "g" on: its keys before then are relative, or go to a pane.
        for key, name in key_round[: [name for _, name in key_round].index("g") + 1]:
            before = where(app)
            await press_each(pilot, TEXTUAL_KEY.get(key, key))
            assert DOES[name](before, where(app)), f"the next run, {name}"
        assert where(app) == seen["g"]
