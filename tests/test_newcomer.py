"""What a newcomer meets on the screen (issue 35): marks that say what they
mean, cursors that stop at the timeline's span, links and copies that say
which is which, help and palette entries that agree with the README."""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET

import aiohttp
import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser

from backes_tui.cli import main
from backes_tui.formats.citation import item_markdown
from backes_tui.formats.lanes import axis_for
from backes_tui.timeline.stops import shift_within
from backes_tui.timeline.years import YearRange
from backes_tui.tui.chart_view import ChartView
from backes_tui.tui.detail import DetailView
from backes_tui.tui.system_commands import save_screenshot
from backes_tui.tui.textual_patches import FooterKey, KeyFooter, keep_escape_apart
from tests.conftest import ROOT, press_at_once, press_each, record_notifications
from tests.test_app import detail_text, pane
from tests.test_serve import _frames_until, _type, served  # noqa: F401 (a fixture)
from tests.tmux import TmuxScreen, until


async def test_an_ongoing_span_shows_the_charts_mark_and_the_help_and_key_say_as_of_when(
    make_app,
):
    # And the help says which of l and enter need the date cursor.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press_each(pilot, "2")
        rows = [pane(app, "offices").row_text(i).plain for i in range(2)]
        assert any("2019–▶" in row for row in rows), rows
        assert not any("now" in row for row in rows)
        await press_each(pilot, "K")
        chart = app.explorer.query_one(ChartView)
        shown = " ".join(line.plain for line in chart.chart.lines(120))
        assert "▶ ongoing as of 14 July 2024" in shown
        await press_each(pilot, "question_mark")
        meanings = [meaning for mark, meaning in app.screen.symbols if mark == "▶"]
        assert any("ongoing as of 14 July 2024" in meaning for meaning in meanings)
        # The help (one opened for both) also says which l and enter need the date cursor.
        rows = app.screen.rows
        for key in ("l", "enter", "h"):
            meanings = [does for keys, does in rows if key in keys.split(" / ")]
            assert len(meanings) == 2, (key, meanings)
            assert any(m.startswith("With the date cursor") for m in meanings), meanings
            assert any(m.startswith("Without the date cursor") for m in meanings) or key == "h"


def _step_by_step(years: YearRange, delta: int, first: int, last: int) -> YearRange:
    """The oracle: one year at a time, until the leading edge would pass the
    edge it moves towards (moving back in from beyond one is always fine)."""
    step = 1 if delta > 0 else -1
    for _ in range(abs(delta)):
        moved = years.shifted(step)
        lead = [y for y in ((moved.end, moved.start) if step > 0 else (moved.start, moved.end))]
        edge = next(y for y in lead if y is not None)
        if (step > 0 and edge > last) or (step < 0 and edge < first):
            break
        years = moved
    return years


@given(
    start=st.one_of(st.none(), st.integers(1900, 2100)),
    width=st.integers(0, 60),
    open_end=st.booleans(),
    delta=st.integers(-40, 40).filter(bool),
)
def test_the_year_window_stops_at_the_timelines_edges(start, width, open_end, delta):
    end = None if open_end or start is None else start + width
    if start is None and end is None:
        end = 1950 + width
    years = YearRange(start, end)
    assert shift_within(years, delta, 1952, 2024) == _step_by_step(years, delta, 1952, 2024)


