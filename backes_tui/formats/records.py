"""Items as records: the stable JSON/CSV shape and the human table rows.

Both the command line and its documentation rely on these field names, so
they are kept in one place; `kinds.KINDS` says which shape each kind has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import msgspec
from dateutil.relativedelta import relativedelta

from backes_tui.timeline.certainty import Answer, Certainty
from backes_tui.timeline.dates import AgeRange, PartialDate
from backes_tui.timeline.model import Cite, Era, Event, Item, Office, Party, Timeline, item_kind
from backes_tui.timeline.sides import unstated_words

Record = dict[str, Any]


def _date(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def _not_before(value: PartialDate | None) -> str | None:
    return None if value is None or value.not_before is None else value.not_before.isoformat()


def _span_fields(item: Era | Office | Party, timeline: Timeline) -> Record:
    span = item.span
    disputed = timeline.other_readings(item) is not None
    return {
        "start": None if span.start_is_bound else str(span.start),
        "start_by": str(span.start) if span.start_is_bound else None,
        "start_not_before": _not_before(span.start),
        "end": _date(span.end),
        "end_status": "disputed" if disputed else span.end_status,
        "date_readings": date_readings(item, timeline, item.id),
    }


def date_readings(item: Item, timeline: Timeline, item_id: str) -> list[Record]:
    """Each reading of a date the source gives two ways, on every item the
    conflict names (a period whose end it is, an event it dates or bears
    on), with its quotes; empty where the source gives one."""
    if not timeline.names_disputed(item_kind(item), item_id):
        return []
    return [
        {"label": r.label, "date": str(r.date), "quotes": [c.quote for c in r.cites]}
        for conflict in timeline.conflicts_for(item)
        for r in conflict.readings
    ]


def length(item: Office | Party, timeline: Timeline) -> str:
    """How long a period lasted; a range over the readings where its end is disputed."""
    readings = timeline.readings(item)
    if len(readings) < 2:
        return item.span.length(timeline.as_of)
    low = min(b.end_low - b.start_high for _, b in readings)
    high = max(b.end_high - b.start_low for _, b in readings)
    start = dt.date.fromordinal(readings[0][1].start_low)
    shortest = relativedelta(start + dt.timedelta(days=low), start)
    longest = relativedelta(start + dt.timedelta(days=high), start)
    if shortest.years == longest.years:
        years = f"{shortest.years} year{'s' if shortest.years != 1 else ''}"
        return f"{years} {shortest.months}–{longest.months} months (two readings)"
    return f"{_years_months(shortest)} – {_years_months(longest)} (two readings)"


def _years_months(delta: relativedelta) -> str:
    return f"{delta.years} years {delta.months} months"


Window = tuple[dt.date, dt.date]
# Added to every record of an answer about a window (`on`, `--year`).
WINDOW_FIELDS = ("certainty", "not_stated", "readings", "after_as_of")


def not_stated(reply: Answer | None, timeline: Timeline, item: Item) -> str | None:
    """What the source does say, when ``item`` is in the window only through
    a side it does not state ("start not stated: member by July 2022")."""
    if reply is None or reply.disputed or reply.certainty is not Certainty.NOT_STATED:
        return None
    return unstated_words(timeline, item)


def window_fields(reply: Answer | None, timeline: Timeline, window: Window, item: Item) -> Record:
    """How sure the record's item is for the window (``reply``), and whether
    the window reaches past what the source covers."""
    readings = [] if reply is None else reply.readings
    return {
        "certainty": None if reply is None else reply.label,
        "not_stated": not_stated(reply, timeline, item),
        "readings": [{"label": label, "certainty": c.value} for label, c in readings],
        "after_as_of": timeline.after_as_of(window[1]),
    }


# Whether the human rows spell their marks out ("disputed", "possible") rather
# than show glyphs (⚠, ?) that a screen reader reads as noise or not at all.
_IN_WORDS: ContextVar[bool] = ContextVar("marks_in_words", default=False)


@contextmanager
def marks_in_words(in_words: bool) -> Iterator[None]:
    """Rows made within say their marks in words if ``in_words``."""
    token = _IN_WORDS.set(in_words)
    try:
        yield
    finally:
        _IN_WORDS.reset(token)


def in_words() -> bool:
    """Whether marks are to be said in words here (`marks_in_words`)."""
    return _IN_WORDS.get()


def certainty_cell(reply: Answer | None, timeline: Timeline, item: Item) -> str:
    """The table's mark: blank when certain (in words, "certain")."""
    if _IN_WORDS.get():
        if reply is None:
            return ""
        words = None if reply.disputed else not_stated(reply, timeline, item)
        return reply.describe() if words is None else words
    if reply is None or reply.label == "certain":
        return ""
    if reply.disputed:
        return f"⚠ {reply.describe()}"
    words = not_stated(reply, timeline, item)
    return "? possible" if words is None else f"◌ {words}"


