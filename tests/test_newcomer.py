"""What a newcomer meets on the screen (issue 35): marks that say what they
mean, cursors that stop at the timeline's span, links and copies that say
which is which, help and palette entries that agree with the README."""

from __future__ import annotations

from backes_tui.tui.chart_view import ChartView
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
