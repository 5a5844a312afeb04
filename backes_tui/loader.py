"""Read and validate a timeline file, reporting every problem with its JSON path."""

from __future__ import annotations

import gc
import json
import os
import stat
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from backes_tui.dates import DateError, PartialDate, Span
from backes_tui.event_file import EventFile, event_text
from backes_tui.json_stream import JsonStream, NotStreamable, reject_constant
from backes_tui.model import (
    EVENT_KINDS,
    Cite,
    Conflict,
    Era,
    Event,
    EventText,
    Office,
    Party,
    Reading,
    Source,
    Subject,
    Timeline,
    derive_period_events,
    event_order,
)
from backes_tui.search import SearchText

FORMAT = "backes-tui/timeline@1"
# A whole parse is quicker, and peaks at about five times the file's size; past
# this size that peak is worth avoiding, and the file is streamed instead.
STREAM_ABOVE = 10_000_000
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


class TimelineError(Exception):
    """A timeline that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def shipped_data_path() -> Path:
    """The timeline that ships with the app, installed or in a source checkout."""
    import importlib.resources  # only when no --data is given

    packaged = importlib.resources.files("backes_tui") / "data" / "timeline.json"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data" / "timeline.json"


def load_timeline(path: Path | None = None, *, stream_above: int | None = None) -> Timeline:
    """The timeline in ``path`` (the shipped one by default). A regular file
    larger than ``stream_above`` bytes (`STREAM_ABOVE`) is read as a stream."""
    path = path or shipped_data_path()
    label = str(path)
    with _collector_paused():
        limit = STREAM_ABOVE if stream_above is None else stream_above
        timeline = _load_streaming(path, label, limit)
        if timeline is not None:
            return timeline
        try:
            text = _decode(path.read_bytes(), label)  # the bytes are dropped once decoded
        except OSError as error:
            message = f"{label}: $: cannot read file: {error.strerror or error}"
            raise TimelineError([message]) from None
        return _parse_text(text, label)


def _load_streaming(path: Path, label: str, limit: int) -> Timeline | None:
    """The timeline read as a stream, its events' words left in the file; or
    None, and the caller parses the whole document, when the file is small,
    is not a regular file or has any problem at all (that path words every
    problem)."""
    if not hasattr(os, "pread"):
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size <= limit:
        os.close(fd)
        return None
    file = EventFile(fd, label)  # closes the descriptor when no event needs it
    try:
        return _stream(JsonStream(fd), file)
    except NotStreamable:
        return None


class IdSet(Protocol):
    def __contains__(self, item_id: str) -> bool: ...

    def add(self, item_id: str) -> None: ...


IdSetT = TypeVar("IdSetT", bound=IdSet)


class StoredIds:
    """The ids of streamed events, kept as hashes: a set of 100,000 id strings
    costs megabytes just when memory is at its peak. A matching hash is
    confirmed by reading the id back from the file, so every answer is exact.
    """

    def __init__(self, file: EventFile) -> None:
        self._file = file
        self._hashes = array("q")  # by row
        self._sorted = array("q")
        self._rows: array[int] | None = None  # of each of _sorted, made on first need
        self._added: set[str] = set()

    def note(self, event_id: str) -> None:
        self._hashes.append(hash(event_id))

    def seal(self) -> bool:
        """Ready for lookups; False if two stored events share an id."""
        self._sorted = ordered = array("q", sorted(self._hashes))
        for index in range(1, len(ordered)):
            if ordered[index] == ordered[index - 1]:
                ids = self._stored_with(ordered[index])
                if len(set(ids)) < len(ids):
                    return False
        return True

    def _stored_with(self, value: int) -> list[str]:
        low = bisect_left(self._sorted, value)
        high = bisect_right(self._sorted, value, low)
        if low == high:
            return []
        if self._rows is None:
            self._rows = array("I", sorted(range(len(self._hashes)), key=self._hashes.__getitem__))
        return [self._file.read(row).id for row in self._rows[low:high]]

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._added or item_id in self._stored_with(hash(item_id))

    def add(self, item_id: str) -> None:
        self._added.add(item_id)


@dataclass(repr=False)
class StreamedEvents:
    """The stored events of a streamed file, with what the checker needs from
    them: their ids, their search text, and the office and party ids they use."""

    source: EventFile
    ids: StoredIds
    events: list[Event] = field(default_factory=list)
    search: SearchText = field(default_factory=SearchText)
    offices: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)

    def links_known(self, timeline: Timeline) -> bool:
        return self.offices <= {o.id for o in timeline.offices} and self.parties <= {
            p.id for p in timeline.parties
        }


def _stream(stream: JsonStream, file: EventFile) -> Timeline:
    data: dict[str, Any] = {}
    streamed = None
    for key in stream.members():
        if key != "events":
            data[key] = stream.value()
            continue
        # Events are checked as they are read, so the sources must be known by then.
        if "sources" not in data or not stream.starts_array():
            raise NotStreamable
        streamed = _stream_events(stream.elements(), _source_ids(data["sources"]), file)
    if streamed is None:
        raise NotStreamable
    checker = _Checker()
    timeline = checker.timeline(data, streamed)
    if checker.problems or timeline is None or not streamed.links_known(timeline):
        raise NotStreamable
    return timeline


def _source_ids(sources: object) -> set[str]:
    if not isinstance(sources, list):
        raise NotStreamable
    return {s["id"] for s in sources if isinstance(s, dict) and isinstance(s.get("id"), str)}


def _stream_events(
    elements: Iterator[tuple[Any, int, int]], sources: set[str], file: EventFile
) -> StreamedEvents:
    quick = _QuickEvents(sources)
    streamed = StreamedEvents(file, StoredIds(file))
    ids, search, events = streamed.ids, streamed.search, streamed.events
    for obj, start, end in elements:
        event = quick.event(obj, file.add(start, end), file)
        if event is None:
            raise NotStreamable
        ids.note(obj["id"])
        search.add(obj["title"], obj["summary"], obj.get("people") or (), obj.get("places") or ())
        events.append(event)
    if not ids.seal():
        raise NotStreamable
    streamed.offices = {o for links in quick.offices for o in links}
    streamed.parties = {p for links in quick.parties for p in links}
    return streamed


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading allocates millions of objects that all live on; letting the cyclic
    collector rescan them after every few thousand allocations costs more than
    the load itself. Survivors are frozen so later collections skip them too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _fail(label: str, message: str) -> TimelineError:
    return TimelineError([f"{label}: $: {message}"])


def _decode(raw: bytes, label: str) -> str:
    if not raw.strip():
        raise _fail(label, "file is empty")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start
        raise _fail(
            label, f"not UTF-8 text (byte 0x{raw[offset]:02x} at offset {offset})"
        ) from None


def _parse_text(text: str, label: str) -> Timeline:
    try:
        data = json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise _fail(label, f"invalid JSON at {where}: {error.msg}") from None
    except ValueError as error:
        raise _fail(label, str(error)) from None
    except RecursionError:
        raise _fail(label, "JSON is nested too deeply") from None
    return parse_timeline(data, label, consume=True)


def parse_timeline(data: object, label: str, *, consume: bool = False) -> Timeline:
    """Validate parsed JSON and build the timeline.

    With ``consume``, each event's dict is dropped from ``data`` once it has
    become an `Event`, so a large file's parse tree and model are not both
    held in full at once.
    """
    checker = _Checker(consume=consume)
    timeline = checker.timeline(data)
    if checker.problems or timeline is None:
        raise TimelineError([f"{label}: {path}: {message}" for path, message in checker.problems])
    return timeline


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted for a message: repr escapes control characters, and a
    huge string is cut so one bad field cannot flood the terminal."""
    if len(value) > limit:
        return repr(value[:limit]) + f"… ({len(value)} characters)"
    return repr(value)