# The JSON and CSV field names, in order; other tools rely on them.
EVENT_FIELDS = (
    "id",
    "kind",
    "date",
    "date_by",
    "date_after",
    "held",
    "date_not_before",
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
    "date_readings",
)
_PERIOD = ("start", "start_by", "start_not_before", "end", "end_status", "date_readings")
OFFICE_FIELDS = (
    "id",
    "title",
    "aliases",
    *_PERIOD,
    "length",
    "predecessor",
    "successor",
    "summary",
    "cites",
)
PARTY_FIELDS = ("id", "name", "short", "aliases", *_PERIOD, "length", "summary", "cites")
ERA_FIELDS = ("id", "title", *_PERIOD, "summary")


def _cites(cites: tuple[Cite, ...]) -> list[Record]:
    return [{"source": c.source, "quote": c.quote, "supports": list(c.supports)} for c in cites]


def age_value(age: AgeRange | None) -> int | list[int | None] | None:
    """A number, or [lowest, highest] (highest null: no later limit stated)."""
    if age is None:
        return None
    return age.low if age.low == age.high else [age.low, age.high]


def event_record(event: Event, timeline: Timeline) -> Record:
    text = event.text  # once: a large file's words are read back from it
    return {
        "id": text.id,
        "kind": event.kind,
        "date": None if event.open_sided else _date(event.date),
        "date_by": _date(event.date) if event.by else None,
        "date_after": _date(event.date) if event.after else None,
        "held": _date(event.date) if event.held else None,
        "date_not_before": _not_before(event.date),
        "end": _date(event.end),
        "title": text.title,
        "summary": text.summary,
        "age": age_value(timeline.event_age(event)),
        "offices": list(event.offices),
        "parties": list(event.parties),
        "people": list(text.people),
        "places": list(text.places),
        "cites": _cites(text.cites),
        "derived": event.derived,
        "date_readings": date_readings(event, timeline, text.id),
    }


def office_record(office: Office, timeline: Timeline) -> Record:
    return {
        "id": office.id,
        "title": office.title,
        "aliases": list(office.aliases),
        **_span_fields(office, timeline),
        "length": length(office, timeline),
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
        "aliases": list(party.aliases),
        **_span_fields(party, timeline),
        "length": length(party, timeline),
        "summary": party.summary,
        "cites": _cites(party.cites),
    }


def era_record(era: Era, timeline: Timeline) -> Record:
    return {"id": era.id, "title": era.title, **_span_fields(era, timeline), "summary": era.summary}


# Human columns for the table and Markdown formats: (header, cell maker).
def _marked(item: Era | Office | Party | Event, timeline: Timeline, name: str) -> str:
    """A name with ⚠ where the source reads two ways about the item."""
    if not timeline.disputed(item):
        return name
    return f"{name} (disputed)" if _IN_WORDS.get() else f"⚠ {name}"


def _dated(item: Era | Office | Party | Event, timeline: Timeline, when: str) -> str:
    """A date with the other readings of it, where the source gives two."""
    others = timeline.other_readings(item)
    if not others:
        return when
    return f"{when}, or by another reading {others}" if _IN_WORDS.get() else f"{when} ⚠ or {others}"


def event_row(event: Event, timeline: Timeline) -> list[str]:
    age = timeline.event_age(event)
    links = [timeline.party(p).short for p in event.parties]
    links += [timeline.office(o).title for o in event.offices]
    return [
        _dated(event, timeline, event.format_date()),
        age.format().removeprefix("age ") if age else "",
        event.kind,
        _marked(event, timeline, event.title),
        "; ".join(links),
    ]


EVENT_HEADERS = ("Date", "Age", "Kind", "Title", "Linked")


def office_row(office: Office, timeline: Timeline) -> list[str]:
    return [
        _marked(office, timeline, office.title),
        _dated(office, timeline, office.span.format(timeline.as_of)),
        length(office, timeline),
        office.predecessor or "",
        office.successor or "",
    ]


OFFICE_HEADERS = ("Office", "Term", "Length", "Predecessor", "Successor")


def party_row(party: Party, timeline: Timeline) -> list[str]:
    return [
        _marked(party, timeline, party.short),
        party.name,
        _dated(party, timeline, party.span.format(timeline.as_of)),
        length(party, timeline),
    ]


PARTY_HEADERS = ("Party", "Name", "Membership", "Length")


def era_row(era: Era, timeline: Timeline) -> list[str]:
    return [
        _marked(era, timeline, era.title),
        _dated(era, timeline, era.span.format(timeline.as_of)),
        era.summary,
    ]


ERA_HEADERS = ("Era", "Span", "Summary")


class Shape(msgspec.Struct, frozen=True):
    """How one kind of item is written: machine fields and human columns."""

    fields: tuple[str, ...]
    record: Callable[[Any, Timeline], Record]
    headers: tuple[str, ...]
    row: Callable[[Any, Timeline], list[str]]
