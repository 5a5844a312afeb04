"""Checking a parsed timeline document, then assembling the model from it.

The two steps are apart: `Checker.check` walks the JSON once and collects
every problem (with its JSON path) along with the parts that passed, as a
`Checked`; `assemble` turns a `Checked` into a `Timeline` and reports nothing,
since by then there is nothing left to report.

Values are typed at the JSON boundary (`JsonValue`), so every field read here
says what it expects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeAlias, TypeVar, cast

import msgspec

from backes_tui.storage.event_file import EventFile, event_text
from backes_tui.storage.related import items_by_id, read_relations, relate
from backes_tui.timeline.certainty import Bounds
from backes_tui.timeline.dates import DateError, PartialDate, Precision, Span
from backes_tui.timeline.derived import derive_period_events
from backes_tui.timeline.model import (
    CITE_SUPPORTS,
    EVENT_KINDS,
    Cite,
    Conflict,
    Era,
    Event,
    EventText,
    Office,
    Party,
    Place,
    Reading,
    Relation,
    Source,
    Subject,
    Timeline,
    event_order,
)
from backes_tui.timeline.search import SearchText

if TYPE_CHECKING:  # its decoder is made only when a large file is read
    from backes_tui.storage.event_fields import EventFields

JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = "dict[str, JsonValue]"

FORMAT = "backes-tui/timeline@1"
# A period's "end" when the source does not say when (or whether) it ended.
UNKNOWN = "unknown"
T = TypeVar("T")

_JSON_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    list: "an array",
    dict: "an object",
    type(None): "null",
}
_STRING = (str,)
_STRING_OR_NULL = (str, type(None))


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def shown(value: str, limit: int = 60) -> str:
    """A value quoted for a message: repr escapes control characters, and a
    huge string is cut so one bad field cannot flood the terminal."""
    if len(value) > limit:
        return repr(value[:limit]) + f"… ({len(value)} characters)"
    return repr(value)


def type_name(value: object) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


class IdSet(Protocol):
    def __contains__(self, item_id: str) -> bool: ...

    def add(self, item_id: str) -> None: ...


IdSetT = TypeVar("IdSetT", bound=IdSet)


class StreamedEvents(msgspec.Struct):
    """Stored events already read and checked while streaming, with what the
    checker needs from them: their ids, their search text, and the office and
    party ids they use."""

    source: EventFile
    ids: IdSet
    events: list[Event] = msgspec.field(default_factory=list)
    # Made while reading, for a program that will search (None: it will not).
    search: SearchText | None = msgspec.field(default_factory=SearchText)
    offices: set[str] = msgspec.field(default_factory=set)
    parties: set[str] = msgspec.field(default_factory=set)

    def __repr__(self) -> str:
        # Not every event: a large file's are 100,000s.
        return f"<StreamedEvents: {len(self.events)} read>"

    def links_known(self, timeline: Timeline) -> bool:
        return self.offices <= {o.id for o in timeline.offices} and self.parties <= {
            p.id for p in timeline.parties
        }


_EVENT_LISTS = ("offices", "parties", "people", "places")
_ABSENT = object()
# Canonical objects for strings repeated on every event: JSON gives each
# occurrence its own copy, which at 100,000 events is megabytes of duplicates.
_KINDS = {kind: kind for kind in EVENT_KINDS}


def _shared(
    seen: dict[tuple[str, ...], tuple[str, ...]], values: list[str] | None
) -> tuple[str, ...]:
    """``values`` as a tuple, the same object for every equal list."""
    if not values:
        return ()
    links = tuple(values)
    return seen.setdefault(links, links)


class QuickEvents:
    """Well-formed events, built without per-field bookkeeping.

    A large file is mostly well-formed events; this answers for them in one
    pass. It accepts a subset of what `Checker.event` accepts: anything
    unusual gives None and goes through the checker, which words every
    problem. A test holds the two to the same answers.
    """

    def __init__(self, sources: set[str]) -> None:
        self.sources = sources
        # A large timeline repeats a few thousand dates, and links, many times:
        # one shared object each instead of one per event.
        self.dates: dict[str, PartialDate] = {}
        self.offices: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.parties: dict[tuple[str, ...], tuple[str, ...]] = {}

    def _date(self, text: str) -> PartialDate:
        date = self.dates.get(text)
        if date is None:
            date = self.dates[text] = PartialDate.parse(text)
        return date

    def event(self, obj: object, row: int = -1, file: EventFile | None = None) -> Event | None:
        """The event, its words held or, with ``file``, left there at ``row``."""
        if type(obj) is not dict or not self._well_formed(obj):
            return None
        get = obj.get
        text = row if file is not None else event_text(obj)
        # Types checked by _well_formed.
        kind, date = cast(str, obj["kind"]), cast("str | None", obj["date"])
        end = cast("str | None", get("end"))
        offices = cast("list[str] | None", get("offices"))
        parties = cast("list[str] | None", get("parties"))
        return self._made(kind, date, end, offices, parties, text, file)

    def fields_event(self, fields: EventFields, row: int, file: EventFile) -> Event | None:
        """The same for an event decoded by msgspec, whose types it has checked."""
        cites = fields.cites
        if not cites or not _words_given(fields.id, fields.title, fields.summary):
            return None
        sources = self.sources
        for cite in cites:
            quote = cite.quote
            if cite.source not in sources or not quote or quote.isspace():
                return None
        # A field left out is msgspec's UNSET.
        end = fields.end if isinstance(fields.end, str) else None
        offices = fields.offices if isinstance(fields.offices, list) else None
        parties = fields.parties if isinstance(fields.parties, list) else None
        return self._made(fields.kind, fields.date, end, offices, parties, row, file)

    def _made(
        self,
        kind: str,
        date_text: str | None,
        end_text: str | None,
        offices: list[str] | None,
        parties: list[str] | None,
        text: EventText | int,
        file: EventFile | None,
    ) -> Event | None:
        """The event, if its kind is known and its dates are dates in order."""
        known_kind = _KINDS.get(kind)
        if known_kind is None:
            return None
        # (The cache looked up here first: this runs for every event of a large file.)
        dates = self.dates
        try:
            date = None if date_text is None else dates.get(date_text) or self._date(date_text)
            end = None if end_text is None else dates.get(end_text) or self._date(end_text)
        except DateError:
            return None
        if end is not None and (date is None or end.sort_key[1] < date.sort_key[0]):
            return None
        return Event(
            text,
            date,
            known_kind,
            end=end,
            offices=_shared(self.offices, offices) if offices else (),
            parties=_shared(self.parties, parties) if parties else (),
            source=file,
        )

    def _well_formed(self, obj: dict[str, JsonValue]) -> bool:
        """Everything but the kind and dates checks out, tested without making new strings."""
        get = obj.get
        event_id, title, summary = get("id"), get("title"), get("summary")
        if not (type(event_id) is str and type(title) is str and type(summary) is str):
            return False
        if not _words_given(event_id, title, summary) or type(get("kind")) is not str:
            return False
        if "date" not in obj or not (_text_or_null(obj["date"]) and _text_or_null(get("end"))):
            return False
        if "date_by" in obj or "date_not_before" in obj or "date_after" in obj or "held" in obj:
            return False  # rare; the checker reads bounds
        for key in _EVENT_LISTS:
            value = get(key, _ABSENT)
            if value is not _ABSENT:
                # Plain loops: this runs for every event of a large file.
                if type(value) is not list:
                    return False
                for entry in value:
                    if type(entry) is not str:
                        return False
        return self._cites_well_formed(get("cites"))

    def _cites_well_formed(self, cites: JsonValue) -> bool:
        if type(cites) is not list or not cites:
            return False
        for cite in cites:
            if type(cite) is not dict:
                return False
            source, quote = cite.get("source"), cite.get("quote")
            if type(source) is not str or source not in self.sources or "supports" in cite:
                return False
            if type(quote) is not str or not quote or quote.isspace():
                return False
        return True


def _text_or_null(value: JsonValue) -> bool:
    return value is None or type(value) is str


def _words_given(event_id: str, title: str, summary: str) -> bool:
    """None of them empty or only white space, as the checker's strip() finds."""
    if not (event_id and title and summary):
        return False
    return not (event_id.isspace() or title.isspace() or summary.isspace())


