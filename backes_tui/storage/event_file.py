"""The words of events loaded from a file, read back from it one event at a time."""

from __future__ import annotations

import os
import sys
import weakref
from array import array
from collections.abc import Iterable

import msgspec

from backes_tui.storage.events import EventFields, event_words
from backes_tui.storage.fields import supports_named
from backes_tui.timeline.model import Cite, EventText

CACHE_SIZE = 512
_EVENT = msgspec.json.Decoder(EventFields)


def event_text(stored: bytes) -> EventText:
    """The words of a stored event, as written, that has passed the loader's checks."""
    fields = _EVENT.decode(stored)
    # Sources repeat on every event; share one string per source.
    cites = (
        Cite(sys.intern(c.source), c.quote, supports_named(c.supports) or ()) for c in fields.cites
    )
    return event_words(fields, tuple(cites))


def _signature(fd: int) -> tuple[int, int, int, int]:
    info = os.fstat(fd)
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


class EventFile:
    """A data file kept open, with the byte range of each stored event in it.

    The file is never written. If it is changed in place after loading, the
    change is noticed (size, time or inode) and reads say so rather than
    return the wrong event; a file replaced by a new one (as most editors
    save) is still read through the open descriptor as it was.
    """

    def __init__(self, fd: int, label: str) -> None:
        self.label = label
        self._fd = fd
        self._starts = array("Q")
        self._ends = array("Q")
        self._signature = _signature(fd)
        self._cache: dict[int, EventText] = {}
        weakref.finalize(self, os.close, fd)

    def extend(self, starts: Iterable[int], ends: Iterable[int]) -> int:
        """Note the bytes of the events in the next rows (each one's first
        byte and the byte after it); returns the first of those rows."""
        row = len(self._starts)
        self._starts.extend(starts)
        self._ends.extend(ends)
        return row

    @property
    def size(self) -> int:
        """The file's size when it was opened."""
        return self._signature[2]

    def read_into(self, view: memoryview, start: int) -> None:
        """Fill ``view`` with the file's bytes from ``start``; ValueError if it is shorter now."""
        if os.preadv(self._fd, [view], start) != len(view):
            raise ValueError("the file is shorter than when it was read")

    def changed(self) -> bool:
        return _signature(self._fd) != self._signature

    def read(self, row: int) -> EventText:
        text = self._cache.get(row)
        if text is not None:
            return text
        start = self._starts[row]
        try:
            if self.changed():
                raise ValueError("changed")
            text = event_text(os.pread(self._fd, self._ends[row] - start, start))
        except (OSError, ValueError, msgspec.DecodeError):
            return self._changed_text()
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()  # rows are read near each other; a full reset is enough
        self._cache[row] = text
        return text

    def _changed_text(self) -> EventText:
        notice = f"{self.label} changed on disk after it was loaded; run backes-tui again"
        return EventText("?", "(the data file has changed: restart to reload)", notice, ())
