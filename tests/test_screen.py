"""What the screen shows at each size and in each theme: widths, marks,
highlights, notices, the chart's zoom and key, and contrast."""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color

from backes_tui.storage.loader import parse_timeline
from backes_tui.timeline.query import Filter
from backes_tui.timeline.search import fold, match_spans
from backes_tui.timeline.years import YearRange
from backes_tui.tui.app import BackesApp
from backes_tui.tui.chart_view import ChartView
from backes_tui.tui.colours import contrast
from backes_tui.tui.columns import NOTHING_CUT
from backes_tui.tui.panes import fair_shares
from tests.conftest import (
    press_at_once,
    press_each,
    record_notifications,
    resize,
    synth_module,
    wait_for,
)
from tests.test_app import detail_text, pane


def _rows(app: BackesApp, pane_id: str) -> list[str]:
    p = pane(app, pane_id)
    return [p.render_line(y).text for y in range(p.scrollable_content_region.height)]


async def test_no_title_is_cut_in_any_pane_from_182_columns(make_app, timeline):
    # The width the detail's promised 40 columns leave the lists what they need.
    app = make_app()
    assert NOTHING_CUT == 182  # the README's figure
    async with app.run_test(size=(NOTHING_CUT, 50)) as pilot:
        await pilot.pause()
        for pane_id, items in (
            ("eras", timeline.eras),
            ("offices", timeline.offices),
            ("parties", timeline.parties),
        ):
            rows = _rows(app, pane_id)
            for item in items:
                name = item.short if pane_id == "parties" else item.title
                assert any(name in row for row in rows), (pane_id, name)
            assert not any("…" in row for row in rows)
        events = pane(app, "events")
        for index in range(len(events.items)):
            text = events.row_text(index).plain
            assert len(text) <= events.scrollable_content_region.width, text
        assert not any("…" in row for row in _rows(app, "events"))


async def test_panes_grow_with_the_terminal(make_app):
    # One app, grown: the columns come from the Resize event, as at start-up.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for size in [(120, 40), (200, 60)]:
            await resize(pilot, *size)
            widths = [
                app.explorer.query_one(f"#{i}").region.width
                for i in ("periods", "events", "detail")
            ]
            assert all(w >= 0.2 * size[0] for w in widths), (size, widths)
            assert sum(widths) == size[0], (size, widths)


def _fairest(rows: int, wanted: list[int]) -> list[int]:
    """Every way of sharing, by brute force: the one whose smallest share, then
    next smallest, and so on, is largest."""
    ways = [
        shares
        for shares in itertools.product(*(range(want + 1) for want in wanted))
        if sum(shares) <= rows
    ]
    return max(ways, key=sorted)


@given(st.integers(0, 30), st.lists(st.integers(0, 12), min_size=1, max_size=3))
def test_panes_share_the_column_fairly(rows, wanted):
    shares = fair_shares(rows, wanted)
    assert sorted(shares) == sorted(_fairest(rows, wanted))
    assert all(0 <= share <= want for share, want in zip(shares, wanted, strict=True))
    # Of two panes wanting the same, the later gets any odd row.
    for (a, want_a), (b, want_b) in itertools.combinations(zip(shares, wanted, strict=True), 2):
        if want_a == want_b:
            assert a <= b


def _period_rows(app: BackesApp) -> dict[str, tuple[int, int]]:
    """Each period pane's rows on screen, and its items."""
    return {
        pane_id: (
            pane(app, pane_id).scrollable_content_region.height,
            len(pane(app, pane_id).items),
        )
        for pane_id in ("eras", "offices", "parties")
    }


def _assert_shared_fairly(app: BackesApp) -> None:
    shown = _period_rows(app)
    at = tuple(app.size)
    column = app.explorer.query_one("#periods").region.height
    for pane_id, (rows, items) in shown.items():
        assert rows >= min(items, 1), (at, pane_id, shown)
        if rows < items:
            # Cut: no other pane shows more than one row more, or a blank row.
            for other, other_items in shown.values():
                assert other - 1 <= rows and other <= other_items, (at, pane_id, shown)
            assert sum(pane(app, i).outer_size.height for i in shown) == column, (at, shown)


