"""One search rule for every pane and every command: a word found in any
name of a place, office or party finds every item about it (README, "Search";
docs/timeline-format.md, "Search")."""

from __future__ import annotations

import json

import pytest

from backes_tui.cli import main
from backes_tui.storage.loader import load_timeline
from backes_tui.timeline.query import Filter, TimelineQuery
from backes_tui.timeline.search import fold
from backes_tui.tui.app import BackesApp
from backes_tui.tui.panes import ItemList
from tests.conftest import press_at_once, press_each

PANES = ("eras", "offices", "parties", "events")

# What each search finds in each pane, written out by hand from the shipped
# data: the pairs on one line are other names for one thing.
TABLE = {
    "south province": {
        "eras": {"south-province", "after-senate"},
        "offices": {"south-province-president"},
        "parties": set(),
        # The place's events: the speech names no place; the praise and
        # the provinces' rulers do.
        "events": {"south-province-president.start", "ruffenach-praise", "provinces-ruled"},
    },
    # The office's other name (not the place's): the office and what is about it,
    # and the eras whose summaries name it.
    "Provincial Assembly of South Province": {
        "eras": {"south-province", "after-senate"},
        "offices": {"south-province-president"},
        "parties": set(),
        "events": {"south-province-president.start"},
    },
    "rpcr": {
        "eras": {"studies-and-work"},
        "offices": set(),
        "parties": {"rpcr"},
        "events": {"rpcr.start", "rpcr.end"},
    },
    "rassemblement pour la calédonie": {
        "eras": {"studies-and-work"},
        "offices": set(),
        "parties": {"rpcr"},
        "events": {"rpcr.start", "rpcr.end"},
    },
    "secretary of state": {
        # The South Province era's summary has the three words too ("her term
        # as State Secretary starts"): found by its text, not an alias.
        "eras": {"south-province", "state-secretary"},
        "offices": {"state-secretary-citizenship"},
        "parties": set(),
        "events": {
            "state-secretary-citizenship.start",
            "resigns-ministry",
            "state-secretary-citizenship.end",
        },
    },
    "xowie": {"eras": set(), "offices": set(), "parties": set(), "events": {"senate-defeat"}},
}
# Another name of the same thing finds the same, pane by pane.
TABLE["southern province"] = TABLE["south province"]
TABLE["state secretary for citizenship"] = {
    **TABLE["secretary of state"],
    "eras": {"state-secretary"},
}


@pytest.fixture(scope="module")
def query():
    return TimelineQuery(load_timeline(None))


def ids(items) -> set[str]:
    return {item.id for item in items}


@pytest.mark.parametrize("words", sorted(TABLE))
def test_the_query_the_panes_use(query, words):
    view = query.view(Filter(text=words))
    found = {name: ids(getattr(view, name)) for name in PANES}
    assert found == TABLE[words]


@pytest.mark.parametrize("command", PANES)
@pytest.mark.parametrize("words", sorted(TABLE))
def test_every_listing_command(capsys, command, words):
    assert main([command, "--search", words, "--format", "json"]) == 0
    found = {record["id"] for record in json.loads(capsys.readouterr().out)}
    assert found == TABLE[words][command]


def test_rassemblement_finds_both_rallies_and_their_events(query):
    view = query.view(Filter(text="rassemblement"))
    assert ids(view.parties) == {"rpcr", "rally-ump"}
    # Before the rule, the parties pane found them and the events pane nothing.
    assert {"rpcr.start", "rpcr.end", "rally-ump.start", "rally-ump.end"} <= ids(view.events)


def test_each_name_finds_every_item_linked_to_it(query):
    """For every office and party, each of its names finds the events that
    link to it and the item itself; for every place, each of its names finds
    the events and offices that list it."""
    t = query.timeline
    for office in t.offices:
        linked = {e.id for e in t.events if office.id in e.offices}
        for name in (office.title, office.short, *office.aliases):
            view = query.view(Filter(text=name))
            assert linked <= ids(view.events) and office in view.offices, name
    for party in t.parties:
        linked = {e.id for e in t.events if party.id in e.parties}
        for name in (party.name, party.short, *party.aliases):
            view = query.view(Filter(text=name))
            assert linked <= ids(view.events) and party in view.parties, name
    for place in t.places:
        listed = {o.id for o in t.offices if place.name in o.places}
        events = {e.id for e in t.events if place.name in e.text.places}
        for name in (place.name, *place.aliases):
            view = query.view(Filter(text=name))
            assert listed <= ids(view.offices) and events <= ids(view.events), name


def test_a_short_name_is_found_only_as_a_whole_word(query):
    # "RC" is in "source" and "search": those do not make an item about the party.
    rule = query.about.rule
    [rc] = [thing for thing in rule.things if thing.key == "party:caledonian-republicans"]
    assert fold("RC") in rc.names
    view = query.view(Filter(text="républicains calédoniens"))
    assert "caledonian-republicans.start" in ids(view.events)
    assert "un-address" not in ids(view.events)


async def test_the_panes_show_what_the_query_finds():
    # One app (the panes' items, not their layout: any size with all four
    # shown will do); escape takes each search off before the next.
    app = BackesApp(load_timeline(None))
    async with app.run_test(size=(120, 40)) as pilot:
        for words in ["southern province", "rassemblement pour la calédonie"]:
            assert not app.explorer.active_filter.active, words
            await press_each(pilot, "slash")
            await press_at_once(pilot, *words, "enter")  # the words at once, then one settle
            for name in PANES:
                shown = ids(app.screen.query_one(f"#{name}", ItemList).items)
                assert shown == TABLE[words][name], (words, name)
            await press_each(pilot, "escape")


async def test_an_empty_pane_under_a_search_says_why():
    app = BackesApp(load_timeline(None))
    async with app.run_test(size=(160, 50)) as pilot:
        await press_at_once(pilot, "slash", *"xowie", "enter")
        for name in ("eras", "offices", "parties"):
            pane = app.screen.query_one(f"#{name}", ItemList)
            assert pane.items == ()
            # A row to say it in: an empty pane had none, only its border.
            assert pane.content_region.height >= 1, name
            assert pane.render_line(0).text.strip() == f"No {name} matching “xowie”"


def test_a_listing_with_no_match_says_so_in_one_line(capsys):
    for fmt, expected in (
        ("table", "No events matching “zzzz”\n"),
        ("plain", "No events matching “zzzz”\n"),
        ("markdown", "No events matching “zzzz”\n"),
        ("json", "[]\n"),
    ):
        assert main(["events", "--search", "zzzz", "--format", fmt]) == 0
        assert capsys.readouterr().out == expected, fmt
    assert main(["parties", "--year", "1980", "--search", "rpcr"]) == 0
    assert capsys.readouterr().out == "No parties in 1980 matching “rpcr”\n"


def test_search_before_a_listing_says_where_it_goes(capsys):
    assert main(["--search", "x", "parties"]) == 2
    err = capsys.readouterr().err
    assert "as in 'backes-tui parties --search …'" in err
