"""The timeline model: plain dataclasses, no Textual.

Events for joining or leaving a party and taking or leaving an office are not
stored in the file; `derive_period_events` makes them from the periods so each
fact is typed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from backes_tui.dates import AgeRange, PartialDate, Span, age_at

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


# Not frozen: a frozen dataclass takes ten times as long to build, which is most
# of the load time of a 100,000-event file. Treat events as immutable all the same.
@dataclass(slots=True, eq=False)
class Event:
    id: str
    date: PartialDate | None
    kind: str
    title: str
    summary: str
    offices: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    cites: tuple[Cite, ...] = ()
    end: PartialDate | None = None
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    derived: bool = False

    @property
    def dated(self) -> bool:
        return self.date is not None

    def format_date(self) -> str:
        if self.date is None:
            return "undated"
        if self.end is None:
            return self.date.format()
        return f"{self.date.format()} – {self.end.format()}"


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
    _offices: dict[str, Office] = field(default_factory=dict, repr=False)
    _parties: dict[str, Party] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._offices.update((o.id, o) for o in self.offices)
        self._parties.update((p.id, p) for p in self.parties)

    def __repr__(self) -> str:
        # Short on purpose: Textual and tracebacks repr objects, and a repr of
        # every event of a large timeline takes seconds.
        return f"<Timeline of {self.subject.name!r}: {len(self.events)} events>"

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


def sort_events(events: list[Event]) -> tuple[Event, ...]:
    """Dated events by date, then undated ones; ties keep their given order."""
    dated = sorted((e for e in events if e.date is not None), key=_event_date)
    return (*dated, *(e for e in events if e.date is None))


def _event_date(event: Event) -> tuple[int, int, bool]:
    assert event.date is not None
    return event.date.sort_key


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
            id=f"{item_id}.{suffix}",
            date=date,
            kind=kind,
            title=title,
            summary=f"{label} of {what}.",
            offices=links.get("offices", ()),
            parties=links.get("parties", ()),
            cites=cites,
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