async def test_no_period_pane_is_squeezed_out(make_app):
    # One app, resized up and back down: the column shares its rows again
    # on each Resize event, as at start-up.
    app = make_app()
    sizes = [(110, 22), (120, 24), (160, 34), (200, 60)]
    async with app.run_test(size=sizes[0]) as pilot:
        for size in [*sizes, sizes[0]]:
            await resize(pilot, *size)
            _assert_shared_fairly(app)
            if size[1] >= 34:  # room for every era, office and party
                assert all(rows >= items for rows, items in _period_rows(app).values()), size


async def test_long_lists_share_the_column():
    # 10 eras, 100 offices and 25 parties: capped at 12 rows each, eras and
    # offices once left the parties no rows at 120x40.
    timeline = parse_timeline(synth_module().synthesize(5000, seed=2), "synthetic")
    app = BackesApp(timeline)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _assert_shared_fairly(app)
        # 3 eras, 37 offices and 11 parties: the offices and parties share
        # the rows the eras leave.
        app.explorer.set_years(YearRange(1990, 2020))
        await pilot.pause()
        _assert_shared_fairly(app)
        # The chart, and so the column, are as tall for the 1910s as for the
        # 1940s: the shares must follow the lists, not only the column's size.
        for decade in (1940, 1910):
            app.explorer.set_years(YearRange(decade, decade + 9))
            await pilot.pause()
            _assert_shared_fairly(app)
        await resize(pilot, 120, 24)
        _assert_shared_fairly(app)
        # Narrow, one pane at a time takes the whole column, whatever its share was.
        await resize(pilot, 80, 24)
        await press_each(pilot, "1")
        await pilot.pause()
        column = app.explorer.query_one("#periods").region.height
        assert pane(app, "eras").outer_size.height == column
        await resize(pilot, 120, 40)
        _assert_shared_fairly(app)


async def test_every_disputed_item_is_marked_in_its_row(make_app, timeline):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        for pane_id in ("eras", "offices", "parties", "events"):
            p = pane(app, pane_id)
            for index, item in enumerate(p.items):
                marked = p.row_text(index).plain.startswith("⚠")
                assert marked == timeline.disputed(item), (pane_id, item.id)
        secretary = timeline.office("state-secretary-citizenship")
        assert timeline.disputed(secretary)
        await press_at_once(pilot, "2", "j")
        assert app.explorer.selected is secretary
        assert "Term: 4 July 2022 – 10 October 2023 ⚠ or September 2023" in detail_text(app)