def _type_name(value: object) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


_EVENT_LISTS = ("offices", "parties", "people", "places")
_ABSENT = object()


def _shared(
    seen: dict[tuple[str, ...], tuple[str, ...]], values: list[str] | None
) -> tuple[str, ...]:
    """``values`` as a tuple, the same object for every equal list."""
    if not values:
        return ()
    links = tuple(values)
    return seen.setdefault(links, links)


# Canonical objects for strings repeated on every event: JSON gives each
# occurrence its own copy, which at 100,000 events is megabytes of duplicates.
_KINDS = {kind: kind for kind in EVENT_KINDS}


class _QuickEvents:
    """Well-formed events, built without per-field bookkeeping.

    A large file is mostly well-formed events; this answers for them in one
    pass. It accepts a subset of what `_Checker.event` accepts: anything
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
        if type(obj) is not dict:
            return None
        get = obj.get
        event_id, title, summary, kind = get("id"), get("title"), get("summary"), get("kind")
        if not (type(event_id) is str and type(title) is str and type(summary) is str):
            return None
        # (Empty or blank, as the checker's strip() finds, without making new strings.)
        if not (event_id and title and summary):
            return None
        if event_id.isspace() or title.isspace() or summary.isspace():
            return None
        if type(kind) is not str or kind not in _KINDS or "date" not in obj:
            return None
        kind = _KINDS[kind]
        date_text, end_text = obj["date"], get("end")
        try:
            date = None if date_text is None else self._date(date_text)
            end = None if end_text is None else self._date(end_text)
        except (DateError, TypeError):
            return None
        if end is not None and (date is None or end.sort_key[1] < date.sort_key[0]):
            return None
        for key in _EVENT_LISTS:
            value = get(key, _ABSENT)
            if value is not _ABSENT:
                if type(value) is not list:
                    return None
                for entry in value:
                    if type(entry) is not str:
                        return None
        cites = get("cites")
        if type(cites) is not list or not cites:
            return None
        for cite in cites:
            if type(cite) is not dict:
                return None
            source, quote = cite.get("source"), cite.get("quote")
            if type(source) is not str or source not in self.sources:
                return None
            if type(quote) is not str or not quote or quote.isspace():
                return None
        offices = _shared(self.offices, get("offices"))
        parties = _shared(self.parties, get("parties"))
        text = row if file is not None else event_text(obj)
        return Event(text, date, kind, end=end, offices=offices, parties=parties, source=file)


class _Checker:
    """Walks the JSON once, collecting every problem instead of stopping at the first."""

    def __init__(self, *, consume: bool = False) -> None:
        self.problems: list[tuple[str, str]] = []
        self.consume = consume

    def problem(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def value(self, obj: dict[str, Any], key: str, path: str, kind: type | tuple[type, ...]) -> Any:
        """``obj[key]`` if present and of ``kind``, else None with a problem noted."""
        if key not in obj:
            self.problem(_join(path, key), "required field is missing")
            return None
        value = obj[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # bool is an int in Python but not a number in JSON terms.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            wanted = " or ".join(dict.fromkeys(_JSON_TYPE_NAMES[k] for k in kinds))
            self.problem(_join(path, key), f"expected {wanted}, found {_type_name(value)}")
            return None
        return value

    def text(self, obj: dict[str, Any], key: str, path: str, *, nullable: bool = False) -> Any:
        kinds: tuple[type, ...] = (str, type(None)) if nullable else (str,)
        value = self.value(obj, key, path, kinds)
        if isinstance(value, str) and not value.strip():
            self.problem(_join(path, key), "must not be empty")
            return None
        return value

    def optional(self, obj: dict[str, Any], key: str, path: str, kind: type, default: T) -> Any:
        if key not in obj or (obj[key] is None and kind is not list):
            return default
        value = self.value(obj, key, path, kind)
        return default if value is None else value

    def date(
        self, obj: dict[str, Any], key: str, path: str, *, nullable: bool
    ) -> PartialDate | None:
        kinds: tuple[type, ...] = (str, type(None)) if nullable else (str,)
        value = self.value(obj, key, path, kinds)
        return self.date_text(value, path, key)

    def date_text(self, value: object, path: str, key: str) -> PartialDate | None:
        if not isinstance(value, str):
            return None
        try:
            return PartialDate.parse(value)
        except DateError as error:
            self.problem(_join(path, key), f"{_shown(value)} is not a valid date ({error})")
            return None

    def objects(
        self, data: dict[str, Any], key: str, path: str = ""
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """The objects in list ``key``, each with its JSON path.

        When consuming, an object is dropped from the list once the caller
        has taken what it needs from it.
        """
        where = f"{path}.{key}" if path else key
        items = self.value(data, key, path, list) or []
        for index, item in enumerate(items):
            item_path = f"{where}[{index}]"
            if isinstance(item, dict):
                yield item_path, item
                if self.consume:
                    items[index] = None
            else:
                self.problem(item_path, f"expected an object, found {_type_name(item)}")

    def strings(self, obj: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        values = self.optional(obj, key, path, list, [])
        good = []
        for index, value in enumerate(values):
            if isinstance(value, str):
                good.append(value)
            else:
                self.problem(
                    f"{path}.{key}[{index}]", f"expected a string, found {_type_name(value)}"
                )
        return tuple(good)

    def cites(self, obj: dict[str, Any], path: str, sources: set[str]) -> tuple[Cite, ...]:
        entries = self.objects(obj, "cites", path)
        if "cites" in obj and isinstance(obj["cites"], list) and not obj["cites"]:
            self.problem(f"{path}.cites", "needs at least one citation")
        found = []
        for cite_path, entry in entries:
            source = self.text(entry, "source", cite_path)
            quote = self.text(entry, "quote", cite_path)
            if isinstance(source, str) and source not in sources:
                self.problem(f"{cite_path}.source", f"unknown source {_shown(source)}")
            if isinstance(source, str) and isinstance(quote, str):
                found.append(Cite(source, quote))
        return tuple(found)

    def span(self, obj: dict[str, Any], path: str) -> Span | None:
        start = self.date(obj, "start", path, nullable=True)
        bound = self.optional(obj, "start_by", path, str, None)
        start_by = self.date_text(bound, path, "start_by")
        end = self.date(obj, "end", path, nullable=True)
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
        return Span(begin, end, start_is_bound=start is None)

    def check_order(self, start: PartialDate, end: PartialDate | None, where: str) -> None:
        if end is not None and end.latest < start.earliest:
            self.problem(where, f"{str(end)!r} is before the start {str(start)!r}")

    def unique(self, items: Iterable[tuple[str, str]], what: str) -> set[str]:
        return self.unique_into(set(), items, what)

    def unique_into(self, seen: IdSetT, items: Iterable[tuple[str, str]], what: str) -> IdSetT:
        """``seen`` with the ids of ``items`` added, noting any repeated one."""
        for path, item_id in items:
            if item_id in seen:
                self.problem(f"{path}.id", f"duplicate {what} id {_shown(item_id)}")
            seen.add(item_id)
        return seen

    def references(
        self, path: str, key: str, ids: tuple[str, ...], known: IdSet, what: str
    ) -> None:
        for index, item_id in enumerate(ids):
            if item_id not in known:
                self.problem(f"{path}.{key}[{index}]", f"unknown {what} id {_shown(item_id)}")

    def section(
        self, data: dict[str, Any], key: str, read: Callable[[str, dict[str, Any]], T | None]
    ) -> list[tuple[str, T]]:
        found = []
        for path, obj in self.objects(data, key):
            item = read(path, obj)
            if item is not None:
                found.append((path, item))
        return found

    def timeline(self, data: object, streamed: StreamedEvents | None = None) -> Timeline | None:
        """The timeline in ``data``; with ``streamed``, its events were read
        (and checked) already, and ``data`` has no "events"."""
        if not isinstance(data, dict):
            self.problem("$", f"expected a JSON object at the top level, found {_type_name(data)}")
            return None
        if data.get("format") != FORMAT:
            value = self.text(data, "format", "")
            if value is not None:
                self.problem("format", f"expected {FORMAT!r}, found {_shown(value)}")
        subject = self.subject(data)
        as_of = self.date(data, "as_of", "", nullable=False)
        sources = self.section(data, "sources", self.source)
        source_ids = self.unique(((p, s.id) for p, s in sources), "source")

        eras = self.section(data, "eras", self.era)
        offices = self.section(data, "offices", lambda p, o: self.office(p, o, source_ids))
        parties = self.section(data, "parties", lambda p, o: self.party(p, o, source_ids))
        self.unique(((p, e.id) for p, e in eras), "era")
        office_ids = self.unique(((p, o.id) for p, o in offices), "office")
        party_ids = self.unique(((p, o.id) for p, o in parties), "party")
        derived = derive_period_events(tuple(o for _, o in offices), tuple(p for _, p in parties))
        derived_ids = (("(derived)", e.id) for e in derived)
        if streamed is None:
            quick = _QuickEvents(source_ids)
            checked = self.section(
                data, "events", lambda p, o: quick.event(o) or self.event(p, o, source_ids)
            )
            stored = [e for _, e in checked]
            event_ids: IdSet = self.unique(
                [*((p, e.id) for p, e in checked), *derived_ids], "event"
            )
            for path, event in checked:
                self.references(path, "offices", event.offices, office_ids, "office")
                self.references(path, "parties", event.parties, party_ids, "party")
        else:
            stored = streamed.events
            event_ids = self.unique_into(streamed.ids, derived_ids, "event")
        conflicts = []
        if "conflicts" in data:
            for path, conflict in self.section(
                data, "conflicts", lambda p, o: self.conflict(p, o, source_ids)
            ):
                self.references(path, "offices", conflict.offices, office_ids, "office")
                self.references(path, "parties", conflict.parties, party_ids, "party")
                self.references(path, "events", conflict.events, event_ids, "event")
                conflicts.append(conflict)

        if self.problems or subject is None or as_of is None:
            return None
        events = [*stored, *derived]
        order = event_order(events)
        search = None
        if streamed is not None:
            # The words of streamed events are no longer in memory to fold later.
            search = streamed.search
            for event in derived:
                text = event.text
                search.add(text.title, text.summary, text.people, text.places)
            search.arrange(order)
        return Timeline(
            subject=subject,
            as_of=as_of,
            sources=tuple(s for _, s in sources),
            eras=tuple(sorted((e for _, e in eras), key=lambda e: e.span.start.sort_key)),
            offices=tuple(sorted((o for _, o in offices), key=lambda o: o.span.start.sort_key)),
            parties=tuple(sorted((p for _, p in parties), key=lambda p: p.span.start.sort_key)),
            events=tuple([events[i] for i in order]),
            conflicts=tuple(conflicts),
            search=search,
            text_source=None if streamed is None else streamed.source,
        )

    def subject(self, data: dict[str, Any]) -> Subject | None:
        obj = self.value(data, "subject", "", dict)
        if obj is None:
            return None
        fields = [self.text(obj, key, "subject") for key in ("name", "birth_name")]
        born = self.date(obj, "born", "subject", nullable=False)
        place = self.text(obj, "birth_place", "subject")
        nationality = self.text(obj, "nationality", "subject")
        if None in (*fields, born, place, nationality):
            return None
        assert born is not None
        return Subject(fields[0], fields[1], born, place, nationality)

    def source(self, path: str, obj: dict[str, Any]) -> Source | None:
        source_id, title = self.text(obj, "id", path), self.text(obj, "title", path)
        return None if source_id is None or title is None else Source(source_id, title)

    def era(self, path: str, obj: dict[str, Any]) -> Era | None:
        era_id, title = self.text(obj, "id", path), self.text(obj, "title", path)
        span, summary = self.span(obj, path), self.text(obj, "summary", path)
        if None in (era_id, title, span, summary):
            return None
        assert span is not None
        return Era(era_id, title, span, summary)

    def office(self, path: str, obj: dict[str, Any], sources: set[str]) -> Office | None:
        office_id, title = self.text(obj, "id", path), self.text(obj, "title", path)
        span, summary = self.span(obj, path), self.text(obj, "summary", path)
        predecessor = self.optional(obj, "predecessor", path, str, None)
        successor = self.optional(obj, "successor", path, str, None)
        note = self.optional(obj, "note", path, str, None)
        short = self.optional(obj, "short", path, str, "")
        cites = self.cites(obj, path, sources)
        if None in (office_id, title, span, summary):
            return None
        assert span is not None
        return Office(office_id, title, span, predecessor, successor, summary, cites, note, short)

    def party(self, path: str, obj: dict[str, Any], sources: set[str]) -> Party | None:
        party_id, name = self.text(obj, "id", path), self.text(obj, "name", path)
        short, summary = self.text(obj, "short", path), self.text(obj, "summary", path)
        span, cites = self.span(obj, path), self.cites(obj, path, sources)
        aliases = self.strings(obj, "aliases", path)
        if None in (party_id, name, short, span, summary):
            return None
        assert span is not None
        return Party(party_id, name, short, span, summary, cites, aliases)

    def event(self, path: str, obj: dict[str, Any], sources: set[str]) -> Event | None:
        event_id, title = self.text(obj, "id", path), self.text(obj, "title", path)
        kind, summary = self.text(obj, "kind", path), self.text(obj, "summary", path)
        date = self.date(obj, "date", path, nullable=True)
        end = self.date_text(self.optional(obj, "end", path, str, None), path, "end")
        if kind is not None and kind not in EVENT_KINDS:
            self.problem(
                f"{path}.kind", f"unknown kind {_shown(kind)}; use one of {', '.join(EVENT_KINDS)}"
            )
            kind = None
        if end is not None:
            if date is None and obj.get("date") is None:
                self.problem(f"{path}.end", "an undated event cannot have an end")
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
        return Event(
            EventText(event_id, title, summary, cites, people, places),
            date,
            kind,
            end=end,
            offices=offices,
            parties=parties,
        )

    def conflict(self, path: str, obj: dict[str, Any], sources: set[str]) -> Conflict | None:
        conflict_id, title = self.text(obj, "id", path), self.text(obj, "title", path)
        summary = self.text(obj, "summary", path)
        readings = []
        for reading_path, entry in self.objects(obj, "readings", path):
            label = self.text(entry, "label", reading_path)
            date = self.date(entry, "date", reading_path, nullable=False)
            cites = self.cites(entry, reading_path, sources)
            if label is not None and date is not None:
                readings.append(Reading(label, date, cites))
        if isinstance(obj.get("readings"), list) and len(obj["readings"]) < 2:
            self.problem(f"{path}.readings", "a conflict needs at least two readings")
        if None in (conflict_id, title, summary):
            return None
        return Conflict(
            conflict_id,
            title,
            summary,
            tuple(readings),
            offices=self.strings(obj, "offices", path),
            parties=self.strings(obj, "parties", path),
            events=self.strings(obj, "events", path),
        )