async def test_the_date_cursor_and_the_year_window_stop_where_the_chart_does(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        said = record_notifications(app)
        # Where the keys lead, not each step: one burst each (a settle a key is 125 ms).
        await press_each(pilot, "t")
        await press_at_once(pilot, *"L" * 30)
        axis = app.explorer.query_one(ChartView).axis()
        assert app.explorer.date_cursor.year == axis.last.year
        assert any("stops at" in line for line in said)
        await press_at_once(pilot, *"H" * 30)
        assert app.explorer.date_cursor.year == axis.first.year
        await press_at_once(pilot, "t", "y", *"2020", "enter")
        said.clear()
        await press_at_once(pilot, *"}" * 5, *"]" * 5)
        years = app.explorer.active_filter.years
        whole = axis_for(app.explorer.timeline, app.explorer.timeline.events, None, 1)
        assert years == YearRange(whole.last.year, whole.last.year)
        assert any(f"ends in {whole.last.year}" in line for line in said)
        await press_at_once(pilot, *"{" * 20)
        assert app.explorer.active_filter.years == YearRange(whole.first.year, whole.first.year)


@pytest.mark.parametrize("width", ["-5", "0", "10", "599", "20001", "wide"])
def test_a_chart_width_it_cannot_draw_is_refused_in_one_line(capsys, width):
    with pytest.raises(SystemExit) as refused:
        main(["chart", f"--width={width}"])
    assert refused.value.code == 2
    said = capsys.readouterr()
    assert said.out == ""
    assert said.err.splitlines()[-1].startswith("backes-tui chart: error: argument --width: ")


@pytest.mark.parametrize(("years", "width"), [("2019-2023", 1000), ("2019-2023", 600), (None, 600)])
def test_every_event_mark_on_the_axis_keeps_its_number(capsys, years, width):
    args = ["chart", f"--width={width}"] + (["--year", years] if years else [])
    assert main(args) == 0
    root = ET.fromstring(capsys.readouterr().out)
    numbers = [
        int(text.text or "")
        for text in root.iter("{http://www.w3.org/2000/svg}text")
        if text.get("font-size") == "9" and (text.text or "").isdigit()
    ]
    notes = [
        text.text or ""
        for text in root.iter("{http://www.w3.org/2000/svg}text")
        if "too close to number" in (text.text or "")
    ]
    listed = [
        text.text
        for text in root.iter("{http://www.w3.org/2000/svg}text")
        if re.fullmatch(r"\d+\.", text.text or "")
    ]
    # Numbered on the axis: each listed event that lies on it, once; or a note says how many not.
    assert len(numbers) == len(set(numbers))
    assert set(numbers) <= set(range(1, len(listed) + 1))
    if years == "2019-2023":
        # 1 (the MPC's win, on or after 2013) and 11 (her leadership, held on
        # 14 July 2024) are listed, as possibly within the years, but lie off the axis.
        assert sorted(numbers) == list(range(2, 11)) and not notes
    if years is None:
        # All of them but her grandparents' 1952 arrival, before the axis (its «).
        left_out = int(notes[0].split()[0]) if notes else 0
        assert len(numbers) + left_out == len(listed) - 1


async def test_links_in_a_dispute_say_which_is_which_and_one_the_search_hides_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await press_each(pilot, "4")
        app.explorer.jump_to(app.explorer.timeline.find("resigns-ministry"))
        await pilot.pause()
        text = " ".join(detail_text(app).split())
        dispute = text.split("Also in this dispute: ")[1]
        assert re.search(r"office \[\d\] State Secretary for Citizenship", dispute), dispute
        assert re.search(r"era \[\d\] State Secretary for Citizenship", dispute), dispute
        # Then, from no filter: a link the search hides clears it, and says so.
        assert not app.explorer.active_filter.active
        said = record_notifications(app)
        await press_at_once(pilot, "slash", *"resigns", "enter")
        assert [e.id for e in pane(app, "events").items] == ["resigns-ministry"]
        await press_at_once(pilot, "4", "l")
        links = app.explorer.query_one(DetailView).links.items
        number = next(
            n for n, item in enumerate(links, 1) if item.id == "state-secretary-citizenship"
        )
        await press_each(pilot, str(number))
        assert app.explorer.selected.id == "state-secretary-citizenship"
        assert app.explorer.active_filter.text == ""
        assert "is not in “resigns”: filters cleared to show it (ctrl+o goes back)" in said[-1]
        await press_each(pilot, "ctrl+o")
        assert app.explorer.active_filter.text == "resigns"


def test_quotes_copied_as_markdown_are_paragraphs_of_their_own(timeline):
    secretary = timeline.office("state-secretary-citizenship")
    assert len(secretary.cites) > 1
    lines = item_markdown(timeline, secretary).split("\n")
    quotes = [i for i, line in enumerate(lines) if line.startswith("> ")]
    assert len(quotes) == len(secretary.cites)
    for i in quotes:
        assert lines[i + 1] == "", lines[i : i + 2]


async def test_the_palette_names_each_entry_once_as_the_readme_does(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles)), titles
        assert "Change theme" in titles and "Theme" not in titles
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        assert '"Change theme"' in readme