class Periods(msgspec.Struct):
    """Checked eras, offices and parties, each with its JSON path, and their ids."""

    eras: list[tuple[str, Era]]
    offices: list[tuple[str, Office]]
    parties: list[tuple[str, Party]]
    office_ids: set[str]
    party_ids: set[str]
    era_ids: set[str]


class Checked(msgspec.Struct):
    """The parts of a document that passed every check, ready to assemble."""

    subject: Subject
    as_of: PartialDate
    sources: list[Source]
    periods: Periods
    stored: list[Event]
    derived: list[Event]
    conflicts: list[Conflict]
    places: list[Place]
    relations: list[Relation] = msgspec.field(default_factory=list)
    related: dict[str, Bounds] = msgspec.field(default_factory=dict)
    related_events: frozenset[Event] = frozenset()


class Checker:
    """Walks the JSON once, collecting every problem instead of stopping at the first."""

    def __init__(self, *, consume: bool = False) -> None:
        self.problems: list[tuple[str, str]] = []
        self.consume = consume
        self.floor = dt.date.min

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
        # bool is an int in Python but not a number in JSON terms.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            wanted = " or ".join(dict.fromkeys(_JSON_TYPE_NAMES[k] for k in kinds))
            self.problem(join_path(path, key), f"expected {wanted}, found {type_name(value)}")
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

    def date_text(self, value: JsonValue, path: str, key: str) -> PartialDate | None:
        if not isinstance(value, str):
            return None
        try:
            return PartialDate.parse(value)
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

    def cites(self, obj: JsonObject, path: str, sources: set[str]) -> tuple[Cite, ...]:
        entries = self.objects(obj, "cites", path)
        if obj.get("cites") == []:
            self.problem(f"{path}.cites", "needs at least one citation")
        found = []
        for cite_path, entry in entries:
            source = self.text(entry, "source", cite_path)
            quote = self.text(entry, "quote", cite_path)
            supports = self.supports(entry, cite_path)
            if source is not None and source not in sources:
                self.problem(f"{cite_path}.source", f"unknown source {shown(source)}")
            if source is not None and quote is not None:
                found.append(Cite(source, quote, supports))
        return tuple(found)

    def supports(self, cite: JsonObject, path: str) -> tuple[str, ...]:
        """What a citation backs: "start", "end", or both as a list; by default the item."""
        value = cite.get("supports")
        if value is None:
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
        bound_key = f"{key}_not_before"
        bound = self.date_text(self.optional_text(obj, bound_key, path), path, bound_key)
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

    def check(self, data: object, streamed: StreamedEvents | None = None) -> Checked | None:
        """The checked parts of ``data``, or None with the problems noted; with
        ``streamed``, its events were read (and checked) already, and ``data``
        has no "events"."""
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
        stored, event_ids = self.events(doc, streamed, source_ids, periods, derived)
        conflicts = self.conflicts(doc, source_ids, periods, event_ids)
        relations = read_relations(self, doc, source_ids)
        if self.problems or subject is None or as_of is None:
            return None
        named = {i for r in relations for i in (r.item, r.of)}
        # Only with relations: a large file's event ids are read back from it.
        rows_of = getattr(streamed and streamed.ids, "rows_of", None)
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
        streamed: StreamedEvents | None,
        sources: set[str],
        periods: Periods,
        derived: list[Event],
    ) -> tuple[list[Event], IdSet]:
        """The stored events and the ids of every event, derived ones included."""
        derived_ids = (("(derived)", e.id) for e in derived)
        if streamed is not None:
            return streamed.events, self.unique_into(streamed.ids, derived_ids, "event")
        quick = QuickEvents(sources)
        checked = self.section(
            doc, "events", lambda p, o: quick.event(o) or self.event(p, o, sources)
        )
        ids = self.unique([*((p, e.id) for p, e in checked), *derived_ids], "event")
        for path, event in checked:
            self.references(path, "offices", event.offices, periods.office_ids, "office")
            self.references(path, "parties", event.parties, periods.party_ids, "party")
        return [e for _, e in checked], ids

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
        event_id, title = self.text(obj, "id", path), self.text(obj, "title", path)
        kind, summary = self.text(obj, "kind", path), self.text(obj, "summary", path)
        date = self.bounded(obj, "date", path, self.date(obj, "date", path, nullable=True))
        by, after, held = (
            self.date_text(self.optional_text(obj, key, path), path, key)
            for key in ("date_by", "date_after", "held")
        )
        open_sides = [k for k, v in (("date_by", by), ("date_after", after), ("held", held)) if v]
        if (open_sides and obj.get("date") is not None) or len(open_sides) > 1:
            self.problem(
                f"{path}.{open_sides[-1]}", "give only one of date, " + ", ".join(open_sides)
            )
        end = self.date_text(self.optional_text(obj, "end", path), path, "end")
        if kind is not None and kind not in EVENT_KINDS:
            self.problem(
                f"{path}.kind", f"unknown kind {shown(kind)}; use one of {', '.join(EVENT_KINDS)}"
            )
            kind = None
        if end is not None:
            if date is None and by is None and obj.get("date") is None:
                self.problem(f"{path}.end", "an undated event cannot have an end")
            elif after or held:
                self.problem(f"{path}.end", "its end is not stated: give a relation instead")
            elif date is not None:
                self.check_order(date, end, f"{path}.end")
        offices = self.strings(obj, "offices", path)
        parties = self.strings(obj, "parties", path)
        cites = self.cites(obj, path, sources)
        people = self.strings(obj, "people", path)
        places = self.strings(obj, "places", path)
        if event_id is None or title is None or kind is None or summary is None:
            return None
        if obj.get("date") is not None and date is None:
            return None
        text = EventText(event_id, title, summary, cites, people, places)
        when = date or by or after or held
        return Event(
            text,
            when,
            kind,
            end=end,
            offices=offices,
            parties=parties,
            by=by is not None and date is None,
            after=after is not None and date is None,
            held=held is not None and date is None,
        )

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


