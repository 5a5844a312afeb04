"""Reading a large timeline file as a stream, its events' words left in the file.

Only what filters need (date, kind, links) is kept per event; the words are
read back from the file on demand (`EventFile`). Anything unexpected makes the
stream give up (`NotStreamable`), and the caller parses the whole document,
which words every problem.
"""

from __future__ import annotations

import os
import stat
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Any, cast

from backes_tui.storage.checker import (
    Checker,
    JsonObject,
    JsonValue,
    QuickEvents,
    StreamedEvents,
    assemble,
)
from backes_tui.storage.event_file import EventFile
from backes_tui.storage.json_stream import BLOCK, JsonStream, NotStreamable
from backes_tui.timeline.model import Event, Timeline
from backes_tui.timeline.search import SearchText


def load_streaming(
    path: os.PathLike[str] | str,
    label: str,
    limit: int,
    progress: Callable[[int], None] | None = None,
    searchable: bool = True,
    block: int = BLOCK,
) -> Timeline | None:
    """The timeline read as a stream, its events ``block`` bytes or so at a
    time; or None, and the caller parses the whole document, when the file is
    small, is not a regular file or has any problem at all (that path words
    every problem)."""
    if not hasattr(os, "pread"):
        return None
    try:
        # Looked at before opening: opening a pipe here would take its writer,
        # and the whole-document read that follows would wait for another.
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size <= limit:
        os.close(fd)
        return None
    file = EventFile(fd, label)  # closes the descriptor when no event needs it
    try:
        return _stream(JsonStream(fd, progress=progress), file, searchable, block)
    except NotStreamable:
        return None


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


def _stream(stream: JsonStream, file: EventFile, searchable: bool, block: int) -> Timeline:
    data: JsonObject = {}
    streamed = None
    for key in stream.members():
        if key != "events":
            if key == "places" and streamed is not None:
                raise NotStreamable  # the events' search text needed them
            data[key] = stream.value()
            continue
        # Events are checked as they are read, so the sources must be known by then.
        if "sources" not in data or not stream.starts_array():
            raise NotStreamable
        sources, aliases = _source_ids(data["sources"]), _place_aliases(data.get("places"))
        streamed = _stream_events(stream, sources, aliases, file, searchable, block)
    if streamed is None:
        raise NotStreamable
    checker = Checker()
    checked = checker.check(data, streamed)
    if checker.problems or checked is None:
        raise NotStreamable
    # The periods' JSON is built into the timeline's parts by now: not held
    # while the timeline is assembled, when memory is at its highest.
    data.clear()
    timeline = assemble(checked, streamed)
    if not streamed.links_known(timeline):
        raise NotStreamable
    return timeline


def _source_ids(sources: JsonValue) -> set[str]:
    if not isinstance(sources, list):
        raise NotStreamable
    found = set()
    for source in sources:
        if isinstance(source, dict):
            source_id = source.get("id")
            if isinstance(source_id, str):
                found.add(source_id)
    return found


def _checked_event(obj: JsonValue, sources: set[str]) -> Event:
    """An event the quick path leaves to the checker (bounds, marked citations):
    rare, so its words are simply kept in memory."""
    checker = Checker()
    event = checker.event("", obj, sources) if isinstance(obj, dict) else None
    if event is None or checker.problems:
        raise NotStreamable
    return event


def _place_aliases(places: JsonValue) -> dict[str, list[str]]:
    """Other names by place name; anything malformed is left to the checker to word."""
    if places is None:
        return {}
    if not isinstance(places, list):
        raise NotStreamable
    found = {}
    for place in places:
        if not isinstance(place, dict) or not isinstance(place.get("name"), str):
            raise NotStreamable
        aliases = place.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise NotStreamable
        found[str(place["name"])] = [str(a) for a in aliases]
    return found


def _stream_events(
    stream: JsonStream,
    sources: set[str],
    aliases: dict[str, list[str]],
    file: EventFile,
    searchable: bool,
    size: int,
) -> StreamedEvents:
    """The events array where ``stream`` is, read in blocks of about ``size``
    bytes (`json_blocks`); the stream then goes on after it."""
    # Here, not at the top: only a large file gets this far, and the
    # decoders are not worth making at every start.
    from backes_tui.storage.event_fields import EVENTS
    from backes_tui.storage.json_blocks import ArrayBlocks, element_value

    blocks = ArrayBlocks(stream.fd, stream.array_start(), EVENTS, size, stream.report)
    quick = QuickEvents(sources)
    ids = StoredIds(file)
    streamed = StreamedEvents(file, ids, search=SearchText() if searchable else None)
    search, events = streamed.search, streamed.events
    for block in blocks:
        first_row = file.extend(block.starts, block.ends)
        typed = block.values
        if typed is not None:
            ids.note_all([fields.id for fields in typed])
            made = quick.fields_event
            for index, fields in enumerate(typed):
                event = made(fields, first_row + index, file)
                if event is None:
                    # The checker words what the quick path does not take.
                    event = _checked_event(element_value(block.raws[index]), sources)
                if search is not None:
                    people, places = fields.people or (), fields.places or ()
                    _add_words(search, aliases, fields.title, fields.summary, people, places)
                events.append(event)
            continue
        # What the types do not fit, json reads, and the checks of a whole parse judge.
        for index, raw in enumerate(block.raws):
            obj = element_value(raw)
            event = quick.event(obj, first_row + index, file) or _checked_event(obj, sources)
            # Checked by now: an object whose words are strings and lists of them.
            words = cast(dict[str, Any], obj)
            ids.note_all([words["id"]])
            if search is not None:
                people, places = words.get("people") or (), words.get("places") or ()
                _add_words(search, aliases, words["title"], words["summary"], people, places)
            events.append(event)
    stream.resume_at(blocks.end)
    if not ids.seal():
        raise NotStreamable
    streamed.offices = {o for links in quick.offices for o in links}
    streamed.parties = {p for links in quick.parties for p in links}
    return streamed


def _add_words(
    search: SearchText,
    aliases: dict[str, list[str]],
    title: str,
    summary: str,
    people: Sequence[str],
    places: Sequence[str],
) -> None:
    """An event's words for search, with the other names of the places it names."""
    if aliases and places:
        places = [*places, *(a for place in places for a in aliases.get(place, ()))]
    search.add(title, summary, people, places)
