"""A large timeline file, its events decoded one at a time and their words
left in the file.

Two passes. First msgspec decodes the file's bytes into a skeleton whose
members stay raw (`msgspec.Raw`, pointing into the bytes, not copied): the
small members are decoded, and the byte range of each event noted; then the
bytes are dropped. Second, the events are read back a window of about 1 MB
at a time and decoded one by one into typed fields (`EventFields`), checked
by the one validator of events (`check_event`), and only what filters need
(dates, kind, links) is kept. So the file's bytes and the model are never
held at once. The words are read back from the file on demand (`EventFile`).

Nothing here words a problem: anything unexpected makes the load give up
(None), and the caller decodes the whole document, whose checks word every
problem exactly as for a small file.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from backes_tui.storage.assemble import Periods, assemble
from backes_tui.storage.checker import Checker, IdSet
from backes_tui.storage.document import ESCAPED_COLON, body_start, no_key_dropped
from backes_tui.storage.event_file import EventFile
from backes_tui.storage.events import EventFields, check_event
from backes_tui.timeline.model import Event, Place, Timeline
from backes_tui.timeline.search import SearchText

_SKELETON = msgspec.json.Decoder(dict[str, msgspec.Raw])
_RAWS = msgspec.json.Decoder(list[msgspec.Raw])
_ANY = msgspec.json.Decoder()
_EVENTS = msgspec.json.Decoder(list[EventFields])
_ENCODER = msgspec.json.Encoder()
_KEY = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
# Between two members or elements of JSON that msgspec has read: white space and a comma.
_GAP = re.compile(rb"[ \t\n\r,]*")
# The events are read back this many bytes or so at a time.
WINDOW = 1 << 17


class NotLoaded(Exception):
    """The document needs the whole-document checks (it may well be invalid)."""


class StoredIds:
    """The ids of stored events, kept as hashes: a set of 100,000 id strings
    costs megabytes just when memory is at its peak. A matching hash is
    confirmed by reading the id back from the file, so every answer is exact.
    """

    def __init__(self, file: EventFile) -> None:
        self._file = file
        self._hashes = array("q")  # by row
        self._sorted = array("q")
        self._rows: array[int] | None = None  # of each of _sorted, made on first need
        self._added: set[str] = set()

    def note_all(self, event_ids: list[str]) -> None:
        """The ids of the next rows."""
        self._hashes.extend(map(hash, event_ids))

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
        return [self._file.read(row).id for row in self._rows_hashed(value)]

    def _rows_hashed(self, value: int) -> Sequence[int]:
        low = bisect_left(self._sorted, value)
        high = bisect_right(self._sorted, value, low)
        if low == high:
            return []
        if self._rows is None:
            self._rows = array("I", sorted(range(len(self._hashes)), key=self._hashes.__getitem__))
        return self._rows[low:high]

    def rows_of(self, item_id: str) -> list[int]:
        """The rows whose event has this id, without reading every id back
        (what the file's relations name)."""
        rows = self._rows_hashed(hash(item_id))
        return [row for row in rows if self._file.read(row).id == item_id]

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._added or item_id in self._stored_with(hash(item_id))

    def add(self, item_id: str) -> None:
        self._added.add(item_id)


class Plan(msgspec.Struct):
    """What the first pass finds: the members other than the events, decoded,
    and the byte range of each event in the file."""

    data: dict[str, Any]
    starts: array[int]
    ends: array[int]


def plan(raw: bytearray) -> Plan | None:
    """The first pass over ``raw``, a file's bytes; None if it is not an
    object with an array of events, each member given once."""
    start = body_start(raw)
    try:
        members = _SKELETON.decode(memoryview(raw)[start:] if start else raw)
        events = _RAWS.decode(members["events"])
        at = _events_at(raw, start, members)
        data = {key: _ANY.decode(value) for key, value in members.items() if key != "events"}
        for key, value in data.items():
            if not no_key_dropped(bytes(members[key]), value):
                return None  # a key given twice: the whole decode says where
    except (msgspec.DecodeError, KeyError, IndexError, RecursionError, NotLoaded):
        return None
    try:
        return Plan(data, *_places(raw, at, events))
    except IndexError:  # the bytes end after a comma: not JSON
        return None


def _places(raw: bytearray, at: int, events: list[msgspec.Raw]) -> tuple[array[int], array[int]]:
    """The byte range of each of ``events``, the array's elements from ``at``.

    Between two elements is white space and a comma; a writer puts the same
    bytes between every two, so where those bytes are followed by the "{"
    of an object, the next element starts right after them, and the pattern
    (which says the same, more slowly) is not asked.
    """
    starts, ends = array("Q"), array("Q")
    at = _skip(raw, at)
    separator = b""
    for event in events:
        starts.append(at)
        at += len(event)
        ends.append(at)
        if separator and raw.startswith(separator, at) and raw[at + len(separator)] == 123:
            at += len(separator)
        else:
            following = _skip(raw, at)
            separator = bytes(raw[at:following])
            at = following
    return starts, ends


def _skip(raw: bytearray, at: int) -> int:
    return _GAP.match(raw, at).end()  # type: ignore[union-attr]  # matches the empty string


def _events_at(raw: bytearray, at: int, members: dict[str, msgspec.Raw]) -> int:
    """The offset just after the "[" of the events array, found by walking
    the top-level object with the lengths of its decoded members."""
    at = _skip(raw, at) + 1  # past "{"
    found, walked = -1, 0
    while raw[at := _skip(raw, at)] != ord("}"):
        key = _KEY.match(raw, at)
        if key is None:
            raise NotLoaded
        at = _skip(raw, _skip(raw, key.end()) + 1)  # past ":"
        name = _ANY.decode(key.group())
        walked += 1
        if name == "events":
            found = at + 1
        at += len(members[name])
    if walked != len(members) or found < 0:
        raise NotLoaded  # a member given twice: the whole decode says where
    return found


def load_planned(
    planned: Plan,
    file: EventFile,
    searchable: bool,
    progress: Callable[[int], None] | None = None,
    window: int = WINDOW,
) -> Timeline | None:
    """The second pass: the timeline of ``file``, whose first pass is
    ``planned``, its events read about ``window`` bytes at a time; None if
    anything is not as expected (the file changed since, or a problem the
    whole document's checks will word)."""
    reader = _EventsReader(planned, file, searchable, progress, window)
    checker = Checker()
    try:
        checked = checker.check(planned.data, reader)
    except (NotLoaded, msgspec.DecodeError, ValueError, OSError):
        return None
    if checker.problems or checked is None or file.changed():
        return None
    return assemble(checked, reader.search, file)


class _EventsReader:
    """Reads the stored events for `Checker.check` a window at a time, making
    their search text as it goes, and making sure no member was dropped."""

    def __init__(
        self,
        planned: Plan,
        file: EventFile,
        searchable: bool,
        progress: Callable[[int], None] | None,
        window: int,
    ) -> None:
        self.starts, self.ends, self.file = planned.starts, planned.ends, file
        self.window = window
        self.buffer = bytearray()
        self.search = SearchText() if searchable else None
        self.progress = progress

    def __call__(
        self, checker: Checker, sources: set[str], periods: Periods, places: list[Place]
    ) -> tuple[list[Event], IdSet]:
        file, starts, ends, search = self.file, self.starts, self.ends, self.search
        aliases = {place.name: place.aliases for place in places}
        first_row = file.extend(starts, ends)
        ids = StoredIds(file)
        made: list[Event] = []
        first = 0
        while first < len(starts):
            last = first + 1
            while last < len(starts) and ends[last] - starts[first] <= self.window:
                last += 1
            batch = self._decoded(first, last)
            row = first_row + first
            for fields in batch:
                # No path: a problem only makes the load give up, and the
                # whole document's checks then word it with its own.
                event = check_event(checker, "events[]", fields, sources, row, file)
                if event is None:
                    raise NotLoaded
                if search is not None:
                    named = fields.places
                    if aliases and named:
                        named = [*named, *(a for p in named for a in aliases.get(p, ()))]
                    search.add(fields.title, fields.summary, fields.people or (), named or ())
                made.append(event)
                row += 1
            ids.note_all([fields.id for fields in batch])
            if self.progress is not None:
                self.progress(ends[last - 1])
            first = last
        # Each distinct list of links once, rather than each event's.
        offices = {o for links in checker.office_links for o in links}
        parties = {p for links in checker.party_links for p in links}
        if offices - periods.office_ids or parties - periods.party_ids:
            raise NotLoaded  # the whole document's checks say which event names which
        if checker.problems or not ids.seal():
            raise NotLoaded
        return made, ids

    def _decoded(self, first: int, last: int) -> list[EventFields]:
        """Events ``first`` to ``last`` (not included), read from the file;
        `NotLoaded` if any lost a member to a key given twice (one the fields
        do not name is dropped, and allowed)."""
        base, size = self.starts[first], self.ends[last - 1] - self.starts[first]
        # One buffer serves every window: a megabyte allocated and freed per
        # window would leave the heap fragmented for good.
        if len(self.buffer) < size + 2:
            self.buffer = bytearray(size + 2)
        view = memoryview(self.buffer)
        self.file.read_into(view[1 : size + 1], base)
        # Between the events of a window are commas and white space only: an array's body.
        view[0], view[size + 1] = ord("["), ord("]")
        batch = _EVENTS.decode(view[: size + 2])
        if len(batch) != last - first:
            raise NotLoaded
        given, kept = self.buffer.count(b":", 1, size + 1), _ENCODER.encode(batch).count(b":")
        if given != kept or self.buffer.find(ESCAPED_COLON, 1, size + 1) >= 0:
            for index in range(first, last):
                raw = bytes(view[self.starts[index] - base + 1 : self.ends[index] - base + 1])
                if not no_key_dropped(raw, _ANY.decode(raw)):
                    raise NotLoaded
        return batch
