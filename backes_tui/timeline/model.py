"""The timeline model: plain dataclasses, no Textual.

Events for joining or leaving a party and taking or leaving an office are not
stored in the file; `derive_period_events` makes them from the periods so each
fact is typed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

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

ItemKind = Literal["era", "office", "party", "event"]


@dataclass(frozen=True, slots=True)
class Cite:
    source: str
    quote: str


@dataclass(frozen=True)
class Source:
    id: str
    title: str


@dataclass(frozen=True)
class Subject:
    name: str
    birth_name: str
    born: PartialDate
    birth_place: str
    nationality: str


@dataclass(frozen=True)
class Era:
    id: str
    title: str
    span: Span
    summary: str


@dataclass(frozen=True)
class Office:
    id: str
    title: str
    span: Span
    predecessor: str | None
    successor: str | None
    summary: str
    cites: tuple[Cite, ...]
    note: str | None = None
    short: str = ""

    def __post_init__(self) -> None:
        if not self.short:
            object.__setattr__(self, "short", self.title)


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    short: str
    span: Span
    summary: str
    cites: tuple[Cite, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventText:
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

    __slots__ = ("_source", "_text", "date", "derived", "end", "kind", "offices", "parties")

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
        source: EventTextSource | None = None,
    ) -> None:
        """``text`` is the words, or with ``source`` their row there."""
        if isinstance(text, int) and source is None:
            raise ValueError("an event given by row needs the source to read it from")
        self.date = date
        self.end = end
        self.kind = kind
        self.offices = offices
        self.parties = parties
        self.derived = derived
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

    def format_date(self) -> str:
        if self.date is None:
            return "undated"
        if self.end is None:
            return self.date.format()
        return f"{self.date.format()} – {self.end.format()}"

    def __repr__(self) -> str:
        return f"<Event {self.format_date()} {self.kind}>"


@dataclass(frozen=True)
class Reading:
    """One of two or more things the source says about the same fact."""

    label: str
    date: PartialDate
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class Conflict:
    id: str
    title: str
    summary: str
    readings: tuple[Reading, ...]
    offices: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    events: tuple[str, ...] = ()


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


@dataclass(repr=False)
class Timeline:
    subject: Subject
    as_of: PartialDate
    sources: tuple[Source, ...]
    eras: tuple[Era, ...]
    offices: tuple[Office, ...]
    parties: tuple[Party, ...]
    events: tuple[Event, ...]
    conflicts: tuple[Conflict, ...] = ()
    # Folded words of the events in timeline order, when made while loading.
    search: SearchText | None = None
    text_source: EventTextSource | None = None
    _offices: dict[str, Office] = field(default_factory=dict, repr=False)
    _parties: dict[str, Party] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._offices.update((o.id, o) for o in self.offices)
        self._parties.update((p.id, p) for p in self.parties)

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
        return None if when is None else age_at(self.subject.born, when)

    def conflicts_for(self, item: Item) -> tuple[Conflict, ...]:
        kind = item_kind(item)
        return tuple(
            conflict
            for conflict in self.conflicts
            if item.id
            in {
                "office": conflict.offices,
                "party": conflict.parties,
                "event": conflict.events,
                "era": (),
            }[kind]
        )


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
    dated = [i for i, key in enumerate(keys) if key is not None]
    dated.sort(key=keys.__getitem__)  # type: ignore[arg-type]  # None is filtered out
    return dated + [i for i, key in enumerate(keys) if key is None]


def _period_events(
    span: Span,
    item_id: str,
    kind: str,
    titles: tuple[str, str],
    what: str,
    cites: tuple[Cite, ...],
    links: dict[str, tuple[str, ...]],
) -> list[Event]:
    ends = [("start", span.start, titles[0], "Start")]
    if span.end is not None:
        ends.append(("end", span.end, titles[1], "End"))
    return [
        Event(
            EventText(f"{item_id}.{suffix}", title, f"{label} of {what}.", cites),
            date,
            kind,
            offices=links.get("offices", ()),
            parties=links.get("parties", ()),
            derived=True,
        )
        for suffix, date, title, label in ends
    ]


def derive_period_events(offices: tuple[Office, ...], parties: tuple[Party, ...]) -> list[Event]:
    """Joining, leaving, taking and leaving office, made from the periods.

    Their ids are ``<period id>.start`` and ``<period id>.end``.
    """
    derived: list[Event] = []
    for party in parties:
        joined = "Member of" if party.span.start_is_bound else "Joins"
        derived += _period_events(
            party.span,
            party.id,
            "party",
            (f"{joined} {party.short}", f"Leaves {party.short}"),
            f"her membership of the {party.name}",
            party.cites,
            {"parties": (party.id,)},
        )
    for office in offices:
        derived += _period_events(
            office.span,
            office.id,
            "office",
            (f"Takes office: {office.title}", f"Leaves office: {office.title}"),
            f"her term as {office.title}",
            office.cites,
            {"offices": (office.id,)},
        )
    return derived
