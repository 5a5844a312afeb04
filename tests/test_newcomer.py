"""What a newcomer meets on the screen (issue 35): marks that say what they
mean, cursors that stop at the timeline's span, links and copies that say
which is which, help and palette entries that agree with the README."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from backes_tui.formats.lanes import axis_for
from backes_tui.timeline.stops import shift_within
from backes_tui.timeline.years import YearRange
from backes_tui.tui.chart_view import ChartView
from tests.conftest import record_notifications
from tests.test_app import pane


async def test_an_ongoing_span_shows_the_charts_mark_and_the_help_and_key_say_as_of_when(
    make_app,
):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        rows = [pane(app, "offices").row_text(i).plain for i in range(2)]
        assert any("2019–▶" in row for row in rows), rows
        assert not any("now" in row for row in rows)
        await pilot.press("K")
        chart = app.explorer.query_one(ChartView)
        shown = " ".join(line.plain for line in chart.chart.lines(120))
        assert "▶ ongoing as of 14 July 2024" in shown
        await pilot.press("question_mark")
        meanings = [meaning for mark, meaning in app.screen.symbols if mark == "▶"]
        assert any("ongoing as of 14 July 2024" in meaning for meaning in meanings)


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
        await pilot.press("t", *"L" * 30)
        axis = app.explorer.query_one(ChartView).axis()
        assert app.explorer.date_cursor.year == axis.last.year
        assert any("stops at" in line for line in said)
        await pilot.press(*"H" * 30)
        assert app.explorer.date_cursor.year == axis.first.year
        await pilot.press("t", "y", *"2020", "enter")
        said.clear()
        await pilot.press(*"}" * 5, *"]" * 5)
        years = app.explorer.active_filter.years
        whole = axis_for(app.explorer.timeline, app.explorer.timeline.events, None, 1)
        assert years == YearRange(whole.last.year, whole.last.year)
        assert any(f"ends in {whole.last.year}" in line for line in said)
        await pilot.press(*"{" * 20)
        assert app.explorer.active_filter.years == YearRange(whole.first.year, whole.first.year)
