"""Checking a decoded timeline document.

`Checker.check` walks the JSON once and collects every problem (with its
JSON path) along with the parts that passed, as a `Checked`, which
`assemble` turns into a `Timeline`. Fields are read by `FieldReader`,
events checked by `events`.
"""

from __future__ import annotations

from typing import Protocol

from backes_tui.storage.assemble import Checked, Periods
from backes_tui.storage.events import EventFields, check_event
from backes_tui.storage.fields import FieldReader, IdSet, JsonObject
from backes_tui.storage.related import items_by_id, read_relations, relate
from backes_tui.storage.shapes import shown, type_name
from backes_tui.timeline.consistency import period_spans, readings_before_start
from backes_tui.timeline.derived import derive_period_events
from backes_tui.timeline.model import (
    Conflict,
    Era,
    Event,
    Office,
    Party,
    Place,
    Reading,
    Source,
    Subject,
)

__all__ = ["Checker", "EventsReader", "IdSet"]

FORMAT = "backes-tui/timeline@1"


class EventsReader(Protocol):
    """Reads the stored events itself (a large file's), checking each with
    `events.check_event` and their links to the periods: the events and their ids."""

    def __call__(
        self, checker: Checker, sources: set[str], periods: Periods, places: list[Place]
    ) -> tuple[list[Event], IdSet]: ...


class Checker(FieldReader):
    """Walks the document once, collecting every problem instead of stopping at the first."""

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
        stored, event_ids = self.events(doc, read_events, source_ids, periods, derived, places)
        conflicts = self.conflicts(doc, source_ids, periods, event_ids)
        relations = read_relations(self, doc, source_ids)
        if self.problems or subject is None or as_of is None:
            return None
        named = {i for r in relations for i in (r.item, r.of)}
        # Only with relations: a large file's event ids are read back from it.
        rows_of = getattr(event_ids, "rows_of", None)
        found = items_by_id(
            [*periods.eras, *periods.offices, *periods.parties], stored, named, rows_of
        )
        related = relate(self, relations, found, (subject, as_of, conflicts)) if named else {}
        if self.problems:
            return None
        return Checked(
            subject,
            as_of,
            [s for _, s in sources],
            periods,
            stored,
            derived,
            conflicts,
            places,
            relations,
            related,
            frozenset(e for v in found.values() for _, e in v if isinstance(e, Event)),
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
        places: list[Place],
    ) -> tuple[list[Event], IdSet]:
        """The stored events and the ids of every event, derived ones included."""
        derived_ids = (("(derived)", e.id) for e in derived)
        if read_events is not None:
            stored, ids = read_events(self, sources, periods, places)
            return stored, self.unique_into(ids, derived_ids, "event")
        checked = self.section(doc, "events", lambda p, o: self.event(p, o, sources))
        ids = self.unique([*((p, e.id) for p, e in checked), *derived_ids], "event")
        for path, event in checked:  # the offices and parties each names exist
            if event.offices:
                self.references(path, "offices", event.offices, periods.office_ids, "office")
            if event.parties:
                self.references(path, "parties", event.parties, periods.party_ids, "party")
        return [e for _, e in checked], ids

    def conflicts(
        self, doc: JsonObject, sources: set[str], periods: Periods, event_ids: IdSet
    ) -> list[Conflict]:
        if "conflicts" not in doc:
            return []
        found = self.section(doc, "conflicts", lambda p, o: self.conflict(p, o, sources))
        self.unique(((path, conflict.id) for path, conflict in found), "conflict")
        spans = period_spans(periods.eras, periods.offices, periods.parties)
        for path, conflict in found:
            self.references(path, "offices", conflict.offices, periods.office_ids, "office")
            self.references(path, "parties", conflict.parties, periods.party_ids, "party")
            self.references(path, "events", conflict.events, event_ids, "event")
            self.references(path, "eras", conflict.eras, periods.era_ids, "era")
            for where, problem in readings_before_start(path, conflict, spans):
                self.problem(where, problem)
        return [conflict for _, conflict in found]

    # -- items ----------------------------------------------------------------------------

    def subject(self, data: JsonObject) -> Subject | None:
        obj = self.typed(data, "subject", "", (dict,))
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
        former = self.strings(obj, "former_ids", path)
        if era_id is None or title is None or span is None or summary is None:
            return None
        return Era(era_id, title, span, summary, former)

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