async def test_n_without_a_search_and_a_screenshot_say_what_to_do_or_where_it_went(
    make_app, tmp_path
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        said = record_notifications(app)
        await press_each(pilot, "n")
        assert said == ["No search: / to search"]
        path = save_screenshot(app, tmp_path)
        assert path is not None and path.parent == tmp_path.resolve()
        assert path.read_text(encoding="utf-8").startswith("<svg")
        assert said[-1] == f"Saved the screenshot as {path}"
        again = save_screenshot(app, tmp_path)  # within the same second, as likely
        assert again is not None and again != path and path.exists()
        again.unlink()
        missing = tmp_path / "gone"
        assert save_screenshot(app, missing) is None
        assert said[-1].startswith("Screenshot not saved: ") and str(missing) in said[-1]
        assert [p for p in tmp_path.iterdir()] == [path]  # nothing half-written left


async def test_at_80x24_the_footer_keeps_quit_and_the_key_keeps_the_list(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        # A search that keeps events in 2020 (her leadership and the MPC's win).
        await press_at_once(pilot, "y", *"2020", "enter", "slash", *"caledonian", "enter", "t")
        footer = app.explorer.query_one(KeyFooter)
        await pilot.pause()
        quit_key = next(key for key in footer.query(FooterKey) if key.description == "Quit")
        # All of "q Quit" within the footer's visible part, left of "^p palette".
        palette = next(key for key in footer.query(FooterKey) if key.key == "ctrl+p")
        assert quit_key.region.right <= palette.region.x, (quit_key.region, palette.region)
        assert quit_key.region.width >= len("q Quit")
        await press_at_once(pilot, "escape", "K")
        await pilot.pause()
        events = pane(app, "events")
        assert events.scrollable_content_region.height >= 5
        await press_at_once(pilot, "escape", "escape")  # the whole timeline: a longer key
        await pilot.pause()
        assert events.scrollable_content_region.height >= 5
        chart = app.explorer.query_one(ChartView)
        assert "? lists every mark" in chart.chart.lines(80)[-1].plain


async def test_the_year_dialogs_examples_are_whole_at_80_columns(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_each(pilot, "y")
        hint = app.screen.query_one("#prompt-hint")
        shown = " ".join(hint.render_line(y).text.strip() for y in range(hint.size.height))
        assert "until 2001 or 1990s; empty for all" in shown, shown
        # Nothing in the input repeats it, cut to one line.
        assert app.screen.query_one("#prompt-input").placeholder == ""


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        ("\x1bt", ["escape", "t"]),
        ("\x1bT", ["escape", "T"]),
        ("\x1b?", ["escape", "question_mark"]),
        ("\x1b/", ["escape", "slash"]),
        ("\x1b1", ["escape", "1"]),
        ("\x1b\r", ["escape", "enter"]),
        ("\x1b", ["escape"]),
        ("\x1b\x1b", ["escape", "escape"]),
        # Control sequences are read as before: arrows, alt+arrows, F1.
        ("\x1b[D", ["left"]),
        ("\x1b[1;3D", ["alt+left"]),
        ("\x1bOP", ["f1"]),
    ],
)
def test_escape_then_a_key_in_one_read_are_two_keys(data, keys):
    keep_escape_apart()
    parser = XTermParser()
    read = [*parser.feed(data), *parser.feed("")]
    assert [event.key for event in read if isinstance(event, events.Key)] == keys


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_in_a_terminal_escape_typed_with_t_closes_the_help_and_shows_the_date_cursor(tmp_path):
    terminal = TmuxScreen("newcomer", [f"{sys.executable} -m backes_tui --no-config"])
    try:
        until(terminal.shows("y years"), "the app did not start")
        terminal.keys("?")
        until(terminal.shows("Keys and marks"), "the help did not open")
        # One send-keys: one write of ESC t, as a fast typist's terminal sends it.
        terminal.keys("Escape", "t")
        until(lambda: "Keys and marks" not in terminal.screen(), "the help stayed open")
        until(terminal.shows(" On 19"), "the date cursor's strip did not show")
    finally:
        terminal.close()


async def test_through_the_served_page_escape_typed_with_t_is_two_keys(served):  # noqa: F811
    # What a browser sends for "Escape t" typed at once: one stdin message.
    url = served.url + "/ws?width=120&height=40"
    async with aiohttp.ClientSession() as session, session.ws_connect(url, origin=served.url) as ws:
        seen = bytearray()
        await _frames_until(ws, "Sonia Backès".encode(), seen)
        await _type(ws, "?")
        await _frames_until(ws, b"Keys and marks", seen)
        seen.clear()
        await _type(ws, "\x1bt")
        # The date cursor's strip: t reached the explorer, past the closed help.
        await _frames_until(ws, b"On 19", seen)
