"""The indexed queries give the same answers as a plain scan, on synthetic data;
and the loader's fast path for events agrees with its full check."""

from __future__ import annotations

import json
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backes_tui.storage.checker import Checker
from backes_tui.storage.events import EventFields, check_event
from backes_tui.storage.loader import load_timeline, parse_timeline
from backes_tui.storage.shapes import convert
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import Era, Event, EventText, Office, Party, Timeline
from backes_tui.timeline.query import Filter, TimelineQuery, _period_text, fold
from backes_tui.timeline.years import YearRange
from tests.conftest import examples, synth_module


@pytest.fixture(scope="module", params=["parsed", "streamed"])
def synthetic(request, tmp_path_factory) -> Timeline:
    """The same synthetic timeline built from parsed JSON (words in memory,
    search text made on demand) and streamed from a file (words read back,
    search text made while loading)."""
    data = synth_module().synthesize(3000, seed=7)
    if request.param == "parsed":
        return parse_timeline(data, "synthetic")
    path = tmp_path_factory.mktemp("synth") / "synthetic.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    timeline = load_timeline(path, stream_above=0)
    assert timeline.text_source is not None, "a regular file is streamed"
    return timeline


def test_synth_is_deterministic_and_sized():
    synth = synth_module()
    first, again, other = (
        synth.synthesize(1000, 3),
        synth.synthesize(1000, 3),
        synth.synthesize(1000, 4),
    )
    assert json.dumps(first) == json.dumps(again) != json.dumps(other)
    assert (
        len(first["events"]),
        len(first["offices"]),
        len(first["parties"]),
        len(first["eras"]),
    ) == (1000, 20, 5, 2)
    dates = [e["date"] for e in first["events"] if e["date"]]
    assert any(d.endswith("~") for d in dates)
    assert {len(d.rstrip("~")) for d in dates} == {4, 7, 10}
    assert any(e["date"] is None for e in first["events"])
    assert any(o["end"] is None for o in first["offices"])


def _overlaps(years: YearRange, earliest, latest) -> bool:
    return earliest <= years.last_day and latest >= years.first_day


def _linear_years(timeline: Timeline, years: YearRange) -> list[Event]:
    return [
        e
        for e in timeline.events
        if e.date is not None and _overlaps(years, e.date.earliest, (e.end or e.date).latest)
    ]


# What the plain rule gives each item, worked out once: it does not depend on the query.
_KEPT: dict[int, tuple[object, object]] = {}


def _kept(owner: object, make):
    """``make()``, once for ``owner`` (kept alive here, so its id stays its own)."""
    if id(owner) not in _KEPT:
        _KEPT[id(owner)] = (owner, make())
    return _KEPT[id(owner)][1]


def _things(timeline: Timeline) -> dict[str, tuple[list[str], list[str]]]:
    """Each place, office and party: its folded names, and those that make an
    item naming them about them (all but an office's short name)."""
    return _kept(timeline, lambda: _all_things(timeline))


def _all_things(timeline: Timeline) -> dict[str, tuple[list[str], list[str]]]:
    found = {}
    for place in timeline.places:
        names = [fold(n) for n in (place.name, *place.aliases)]
        found[f"place:{place.name}"] = (names, names)
    for office in timeline.offices:
        naming = [fold(n) for n in (office.title, *office.aliases)]
        found[f"office:{office.id}"] = ([fold(office.short), *naming], naming)
    for party in timeline.parties:
        names = [fold(n) for n in (party.name, party.short, *party.aliases)]
        found[f"party:{party.id}"] = (names, names)
    return found


def _searched(timeline: Timeline, own: str, links: set[str]) -> str:
    """The README's search rule, plainly: an item's own words, then every name
    of each thing it links to or names as whole words."""
    own = fold(own)
    words = [own]
    for key, (names, naming) in _things(timeline).items():
        named = any(
            n in own and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", own) for n in naming if n
        )
        if key in links or named:
            words += names
    return " ".join(words)


def _linear_text(timeline: Timeline, events, text: str) -> list[Event]:
    """The events whose words, by the search rule, hold every word."""
    words = fold(text).split()
    aliases = {place.name: place.aliases for place in timeline.places}

    def haystack(e: Event) -> str:
        return _kept(e, lambda: words_of(e))

    def words_of(e: Event) -> str:
        names = [a for place in e.places for a in aliases.get(place, ())]
        links = {f"office:{o}" for o in e.offices} | {f"party:{p}" for p in e.parties}
        return _searched(
            timeline, " ".join((e.title, e.summary, *e.people, *e.places, *names)), links
        )

    return [e for e in events if all(w in haystack(e) for w in words)]


