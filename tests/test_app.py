"""Pilot tests: every binding, and the year grammar through the input."""

from __future__ import annotations

import io
import sys

import pytest
from rich.console import Console
from textual.color import Color
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Label

from backes_tui.storage.loader import load_timeline
from backes_tui.timeline.readers import read_years
from backes_tui.timeline.years import YearRange
from backes_tui.tui.app import BackesApp
from backes_tui.tui.detail import DetailView
from backes_tui.tui.help import HelpScreen
from backes_tui.tui.panes import ItemList
from backes_tui.tui.process_knobs import SWITCH_INTERVAL
from backes_tui.tui.prompt import PromptScreen
from tests.conftest import (
    DATA,
    press_at_once,
    press_each,
    record_notifications,
    synth_module,
    wait_for,
)


def pane(app: BackesApp, pane_id: str) -> ItemList:
    return app.explorer.pane(pane_id)


def detail_text(app: BackesApp) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(app.explorer.query_one(DetailView).shown)
    return console.export_text()


async def test_starts_on_events_with_the_first_event_selected_and_cursor_keys_move(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        events = pane(app, "events")
        assert app.focused is events
        assert app.explorer.sub_title.startswith(f"{len(app.timeline.events)} events")
        assert events.border_title == f"Events ({len(app.timeline.events)})"
        for down, up in [("j", "k"), ("down", "up")]:  # one app: up again before the next pair
            assert events.highlighted == 0 and app.explorer.selected is app.timeline.events[0]
            await press_at_once(pilot, down, down)
            assert events.highlighted == 2, down
            assert app.explorer.selected is app.timeline.events[2], down
            assert app.timeline.events[2].title in detail_text(app), down
            await press_each(pilot, up)
            assert events.highlighted == 1, up
            await press_each(pilot, up)


async def test_first_and_last(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        events = pane(app, "events")
        for last, first in [("G", "g"), ("end", "home")]:  # each pair ends where it starts
            await press_each(pilot, last)
            assert events.highlighted == len(app.timeline.events) - 1, last
            await press_each(pilot, first)
            assert events.highlighted == 0, first


async def test_page_keys_move_by_a_screenful(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        events = pane(app, "events")
        page = events.scrollable_content_region.height - 1
        await press_each(pilot, "pagedown")
        assert events.highlighted == page
        await press_at_once(pilot, "pagedown", "pageup")
        assert events.highlighted == page
        await press_each(pilot, "pageup")
        assert events.highlighted == 0


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_tab_cycles_every_pane_even_when_narrow(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        seen = []
        for _ in range(5):
            await press_each(pilot, "tab")
            seen.append(app.focused.id)
        assert seen == ["detail", "eras", "offices", "parties", "events"]
        await press_each(pilot, "shift+tab")
        assert app.focused.id == "parties"
        assert pane(app, "parties").display


async def test_number_keys_jump_to_panes(make_app):
    # One app: each case but the last ends on the events pane, where it starts.
    app = make_app()
    panes = ("eras", "offices", "parties", "events")
    async with app.run_test(size=(80, 24)) as pilot:
        for key, pane_id in [("1", "eras"), ("2", "offices"), ("3", "parties"), ("4", "events")]:
            assert app.focused is pane(app, "events"), key
            await press_each(pilot, key)
            assert app.focused is pane(app, pane_id), key
            assert app.explorer.selected is pane(app, pane_id).current_item, key
            # Narrow: the one pane shown is this one.
            assert [p for p in panes if pane(app, p).region.width] == [pane_id], key
            await press_each(pilot, "4" if key != "4" else "1")
            shown = [p for p in panes if pane(app, p).region.width]
            assert shown == ["events" if key != "4" else "eras"], key


async def test_office_detail_shows_term_length_and_neighbours(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press_at_once(pilot, "2", "j")
        text = detail_text(app)
        assert "State Secretary for Citizenship" in text
        assert "Term: 4 July 2022 – 10 October 2023 ⚠ or September 2023 (Text: resignation)" in text
        # The infobox's end (10 October 2023) and the text's (September 2023).
        assert "Length: 1 year 1–3 months (two readings)" in text
        assert "Predecessor: Marlène Schiappa" in text
        assert "Successor: Sabrina Agresti-Roubache" in text
        assert "Infobox: term end: 10 October 2023" in text
        assert "Text: resignation: September 2023" in text
        # The quote is shown exactly as the article writes it, field name included.
        assert "Infobox · “Termend: 10 October 2023”" in text
        assert "Term end:" not in text
        assert "Sources (8), all from Sonia Backès" in text and "— Sonia" not in text


async def test_enter_filters_every_pane_to_the_span(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press_at_once(pilot, "2", "enter")
        assert app.explorer.active_filter.years == YearRange(2019, None)
        assert [o.id for o in pane(app, "offices").items] == [
            "south-province-president",
            "state-secretary-citizenship",
        ]
        assert "Years since 2019" in app.explorer.sub_title
        # Each dated no earlier than 2019, or reaching it only through a side the
        # article does not state (the MPC's win "2013 or later").
        window = app.explorer.view.window
        assert all(
            e.date is not None
            and (
                e.date.year >= 2019
                or app.explorer.timeline.answer(e, *window).label == "not_stated"
            )
            for e in pane(app, "events").items
        )


async def test_year_input_filters(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press_each(pilot, "y")
        assert isinstance(app.screen, PromptScreen)
        await press_at_once(pilot, *"2020", "enter")
        assert app.explorer.active_filter.years == YearRange(2020, 2020)
        assert [o.id for o in pane(app, "offices").items] == ["south-province-president"]
        assert pane(app, "offices").border_title == "Offices (1 of 2)"
        # Joining Renaissance "by July 2022", the MPC's win "2013 or later" and her
        # current leadership reach 2020 only through a side the article does not
        # state: counted apart from the possible ones, and marked so.
        assert app.explorer.sub_title.startswith(
            "Years 2020 · 3 of 42 events (1 possible, 2 not stated)"
        )
        row = pane(app, "events").row_text(0)
        assert row.plain.startswith("◌2013 or later")
        # Muted in the theme's colour for secondary text, not the usual one.
        muted = row.spans[-1].style
        assert not isinstance(muted, str) and muted.color is not None
        assert muted.color.triplet != Color.parse(app.theme_variables["foreground"]).rgb


YEAR_GRAMMAR = [
    ("2022", YearRange(2022, 2022)),
    ("2019-2023", YearRange(2019, 2023)),
    ("2019..2023", YearRange(2019, 2023)),
    ("2019–2023", YearRange(2019, 2023)),
    ("2019 to 2023", YearRange(2019, 2023)),
    ("2019..", YearRange(2019, None)),
    ("since 2019", YearRange(2019, None)),
    ("..2001", YearRange(None, 2001)),
    ("until 2001", YearRange(None, 2001)),
    ("1990s", YearRange(1990, 1999)),
]


@pytest.mark.parametrize(("typed", "expected"), YEAR_GRAMMAR)
def test_year_grammar_of_the_dialog(typed, expected):
    # What the year dialog answers for each form (its reader); the test
    # below carries some of them through the input of a running app.
    parsed = read_years(typed)
    assert parsed is not None and parsed.years == expected


async def test_year_grammar_through_the_input(make_app):
    # One app for a closed range typed with a dash that is not ASCII, and for
    # each side left open: escape takes each filter off before the next.
    app = make_app()
    wrong = {}
    async with app.run_test(size=(100, 30)) as pilot:
        for typed, expected in [YEAR_GRAMMAR[3], YEAR_GRAMMAR[6], YEAR_GRAMMAR[7]]:
            assert not app.explorer.active_filter.active, typed
            await press_each(pilot, "y")
            app.screen.query_one(Input).value = typed
            await press_each(pilot, "enter")
            if isinstance(app.screen, PromptScreen):
                wrong[typed] = "the dialog stayed open"
                await press_each(pilot, "escape")
            elif app.explorer.active_filter.years != expected:
                wrong[typed] = app.explorer.active_filter.years
            await press_each(pilot, "escape")
    assert wrong == {}


async def test_reversed_range_is_swapped_with_a_notice(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press_at_once(pilot, "y", *"2023-2019", "enter")
        assert app.explorer.active_filter.years == YearRange(2019, 2023)
        assert app.explorer.sub_title.startswith("Years 2019–2023 (a reversed range, swapped)")
        await press_each(pilot, "right_square_bracket")  # the next range was not reversed
        # (It stops where the chart ends, the source's last year.)
        assert app.explorer.sub_title.startswith("Years 2020–2024 (the source ends")


async def test_bad_year_input_shows_error_in_place_and_keeps_old_filter(make_app):
    app = make_app(initial_years=YearRange(2022, 2022))
    async with app.run_test(size=(100, 30)) as pilot:
        await press_each(pilot, "y")
        app.screen.query_one(Input).value = "20x"
        await press_each(pilot, "enter")
        assert isinstance(app.screen, PromptScreen)
        error = str(app.screen.query_one("#prompt-error", Label).render())
        assert "cannot read '20x'" in error
        assert app.explorer.active_filter.years == YearRange(2022, 2022)
        await press_each(pilot, "escape")
        assert not isinstance(app.screen, PromptScreen)
        assert app.explorer.active_filter.years == YearRange(2022, 2022)


async def test_years_past_as_of_say_the_source_ends_and_mark_everything_possible(make_app):
    app = make_app(initial_years=YearRange(2034, 2038))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.explorer.sub_title.startswith("Years 2034–2038 (the source ends 14 July 2024)")
        await press_each(pilot, "2")
        offices = pane(app, "offices")
        assert [o.id for o in offices.items] == ["south-province-president"]
        assert offices.row_text(0).plain.startswith("?2019–▶")
        assert "Age" not in detail_text(app).split("Age at start")[0]


async def test_brackets_move_the_window_by_its_width_and_braces_by_a_decade(make_app):
    app = make_app(initial_years=YearRange(2019, 2021))
    async with app.run_test(size=(100, 30)) as pilot:
        await press_each(pilot, "right_square_bracket")
        assert app.explorer.active_filter.years == YearRange(2022, 2024)
        await press_at_once(pilot, "left_square_bracket", "left_square_bracket")
        assert app.explorer.active_filter.years == YearRange(2016, 2018)
        await press_each(pilot, "right_curly_bracket")  # stopped at the chart's last year
        assert app.explorer.active_filter.years == YearRange(2022, 2024)
        await press_each(pilot, "left_curly_bracket")
        assert app.explorer.active_filter.years == YearRange(2012, 2014)


async def test_bracket_without_filter_starts_at_the_selected_year(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press_at_once(pilot, "j", "right_square_bracket")
        assert app.explorer.active_filter.years == YearRange(1976, 1976)
        await press_each(pilot, "right_square_bracket")
        assert app.explorer.active_filter.years == YearRange(1977, 1977)


async def test_search_is_live_combines_with_years_and_escape_restores(make_app):
    app = make_app(initial_years=YearRange(2024, 2024))
    async with app.run_test(size=(100, 30)) as pilot:
        await press_at_once(pilot, "slash", *"sako")  # no enter: the search is live
        assert [e.id for e in pane(app, "events").items] == ["speech-criticised"]
        await press_each(pilot, "escape")
        assert app.explorer.active_filter.text == ""
        await press_at_once(pilot, "slash", *"grenoble", "enter")
        assert app.explorer.active_filter.text == "grenoble"
        assert pane(app, "events").items == ()
        assert "“grenoble”" in app.explorer.sub_title


async def test_a_slow_search_waits_for_a_pause_in_typing(make_app, monkeypatch):
    import backes_tui.tui.explorer as explorer_module

    # As if each filter took longer than the gap between keys (a large timeline).
    monkeypatch.setattr(explorer_module, "QUICK_FILTER", -1.0)
    # A pause longer than any test run: typing alone never applies the search.
    monkeypatch.setattr(explorer_module, "TYPING_PAUSE", 3600.0)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press_at_once(pilot, "slash", *"sako")
        assert app.explorer.active_filter.text == ""  # still typing
        await press_each(pilot, "enter")  # enter applies at once
        assert app.explorer.active_filter.text == "sako"
        # A short pause: the search follows once the typing stops.
        monkeypatch.setattr(explorer_module, "TYPING_PAUSE", 0.05)
        # The dialog opens with "sako" selected.
        await press_at_once(pilot, "slash", "end", *" zzz")
        await app.workers.wait_for_complete()
        assert app.explorer.active_filter.text == "sako zzz"
        assert pane(app, "events").items == ()


async def test_escape_closes_a_dialog_then_clears_filters_and_never_quits(make_app):
    app = make_app(initial_years=YearRange(2022, 2022))
    async with app.run_test(size=(100, 30)) as pilot:
        await press_each(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press_each(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)
        assert app.explorer.active_filter.years == YearRange(2022, 2022)
        await press_each(pilot, "escape")
        assert not app.explorer.active_filter.active
        assert len(pane(app, "events").items) == len(app.timeline.events)
        await press_at_once(pilot, "escape", "escape")
        assert app.is_running


async def test_q_quits_with_status_zero(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press_each(pilot, "q")
    assert app.return_code == 0


async def test_command_palette_offers_filters_and_jumps_to_an_item(make_app):
    app = make_app(initial_years=YearRange(1994, 1994))
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Filter years…", "Clear filters", "Change theme"} <= set(titles)
        await press_each(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await press_at_once(pilot, *"xowie")
        palette = app.screen
        await wait_for(pilot, lambda: palette.query_one(CommandList).option_count > 0)
        await press_each(pilot, "enter")
        await wait_for(pilot, lambda: app.screen is app.explorer)
        assert app.explorer.selected is not None and app.explorer.selected.id == "senate-defeat"
        assert app.focused is pane(app, "events")
        assert not app.explorer.active_filter.active


async def test_detail_scrolls_with_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_at_once(pilot, "4", "G", *["k"] * 9, "tab")
        detail = app.explorer.query_one(DetailView)
        assert app.focused is detail
        assert detail.max_scroll_y > 0, "the chosen item's detail must overflow at 80x24"
        await press_each(pilot, "G")
        assert detail.scroll_y == detail.max_scroll_y
        await press_each(pilot, "g")
        assert detail.scroll_y == 0


async def test_small_terminal_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(50, 12)):
        message = app.explorer.query_one("#too-small")
        assert message.display and message.region.height > 0
        assert "too small" in str(message.render())
        assert app.explorer.query_one("#main").region.height == 0


async def test_focus_moves_at_once_so_typed_ahead_keys_reach_the_new_pane(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)):
        # No await between: a key typed right after "3" must already go to Parties.
        app.explorer.action_focus_pane("parties")
        assert app.explorer.focused is pane(app, "parties")
        app.explorer.action_cycle_pane(1)
        assert app.explorer.focused is pane(app, "events")


async def test_a_data_file_changed_on_disk_is_reported(tmp_path, monkeypatch):
    import backes_tui.tui.explorer_state as explorer_module

    monkeypatch.setattr(explorer_module, "FILE_CHECK_INTERVAL", 0.05)
    path = tmp_path / "timeline.json"
    path.write_bytes(DATA.read_bytes())
    app = BackesApp(load_timeline(path, stream_above=0))
    notes = record_notifications(app)
    checks = 0
    check_file = app.explorer.check_data_file

    def counted() -> None:
        nonlocal checks
        checks += 1
        check_file()

    app.explorer.check_data_file = counted
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: checks >= 2)
        assert not notes
        path.write_bytes(DATA.read_bytes().replace("Nouméa".encode(), b"Noumea"))
        await wait_for(pilot, lambda: bool(notes))
        assert len(notes) == 1 and "changed on disk" in notes[0]


async def test_palette_search_over_a_large_timeline_lets_the_screen_update():
    import asyncio

    from backes_tui.storage.loader import parse_timeline
    from backes_tui.tui.commands import BATCH, JumpProvider

    app = BackesApp(parse_timeline(synth_module().synthesize(2000, seed=3), "synthetic"))
    async with app.run_test(size=(120, 40)):
        turns = 0

        async def count_turns() -> None:
            nonlocal turns
            while True:
                turns += 1
                await asyncio.sleep(0)

        counter = asyncio.create_task(count_turns())
        provider = JumpProvider(app.screen)
        hits = [hit async for hit in provider.search("vote 1999")]
        counter.cancel()
        t = app.timeline
        items = len(t.eras) + len(t.offices) + len(t.parties) + len(t.events)
        assert turns >= items // BATCH
        assert any("1999" in str(hit.text) for hit in hits)


async def test_a_streamed_timeline_shows_the_words_from_the_file(timeline):
    streamed = load_timeline(DATA, stream_above=0)
    assert streamed.text_source is not None
    app = BackesApp(streamed)
    async with app.run_test(size=(120, 40)) as pilot:
        await press_at_once(pilot, "slash", *"senat", "enter")
        shown = [e.title for e in pane(app, "events").items]
        expected = [e.title for e in timeline.events if "senat" in e.title.lower()]
        assert shown and set(expected) <= set(shown)
        await press_each(pilot, "j")
        event = pane(app, "events").current_item
        assert event is not None and event.title in detail_text(app)
        assert event.cites[0].quote[:40] in detail_text(app).replace("\n", " ")


async def test_a_failed_warm_up_is_reported_and_the_app_goes_on(make_app, monkeypatch):
    import backes_tui.tui.explorer_state as explorer_module

    monkeypatch.setattr(explorer_module, "WARM_UP_DELAY", 0.01)  # (a timer of 0 fails)
    app = make_app()
    notes = record_notifications(app)

    def broken() -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(app.explorer.query_index, "warm", broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: any("disk gone" in note for note in notes))
        await press_at_once(pilot, "j", "slash", *"sako", "enter")
        assert app.is_running
        assert [e.id for e in pane(app, "events").items] == ["speech-criticised"]


async def test_the_detail_follows_a_filter_even_when_it_has_the_focus(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press_at_once(pilot, "2", "shift+tab", "shift+tab")  # offices, eras, the detail
        assert isinstance(app.focused, DetailView)
        await press_at_once(pilot, "slash", *"united", "enter")
        # No office mentions the UN; the selection moves to what the filter kept.
        assert [e.id for e in pane(app, "events").items] == ["un-address"]
        assert app.explorer.selected is pane(app, "events").items[0]
        assert "Addresses the United Nations" in detail_text(app)
        assert "Takes office" not in detail_text(app)


async def test_a_filter_that_empties_the_focused_pane_moves_to_one_with_items(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_at_once(pilot, "2", "slash", *"xowie", "enter")
        assert app.focused is pane(app, "events")
        assert app.explorer.selected is not None and app.explorer.selected.id == "senate-defeat"


async def test_the_year_dialog_shows_its_whole_error_and_how_it_reads_a_reversed_range(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_at_once(pilot, "y", *"2025-2019")
        note = str(app.screen.query_one("#prompt-note", Label).render())
        assert note == "read as 2019–2025 (a reversed range, swapped)"
        app.screen.query_one(Input).value = "twenty twenty-two, or so, give or take a year"
        await press_each(pilot, "enter")
        error = app.screen.query_one("#prompt-error", Label)
        assert str(error.render()).startswith("cannot read 'twenty twenty-two")
        assert "try 2022" not in str(error.render())  # the hint below already says it
        assert error.region.height >= 2  # wrapped, not cut


async def test_escape_takes_off_the_search_then_the_years(make_app):
    app = make_app(initial_years=YearRange(2030, 2030))
    async with app.run_test(size=(100, 30)) as pilot:
        await press_at_once(pilot, "slash", *"zzzz", "enter", "4")
        assert pane(app, "events").items == ()
        assert "No events in 2030 matching “zzzz”" in pane(app, "events").render_line(0).text
        assert "Nothing matches Years 2030" in detail_text(app)
        await press_each(pilot, "escape")
        assert app.explorer.active_filter.text == ""
        assert app.explorer.active_filter.years == YearRange(2030, 2030)
        await press_each(pilot, "escape")
        assert not app.explorer.active_filter.active
        await press_each(pilot, "escape")
        assert app.is_running


async def test_help_explains_every_mark_on_screen(make_app):
    # And lists every binding.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press_each(pilot, "question_mark")
        keys = {row[0] for row in app.screen.rows}
        for key in (
            "j",
            "k",
            "g",
            "G",
            "1",
            "4",
            "tab",
            "shift+tab",
            "enter",
            "y",
            "/",
            "[",
            "]",
            "{",
            "}",
            "escape",
            "?",
            "q",
            "ctrl+p",
            "ctrl+z",
        ):
            assert any(key in k.split(" / ") for k in keys), key
        SYMBOLS = app.screen.symbols
        marks = " ".join(mark for mark, _ in SYMBOLS)
        for symbol in ("█", "░", "▶", "?", "●", "○", "«", "»", "◆", "+N", "·", "≤", "⚠", "c."):
            assert symbol in marks, symbol
        box = app.screen.query_one("#help-box")
        await press_each(pilot, "end")  # the legend follows the keys
        box.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert app.screen.query_one("#legend").region.height >= len(SYMBOLS)


async def test_the_detail_is_read_from_the_keyboard_without_changing_it(make_app):
    # One app: each case starts on the events pane's first row, the offices'
    # cursor on their first, and is taken back there before the next.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        detail = app.explorer.query_one(DetailView)
        for into, back in [("right", "left"), ("l", "h"), ("l", "escape")]:
            case = f"{into} then {back}"
            assert app.focused is pane(app, "events"), case
            assert app.explorer.selected is app.timeline.events[0], case
            assert pane(app, "offices").highlighted == 0, case
            assert not app.explorer.active_filter.active, case
            await press_at_once(
                pilot, "2", "j"
            )  # the State Secretary: a detail longer than the screen
            secretary = app.explorer.selected
            assert detail.scroll_y == 0, case
            await press_each(pilot, into)
            assert app.focused is detail and app.explorer.selected is secretary, case
            assert detail.max_scroll_y > 0, case
            await press_each(pilot, "G")
            assert detail.scroll_y == detail.max_scroll_y, case  # every line can be reached
            await press_each(pilot, back)
            assert app.focused is pane(app, "offices"), case
            assert app.explorer.selected is secretary, case
            assert app.explorer.active_filter == app.explorer.active_filter.__class__(), case
            await press_each(pilot, "g", "4")


async def test_the_app_hands_the_interpreter_lock_over_often_and_gives_the_setting_back(make_app):
    """So that the thread writing each frame is not kept waiting (app.py); the
    process's own setting is back once the app has gone."""
    before = sys.getswitchinterval()
    assert before != SWITCH_INTERVAL
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press_each(pilot, "j")
        assert sys.getswitchinterval() == SWITCH_INTERVAL
    assert sys.getswitchinterval() == before
