"""What a conversion could not carry, counted exactly, for the loss report."""

from __future__ import annotations

from collections import Counter

from backes_tui.timeline.model import Conflict, Item, Timeline
from backes_tui.timeline.query import FilteredView


class Losses:
    """Counts of things a target or source format cannot hold, by what happened to them."""

    def __init__(self, format_name: str) -> None:
        self.format_name = format_name
        self._counts: Counter[str] = Counter()

    def add(self, what: str, count: int = 1) -> None:
        if count:
            self._counts[what] += count

    def __bool__(self) -> bool:
        return bool(self._counts)

    def count(self, what: str) -> int:
        return self._counts[what]

    def lines(self) -> list[str]:
        """One line each, in the order first met: "TimelineJS: conflicts folded into text: 1"."""
        return [f"{self.format_name}: {what}: {count}" for what, count in self._counts.items()]


def conflicts_in_view(timeline: Timeline, view: FilteredView) -> list[Conflict]:
    """The conflicts about anything the view holds: a loss is counted only
    for what the filtered view had to carry."""
    items: tuple[Item, ...] = (*view.eras, *view.offices, *view.parties, *view.events)
    shown = {item.id for item in items}
    return [
        c
        for c in timeline.conflicts
        if shown.intersection((*c.eras, *c.offices, *c.parties, *c.events))
    ]