async def test_search_matches_are_highlighted_and_n_steps_through_them(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.explorer.active_filter = Filter(text="noumea")
        await pilot.pause()
        events = pane(app, "events")
        assert events.items
        row = events.row_text(0)
        start = row.plain.index("Nouméa")
        styled = [span for span in row.spans if span.start <= start < span.end]
        assert any(Style.parse(str(span.style)).underline for span in styled), row.spans
        assert "n" in app.explorer.active_bindings
        seen = [app.explorer.selected]
        for _ in range(len(events.items) - 1):
            await press_each(pilot, "n")
            seen.append(app.explorer.selected)
        assert seen == list(events.items)
        notices = record_notifications(app)
        await press_each(pilot, "n")  # past the last event: round to the first match
        assert app.explorer.selected is not None
        assert notices == ["Search wrapped around"]
        await press_each(pilot, "N")
        assert app.explorer.selected is events.items[-1]
        app.explorer.active_filter = Filter(text="zzzz")
        await pilot.pause()
        await press_each(pilot, "n")  # nothing to step through: it says so
        assert notices[-1] == "The search finds nothing here"
        await press_at_once(pilot, "escape", "n")
        assert notices[-1] == "No search: / to search"


def test_match_spans_point_at_the_original_characters():
    text = "Arrive in NOUMÉA; noumea again, and Straße"
    spans = match_spans(text, ["noumea", "strasse"])
    assert [text[a:b] for a, b in spans] == ["NOUMÉA", "noumea", "Straße"]
    for a, b in spans:
        assert fold(text[a:b]) in ("noumea", "strasse")
    assert match_spans(text, []) == []


async def test_a_notice_never_covers_the_panes(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        # An undated event: a notice says why nothing filters.
        await press_at_once(pilot, "G", "enter")
        notice = app.explorer.query_one("#notice")
        await wait_for(pilot, lambda: notice.display and notice.region.height > 0)
        assert "undated" in str(notice.render())
        events = pane(app, "events")
        assert not notice.region.overlaps(events.region)
        assert not notice.region.overlaps(app.explorer.query_one("#detail").region)
        cursor_row = events.highlighted - events.scroll_offset.y
        assert 0 <= cursor_row < events.scrollable_content_region.height
        shown = [toast for toast in app.screen.query("Toast") if toast.region.height > 0]
        assert not [toast for toast in shown if toast.display]


async def test_the_chart_zooms_to_the_years_and_k_shows_its_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        chart = app.explorer.query_one(ChartView)
        whole = chart.chart.axis(120)
        app.explorer.set_years(YearRange(2019, 2023))
        await pilot.pause()
        zoomed = chart.chart.axis(120)
        assert (whole.first.year, zoomed.first.year) == (1976, 2018)
        assert zoomed.last.year == 2024
        height = chart.size.height
        await press_each(pilot, "K")
        await pilot.pause()
        assert chart.size.height > height
        assert "Key (K hides)" in "\n".join(line.plain for line in chart.chart.lines(118))
        await press_each(pilot, "K")
        await pilot.pause()
        assert chart.size.height == height


def _readable(char: str) -> bool:
    """Text a person reads, as against lines, blocks and shading drawn as graphics."""
    if char.isspace() or "\u2500" <= char <= "\u259f" or char in "▁▂▃▄▅▆▇▊▋▌▍▎▏":
        return False
    return unicodedata.category(char)[0] in "LNPS"


def _rgb(color: RichColor | None, fallback: Color) -> Color:
    if color is None or color.triplet is None:
        return fallback
    return Color(*color.triplet)


def _contrast_failures(app: BackesApp) -> list[str]:
    foreground = Color.parse(app.theme_variables["foreground"])
    background = Color.parse(app.theme_variables["background"])
    failures = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for segment in strip:
            style = segment.style or Style()
            text = "".join(c for c in segment.text if _readable(c))
            if not text:
                continue
            fg, bg = _rgb(style.color, foreground), _rgb(style.bgcolor, background)
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:
                fg = fg.blend(bg, 0.5)
            ratio = contrast(fg, bg)
            if ratio < 4.5:
                failures.append(f"row {y}: {text!r} {fg.hex} on {bg.hex} is {ratio:.2f}:1")
    return failures


async def test_every_text_on_the_main_screen_reads_at_wcag_aa(make_app):
    # One app for both themes: each from the screen as it opens, and the
    # chart's key shown, then taken back there.
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        explorer = app.explorer
        await press_each(pilot, "K")
        for theme in ("textual-dark", "textual-light"):
            assert not explorer.active_filter.active, theme
            assert app.focused is pane(app, "events"), theme
            assert explorer.selected is app.timeline.events[0], theme
            assert pane(app, "offices").highlighted == 0, theme
            app.theme = theme
            await pilot.pause()
            # As it opens: every pane, undated rows, the chart and its key.
            failures = _contrast_failures(app)
            # A year filter (possible rows, the band), a search match, a disputed
            # office under the cursor and its detail.
            explorer.active_filter = Filter(years=YearRange(2022, 2023), text="state")
            explorer.action_focus_pane("offices")
            await press_each(pilot, "j")
            failures += _contrast_failures(app)
            assert not failures, "\n".join([theme, *failures])
            await press_each(pilot, "escape", "escape", "g", "4", "g")


async def test_the_possible_rows_use_the_theme_not_a_fixed_dim(make_app):
    app = make_app(initial_years=YearRange(2022, 2022))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        events = pane(app, "events")
        possible = next(
            i for i in range(len(events.items)) if events.row_text(i).plain.startswith("?")
        )
        spans = events.row_text(possible).spans
        assert spans and all(not Style.parse(str(span.style)).dim for span in spans)


async def test_a_narrow_screen_shows_the_current_pane_alone_across_resizes(make_app):
    app = make_app()
    every = {"eras", "offices", "parties", "events"}

    def shown() -> tuple[set[str], bool]:
        panes = {pane_id for pane_id in every if pane(app, pane_id).display}
        return panes, app.explorer.query_one("#periods").display

    async with app.run_test(size=(120, 40)) as pilot:
        assert shown() == (every, True)
        await resize(pilot, 90, 30)
        assert shown() == ({"events"}, False)
        await press_each(pilot, "2")
        assert shown() == ({"offices"}, True)
        await resize(pilot, 130, 30)
        assert shown() == (every, True)
        await resize(pilot, 100, 30)
        assert shown() == ({"offices"}, True)
