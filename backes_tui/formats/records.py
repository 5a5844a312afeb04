"""Items as records: the stable JSON/CSV shape and the human table rows.

Both the command line and its documentation rely on these field names, so
they are kept in one place; `kinds.KINDS` says which shape each kind has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backes_tui.timeline.dates import AgeRange, PartialDate, Span
from backes_tui.timeline.model import Cite, Era, Event, Office, Party, Timeline

Record = dict[str, Any]


def _date(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def _span_fields(span: Span) -> Record:
    return {
        "start": None if span.start_is_bound else str(span.start),
        "start_by": str(span.start) if span.start_is_bound else None,
        "end": _date(span.end),
    }


# The JSON and CSV field names, in order; other tools rely on them.
EVENT_FIELDS = (
    "id",
    "kind",
    "date",
    "end",
    "title",
    "summary",
    "age",
    "offices",
    "parties",
    "people",
    "places",
    "cites",
    "derived",
)
_PERIOD = ("start", "start_by", "end")
OFFICE_FIELDS = ("id", "title", *_PERIOD, "length", "predecessor", "successor", "summary", "cites")
PARTY_FIELDS = ("id", "name", "short", *_PERIOD, "length", "summary", "cites")
ERA_FIELDS = ("id", "title", *_PERIOD, "summary")


def _cites(cites: tuple[Cite, ...]) -> list[Record]:
    return [{"source": c.source, "quote": c.quote} for c in cites]


def age_value(age: AgeRange | None) -> int | list[int] | None:
    if age is None:
        return None
    return age.low if age.low == age.high else [age.low, age.high]


def event_record(event: Event, timeline: Timeline) -> Record:
    return {
        "id": event.id,
        "kind": event.kind,
        "date": _date(event.date),
        "end": _date(event.end),
        "title": event.title,
        "summary": event.summary,
        "age": age_value(timeline.age(event.date)),
        "offices": list(event.offices),
        "parties": list(event.parties),
        "people": list(event.people),
        "places": list(event.places),
        "cites": _cites(event.cites),
        "derived": event.derived,
    }


def office_record(office: Office, timeline: Timeline) -> Record:
    return {
        "id": office.id,
        "title": office.title,
        **_span_fields(office.span),
        "length": office.span.length(timeline.as_of),
        "predecessor": office.predecessor,
        "successor": office.successor,
        "summary": office.summary,
        "cites": _cites(office.cites),
    }


def party_record(party: Party, timeline: Timeline) -> Record:
    return {
        "id": party.id,
        "name": party.name,
        "short": party.short,
        **_span_fields(party.span),
        "length": party.span.length(timeline.as_of),
        "summary": party.summary,
        "cites": _cites(party.cites),
    }


def era_record(era: Era, timeline: Timeline) -> Record:
    return {"id": era.id, "title": era.title, **_span_fields(era.span), "summary": era.summary}


# Human columns for the table and Markdown formats: (header, cell maker).
def event_row(event: Event, timeline: Timeline) -> list[str]:
    age = timeline.age(event.date)
    links = [timeline.party(p).short for p in event.parties]
    links += [timeline.office(o).title for o in event.offices]
    return [
        event.format_date(),
        age.format().removeprefix("age ") if age else "",
        event.kind,
        event.title,
        "; ".join(links),
    ]


EVENT_HEADERS = ("Date", "Age", "Kind", "Title", "Linked")


def office_row(office: Office, timeline: Timeline) -> list[str]:
    return [
        office.title,
        office.span.format(),
        office.span.length(timeline.as_of),
        office.predecessor or "",
        office.successor or "",
    ]


OFFICE_HEADERS = ("Office", "Term", "Length", "Predecessor", "Successor")


def party_row(party: Party, timeline: Timeline) -> list[str]:
    return [party.short, party.name, party.span.format(), party.span.length(timeline.as_of)]


PARTY_HEADERS = ("Party", "Name", "Membership", "Length")


def era_row(era: Era, timeline: Timeline) -> list[str]:
    return [era.title, era.span.format(), era.summary]


ERA_HEADERS = ("Era", "Span", "Summary")


@dataclass(frozen=True)
class Shape:
    """How one kind of item is written: machine fields and human columns."""

    fields: tuple[str, ...]
    record: Callable[[Any, Timeline], Record]
    headers: tuple[str, ...]
    row: Callable[[Any, Timeline], list[str]]
