"""Certain, possible, absent and disputed, held to a walk over every day of every reading."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from edtf import parse_edtf
from hypothesis import given, settings
from hypothesis import strategies as st

from backes_tui.cli import main
from backes_tui.timeline.certainty import Certainty, classify, point_bounds, span_bounds
from backes_tui.timeline.dates import PartialDate, Span
from tests.conftest import examples

BASE = dt.date(2000, 1, 1).toordinal()
DAYS = 70  # small enough to walk every reading


def oracle(
    starts: range, ends: range, first: int, last: int, *, same_day: bool = False
) -> Certainty:
    """Every reading (start ≤ end) walked day by day: does it overlap first..last?"""
    overlaps = set()
    for start in starts:
        for end in [start] if same_day else ends:
            if start <= end and (not same_day or end in ends):
                overlaps.add(start <= last and end >= first)
    if overlaps == {True}:
        return Certainty.CERTAIN
    if overlaps == {False}:
        return Certainty.ABSENT
    return Certainty.POSSIBLE


def open_oracle(
    starts: range, ends: range, stated: range, window: tuple[int, int], *, same_day: bool = False
) -> Certainty:
    """The walk, and where it finds the item possible but the readings whose
    start lies in ``stated`` (the bound's own days) all miss the window: not stated."""
    found = oracle(starts, ends, *window, same_day=same_day)
    if found is Certainty.POSSIBLE and stated != starts:
        kept = range(max(starts[0], stated[0]), starts[-1] + 1)
        if oracle(kept, ends, *window, same_day=same_day) is Certainty.ABSENT:
            return Certainty.NOT_STATED
    return found


def day(offset: int) -> PartialDate:
    d = dt.date.fromordinal(BASE + offset)
    return PartialDate(d.year, d.month, d.day)


# A date of some precision inside the walked days: a day, or a month of 2000.
DATES = st.one_of(
    st.integers(0, DAYS - 1).map(day),
    st.integers(1, 2).map(lambda month: PartialDate(2000, month)),
)
WINDOWS = st.tuples(st.integers(-5, DAYS + 5), st.integers(0, 20)).map(
    lambda w: (BASE + w[0], BASE + w[0] + w[1])
)


def days_of(date: PartialDate) -> range:
    return range(date.sort_key[0], date.sort_key[1] + 1)


@settings(max_examples=examples(400), deadline=None)
@given(
    start=DATES,
    end=st.one_of(st.none(), DATES),
    unknown=st.booleans(),
    bound=st.booleans(),
    as_of=st.integers(0, DAYS),
    window=WINDOWS,
)
def test_periods_match_a_walk_over_every_reading(start, end, unknown, bound, as_of, window):
    if end is not None and end.sort_key[1] < start.sort_key[0]:
        start, end = end, start
    floor = BASE - 3
    span = Span(start, end, bound, unknown and end is None, dt.date.fromordinal(floor))
    as_of_date = day(as_of)
    # The open end is cut just past the window: any later day answers the same.
    far = max(window[1], start.sort_key[1], as_of_date.sort_key[0]) + 2
    starts = range(floor, start.sort_key[1] + 1) if bound else days_of(start)
    if end is not None:
        ends = days_of(end)
    elif span.end_unknown:
        ends = range(starts[0], far)
    else:
        ends = range(as_of_date.sort_key[0], far)
    if bound:  # held on some day within the bound
        ends = range(max(ends[0], start.sort_key[0]), ends[-1] + 1)
    if not any(s <= e for s in starts for e in ends):
        return  # no reading at all: the loader refuses such spans
    expected = open_oracle(starts, ends, days_of(start) if bound else starts, window)
    assert classify(span_bounds(span, as_of_date), *window) is expected


@settings(max_examples=examples(400), deadline=None)
@given(date=DATES, end=st.one_of(st.none(), DATES), by=st.booleans(), window=WINDOWS)
def test_events_match_a_walk_over_every_reading(date, end, by, window):
    if end is not None and end.sort_key[1] < date.sort_key[0]:
        date, end = end, date
    floor = BASE - 3
    starts = range(floor, date.sort_key[1] + 1) if by else days_of(date)
    stated = days_of(date)
    if not by:
        stated = starts
    if end is None:
        expected = open_oracle(starts, starts, stated, window, same_day=True)
    else:
        expected = open_oracle(starts, days_of(end), stated, window)
    assert classify(point_bounds(date, end, by=by, floor=floor), *window) is expected


def test_approximate_dates_agree_with_the_edtf_reference_implementation():
    forms = ["1994", "2023-09", "2024-02", "1976-05-21", "2005~", "2023-09~", "2024-02-29~"]
    for text in forms:
        parsed = parse_edtf(text)
        ours = PartialDate.parse(text)
        low, high = parsed.lower_fuzzy()[:3], parsed.upper_fuzzy()[:3]
        assert (ours.earliest, ours.latest) == (dt.date(*low), dt.date(*high)), text


@settings(max_examples=examples(200), deadline=None)
@given(
    year=st.integers(1800, 2100),
    month=st.one_of(st.none(), st.integers(1, 12)),
    day=st.integers(1, 28),
    with_day=st.booleans(),
    approximate=st.booleans(),
)
def test_every_date_form_matches_edtf(year, month, day, with_day, approximate):
    text = f"{year:04d}" + (f"-{month:02d}" if month else "")
    text += f"-{day:02d}" if month and with_day else ""
    text += "~" if approximate else ""
    parsed = parse_edtf(text)
    ours = PartialDate.parse(text)
    assert ours.earliest == dt.date(*parsed.lower_fuzzy()[:3])
    assert ours.latest == dt.date(*parsed.upper_fuzzy()[:3])


def on(capsys, when: str) -> dict:
    assert main(["on", when, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def answers(state: dict, kind: str) -> dict[str, str]:
    return {item["id"]: item["certainty"] for item in state[kind]}


@pytest.mark.parametrize("when", ["2023-09-30", "2023-10-05"])
def test_the_state_secretary_post_is_disputed_around_its_two_ends(capsys, when):
    state = on(capsys, when)
    assert answers(state, "offices")["state-secretary-citizenship"] == "disputed"
    office = next(o for o in state["offices"] if o["id"] == "state-secretary-citizenship")
    labels = {r["label"]: r["certainty"] for r in office["readings"]}
    assert labels["Infobox: term end"] == "certain"
    assert labels["Text: resignation"] == ("possible" if when.endswith("30") else "absent")


def test_expected_answers_on_the_shipped_data(capsys):
    assert answers(on(capsys, "2020"), "offices") == {"south-province-president": "certain"}
    assert answers(on(capsys, "2020"), "parties")["caledonian-republicans"] == "certain"
    assert answers(on(capsys, "2022-07"), "parties")["renaissance"] == "certain"
    assert answers(on(capsys, "2024-07-14"), "parties")["renaissance"] == "possible"
    # Joined "in 1994 at the age of 18": possible in June, not yet in March.
    assert answers(on(capsys, "1994-06"), "parties")["rpcr"] == "possible"
    assert "rpcr" not in answers(on(capsys, "1994-03"), "parties")


def test_nothing_is_asserted_past_as_of(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    state = on(capsys, "2099")
    assert state["after_as_of"] is True and state["age"] is None
    assert set(answers(state, "offices").values()) == {"possible"}
    assert set(answers(state, "parties").values()) == {"possible"}
    assert main(["offices", "--year", "2034-2038"]) == 0
    table = capsys.readouterr().out
    assert "says nothing after 14 July 2024" in table and "? possible" in table


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("southern province", {"south-province-president"}),
        ("rassemblement", {"rpcr", "rally-ump"}),
        ("secretary of state", {"state-secretary-citizenship"}),
        # LR-NC's summary names the MPC: by the search rule it is about the MPC too.
        ("popular caledonian", {"mpc", "lr-nc"}),
    ],
)
def test_search_matches_the_names_the_article_uses(timeline, words, expected):
    from backes_tui.timeline.query import Filter, TimelineQuery

    view = TimelineQuery(timeline).view(Filter(text=words))
    assert {item.id for item in (*view.offices, *view.parties)} == expected


def test_events_in_a_province_match_its_other_name(timeline):
    from backes_tui.timeline.query import Filter, TimelineQuery

    found = TimelineQuery(timeline).events(Filter(text="southern province"))
    assert {"ruffenach-praise", "provinces-ruled"} <= {e.id for e in found}


@settings(max_examples=examples(300), deadline=None)
@given(date=DATES, held=st.booleans(), window=WINDOWS)
def test_states_and_after_dates_match_a_walk_over_every_reading(date, held, window):
    """A state held within ``date`` (start and end not stated), or an event on
    or after ``date``'s first day (no later limit stated); the open side is
    cut just past the window, as any later day answers the same."""
    floor, far = BASE - 3, max(window[1], date.sort_key[1]) + 2
    low, high = date.sort_key[0], date.sort_key[1]
    if held:
        starts, ends = range(floor, high + 1), range(low, far)
        expected = open_oracle(starts, ends, days_of(date), window)
    else:
        starts = ends = range(low, far)
        expected = oracle(starts, ends, *window, same_day=True)
        stated = days_of(date)  # the days of the stated bound, and no later
        unstated = oracle(stated, stated, *window, same_day=True) is Certainty.ABSENT
        if expected is Certainty.POSSIBLE and unstated:
            expected = Certainty.NOT_STATED
    bounds = point_bounds(date, floor=floor, held=held, after=not held)
    assert classify(bounds, *window) is expected
