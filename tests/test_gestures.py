"""Taking a fact away and coming back to it: copy, deep links, kinds."""

from __future__ import annotations

import shlex
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
from textual import events
from textual.strip import Strip

from backes_tui.cli import build_parser, main
from backes_tui.timeline.model import Event, Item
from backes_tui.timeline.query import Filter, selection_problem
from backes_tui.timeline.years import YearRange
from backes_tui.tui.app import BackesApp
from backes_tui.tui.chart import LABEL_WIDTH, TimelineChart
from backes_tui.tui.chart_view import ChartView
from backes_tui.tui.explorer_state import PANE_ORDER
from tests.conftest import press_at_once, press_each, record_notifications, wait_for
from tests.test_app import detail_text, pane
from tests.test_robustness import post_burst


async def test_c_copies_the_citations_and_shift_c_the_item_as_markdown(make_app, timeline):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        notices = record_notifications(app)
        await press_at_once(pilot, "2", "j", "c")
        secretary = timeline.office("state-secretary-citizenship")
        lines = app.clipboard.split("\n")
        # Its own quotes, then each reading of its disputed end with its quote.
        own, readings = lines[: len(secretary.cites)], lines[len(secretary.cites) :]
        for line, cite in zip(own, secretary.cites, strict=True):
            assert line == f"“{cite.quote}” — {timeline.source_title(cite.source)}"
        assert [line.split(":")[0] for line in readings] == [
            "⚠ Infobox",
            "⚠ Text",
        ]
        assert notices[-1] == f"Copied {len(lines)} citations of “State Secretary for Citizenship”"
        await press_each(pilot, "C")
        markdown = app.clipboard
        assert markdown.startswith("### State Secretary for Citizenship\n")
        assert "Term: 4 July 2022 – 10 October 2023 ⚠ or September 2023" in markdown
        assert "> “Termend: 10 October 2023” — Sonia Backès" in markdown
        assert "In September 2023, Backès resigned her ministerial position" in markdown
        await press_at_once(pilot, "1", "c")  # an era has no citations of its own
        assert "its events do" in notices[-1] and app.clipboard == markdown


def test_markdown_keeps_markup_like_text_literal(timeline):
    from backes_tui.formats.citation import item_markdown
    from backes_tui.storage.loader import parse_timeline
    from tests.conftest import minimal

    data = minimal()
    data["events"][0]["title"] = "<b>[RPCR]</b> *x*"
    hostile = parse_timeline(data, "hostile")
    [event] = [e for e in hostile.events if e.id == "ev1"]
    assert item_markdown(hostile, event).startswith("### \\<b\\>\\[RPCR\\]\\</b\\> \\*x\\*\n")


async def test_f_filters_kinds_shown_in_the_header_and_escape_takes_it_off(make_app):
    app = make_app(initial_years=YearRange(2019, 2024))
    async with app.run_test(size=(120, 40)) as pilot:
        await press_at_once(pilot, "f", *"speech", "enter")
        events = pane(app, "events").items
        assert events and {e.kind for e in events} == {"speech"}
        assert "kind speech" in app.explorer.sub_title
        await press_at_once(pilot, "f", "ctrl+u", *"nonsense", "enter")
        assert "no such kind: nonsense" in str(app.screen.query_one("#prompt-error").render())
        await press_at_once(pilot, "escape", "escape")  # the dialog, then the kinds
        assert app.explorer.active_filter == Filter(years=YearRange(2019, 2024))


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--select", "state-secretar"], "did you mean state-secretary"),
        (["--year", "2000", "--select", "south-province"], "not among what Years 2000 shows"),
        (["--search", "x", "events"], "--search before a command"),
    ],
)
def test_a_deep_link_that_cannot_open_exits_2_with_one_line(capsys, argv, expected):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1


