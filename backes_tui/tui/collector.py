"""Full garbage collections moved out of the way of keys, for large timelines.

Python starts a full collection of the cyclic collector whenever enough
younger collections have run, whatever the app is doing then. At 100,000
events such a collection walks every event that a kept filtered view or an
index holds, touching each one in memory: 30-80 ms, added to whichever key
was being answered. Textual pauses the collector during smooth scrolling for
the same reason (`App.PAUSE_GC_ON_SCROLL`).

While the app runs, Python's own full collections are held off. One runs as
often as Python would have started it (counted in younger collections), but
only once no key or click has come for a moment, when the screen has
answered the last one; or, in steady use without a pause, after a few
seconds anyway. Garbage goes as soon as before; younger collections, a
millisecond or two, run as usual. And once the indexes that live as long as
the timeline are built, they are frozen out of full collections for good.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from backes_tui.formats.progress import MANY_ITEMS

# Seconds without a key or a click before a full collection that is due
# runs: by then the screen has answered the last key.
QUIET = 0.05
# Seconds a due collection waits at most, in steady use without a pause.
LONGEST_WAIT = 5.0
# How often the app asks whether it is time (seconds).
LOOK_EVERY = 0.05
# Younger collections before an automatic full one: in practice never.
HELD_OFF = 1_000_000


def felt(events: int) -> bool:
    """Whether full collections over a timeline of so many events take long
    enough to be felt on a key: below this, Python's own are left alone."""
    return events >= MANY_ITEMS


class IdleCollector:
    """Holds off Python's own full collections and runs them at quiet moments."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._saved: tuple[int, int, int] | None = None
        self.last_input = clock()
        # When the full collection waiting now became due.
        self._due_since: float | None = None

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, HELD_OFF)

    def stop(self) -> None:
        """Give the process its own thresholds back (the app is one part of it)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        self.last_input = self._clock()

    def look(self) -> bool:
        """Run a full collection if one is due and this is a quiet moment; whether it ran."""
        if self._saved is None or not gc.isenabled():
            # Stopped, or paused by a large file's loading, which freezes what
            # it made when it ends: a collection now would walk all of it.
            return False
        # Younger collections since the last full one, against Python's own threshold.
        if gc.get_count()[2] < self._saved[2]:
            self._due_since = None
            return False
        now = self._clock()
        if self._due_since is None:
            self._due_since = now
        if now - self.last_input >= QUIET or now - self._due_since >= LONGEST_WAIT:
            gc.collect()
            self._due_since = None
            return True
        return False


def freeze_lasting() -> None:
    """Collect, then move what is left out of the collector's sight for good.

    For once the indexes that live as long as the timeline are built: full
    collections then no longer walk them. Collected first, so that no
    garbage of the moment is kept for good with them.
    """
    gc.collect()
    gc.freeze()