RANGES = [
    YearRange(2000, 2000),
    YearRange(1990, 1999),
    YearRange(1900, 1900),
    YearRange(2025, 2030),
    YearRange(None, 1910),
    YearRange(2020, None),
    YearRange(None, None),
    YearRange(1850, 1860),
]


@pytest.mark.parametrize("years", RANGES, ids=[r.describe() for r in RANGES])
def test_year_filter_matches_a_linear_scan(synthetic, years):
    query = TimelineQuery(synthetic)
    assert list(query.events(Filter(years=years))) == _linear_years(synthetic, years)
    view = query.view(Filter(years=years))
    for attribute in ("eras", "offices", "parties"):
        expected = [
            item
            for item in getattr(synthetic, attribute)
            if _overlaps(years, item.span.earliest, item.span.latest)
        ]
        assert list(getattr(view, attribute)) == expected


@settings(max_examples=examples(60), deadline=None)
@given(
    start=st.integers(1890, 2030),
    width=st.integers(0, 40),
    open_start=st.booleans(),
    open_end=st.booleans(),
)
def test_random_year_ranges_match_a_linear_scan(synthetic, start, width, open_start, open_end):
    years = YearRange(None if open_start else start, None if open_end else start + width)
    query = TimelineQuery(synthetic)
    assert list(query.events(Filter(years=years))) == _linear_years(synthetic, years)
    # The header's "(N possible)" counts what answering each event one by one gives.
    for text in ("", "vote"):
        view = query.view(Filter(years=years, text=text))
        one_by_one = [synthetic.answer(e, *years.days).label for e in view.events]
        assert view.uncertain_events == sum(label != "certain" for label in one_by_one)
        # Each period asked one by one, as the narrowing by reach must agree with.
        for attribute in ("eras", "offices", "parties"):
            every = getattr(synthetic, attribute)
            expected = [p for p in every if query.holds(p, *years.days)]
            held = [p for p in expected if _matches(synthetic, p, text)]
            assert list(getattr(view, attribute)) == held


def _matches(timeline, period, text):
    # The words a period is searched by, each folded and asked on its own.
    searched = _searched(timeline, _period_text(period, timeline), set())
    return all(word in searched for word in fold(text).split())


def test_periods_of_every_year_are_each_period_asked(timeline):
    """The shipped data's bounds ("by July 2022") and disputed end, year by year."""
    query = TimelineQuery(timeline)
    for year in range(1940, 2031):
        years = YearRange(year, year)
        view = query.view(Filter(years=years))
        for attribute in ("eras", "offices", "parties"):
            every = getattr(timeline, attribute)
            expected = [p for p in every if query.holds(p, *years.days)]
            assert list(getattr(view, attribute)) == expected, (year, attribute)


@pytest.mark.parametrize(
    "text", ["treaty", "treaty senate", "PERSON 12", "zzz", "vote 10", "ministerville"]
)
def test_search_matches_a_linear_scan(synthetic, text):
    query = TimelineQuery(synthetic)
    assert synthetic.places  # the synthetic places have other names, which search must find
    assert list(query.events(Filter(text=text))) == _linear_text(synthetic, synthetic.events, text)
    years = YearRange(1950, 1970)
    combined = query.events(Filter(text=text, years=years))
    assert list(combined) == _linear_text(synthetic, _linear_years(synthetic, years), text)


def test_kind_filter_matches_a_linear_scan(synthetic):
    query = TimelineQuery(synthetic)
    kinds = frozenset({"speech", "context"})
    got = query.events(Filter(kinds=kinds, years=YearRange(1960, 1980), text="budget"))
    expected = [
        e
        for e in _linear_text(synthetic, _linear_years(synthetic, YearRange(1960, 1980)), "budget")
        if e.kind in kinds
    ]
    assert list(got) == expected


def test_related_events_match_a_linear_scan(synthetic):
    query = TimelineQuery(synthetic)
    for era in synthetic.eras:
        expected = [
            e
            for e in synthetic.events
            if e.date is not None
            and e.date.earliest <= era.span.latest
            and (e.end or e.date).latest >= era.span.earliest
        ]
        assert list(query.related(era)) == expected
    for office in synthetic.offices[:10]:
        assert list(query.related(office)) == [
            e for e in synthetic.events if office.id in e.offices
        ]
    for party in synthetic.parties:
        assert list(query.related(party)) == [e for e in synthetic.events if party.id in e.parties]


