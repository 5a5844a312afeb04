"""Progress on long work, for a person watching a terminal: a one-line bar
on standard error, and a sequence of events that reports as it is read.

Loading a file over 10 MB and exporting more than 10,000 items show one;
anything quicker would only flicker. Nothing is drawn unless standard error
is a terminal, so pipes and logs stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import TextIO

from backes_tui.formats.printable import one_line
from backes_tui.timeline.model import Event

LARGE_FILE = 10_000_000
MANY_ITEMS = 10_000
_WIDTH = 24


class TerminalProgress:
    """ "backes-tui: loading big.json  45% [##########··········] 10 of 22 MB"."""

    def __init__(self, what: str, total: int, unit: str, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty() and total > 0
        self.what, self.total, self.unit = one_line(what), total, unit
        self._percent = -1

    def update(self, done: int) -> None:
        percent = min(100, done * 100 // self.total) if self.total else 100
        if not self.shown or percent <= self._percent:
            return  # one redraw per percent, never backwards (a second pass over the items)
        self._percent = percent
        filled = percent * _WIDTH // 100
        bar = "#" * filled + "·" * (_WIDTH - filled)
        count = self._count(done)
        self.stream.write(f"\rbackes-tui: {self.what} {percent:3d}% [{bar}] {count}")
        self.stream.flush()

    def _count(self, done: int) -> str:
        if self.unit == "MB":
            return f"{done / 1e6:.0f} of {self.total / 1e6:.0f} MB"
        return f"{min(done, self.total):,} of {self.total:,} {self.unit}"

    def close(self) -> None:
        """Take the bar off the line, so what follows starts clean."""
        if self.shown and self._percent >= 0:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


class ReportingEvents(tuple[Event, ...]):
    """A view's events that tell ``progress`` how many have been read, every
    thousand, as an export walks them."""

    _progress: Callable[[int], None]

    def __new__(cls, events: tuple[Event, ...], progress: Callable[[int], None]) -> ReportingEvents:
        made = super().__new__(cls, events)
        made._progress = progress
        return made

    def __iter__(self) -> Iterator[Event]:
        for index, event in enumerate(super().__iter__()):
            if index % 1000 == 0:
                self._progress(index)
            yield event
        self._progress(len(self))
