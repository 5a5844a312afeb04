"""Back and forward through the jumps the user made, as in a browser.

Plain data: the explorer says where the user was and where they went; this
keeps the two stacks and the place a dialog's previews began.
"""

from __future__ import annotations

import msgspec

from backes_tui.timeline.model import Item
from backes_tui.timeline.query import Filter

HISTORY = 100


class HistoryEntry(msgspec.Struct, frozen=True):
    """A place back and forward return to: the filter, how its years were
    read, the current pane and its item."""

    filter: Filter
    notice: str | None
    pane: str
    item: Item | None


class History:
    """The places behind and ahead, at most `HISTORY` of each kept."""

    def __init__(self) -> None:
        self.back: list[HistoryEntry] = []
        self.forward: list[HistoryEntry] = []
        # Where a dialog's previews began: a search previewed as it is typed
        # is one jump, from there.
        self.anchor: HistoryEntry | None = None

    def previewing(self, here: HistoryEntry) -> None:
        """A preview moved away from ``here``; the first one sets the anchor."""
        if self.anchor is None:
            self.anchor = here

    def left(self, here: HistoryEntry, new: Filter | None = None) -> None:
        """A jump away from ``here`` (or from the anchor, after previews) to
        ``new``: back returns there, and what was ahead is gone."""
        self.remember(self.anchor or here, new)

    def remember(self, entry: HistoryEntry, new: Filter | None = None) -> None:
        """A jump away from ``entry``: back returns there, and what was ahead is gone."""
        self.anchor = None
        if new is not None and entry.filter == new:
            return  # a search typed and then undone went nowhere
        if not self.back or self.back[-1] != entry:
            self.back.append(entry)
            del self.back[:-HISTORY]
        self.forward.clear()

    def step(self, step: int, here: HistoryEntry) -> HistoryEntry | None:
        """Back (-1) or forward (1) from ``here``: the place to restore, or
        None when there is nothing further that way."""
        behind, ahead = (self.back, self.forward) if step < 0 else (self.forward, self.back)
        if not behind:
            return None
        ahead.append(here)
        return behind.pop()