async def test_a_deep_link_opens_there_and_the_palette_gives_it_back(timeline):
    args = build_parser().parse_args(
        [
            "--year",
            "2019-2023",
            "--search",
            "state",
            "--kind",
            "office",
            "--select",
            "state-secretary-citizenship.start",
        ]
    )
    assert (
        selection_problem(
            timeline,
            Filter(YearRange(2019, 2023), "state", frozenset({"office"})),
            args.open_select,
        )
        is None
    )
    app = BackesApp(
        timeline,
        YearRange(2019, 2023),
        search="state",
        kinds=frozenset({"office"}),
        select="state-secretary-citizenship.start",
        data_path="my data.json",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.explorer.selected is not None)
        assert app.explorer.selected.id == "state-secretary-citizenship.start"
        assert app.focused is pane(app, "events")
        app.action_copy_reopen_command()
        command = shlex.split(app.clipboard)
    assert command == [
        "backes-tui",
        "--data",
        "my data.json",
        "--year",
        "2019–2023",
        "--search",
        "state",
        "--kind",
        "office",
        "--select",
        "state-secretary-citizenship.start",
    ]
    reparsed = build_parser().parse_args(command[1:])
    assert (reparsed.open_search, reparsed.open_kinds, reparsed.open_select) == (
        "state",
        ["office"],
        "state-secretary-citizenship.start",
    )


