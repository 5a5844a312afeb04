"""Checking a decoded timeline document.

`Checker.check` walks the JSON once and collects every problem (with its
JSON path) along with the parts that passed, as a `Checked`, which
`assemble` turns into a `Timeline`. Events are checked by `events`. Values
are typed at the JSON boundary (`JsonValue`): each field read says what it expects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Protocol, TypeAlias, TypeVar

from msgspec import UNSET

from backes_tui.storage.assemble import Checked, Periods
from backes_tui.storage.events import CiteFields, EventFields, check_event
from backes_tui.storage.shapes import convert, is_kind, join_path, mismatch, shown, type_name
from backes_tui.timeline.dates import DateError, PartialDate, Precision, Span
from backes_tui.timeline.model import (
    CITE_SUPPORTS,
    Cite,
    Conflict,
    Era,
    Event,
    Office,
    Party,
    Place,
    Reading,
    Source,
    Subject,
    derive_period_events,
)

JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = "dict[str, JsonValue]"

FORMAT = "backes-tui/timeline@1"
# A period's "end" when the source does not say when (or whether) it ended.
UNKNOWN = "unknown"
T = TypeVar("T")

_STRING = (str,)
_STRING_OR_NULL = (str, type(None))


class IdSet(Protocol):
    def __contains__(self, item_id: str) -> bool: ...

    def add(self, item_id: str) -> None: ...


IdSetT = TypeVar("IdSetT", bound=IdSet)


class EventsReader(Protocol):
    """Reads the stored events itself (a large file's), checking each with
    `events.check_event` and their links to the periods: the events and their ids."""

    def __call__(
        self, checker: Checker, sources: set[str], periods: Periods
    ) -> tuple[list[Event], IdSet]: ...


class Checker:
    """Walks the JSON once, collecting every problem instead of stopping at the first."""

    def __init__(self, *, consume: bool = False) -> None:
        self.problems: list[tuple[str, str]] = []
        self.consume = consume
        self.floor = dt.date.min
        # A large timeline repeats a few thousand dates, and links, many
        # times: each is parsed once and shared.
        self.dates: dict[str, PartialDate] = {}
        self.office_links: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.party_links: dict[tuple[str, ...], tuple[str, ...]] = {}

    def problem(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    # -- fields -------------------------------------------------------------------------

    def typed(
        self, obj: JsonObject, key: str, path: str, kinds: tuple[type, ...]
    ) -> tuple[bool, JsonValue]:
        """(True, ``obj[key]``) if present and of one of ``kinds``; else
        (False, None) with a problem noted."""
        if key not in obj:
            self.problem(join_path(path, key), "required field is missing")
            return False, None
        value = obj[key]
        if not is_kind(value, kinds):
            self.problem(join_path(path, key), mismatch(kinds, value))
            return False, None
        return True, value

    def text(self, obj: JsonObject, key: str, path: str) -> str | None:
        """A required, non-blank string."""
        _, value = self.typed(obj, key, path, _STRING)
        if not isinstance(value, str):
            return None
        if not value.strip():
            self.problem(join_path(path, key), "must not be empty")
            return None
        return value

    def optional_text(self, obj: JsonObject, key: str, path: str) -> str | None:
        """A string that may be missing or null (None then)."""
        if obj.get(key) is None:
            return None
        _, value = self.typed(obj, key, path, _STRING)
        return value if isinstance(value, str) else None

    def optional_list(self, obj: JsonObject, key: str, path: str) -> list[JsonValue]:
        """An array that may be missing (empty then), but not null."""
        if key not in obj:
            return []
        _, value = self.typed(obj, key, path, (list,))
        return value if isinstance(value, list) else []

    def date(self, obj: JsonObject, key: str, path: str, *, nullable: bool) -> PartialDate | None:
        _, value = self.typed(obj, key, path, _STRING_OR_NULL if nullable else _STRING)
        return self.date_text(value, path, key)

    def date_text(self, value: object, path: str, key: str) -> PartialDate | None:
        if not isinstance(value, str):
            return None
        date = self.dates.get(value)
        if date is not None:
            return date
        try:
            date = self.dates[value] = PartialDate.parse(value)
            return date
        except DateError as error:
            self.problem(join_path(path, key), f"{shown(value)} is not a valid date ({error})")
            return None

    def objects(
        self, data: JsonObject, key: str, path: str = ""
    ) -> Iterator[tuple[str, JsonObject]]:
        """The objects in list ``key``, each with its JSON path.

        When consuming, an object is dropped from the list once the caller
        has taken what it needs from it.
        """
        where = join_path(path, key)
        _, items = self.typed(data, key, path, (list,))
        for index, item in enumerate(items if isinstance(items, list) else []):
            item_path = f"{where}[{index}]"
            if isinstance(item, dict):
                yield item_path, item
                if self.consume:
                    items[index] = None  # type: ignore[index]  # a list, as checked above
            else:
                self.problem(item_path, f"expected an object, found {type_name(item)}")

    def strings(self, obj: JsonObject, key: str, path: str) -> tuple[str, ...]:
        good = []
        for index, value in enumerate(self.optional_list(obj, key, path)):
            if isinstance(value, str):
                good.append(value)
            else:
                self.problem(
                    f"{path}.{key}[{index}]", f"expected a string, found {type_name(value)}"
                )
        return tuple(good)

    def shaped(self, value: object, shape: type[T], path: str) -> T | None:
        """``value`` as ``shape``, or None with every problem noted."""
        found, problems = convert(value, shape, path)
        for where, message in problems:
            self.problem(where, message)
        return found

    def nonblank(self, value: str, path: str, key: str) -> str | None:
        if value and not value.isspace():
            return value
        self.problem(join_path(path, key), "must not be empty")
        return None

    def cites(self, obj: JsonObject, path: str, sources: set[str]) -> tuple[Cite, ...]:
        if "cites" not in obj:
            self.problem(join_path(path, "cites"), "required field is missing")
            return ()
        listed = self.shaped(obj["cites"], list[CiteFields], join_path(path, "cites"))
        return () if listed is None else self.cite_list(path, listed, sources)

    def cite_list(self, path: str, cites: list[CiteFields], sources: set[str]) -> tuple[Cite, ...]:
        """The citations of the item at ``path``: at least one, each from a known source."""
        if not cites:
            self.problem(f"{path}.cites", "needs at least one citation")
        found = []
        for index, cite in enumerate(cites):
            cite_path = f"{path}.cites[{index}]"
            source = self.nonblank(cite.source, cite_path, "source")
            quote = self.nonblank(cite.quote, cite_path, "quote")
            supports = self.supports(cite.supports, cite_path)
            if source is not None and source not in sources:
                self.problem(f"{cite_path}.source", f"unknown source {shown(source)}")
            if source is not None and quote is not None:
                found.append(Cite(source, quote, supports))
        return tuple(found)

    def supports(self, value: object, path: str) -> tuple[str, ...]:
        """What a citation backs: "start", "end", or both as a list; by default the item."""
        if value is None or value is UNSET:
            return ()
        named = [value] if isinstance(value, str) else value
        if not isinstance(named, list) or not all(
            isinstance(v, str) and v in CITE_SUPPORTS for v in named
        ):
            self.problem(f"{path}.supports", 'expected "start", "end" or ["start", "end"]')
            return ()
        return tuple(v for v in CITE_SUPPORTS if v in named)

    def bounded(
        self, obj: JsonObject, key: str, path: str, date: PartialDate | None
    ) -> PartialDate | None:
        """``date`` narrowed by ``<key>_not_before``, the first day the source allows."""
        return self.narrowed(date, self.optional_text(obj, f"{key}_not_before", path), path, key)

    def narrowed(
        self, date: PartialDate | None, bound_text: object, path: str, key: str
    ) -> PartialDate | None:
        bound_key = f"{key}_not_before"
        bound = self.date_text(bound_text, path, bound_key)
        if bound is None or date is None:
            return date
        if bound.precision is not Precision.DAY:
            self.problem(join_path(path, bound_key), "must be a day (YYYY-MM-DD)")
            return date
        if not date.earliest < bound.earliest <= date.latest:
            self.problem(join_path(path, bound_key), f"{str(bound)!r} is not inside {str(date)!r}")
            return date
        return replace(date, not_before=bound.earliest)

    def span(self, obj: JsonObject, path: str) -> Span | None:
        start = self.bounded(obj, "start", path, self.date(obj, "start", path, nullable=True))
        bound = self.optional_text(obj, "start_by", path)
        start_by = self.date_text(bound, path, "start_by")
        end_unknown = obj.get("end") == UNKNOWN
        end = None if end_unknown else self.date(obj, "end", path, nullable=True)
        if obj.get("start") is not None and bound is not None:
            self.problem(f"{path}.start_by", "give start or start_by, not both")
        if "start" in obj and obj["start"] is None and bound is None:
            self.problem(
                f"{path}.start", "is null, so start_by must give the latest possible start"
            )
        begin = start or start_by
        if begin is None:
            return None
        self.check_order(begin, end, f"{path}.end")
        return Span(begin, end, start is None, end_unknown, self.floor)

    def check_order(self, start: PartialDate, end: PartialDate | None, where: str) -> None:
        if end is not None and end.latest < start.earliest:
            self.problem(where, f"{str(end)!r} is before the start {str(start)!r}")

    # -- ids and links ----------------------------------------------------------------------

    def unique(self, items: Iterable[tuple[str, str]], what: str) -> set[str]:
        return self.unique_into(set(), items, what)

    def unique_into(self, seen: IdSetT, items: Iterable[tuple[str, str]], what: str) -> IdSetT:
        """``seen`` with the ids of ``items`` added, noting any repeated one."""
        for path, item_id in items:
            if item_id in seen:
                self.problem(f"{path}.id", f"duplicate {what} id {shown(item_id)}")
            seen.add(item_id)
        return seen

    def references(
        self, path: str, key: str, ids: tuple[str, ...], known: IdSet, what: str
    ) -> None:
        for index, item_id in enumerate(ids):
            if item_id not in known:
                self.problem(f"{path}.{key}[{index}]", f"unknown {what} id {shown(item_id)}")

    def section(
        self, data: JsonObject, key: str, read: Callable[[str, JsonObject], T | None]
    ) -> list[tuple[str, T]]:
        found = []
        for path, obj in self.objects(data, key):
            item = read(path, obj)
            if item is not None:
                found.append((path, item))
        return found

    # -- the document ---------------------------------------------------------------------

    def check(self, data: object, read_events: EventsReader | None = None) -> Checked | None:
        """The checked parts of ``data``, or None with the problems noted; with
        ``read_events``, that reads the stored events, and ``data`` has no "events"."""
        if not isinstance(data, dict):
            self.problem("$", f"expected a JSON object at the top level, found {type_name(data)}")
            return None
        doc: JsonObject = data
        if doc.get("format") != FORMAT:
            value = self.text(doc, "format", "")
            if value is not None:
                self.problem("format", f"expected {FORMAT!r}, found {shown(value)}")
        subject = self.subject(doc)
        if subject is not None:
            # A start known only as a bound began no earlier than her birth.
            self.floor = subject.born.earliest
        as_of = self.date(doc, "as_of", "", nullable=False)
        places = self.places(doc)
        sources = self.section(doc, "sources", self.source)
        source_ids = self.unique(((p, s.id) for p, s in sources), "source")
        periods = self.periods(doc, source_ids)
        derived = derive_period_events(
            tuple(o for _, o in periods.offices), tuple(p for _, p in periods.parties)
        )
        self.backed(periods, derived)
        stored, event_ids = self.events(doc, read_events, source_ids, periods, derived)
        conflicts = self.conflicts(doc, source_ids, periods, event_ids)
        if self.problems or subject is None or as_of is None:
            return None
        return Checked(
            subject, as_of, [s for _, s in sources], periods, stored, derived, conflicts, places
        )

    def places(self, doc: JsonObject) -> list[Place]:
        """Places the source names in more than one way (optional)."""
        if "places" not in doc:
            return []
        found: dict[str, Place] = {}
        for path, obj in self.objects(doc, "places"):
            name = self.text(obj, "name", path)
            aliases = self.strings(obj, "aliases", path)
            if name in found:
                self.problem(f"{path}.name", f"duplicate place {shown(name)}")
            elif name is not None:
                found[name] = Place(name, aliases)
        return list(found.values())

    def periods(self, doc: JsonObject, sources: set[str]) -> Periods:
        eras = self.section(doc, "eras", self.era)
        offices = self.section(doc, "offices", lambda p, o: self.office(p, o, sources))
        parties = self.section(doc, "parties", lambda p, o: self.party(p, o, sources))
        era_ids = self.unique(((p, e.id) for p, e in eras), "era")
        office_ids = self.unique(((p, o.id) for p, o in offices), "office")
        party_ids = self.unique(((p, o.id) for p, o in parties), "party")
        return Periods(eras, offices, parties, office_ids, party_ids, era_ids)

    def backed(self, periods: Periods, derived: list[Event]) -> None:
        """Every derived event keeps at least one citation that backs it, once
        a period's citations say what they support (a period without any
        citation is reported as such)."""
        marked: dict[str, str] = {}
        cited: list[tuple[str, Office | Party]] = [*periods.offices, *periods.parties]
        for path, period in cited:
            if any(cite.supports for cite in period.cites):
                marked[period.id] = path
        for event in derived:
            period_id, end = event.id.rsplit(".", 1)
            if not event.cites and period_id in marked:
                self.problem(
                    f"{marked[period_id]}.cites",
                    f'no citation supports its {end}; mark one with "supports": "{end}"',
                )

    def events(
        self,
        doc: JsonObject,
        read_events: EventsReader | None,
        sources: set[str],
        periods: Periods,
        derived: list[Event],
    ) -> tuple[list[Event], IdSet]:
        """The stored events and the ids of every event, derived ones included."""
        derived_ids = (("(derived)", e.id) for e in derived)
        if read_events is not None:
            stored, ids = read_events(self, sources, periods)
            return stored, self.unique_into(ids, derived_ids, "event")
        checked = self.section(doc, "events", lambda p, o: self.event(p, o, sources))
        ids = self.unique([*((p, e.id) for p, e in checked), *derived_ids], "event")
        for path, event in checked:
            self.linked(path, event, periods)
        return [e for _, e in checked], ids

    def linked(self, path: str, event: Event, periods: Periods) -> None:
        """The offices and parties an event names exist."""
        if event.offices:
            self.references(path, "offices", event.offices, periods.office_ids, "office")
        if event.parties:
            self.references(path, "parties", event.parties, periods.party_ids, "party")

    def conflicts(
        self, doc: JsonObject, sources: set[str], periods: Periods, event_ids: IdSet
    ) -> list[Conflict]:
        if "conflicts" not in doc:
            return []
        found = []
        for path, conflict in self.section(
            doc, "conflicts", lambda p, o: self.conflict(p, o, sources)
        ):
            self.references(path, "offices", conflict.offices, periods.office_ids, "office")
            self.references(path, "parties", conflict.parties, periods.party_ids, "party")
            self.references(path, "events", conflict.events, event_ids, "event")
            self.references(path, "eras", conflict.eras, periods.era_ids, "era")
            found.append(conflict)
        return found

    # -- items ----------------------------------------------------------------------------

    def subject(self, data: JsonObject) -> Subject | None:
        _, obj = self.typed(data, "subject", "", (dict,))
        if not isinstance(obj, dict):
            return None
        name, birth_name = (
            self.text(obj, "name", "subject"),
            self.text(obj, "birth_name", "subject"),
        )
        born = self.date(obj, "born", "subject", nullable=False)
        place = self.text(obj, "birth_place", "subject")
        nationality = self.text(obj, "nationality", "subject")
        if name is None or birth_name is None or born is None:
            return None
        if place is None or nationality is None:
            return None
        return Subject(name, birth_name, born, place, nationality)

    def source(self, path: str, obj: JsonObject) -> Source | None:
        source_id, title = self.text(obj, "id", path), self.text(obj, "title", path)
        return None if source_id is None or title is None else Source(source_id, title)

    def era(self, path: str, obj: JsonObject) -> Era | None:
        era_id, title = self.text(obj, "id", path), self.text(obj, "title", path)
        span, summary = self.span(obj, path), self.text(obj, "summary", path)
        if era_id is None or title is None or span is None or summary is None:
            return None
        return Era(era_id, title, span, summary)

    def office(self, path: str, obj: JsonObject, sources: set[str]) -> Office | None:
        office_id, title = self.text(obj, "id", path), self.text(obj, "title", path)
        span, summary = self.span(obj, path), self.text(obj, "summary", path)
        predecessor = self.optional_text(obj, "predecessor", path)
        successor = self.optional_text(obj, "successor", path)
        note = self.optional_text(obj, "note", path)
        short = self.optional_text(obj, "short", path) or ""
        cites = self.cites(obj, path, sources)
        aliases, places = self.strings(obj, "aliases", path), self.strings(obj, "places", path)
        if office_id is None or title is None or span is None or summary is None:
            return None
        return Office(
            office_id,
            title,
            span,
            predecessor,
            successor,
            summary,
            cites,
            note,
            short,
            aliases,
            places,
        )

    def party(self, path: str, obj: JsonObject, sources: set[str]) -> Party | None:
        party_id, name = self.text(obj, "id", path), self.text(obj, "name", path)
        short, summary = self.text(obj, "short", path), self.text(obj, "summary", path)
        span, cites = self.span(obj, path), self.cites(obj, path, sources)
        aliases = self.strings(obj, "aliases", path)
        if party_id is None or name is None or short is None or span is None or summary is None:
            return None
        return Party(party_id, name, short, span, summary, cites, aliases)

    def event(self, path: str, obj: JsonObject, sources: set[str]) -> Event | None:
        fields = self.shaped(obj, EventFields, path)
        return None if fields is None else check_event(self, path, fields, sources)

    def conflict(self, path: str, obj: JsonObject, sources: set[str]) -> Conflict | None:
        conflict_id, title = self.text(obj, "id", path), self.text(obj, "title", path)
        summary = self.text(obj, "summary", path)
        readings = []
        for reading_path, entry in self.objects(obj, "readings", path):
            label = self.text(entry, "label", reading_path)
            date = self.date(entry, "date", reading_path, nullable=False)
            cites = self.cites(entry, reading_path, sources)
            if label is not None and date is not None:
                readings.append(Reading(label, date, cites))
        listed = obj.get("readings")
        if isinstance(listed, list) and len(listed) < 2:
            self.problem(f"{path}.readings", "a conflict needs at least two readings")
        if conflict_id is None or title is None or summary is None:
            return None
        return Conflict(
            conflict_id,
            title,
            summary,
            tuple(readings),
            offices=self.strings(obj, "offices", path),
            parties=self.strings(obj, "parties", path),
            events=self.strings(obj, "events", path),
            eras=self.strings(obj, "eras", path),
        )
