"""What the Popolo import makes of what Popolo can say and we cannot, each
case beside the README sentence that promises it."""

from __future__ import annotations

import json

import pytest

from backes_tui.formats.popolo import PopoloError, from_popolo
from backes_tui.storage.loader import parse_timeline
from tests.test_wikidata_dates import said


def document(**extra: object) -> dict:
    found = {
        "persons": [{"id": "p", "name": "P", "birth_date": "1970-01-01"}],
        "organizations": [{"id": "o", "name": "Org", "classification": "party"}],
        "posts": [{"id": "mayor", "label": "Mayor", "other_label": ["Lord Mayor", "Mayor"]}],
        "memberships": [
            {"person_id": "p", "organization_id": "o", "start_date": "1990"},
            {"person_id": "p", "post_id": "mayor", "start_date": "2001-05-17"},
        ],
        "events": [],
    }
    found.update(extra)
    return found


def imported(data: dict) -> tuple[dict, list[str]]:
    made, losses = from_popolo(data, "p.json")
    parse_timeline(json.loads(json.dumps(made)), "imported")  # what is written passes check
    return made, losses.lines()


def test_memberships_become_offices_and_parties():
    said(
        "her memberships with a known post become offices (the post's `other_label` their "
        "aliases), those with a known organization become parties"
    )
    made, lines = imported(document())
    (office,) = made["offices"]
    assert (office["title"], office["aliases"], office["end"]) == (
        "Mayor",
        ["Lord Mayor"],
        "unknown",
    )
    assert [p["name"] for p in made["parties"]] == ["Org"] and lines == []


def test_a_membership_naming_neither_a_post_nor_an_organization_is_refused():
    said("and one that names neither is refused")
    data = document()
    data["memberships"].append(
        {"person_id": "p", "organization_id": "nowhere", "start_date": "2000"}
    )
    with pytest.raises(PopoloError, match=r"memberships\[2\]: names neither a known post nor"):
        from_popolo(data, "p.json")


def test_other_persons_are_counted():
    said("the first person (others are counted and ignored)")
    data = document()
    data["persons"].append({"id": "q", "name": "Q", "birth_date": "1971"})
    _, lines = imported(data)
    assert lines == ["Popolo import: other persons ignored (one person a timeline): 1"]


def test_an_unknown_classification_is_read_as_context_and_counted():
    said('a `classification` that is not one of our kinds is read as "context", and counted.')
    events = [
        {"id": "a", "name": "A", "start_date": "2000", "classification": "sitting"},
        {"id": "b", "name": "B", "start_date": "2001", "classification": "election"},
        {"id": "c", "name": "C", "start_date": "2002"},
    ]
    made, lines = imported(document(events=events))
    assert [e["kind"] for e in made["events"]] == ["context", "election", "context"]
    assert lines == ["Popolo import: event classifications not among our kinds, read as context: 2"]


def test_a_date_time_keeps_its_day_and_says_so():
    said("A date-time keeps its day as written and loses its time of day.")
    events = [
        {
            "id": "a",
            "name": "A",
            "start_date": "2000-03-04T23:30:00-11:00",
            "classification": "election",
        }
    ]
    made, lines = imported(document(events=events))
    assert made["events"][0]["date"] == "2000-03-04"
    assert lines == ["Popolo import: times of day left out (our dates are days): 1"]


def test_a_date_in_other_digits_is_refused():
    data = document()
    data["memberships"][0]["start_date"] = "١٩٩٠"
    with pytest.raises(PopoloError, match=r"memberships\[0\]\.start_date: expected a date"):
        from_popolo(data, "p.json")


def test_links_become_sources_and_quotes_say_the_statement():
    said(
        "Each link in `sources` becomes a source, titled by its note and URL, and the quote is "
        "the statement rendered as text; a note without a URL (not a Popolo link) is read as the "
        "quote, and counted."
    )
    data = document()
    data["memberships"][1]["sources"] = [
        {"url": "https://example.org/mayors", "note": "List of mayors"},
        {"note": "“Elected mayor in 2001” — a newspaper"},
    ]
    data["memberships"][0]["sources"] = [{"url": "https://example.org/mayors"}]
    made, lines = imported(data)
    assert {s["id"]: s["title"] for s in made["sources"]} == {
        "popolo": "Popolo data (p.json)",
        "link-1": "List of mayors · https://example.org/mayors",
    }
    (office,) = made["offices"]
    assert office["cites"] == [
        {"source": "link-1", "quote": "Mayor: from 2001-05-17"},
        {"source": "popolo", "quote": "“Elected mayor in 2001” — a newspaper"},
    ]
    assert made["parties"][0]["cites"] == [
        {"source": "link-1", "quote": "member of Org: from 1990"}
    ]
    assert lines == ["Popolo import: sources without a URL, their notes read as quotes: 1"]