async def test_the_date_cursor_says_what_the_command_line_on_says_for_every_month(make_app, capsys):
    import json

    from backes_tui.timeline.dates import PartialDate

    app = make_app()
    shown: dict[tuple[int, int], list[tuple[str, str, str | None]]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await press_each(pilot, "t")
        assert app.explorer.query_one("#chart").chart.cursor is not None
        for year in range(2019, 2025):
            for month in range(1, 13):
                app.explorer.set_date_cursor(PartialDate(year, month))
                shown[year, month] = [
                    (h.kind, h.item.id, h.certainty) for h in app.explorer.cursor_held
                ]
        strip = Text("\n").join(app.explorer.query_one("#chart").chart.strip(118)).plain
    assert strip.startswith("On December 2024") and "The source says nothing after" in strip
    # The command line's answers, once the app no longer holds standard output.
    for (year, month), held in shown.items():
        assert main(["on", f"{year}-{month:02d}", "--format", "json"]) == 0
        document = json.loads(capsys.readouterr().out)
        expected = [
            (kind, record["id"], record["certainty"])
            for kind, plural in (
                ("era", "eras"),
                ("office", "offices"),
                ("party", "parties"),
                ("event", "events"),
            )
            for record in document[plural]
        ]
        assert held == expected, (year, month)


async def test_t_h_l_move_the_cursor_and_enter_filters_to_its_year(make_app):
    app = make_app(initial_years=YearRange(2022, 2023), select="state-secretary-citizenship.start")
    async with app.run_test(size=(120, 40)) as pilot:
        chart = app.explorer.query_one("#chart").chart
        await press_each(pilot, "t")  # on the selected event's month: the axis shows months
        first = chart.cursor
        assert first is not None and first.month is not None
        await press_at_once(pilot, "l", "l", "h")
        assert (chart.cursor.year * 12 + chart.cursor.month) == first.year * 12 + first.month + 1
        await press_each(pilot, "L")
        assert chart.cursor.year == first.year + 1 + (first.month == 12)
        lines = chart.lines(118)
        axis_line = lines[-1 - len(chart.strip(118))].plain
        assert "▲" in axis_line
        # Every lane shows the cursor's column in the cursor's colour, over the band.
        column = axis_line.index("▲")
        for line in lines[: -1 - len(chart.strip(118))]:
            style = line.get_style_at_offset(app.console, column)
            assert style.bgcolor == chart.styles.cursor.bgcolor, line.plain
        year = chart.cursor.year
        await press_each(pilot, "enter")
        assert chart.cursor is None
        assert app.explorer.active_filter.years == YearRange(year, year)
        await press_at_once(pilot, "t", "escape")
        assert chart.cursor is None and app.explorer.active_filter.years == YearRange(year, year)
        await press_each(pilot, "l")  # without the cursor, l reads the detail as before
        assert app.focused is app.explorer.query_one("#detail")


async def test_what_held_on_takes_the_date_forms_of_on(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press_at_once(pilot, "o", *"01/09/2022", "enter")
        assert "ambiguous" in str(app.screen.query_one("#prompt-error").render())
        await press_at_once(pilot, "ctrl+u", *"Sept 2022", "enter")
        text = str(app.screen.query_one("#held-text").render())
        assert text.startswith("On September 2022 (age 46)")
        assert "State Secretary for Citizenship" in text and "?Renaissance" in text
        await press_each(pilot, "enter")
        assert app.explorer.active_filter.years == YearRange(2022, 2022)


async def test_back_and_forward_restore_filter_search_pane_and_selection(make_app, timeline):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        explorer = app.explorer
        await press_at_once(pilot, "2", "j")  # the State Secretary, in Offices
        secretary = explorer.selected
        start = explorer.active_filter
        await press_each(pilot, "enter")  # a jump: filter to its years
        assert explorer.active_filter.years == YearRange(2022, 2023)
        await press_at_once(pilot, "slash", *"senate", "enter")  # typed live: one more jump
        assert explorer.active_filter.text == "senate"
        await press_at_once(pilot, "4", "j")
        where = (explorer.active_filter, explorer.selected)
        await press_each(pilot, "ctrl+o")
        assert explorer.active_filter == Filter(years=YearRange(2022, 2023))
        assert explorer.selected is secretary and app.focused is pane(app, "offices")
        await press_each(pilot, "ctrl+o")
        assert explorer.active_filter == start and explorer.selected is secretary
        notices = record_notifications(app)
        await press_each(pilot, "ctrl+o")
        assert notices == ["Nothing further back."]
        await press_at_once(pilot, "alt+right", "alt+right")
        assert (explorer.active_filter, explorer.selected) == where
        # A new jump after going back drops what was ahead.
        await press_at_once(pilot, "ctrl+o", "y", *"2024", "enter", "alt+right")
        assert explorer.active_filter.years == YearRange(2024, 2024)
        assert notices[-1] == "Nothing further forward."


async def test_a_palette_jump_is_a_jump(make_app, timeline):
    app = make_app(initial_years=YearRange(2024, 2024))
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.explorer.selected
        app.explorer.jump_to(timeline.office("state-secretary-citizenship"))
        await pilot.pause()
        assert app.explorer.active_filter == Filter()  # the filter hid it
        await press_each(pilot, "ctrl+o")
        assert app.explorer.active_filter == Filter(years=YearRange(2024, 2024))
        assert app.explorer.selected is first


def click_targets(chart: Any, width: int) -> tuple[list[tuple[int, int, Item]], int]:
    """The middle cell (x, y) of every bar drawn at ``width``, with its item,
    in the chart's content; and the line of the event marks."""
    targets, line = [], 0
    for lane in chart.lanes(chart.axis(width)):
        for row in lane.rows or ((),):
            for bar in row:
                # The labels, then the gutter, then the axis's cells.
                targets.append((LABEL_WIDTH + (bar.start + bar.end) // 2, line, bar.item))
            line += 1
    return targets, line


def mark_columns(chart: Any, width: int) -> list[int]:
    marks, _, _ = chart.event_marks(chart.axis(width))
    return [col for col, mark in enumerate(marks) if mark in "●○"]


def cell_meta(line: Text, x: int) -> dict[str, Any]:
    """The tags of the cell at column ``x`` of a chart line, cut from the
    line as the screen draws it (a strip of segments, by cells)."""
    [segment] = Strip(list(line.render(Console())), line.cell_len).crop(x, x + 1)
    assert segment.style is not None
    return segment.style.meta


@pytest.mark.parametrize("width", [58, 118, 198])
@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("years", [None, YearRange(2019, 2022)])
def test_a_click_on_every_bar_and_every_event_mark_asks_for_that_item(timeline, width, rows, years):
    """The click map, cell by cell: what a click on the middle of each bar,
    and on each event mark, asks for (a pilot click costs 110 ms; the two
    clicks of the next test carry it through the screen)."""
    chart = TimelineChart(timeline, years=years, max_rows_per_lane=rows)
    chart.selected = timeline.office("state-secretary-citizenship")  # drawn in other colours
    lines = chart.lines(width)
    targets, marks_line = click_targets(chart, width)
    columns = mark_columns(chart, width)
    if (width, rows, years) == (118, 3, None):  # what the screen shows at 120x40
        assert len(targets) == 15 and len(columns) > 15
    assert targets and columns
    missed = []
    for x, y, item in targets:
        if chart.item_at(cell_meta(lines[y], x), x, width) is not item:
            missed.append(item.id)
    axis = chart.axis(width)
    for col in columns:
        x = LABEL_WIDTH + col
        picked = chart.item_at(cell_meta(lines[marks_line], x), x, width)
        if picked is None or chart.events_at(axis, col)[0] is not picked:
            missed.append(f"events at column {col}")
    assert missed == []
    # Between the bars, the labels and the axis, nothing is asked for.
    assert chart.item_at(cell_meta(lines[0], 0), 0, width) is None
    assert chart.item_at(cell_meta(lines[marks_line + 1], LABEL_WIDTH), LABEL_WIDTH, width) is None


async def test_a_click_on_a_bar_an_event_mark_or_a_link_selects_that_item(make_app, timeline):
    from backes_tui.tui.detail import LINK

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.explorer.query_one(ChartView)
        chart = view.chart
        width = view.content_region.width
        padding = view.content_region.x - view.region.x
        targets, marks_line = click_targets(chart, width)
        x, y, item = targets[len(targets) // 2]
        assert app.explorer.selected is not item
        await pilot.click(ChartView, offset=(padding + x, y))
        assert app.explorer.selected is item
        col = mark_columns(chart, width)[-1]
        [event, *_] = chart.events_at(chart.axis(width), col)
        assert app.explorer.selected is not event
        await pilot.click(ChartView, offset=(padding + LABEL_WIDTH + col, marks_line))
        assert app.explorer.selected is event
        # The detail's links, followed by number and by click (from a jump).
        start = timeline.find("state-secretary-citizenship.start")
        app.explorer.jump_to(start)
        await pilot.pause()
        assert "Offices: [1] State Secretary for Citizenship" in detail_text(app)
        await press_at_once(pilot, "l", "1")  # into the detail, then its first link
        assert app.explorer.selected is timeline.office("state-secretary-citizenship")
        assert app.focused is pane(app, "offices")
        text = detail_text(app)
        assert "Also in this dispute:" in text and "Resigns as State Secretary" in text
        await press_each(pilot, "ctrl+o")
        assert app.explorer.selected is start
        # A click on a link: find the cell that carries link 1, and click it.
        detail = app.explorer.query_one("#detail")
        region = detail.region
        spot = next(
            (x, y)
            for y in range(region.y, region.bottom)
            for x in range(region.x, region.right)
            if app.screen.get_style_at(x, y).meta.get(LINK) == 1
        )
        await pilot.click(offset=spot)
        assert app.explorer.selected is timeline.office("state-secretary-citizenship")
        app.explorer.jump_to(timeline.find("birth"))  # a detail without links
        await press_at_once(pilot, "l", "2")  # no link [2] here: the key keeps its meaning
        assert app.focused is pane(app, "offices")


async def test_the_wheel_over_the_chart_moves_the_years_and_a_tab_click_focuses(make_app):
    app = make_app(initial_years=YearRange(2019, 2020))
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.explorer.query_one(ChartView)

        async def wheel(event_type) -> None:
            # Pilot has no wheel: the event a terminal's wheel makes, at the chart.
            view.post_message(event_type(view, 40, 2, 0, 1, 0, False, False, False))
            await pilot.pause()

        await wheel(events.MouseScrollDown)
        assert app.explorer.active_filter.years == YearRange(2021, 2022)
        await wheel(events.MouseScrollUp)
        assert app.explorer.active_filter.years == YearRange(2019, 2020)
        tabs = app.explorer.query_one("#pane-tabs")
        text = str(tabs.render())
        await pilot.click("#pane-tabs", offset=(text.index("Parties"), 0))
        assert app.focused is pane(app, "parties")


async def test_a_link_number_typed_ahead_follows_the_link_typed_slowly(make_app):
    # In one tick, the keys arrive before the pane says where its cursor
    # went: "1" followed the link of the item the cursor had left (or, with
    # none there, moved to the eras pane). One app: each case starts on the
    # events pane's first row, the parties' cursor on their first, and is
    # taken back there before the next.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        explorer = app.explorer
        for keys in (["3", "right", "1"], ["3", "j", "right", "1"]):
            followed = []
            for typed_ahead in (False, True):
                case = (" ".join(keys), "typed ahead" if typed_ahead else "slowly")
                assert app.screen is explorer and not explorer.active_filter.active, case
                assert app.focused is pane(app, "events"), case
                assert explorer.selected is app.timeline.events[0], case
                assert pane(app, "parties").highlighted == 0, case
                if typed_ahead:
                    post_burst(app, keys)
                    await pilot.pause()
                else:
                    await press_each(pilot, *keys)
                followed.append((explorer.selected, app.focused))
                await press_each(pilot, "3", "g", "4", "g")
            slowly, ahead = followed
            assert isinstance(slowly[0], Event), keys  # a link of the party was followed
            assert ahead[0] is slowly[0], keys
            assert ahead[1] is not None and ahead[1].id == slowly[1].id, keys


async def test_the_date_cursor_strip_stays_short_and_o_lists_all_of_it(tmp_path):
    """On a large timeline a year holds hundreds of items: the strip keeps to
    three lines, says truly how many each kind left out, and `o` shows them all."""
    from backes_tui.storage.loader import parse_timeline
    from backes_tui.tui.held import ALL_OF_THEM, HeldOnScreen
    from tests.conftest import synth_module

    big = parse_timeline(synth_module().synthesize(3000, seed=7), "synthetic")
    app = BackesApp(big)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_each(pilot, "t")
        chart = app.explorer.query_one("#chart").chart
        held = app.explorer.cursor_held
        lines = chart.strip(98)
        assert 1 <= len(lines) <= 3
        strip = " ".join(line.plain for line in lines)
        assert strip.endswith(ALL_OF_THEM)
        for title, kind in (("Eras", "era"), ("Offices", "office"), ("Parties", "party")):
            count = sum(h.kind == kind for h in held)
            listed = strip.split(f"{title}: ", 1)[1].split(" · ", 1)[0]
            if listed == "none":
                assert count == 0
            elif " +" in listed:
                names, more = listed.rsplit(" +", 1)
                assert len(names.split("; ")) + int(more.removesuffix(" more")) == count
            elif listed.endswith(" not shown"):
                assert int(listed.removesuffix(" not shown")) == count
            else:
                assert len(listed.split("; ")) == count
        await press_each(pilot, "o")
        assert isinstance(app.screen, HeldOnScreen)
        assert isinstance(app.screen.text, Text) and ALL_OF_THEM not in app.screen.text.plain
        for h in held:
            assert h.item.title in app.screen.text.plain
        await press_each(pilot, "escape")
        assert chart.cursor is not None


async def test_keys_typed_in_one_burst_act_on_the_item_the_cursor_reached(make_app):
    """A fast typist (or a laggy link) sends "j j j j j t" at once: the date
    cursor, the copies and the history act on the row the cursor reached,
    not on the one the detail showed before the keys."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_each(pilot, "4")
        for key in ["j"] * 5 + ["t", "C"]:
            app.post_message(events.Key(key, None))
        await pilot.pause()
        reached = app.explorer.pane("events").current_item
        assert reached.title == "Masters in Mathematics, University of Pau"
        assert app.explorer.query_one("#chart").chart.cursor.year == 1997
        assert app.clipboard.startswith("### Masters in Mathematics")


def test_the_strip_cut_to_any_room_counts_truly(timeline):
    """At any room, each kind is "none" exactly when nothing of it held, else
    all its names, some and how many more, or how many it does not show; and
    the strip sends the reader to `o` exactly when it left something out."""
    from backes_tui.timeline.dates import PartialDate
    from backes_tui.timeline.query import TimelineQuery
    from backes_tui.tui.held import ALL_OF_THEM, HeldText, held_on

    query = TimelineQuery(timeline)
    titles = {"Eras": "era", "Offices": "office", "Parties": "party", "Events": "event"}
    for year in range(1950, 2031, 3):
        when = PartialDate(year)
        held = held_on(timeline, query, when)
        for room in range(0, 400, 7):
            text = HeldText(timeline, when, held).text(room).plain
            left_out = False
            for title, kind in titles.items():
                count = sum(h.kind == kind for h in held)
                listed = text.split(f" · {title}: ", 1)[1].split(" · ", 1)[0]
                if listed == "none":
                    assert count == 0, (year, room, title)
                elif listed.endswith(" not shown"):
                    assert int(listed.removesuffix(" not shown")) == count > 0
                    left_out = True
                elif " +" in listed and listed.endswith(" more"):
                    names, more = listed.rsplit(" +", 1)
                    assert len(names.split("; ")) + int(more.removesuffix(" more")) == count
                    left_out = True
                else:
                    assert len(listed.split("; ")) == count, (year, room, listed)
            assert text.endswith(ALL_OF_THEM) == left_out, (year, room, text)


def typed(text: str) -> list[events.Key]:
    """``text`` as a terminal sends it: ``/`` is "slash", a newline is enter,
    ESC is escape and BS backspace; letters and digits are themselves."""
    names = {"/": "slash", "\n": "enter", "\x1b": "escape", "\x08": "backspace"}
    return [events.Key(names.get(char, char), char) for char in text]


BURSTS_BEHIND_A_DIALOG_KEY = [
    ("/senate\n", None, "senate"),
    ("y2022\n", YearRange(2022, 2022), ""),
    # Two dialogs in one burst, each with what was typed for it.
    ("y2023\n/senate\n", YearRange(2023, 2023), "senate"),
    # A cancelled search: the keys after it reach the panes again.
    ("/sen\x1bjj", None, ""),
    # A year the dialog cannot read: it says so and stays open, and
    # what is typed next is still for it.
    ("yabc\n\x08\x08\x082019\nj", YearRange(2019, 2019), ""),
]


async def test_keys_typed_behind_a_dialog_key_go_to_the_dialog(make_app):
    """A paste, a quick typist or a browser's batch of keys sends "/senate⏎"
    at once: it means what the same keys typed one by one mean. The letters
    go to the search the first key opens, in order, and enter answers it;
    none is lost or reaches the panes meanwhile. One app for the keys typed
    one by one and one for the bursts: each case starts on the events pane's
    first row with no filter (which a dialog starts from), and is taken back
    there before the next."""

    async def outcomes(at_once: bool) -> dict[str, tuple[object, ...]]:
        app = make_app()
        seen: dict[str, tuple[object, ...]] = {}
        async with app.run_test(size=(100, 30)) as pilot:
            await press_each(pilot, "4")
            explorer = app.explorer
            for burst, years, text in BURSTS_BEHIND_A_DIALOG_KEY:
                case = (burst, "at once" if at_once else "one by one")
                assert app.screen is explorer and explorer.active_filter == Filter(), case
                assert explorer.focused is explorer.pane("events"), case
                assert explorer.selection_now() is app.timeline.events[0], case
                expected = Filter(years=years, text=text)
                for key in typed(burst):
                    if at_once:
                        app.post_message(key)
                    else:
                        await press_each(pilot, key.key)
                await wait_for(pilot, lambda e=expected: explorer.active_filter == e)
                await wait_for(pilot, lambda: app.screen is explorer)
                await pilot.pause()
                focused = explorer.focused
                seen[burst] = (
                    explorer.active_filter,
                    focused and focused.id,
                    explorer.selection_now(),
                )
                await press_each(pilot, "escape", "escape", "4", "g")
        return seen

    slowly = await outcomes(at_once=False)
    at_once = await outcomes(at_once=True)
    for burst, years, text in BURSTS_BEHIND_A_DIALOG_KEY:
        assert slowly[burst][0] == Filter(years=years, text=text), burst
        assert at_once[burst] == slowly[burst], burst


CHOSEN_THEN_MORE = ("j", "2", "enter", "tab", "3", "escape", "y", "2", "0", "2", "0", "enter")


async def test_keys_behind_an_item_chosen_act_on_its_filter(timeline):
    """Enter on an item filters to its years through a message to the
    screen; keys typed behind it (a paste, a fast typist, a browser's batch)
    act once that filter is on, as typed one at a time. In one tick, the
    escape once found no years yet to clear, and the "y" behind it overtook
    it: the dialog opened, then the escape closed it. One app: typed one at
    a time, then in one tick from the same start (every pane on its first
    row, no filter, the events focused)."""
    app = BackesApp(timeline)
    async with app.run_test(size=(120, 40)) as pilot:
        for burst in (False, True):
            case = "in one tick" if burst else "one at a time"
            assert app.screen is app.explorer and not app.explorer.active_filter.active, case
            assert app.focused is pane(app, "events"), case
            assert all(pane(app, p).highlighted == 0 for p in PANE_ORDER), case
            if burst:
                await press_at_once(pilot, *CHOSEN_THEN_MORE)
            else:
                await press_each(pilot, *CHOSEN_THEN_MORE)
            await pilot.pause()
            assert app.screen is app.explorer, case
            assert app.explorer.active_filter == Filter(years=YearRange(2020, 2020)), case
            assert app.focused is pane(app, "parties"), case
            # The party she was in in 2020, the Caledonian Republicans (2017 on).
            assert app.explorer.selected is app.timeline.find("caledonian-republicans"), case
            await press_each(pilot, "escape", "1", "g", "2", "g", "3", "g", "4", "g")
