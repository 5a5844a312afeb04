"""The chart's layout against plain oracles: cells, rows, hidden counts, marks, axis."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backes_tui.formats.lanes import Axis, place
from backes_tui.storage.loader import parse_timeline
from backes_tui.timeline.model import Era, Timeline
from backes_tui.timeline.query import Filter, TimelineQuery
from backes_tui.timeline.years import YearRange
from backes_tui.tui.chart import LABEL_WIDTH, TimelineChart
from tests.conftest import examples, synth_module


@pytest.fixture(scope="module")
def synthetic() -> Timeline:
    return parse_timeline(synth_module().synthesize(3000, seed=7), "synthetic")


@settings(max_examples=examples(300))
@given(
    first=st.integers(700_000, 740_000),
    days=st.integers(1, 40_000),
    width=st.integers(10, 250),
    a=st.integers(-100, 40_100),
    length=st.integers(0, 5_000),
)
def test_axis_cover_is_the_cells_whose_centre_lies_in_the_days(first, days, width, a, length):
    """A cell belongs to days a..b when its centre falls within them: so two
    runs of days that share none never share a cell, whatever the zoom."""
    axis = Axis(dt.date.fromordinal(first), dt.date.fromordinal(first + days - 1), width)
    low, high = first + a, first + a + length
    covered = axis.cover(low, high)
    if high < first or low > first + days - 1:
        assert covered is None
        return
    centres = [
        col
        for col in range(width)
        if low - first < Fraction(2 * col + 1, 2) * Fraction(days, width) <= high + 1 - first
    ]
    assert covered is not None
    if centres:
        assert (covered[0], covered[1]) == (centres[0], centres[-1])
    else:  # too short for a cell of its own: one cell, where it is
        assert covered[0] == covered[1]


filters = st.builds(
    Filter,
    years=st.one_of(
        st.none(),
        st.builds(
            lambda a, n, open_end: YearRange(a, None if open_end else a + n),
            st.integers(1940, 2030),
            st.integers(0, 30),
            st.booleans(),
        ),
    ),
    text=st.sampled_from(["", "south", "party", "a", "zzzz", "renaissance"]),
)


@pytest.mark.parametrize("data", ["shipped", "synthetic"])
@settings(max_examples=examples(120))
@given(flt=filters, width=st.integers(60, 200), rows=st.integers(1, 3))
def test_spans_never_share_a_cell_and_every_item_is_drawn_or_counted(
    data, timeline, synthetic, flt, width, rows
):
    t = timeline if data == "shipped" else synthetic
    view = TimelineQuery(t).view(flt)
    chart = TimelineChart(t, view, years=flt.years, max_rows_per_lane=rows)
    axis = chart.axis(width)
    assert axis.width == width - LABEL_WIDTH - 1
    lines = chart.lines(width)
    line = 0
    for lane, items in zip(chart.lanes(axis), (view.eras, view.parties, view.offices), strict=True):
        assert len(lane.rows) <= rows
        drawn = [bar.item for row in lane.rows for bar in row]
        # Each item exactly once: drawn, counted as crowded out, or outside the axis.
        not_drawn = [*lane.crowded, *lane.outside]
        assert sorted(map(id, drawn + not_drawn)) == sorted(map(id, items))
        for item in lane.outside:
            assert place(item, axis, t.as_of.sort_key[1]) is None
        for row in lane.rows or ((),):
            taken: set[int] = set()
            for bar in row:
                cells = set(range(bar.first, bar.last + 1))  # with its "◌" leader
                assert not cells & taken, "two bars share a cell"
                assert 0 <= bar.first <= bar.start <= bar.last < axis.width
                taken |= cells
            text = lines[line].plain
            label = text[: LABEL_WIDTH - 1]
            if row is (lane.rows or ((),))[-1]:
                # "+N: too many overlap" counts only what overlap left out.
                counted = re.search(r"\+(\d+)$", label.rstrip())
                assert (int(counted[1]) if counted else 0) == len(lane.crowded)
            track = text[LABEL_WIDTH : LABEL_WIDTH + axis.width]
            for col in range(axis.width):
                if col not in taken:
                    assert track[col] == " "
            line += 1


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_every_dated_event_sits_in_the_cell_of_its_own_day(timeline, synthetic, width):
    """The obvious way: each event in turn, in the cell whose days hold its first day."""
    for t in (timeline, synthetic):
        query = TimelineQuery(t)
        for flt in (
            Filter(),
            Filter(years=YearRange(1990, 2000)),
            Filter(years=YearRange(2022, 2022)),
        ):
            view = query.view(flt)
            chart = TimelineChart(t, view, years=flt.years)
            axis = chart.axis(width)
            expected = ["─"] * axis.width
            early = late = False
            for event in view.events:
                if event.date is None:
                    continue
                day = event.date.sort_key[0]
                if day < axis.first_ordinal:
                    early = True
                    continue
                if day > axis.last_ordinal:
                    late = True
                    continue
                col = next(
                    c
                    for c in range(axis.width)
                    if axis.first_day_of_column(c) <= day
                    and (c == axis.width - 1 or day < axis.first_day_of_column(c + 1))
                )
                assert col == axis.column(day)
                if expected[col] != "●":
                    expected[col] = "●" if event.date.sort_key[0] == event.date.sort_key[1] else "○"
            assert chart.event_marks(axis) == (expected, early, late)


def test_the_1952_arrival_is_marked_before_the_axis_not_at_her_birth(timeline):
    chart = TimelineChart(timeline)
    events_line = chart.lines(80)[-2].plain
    assert events_line.startswith("Events")
    assert events_line[LABEL_WIDTH - 1] == "«"
    axis = chart.axis(80)
    assert axis.first == dt.date(1976, 1, 1)
    born = axis.column(timeline.subject.born.sort_key[0])
    assert events_line[LABEL_WIDTH + born] == "●"


def test_the_axis_follows_the_years_with_a_margin_and_shows_months(timeline):
    view = TimelineQuery(timeline).view(Filter(years=YearRange(2019, 2023)))
    chart = TimelineChart(timeline, view, years=YearRange(2019, 2023))
    axis = chart.axis(120)
    assert dt.date(2018, 9, 1) < axis.first < dt.date(2019, 1, 1)
    assert dt.date(2023, 12, 31) < axis.last < dt.date(2024, 5, 1)
    band = chart._band(axis)
    assert band is not None and band[1] - band[0] + 1 >= 0.85 * axis.width
    assert [label for _, label in axis.ticks()] == [str(y) for y in range(2019, 2025)]
    months = TimelineChart(timeline, years=YearRange(2022, 2023)).axis(120).ticks()
    assert "Jul" in [label for _, label in months] and "2023" in [label for _, label in months]
    whole = TimelineChart(timeline).axis(120).ticks()
    assert all(label.isdigit() for _, label in whole)


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 200])
def test_labels_are_never_a_bare_number_except_era_numbers_and_the_key_explains_them(
    timeline, width
):
    chart = TimelineChart(timeline)
    chart.show_legend = True
    axis = chart.axis(width)
    text = " ".join(line.plain for line in chart.lines(width))
    # One space wherever a line wraps inside a key entry, as the eye reads it.
    key = " ".join(text[text.index("Key") :].split()) + " "
    for lane in chart.lanes(axis):
        for row in lane.rows:
            for bar in row:
                label = chart.label(bar.item, bar.end - bar.start - 1) or chart.label(
                    bar.item, bar.end - bar.start + 1
                )
                short = label.rstrip("⚠")
                if short.isdigit():
                    assert isinstance(bar.item, Era)
                if short and short != getattr(bar.item, "title", getattr(bar.item, "name", "")):
                    assert f"{short} " in key, f"{short!r} is not in the key"


def test_a_disputed_period_carries_the_warning_on_its_bar(timeline):
    chart = TimelineChart(timeline)
    lines = [line.plain for line in chart.lines(200)]
    offices = "\n".join(line for line in lines if "SS" in line or "State Secretary" in line)
    assert "⚠" in offices
    secretary = timeline.office("state-secretary-citizenship")
    assert chart.label(secretary, 40).endswith("⚠")
    assert not chart.label(timeline.offices[0], 40).endswith("⚠")


def test_an_ongoing_span_and_an_unstated_end_are_drawn_differently(timeline):
    axis = TimelineChart(timeline).axis(120)
    as_of = timeline.as_of.sort_key[1]
    president = place(timeline.office("south-province-president"), axis, as_of)
    renaissance = place(timeline.party("renaissance"), axis, as_of)
    assert president is not None and renaissance is not None
    assert (president.trailer, renaissance.trailer) == ("▶", "?")
    assert renaissance.sure is None  # never drawn as certain


def test_one_row_per_lane_counts_what_it_cannot_draw(timeline):
    chart = TimelineChart(timeline, max_rows_per_lane=1)
    lanes = chart.lanes(chart.axis(80))
    parties = next(lane for lane in lanes if lane.name == "Parties")
    assert parties.crowded  # Rally–UMP shares 2004 with RPCR, and so on
    assert f"+{len(parties.crowded)}" in chart.lines(80)[1].plain


@pytest.mark.parametrize("legend", [False, True])
@pytest.mark.parametrize("width", [60, 120, 200])
def test_the_height_is_the_number_of_lines_drawn(timeline, synthetic, width, legend):
    for t in (timeline, synthetic):
        for years in (None, YearRange(2019, 2023)):
            chart = TimelineChart(t, TimelineQuery(t).view(Filter(years=years)), years=years)
            chart.show_legend = legend
            assert chart.height(width) == len(chart.lines(width))


def test_the_axis_begins_at_her_birth_or_an_earlier_period_and_needs_no_period():
    from backes_tui.formats.lanes import axis_for
    from tests.conftest import minimal

    data = minimal()
    data["eras"], data["offices"], data["parties"] = [], [], []
    data["events"][0]["offices"], data["events"][0]["parties"] = [], []
    bare = parse_timeline(data, "no periods")
    assert axis_for(bare, bare.events, None, 80).first == dt.date(1970, 1, 1)
    data = minimal()
    data["eras"][0]["start"] = "1952"
    earlier = parse_timeline(data, "an era before her birth")
    assert axis_for(earlier, earlier.events, None, 80).first == dt.date(1952, 1, 1)


def test_a_possible_party_off_the_axis_is_not_counted_as_overlapping(timeline):
    # Renaissance: joined "by July 2022", so possibly in 2020, but nothing of
    # it is known to lie there; "+N" means too many overlap, which is not why.
    view = TimelineQuery(timeline).view(Filter(years=YearRange(2020, 2020)))
    chart = TimelineChart(timeline, view, years=YearRange(2020, 2020))
    lanes = chart.lanes(chart.axis(120))
    parties = next(lane for lane in lanes if lane.name == "Parties")
    assert timeline.party("renaissance") in parties.outside
    assert not parties.crowded
    assert not any("Parties+" in line.plain.replace(" ", "") for line in chart.lines(120))