@pytest.mark.parametrize("when", ["2000", "1999-12", "1975-06-30", "2025"])
def test_on_matches_a_linear_scan(synthetic, when):
    date = PartialDate.parse(when)
    view = TimelineQuery(synthetic).on(date)

    def held(item: Era | Office | Party) -> bool:
        return item.span.earliest <= date.latest and item.span.latest >= date.earliest

    assert list(view.offices) == [o for o in synthetic.offices if held(o)]
    assert list(view.eras) == [e for e in synthetic.eras if held(e)]
    # Every event that may fall within the date: certainly or possibly.
    assert list(view.events) == [
        e
        for e in synthetic.events
        if e.date and e.date.earliest <= date.latest and (e.end or e.date).latest >= date.earliest
    ]


# -- the loader's fast path ---------------------------------------------------------------

GOOD_EVENT = {
    "id": "e1",
    "date": "2001-02",
    "end": "2002",
    "kind": "speech",
    "title": "T",
    "summary": "S",
    "offices": ["o"],
    "parties": [],
    "people": ["P"],
    "places": ["Q"],
    "cites": [{"source": "src", "quote": "q"}],
}
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from(["", " ", "2019-02-30", "2019", "2019~", "speech", "src", "x", "2000-01-01"]),
    st.lists(st.sampled_from(["a", 1, None]), max_size=2),
    st.just({"source": "src", "quote": "q"}),
    st.just([{"source": "src", "quote": "q"}]),
    st.just([{"source": "nope", "quote": "q"}]),
    st.just([{"source": "src", "quote": ""}]),
    st.just([]),
)


@settings(max_examples=examples(400), deadline=None)
@given(
    changes=st.dictionaries(st.sampled_from([*GOOD_EVENT, "extra"]), ODD_VALUES, max_size=3),
    removed=st.sets(st.sampled_from(list(GOOD_EVENT)), max_size=2),
)
def test_an_event_left_in_the_file_is_checked_as_one_held(changes, removed):
    """A large file's event (its words left in the file, its citations taken
    in one step when plain) gets the same problems and the same event."""
    obj = {k: v for k, v in {**GOOD_EVENT, **changes}.items() if k not in removed}
    checker = Checker()
    held = checker.event("events[0]", obj, {"src"})
    fields, problems = convert(obj, EventFields, "events[0]")
    if fields is None:
        assert held is None and checker.problems == problems and problems
        return
    from_file = Checker()
    stored = check_event(from_file, "events[0]", fields, {"src"}, 0, WordsInFile())
    assert from_file.problems == checker.problems
    assert (stored is None) == (held is None)
    if held is not None and stored is not None:
        for name in ("date", "end", "kind", "offices", "parties", "by", "derived"):
            assert getattr(stored, name) == getattr(held, name), name


class WordsInFile:
    def read(self, row: int) -> EventText:
        raise AssertionError("not read while checking")

    def changed(self) -> bool:
        return False


def test_the_common_case_is_taken():
    assert Checker().event("events[0]", dict(GOOD_EVENT), {"src"}) is not None
    undated = {**GOOD_EVENT, "date": None, "end": None}
    assert Checker().event("events[0]", undated, {"src"}) is not None


def test_random_synthetic_file_loads_whole(tmp_path):
    data = synth_module().synthesize(500, seed=random.Random(5).randint(0, 99))
    timeline = parse_timeline(data, "x")
    assert len([e for e in timeline.events if not e.derived]) == 500


def test_an_event_is_equal_only_to_itself():
    """The panes find the highlighted event in a large view with tuple.index,
    which compares by equality: an event's must be identity, since two events
    may share every field but the id."""
    from backes_tui.timeline.model import Event

    assert Event.__eq__ is object.__eq__


@settings(max_examples=examples(40), deadline=None)
@given(year=st.integers(1890, 2030), month=st.one_of(st.none(), st.integers(1, 12)))
def test_on_a_date_asks_every_period_one_by_one(synthetic, timeline, year, month):
    from backes_tui.timeline.dates import PartialDate

    when = PartialDate(year, month)
    for data in (synthetic, timeline):
        query = TimelineQuery(data)
        view = query.on(when)
        for attribute in ("eras", "offices", "parties"):
            every = getattr(data, attribute)
            expected = [p for p in every if query.holds(p, when.earliest, when.latest)]
            assert list(getattr(view, attribute)) == expected, (when, attribute)
