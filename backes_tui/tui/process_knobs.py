"""Every setting this program changes for the whole Python process, in one
place and behind one switch (`KNOBS.enabled`), given back on exit
(`KNOBS.restore`).

- How often Python hands the interpreter lock over (`sys.setswitchinterval`):
  Textual writes each frame from a thread of its own, which needs the lock at
  each step; at the default 5 ms a frame of a large timeline waited for the
  app to finish what follows it (the bindings refreshed, the footer rebuilt)
  before it reached the screen.
- The cyclic collector, paused while a file loads or a one-shot command runs,
  and what both leave frozen out of its sight (`gc.freeze`).
- Full collections held off while the app runs, and run at quiet moments
  (`IdleCollector`), below.

Full garbage collections moved out of the way of keys, for large timelines:
Python starts a full collection of the cyclic collector whenever enough
younger collections have run, whatever the app is doing then. At 100,000
events such a collection walks every event that a kept filtered view or an
index holds, touching each one in memory, and its time is added to
whichever key was being answered (benchmarks/RESULTS.md). Textual pauses the
collector during smooth scrolling for the same reason (`App.PAUSE_GC_ON_SCROLL`).

While the app runs, Python's own full collections are held off. One runs as
often as Python would have started it (counted in younger collections), but
only once no key or click has come for a moment, when the screen has
answered the last one; or, in steady use without a pause, after a few
seconds anyway. Garbage goes as soon as before; younger collections, which
are quick, run as usual. And once the indexes that live as long as the
timeline are built, they are frozen out of full collections while the app runs.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

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
# Seconds between the interpreter lock's hand-overs while the app runs
# (Python's default is 0.005).
SWITCH_INTERVAL = 0.0005


class ProcessKnobs:
    """The process-wide settings, each changed only while ``enabled``, and
    what they were before, for `restore`. One per process: `KNOBS`."""

    def __init__(self) -> None:
        # The switch: False leaves the process as it is (a program that
        # embeds the app and tunes its own process).
        self.enabled = True
        self._switch_interval: float | None = None
        self._thresholds: tuple[int, int, int] | None = None
        self._frozen = False

    def hand_lock_over_often(self) -> None:
        """For the app: the thread that writes frames is not kept waiting."""
        if self.enabled and self._switch_interval is None:
            self._switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH_INTERVAL)

    def hold_off_full_collections(self) -> tuple[int, int, int] | None:
        """Python's own thresholds, and from now on no automatic full
        collection; None (and nothing changed) when not enabled."""
        if not self.enabled:
            return None
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, HELD_OFF)
        return self._thresholds

    def allow_full_collections(self) -> None:
        """Python's own thresholds back."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def freeze(self) -> None:
        """Collect, then move what is left out of the collector's sight: for
        objects that live as long as the timeline. Collected first, so that
        no garbage of the moment is kept with them."""
        if self.enabled:
            gc.collect()
            gc.freeze()
            self._frozen = True

    @contextmanager
    def collector_paused(self) -> Iterator[None]:
        """Loading (or a one-shot command) allocates millions of objects that
        all live on; letting the cyclic collector rescan them after every few
        thousand allocations costs more than the work itself. Survivors are
        frozen so later collections skip them too."""
        if not self.enabled:
            yield
            return
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            gc.freeze()
            self._frozen = True
            if enabled:
                gc.enable()

    def restore(self) -> None:
        """Give the process its own settings back (the app is one part of its
        process: a test, a server). What was frozen stays frozen: thawed, it
        would all be walked by the collection Python makes as it exits, which
        at 100,000 events takes longer than the quit itself
        (benchmarks/RESULTS.md). A process that lives on calls `thaw`."""
        if self._switch_interval is not None:
            sys.setswitchinterval(self._switch_interval)
            self._switch_interval = None
        self.allow_full_collections()

    def thaw(self) -> None:
        """Let what was frozen be collected again."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False


KNOBS = ProcessKnobs()


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
            self._saved = KNOBS.hold_off_full_collections()

    def stop(self) -> None:
        """Give the process its own thresholds back (the app is one part of it)."""
        if self._saved is not None:
            KNOBS.allow_full_collections()
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
    """For once the indexes that live as long as the timeline are built: full
    collections then no longer walk them."""
    KNOBS.freeze()
