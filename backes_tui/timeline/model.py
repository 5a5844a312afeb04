"""The timeline model: plain records (msgspec structs), no Textual.

Events for joining or leaving a party and taking or leaving an office are not
stored in the file; `derived.derive_period_events` makes them from the periods
so each fact is typed once.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Protocol, get_args

import msgspec

from backes_tui.timeline.certainty import (
    Answer,
    Bounds,
    answer,
    point_bounds,
    side_bounds,
    span_bounds,
)
from backes_tui.timeline.claims import CITE_SUPPORTS as CITE_SUPPORTS
from backes_tui.timeline.claims import Cite as Cite
from backes_tui.timeline.claims import Conflict as Conflict
from backes_tui.timeline.claims import ItemKind as ItemKind
from backes_tui.timeline.claims import Reading as Reading
from backes_tui.timeline.claims import Relation as Relation
from backes_tui.timeline.dates import AgeRange, PartialDate, Span, age_at
from backes_tui.timeline.search import SearchText

EVENT_KINDS = (
    "life",
    "education",
    "career",
    "party",
    "office",
    "election",
    "international",
    "speech",
    "context",
)


class Place(msgspec.Struct, frozen=True):
    """A place the source names in more than one way."""

    name: str
    aliases: tuple[str, ...] = ()


class Source(msgspec.Struct, frozen=True):
    id: str
    title: str


class Subject(msgspec.Struct, frozen=True):
    name: str
    birth_name: str
    born: PartialDate
    birth_place: str
    nationality: str


class Era(msgspec.Struct, frozen=True):
    id: str
    title: str
    span: Span
    summary: str
    former_ids: tuple[str, ...] = ()  # ids it had, still found by `Timeline.find`


class Office(msgspec.Struct, frozen=True):
    id: str
    title: str
    span: Span
    predecessor: str | None
    successor: str | None
    summary: str
    cites: tuple[Cite, ...]
    note: str | None = None
    short: str = ""
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.short:
            msgspec.structs.force_setattr(self, "short", self.title)


class Party(msgspec.Struct, frozen=True):
    id: str
    name: str
    short: str
    span: Span
    summary: str
    cites: tuple[Cite, ...]
    aliases: tuple[str, ...] = ()


class EventText(msgspec.Struct, frozen=True):
    """The words of an event, as opposed to its date, kind and links."""

    id: str
    title: str
    summary: str
    cites: tuple[Cite, ...]
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


class EventTextSource(Protocol):
    """Where the words of events loaded from a large file are read back from."""

    def read(self, row: int) -> EventText: ...

    def changed(self) -> bool: ...


class Event:
    """A dated (or undated) fact.

    Its words are shown one event at a time, yet at 100,000 events holding
    them costs more memory than everything else together, so an event loaded
    from a file may keep only its row there and read its `EventText` back when
    asked. Filters need only the date, kind and links, which are always here.
    Treat events as immutable; they compare by identity.
    """

    __slots__ = (
        "_source",
        "_text",
        "after",
        "by",
        "date",
        "derived",
        "end",
        "held",
        "kind",
        "offices",
        "parties",
    )

    def __init__(
        self,
        text: EventText | int,
        date: PartialDate | None,
        kind: str,
        *,
        end: PartialDate | None = None,
        offices: tuple[str, ...] = (),
        parties: tuple[str, ...] = (),
        derived: bool = False,
        by: bool = False,
        after: bool = False,
        held: bool = False,
        source: EventTextSource | None = None,
    ) -> None:
        """``text`` is the words, or with ``source`` their row there. With
        ``by``, ``date`` is only the latest it can have happened ("by 2012");
        with ``after``, the earliest ("following the speech"); with ``held``,
        the event is a state that held within ``date`` ("by 2012 she was
        part of"), its start and end not stated."""
        if isinstance(text, int) and source is None:
            raise ValueError("an event given by row needs the source to read it from")
        self.date = date
        self.end = end
        self.kind = kind
        self.offices = offices
        self.parties = parties
        self.derived = derived
        self.by = by
        self.after = after
        self.held = held
        self._text = text
        self._source = source

    @property
    def text(self) -> EventText:
        text = self._text
        if type(text) is int:
            assert self._source is not None
            return self._source.read(text)
        assert isinstance(text, EventText)
        return text

    @property
    def id(self) -> str:
        return self.text.id

    @property
    def title(self) -> str:
        return self.text.title

    @property
    def summary(self) -> str:
        return self.text.summary

    @property
    def cites(self) -> tuple[Cite, ...]:
        return self.text.cites

    @property
    def people(self) -> tuple[str, ...]:
        return self.text.people

    @property
    def places(self) -> tuple[str, ...]:
        return self.text.places

    @property
    def dated(self) -> bool:
        return self.date is not None

    @property
    def open_sided(self) -> bool:
        """Whether one side of its date is not stated: "by", "after" or a state."""
        return self.by or self.after or self.held

    def format_date(self) -> str:
        if self.date is None:
            return "undated"
        when = self.date.format()
        if self.by:
            when = f"by {when}"
        elif self.after:
            when = f"{when} or later"
        elif self.held:
            when = f"held {'on' if self.date.day else 'in'} {when}"
        if self.end is None:
            return when
        return f"{when} – {self.end.format()}"

    def __repr__(self) -> str:
        return f"<Event {self.format_date()} {self.kind}>"


Item = Era | Office | Party | Event


def item_kind(item: Item) -> ItemKind:
    if isinstance(item, Era):
        return "era"
    if isinstance(item, Office):
        return "office"
    if isinstance(item, Party):
        return "party"
    return "event"


def item_title(item: Item) -> str:
    return item.name if isinstance(item, Party) else item.title


class Timeline(msgspec.Struct, dict=True):
    subject: Subject
    as_of: PartialDate
    sources: tuple[Source, ...]
    eras: tuple[Era, ...]
    offices: tuple[Office, ...]
    parties: tuple[Party, ...]
    events: tuple[Event, ...]
    conflicts: tuple[Conflict, ...] = ()
    places: tuple[Place, ...] = ()
    relations: tuple[Relation, ...] = ()
    # The bounds the relations narrow, by item id (see `relations.propagate`).
    related: dict[str, Bounds] = msgspec.field(default_factory=dict)
    related_events: frozenset[Event] = frozenset()  # the stored events in ``related``
    # Folded words of the events in timeline order, when made while loading.
    search: SearchText | None = None
    text_source: EventTextSource | None = None
    _offices: dict[str, Office] = msgspec.field(default_factory=dict)
    _parties: dict[str, Party] = msgspec.field(default_factory=dict)
    # (kind, id) of every item a conflict names, so each row can ask cheaply.
    _disputed: set[tuple[ItemKind, str]] = msgspec.field(default_factory=set)
    _period_readings: dict[int, list[tuple[str, Bounds]]] = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        self._offices.update((o.id, o) for o in self.offices)
        self._parties.update((p.id, p) for p in self.parties)
        for conflict in self.conflicts:
            for kind in get_args(ItemKind):
                self._disputed.update((kind, item_id) for item_id in conflict.names(kind))

    def __repr__(self) -> str:
        # Short on purpose: Textual and tracebacks repr objects, and a repr of
        # every event of a large timeline takes seconds.
        return f"<Timeline of {self.subject.name!r}: {len(self.events)} events>"

    def changed_on_disk(self) -> bool:
        """Whether the file that events' words are read back from has changed since loading."""
        return self.text_source is not None and self.text_source.changed()

    def office(self, office_id: str) -> Office:
        return self._offices[office_id]

    def party(self, party_id: str) -> Party:
        return self._parties[party_id]

    def source_title(self, source_id: str) -> str:
        for source in self.sources:
            if source.id == source_id:
                return source.title
        return source_id

    def age(self, when: PartialDate | None) -> AgeRange | None:
        """Her age on ``when``, up to ``as_of`` and no further: the source says
        nothing about her after it, so a date wholly after it has no age."""
        if when is None or when.earliest > self.as_of.latest:
            return None
        return age_at(self.subject.born, when, last=min(when.latest, self.as_of.latest))

    def event_age(self, event: Event) -> AgeRange | None:
        """Her age at an event; for one known only as "by" a date, at most
        that; for one on or after a date, with no later limit, at least that."""
        age = self.age(event.date)
        if age is None or not (event.by or event.after):
            return age
        return AgeRange(0, age.high) if event.by else AgeRange(age.low, None)

    @cached_property
    def first_year(self) -> int:
        """The year the earliest thing about her starts: her birth, or a
        period's start (a chart's axis begins there, at every filter)."""
        periods: tuple[Era | Office | Party, ...] = (*self.eras, *self.offices, *self.parties)
        return min([self.subject.born.year, *(p.span.start.year for p in periods)])

    def after_as_of(self, last_day: dt.date) -> bool:
        """Whether a window ending on ``last_day`` reaches past what the source covers."""
        return last_day > self.as_of.latest

    def place_aliases(self, names: Sequence[str]) -> tuple[str, ...]:
        """The other names of the places in ``names``, for search."""
        known = {place.name: place.aliases for place in self.places}
        return tuple(alias for name in names for alias in known.get(name, ()))

    def readings(self, item: Item) -> list[tuple[str, Bounds]]:
        """The ways ``item`` can be read: one, or one per reading of a conflict
        that dates its end."""
        if isinstance(item, Event):
            if item.date is None:
                return []
            floor = self.subject.born.sort_key[0]
            conflict = self.dating_conflict(item)
            if conflict is None:
                return [("", self._event_bounds(item, floor))]
            return [(r.label, point_bounds(r.date, floor=floor)) for r in conflict.readings]
        # A period's readings are asked for on every year filter: kept once
        # made (there are a few thousand at most; events are not kept).
        made = self._period_readings.get(id(item))
        if made is None:
            conflict = self.dating_conflict(item)
            if conflict is None:
                made = [("", self.related.get(item.id) or span_bounds(item.span, self.as_of))]
            else:
                made = [
                    (r.label, span_bounds(item.span, self.as_of, r.date)) for r in conflict.readings
                ]
            self._period_readings[id(item)] = made
        return made

    def _event_bounds(self, event: Event, floor: int) -> Bounds:
        """An undisputed dated event's readings, as its relations (or, for a
        derived one, its period's) narrow them."""
        related = self.related
        if related:
            if event.derived:
                period_id, _, end = event.id.rpartition(".")
                if period_id in related:
                    return side_bounds(related[period_id], end)
            elif event in self.related_events:  # its id only then: it may be read back
                return related[event.id]
        assert event.date is not None
        return point_bounds(
            event.date,
            event.end,
            by=event.by,
            floor=floor,
            after=event.after,
            held=event.held,
        )

    def answer(self, item: Item, first: dt.date, last: dt.date) -> Answer | None:
        """How sure it is that ``item`` held (or happened) within the days
        ``first``..``last``; None for an undated event."""
        readings = self.readings(item)
        if not readings:
            return None
        return answer(readings, first.toordinal(), last.toordinal())

    def other_readings(self, item: Item) -> str | None:
        """The readings of ``item``'s disputed date other than the one it
        carries, as "September 2023 (Text: resignation)"; None if undisputed."""
        conflict = self.dating_conflict(item)
        if conflict is None:
            return None
        own = item.date if isinstance(item, Event) else item.span.end
        others = [f"{r.date.format()} ({r.label})" for r in conflict.readings if r.date != own]
        return "; ".join(others) or None

    def dating_conflict(self, item: Item) -> Conflict | None:
        """The conflict whose readings give this period's end, or this derived end event's date."""
        if isinstance(item, Event):
            if not (item.derived and item.id.endswith(".end")):
                return None
            period_id = item.id.removesuffix(".end")
        else:
            period_id = item.id
        return next((c for c in self.conflicts if c.dates_end_of(period_id)), None)

    def items(self) -> Iterator[Item]:
        """Every era, office, party and event, in that order."""
        yield from self.eras
        yield from self.offices
        yield from self.parties
        yield from self.events

    def find(self, item_id: str) -> Item | None:
        """The item with this id (or an era's former id), or None."""
        found = next((item for item in self.items() if item.id == item_id), None)
        return found or next((era for era in self.eras if item_id in era.former_ids), None)

    def nearest_ids(self, item_id: str, count: int = 3) -> list[str]:
        """The ids most like ``item_id``, for "did you mean"."""
        return difflib.get_close_matches(item_id, [i.id for i in self.items()], count, 0.5)

    def disputed(self, item: Item) -> bool:
        """Whether a conflict names ``item``: the source reads two ways about it."""
        return self.names_disputed(item_kind(item), item.id)

    def names_disputed(self, kind: ItemKind, item_id: str) -> bool:
        """`disputed` for an id already at hand (a large file's is read back from it)."""
        return bool(self._disputed) and (kind, item_id) in self._disputed

    def conflicts_for(self, item: Item) -> tuple[Conflict, ...]:
        kind = item_kind(item)
        return tuple(c for c in self.conflicts if item.id in c.names(kind))


def dated_count(events: Sequence[Event]) -> int:
    """How many of ``events`` (in timeline order) have a date: undated ones come last."""
    count = len(events)
    while count and events[count - 1].date is None:
        count -= 1
    return count


def event_order(events: Sequence[Event]) -> list[int]:
    """Positions of ``events`` in timeline order: dated events by date, then
    undated ones; ties keep their given order."""
    keys = [None if e.date is None else e.date.sort_key for e in events]
    order = [i for i, key in enumerate(keys) if key is not None]
    order.sort(key=keys.__getitem__)  # type: ignore[arg-type]  # None is filtered out
    order += [i for i, key in enumerate(keys) if key is None]
    return order