def assemble(checked: Checked, streamed: StreamedEvents | None = None) -> Timeline:
    """The timeline made of parts that passed every check, in timeline order.
    ``checked`` is used up: its list of stored events is extended in place."""
    # No copies of the list of events: this is when memory is at its highest.
    events = checked.stored
    events += checked.derived
    order = event_order(events)
    search = None
    if streamed is not None and streamed.search is not None:
        # The words of streamed events are no longer in memory to fold later.
        search = streamed.search
        for event in checked.derived:
            text = event.text
            search.add(text.title, text.summary, text.people, text.places)
        search.arrange(order)
    periods = checked.periods
    return Timeline(
        subject=checked.subject,
        as_of=checked.as_of,
        sources=tuple(checked.sources),
        eras=_by_start(e for _, e in periods.eras),
        offices=_by_start(o for _, o in periods.offices),
        parties=_by_start(p for _, p in periods.parties),
        events=tuple(map(events.__getitem__, order)),
        conflicts=tuple(checked.conflicts),
        places=tuple(checked.places),
        relations=tuple(checked.relations),
        related=checked.related,
        related_events=checked.related_events,
        search=search,
        text_source=None if streamed is None else streamed.source,
    )


PeriodT = TypeVar("PeriodT", Era, Office, Party)


def _by_start(items: Iterable[PeriodT]) -> tuple[PeriodT, ...]:
    return tuple(sorted(items, key=lambda item: item.span.start.sort_key))
