"""Filtering by years, kind and text: the one implementation the app and CLI share.

Events are kept sorted by their earliest day, so a year filter is two
bisections plus a check of the few candidates that start before the range but
may still run into it.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from backes_tui.dates import PartialDate
from backes_tui.model import Era, Event, Office, Party, Timeline
from backes_tui.years import YearRange


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "noumea" finds "Nouméa"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Filter:
    years: YearRange | None = None
    text: str = ""
    kinds: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return self.years is not None or bool(self.text.strip()) or bool(self.kinds)

    def describe(self) -> str:
        parts = []
        if self.years is not None:
            parts.append(f"Years {self.years.describe()}")
        if self.text.strip():
            parts.append(f"“{self.text.strip()}”")
        if self.kinds:
            parts.append("kind " + ", ".join(sorted(self.kinds)))
        return " · ".join(parts)


@dataclass(frozen=True)
class FilteredView:
    eras: tuple[Era, ...]
    offices: tuple[Office, ...]
    parties: tuple[Party, ...]
    events: tuple[Event, ...]


def _period_text(item: Era | Office | Party) -> str:
    if isinstance(item, Party):
        return " ".join((item.name, item.short, *item.aliases, item.summary))
    if isinstance(item, Office):
        people = (item.predecessor or "", item.successor or "")
        return " ".join((item.title, item.summary, *people))
    return " ".join((item.title, item.summary))


def _event_text(event: Event) -> str:
    return " ".join((event.title, event.summary, *event.people, *event.places))


def _matches_words(haystack: str, words: Sequence[str]) -> bool:
    return all(word in haystack for word in words)


@dataclass
class TimelineQuery:
    """Indexes over one timeline, built once, answering any `Filter`."""

    timeline: Timeline
    _dated: list[Event] = field(init=False)
    _undated: list[Event] = field(init=False)
    _starts: list[int] = field(init=False)
    _longest: int = field(init=False)
    _haystacks: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._dated = [e for e in self.timeline.events if e.date is not None]
        self._undated = [e for e in self.timeline.events if e.date is None]
        self._starts = [_bounds(e)[0] for e in self._dated]
        # Events arrive sorted by PartialDate, whose order is earliest day first.
        self._longest = max((_bounds(e)[1] - _bounds(e)[0] for e in self._dated), default=0)

    def _event_haystack(self, event: Event) -> str:
        # Folded text is built on first search, not at start-up.
        text = self._haystacks.get(event.id)
        if text is None:
            text = self._haystacks[event.id] = fold(_event_text(event))
        return text

    def events_in(self, years: YearRange) -> list[Event]:
        first, last = years.first_day.toordinal(), years.last_day.toordinal()
        low = bisect_left(self._starts, first - self._longest)
        high = bisect_right(self._starts, last)
        return [e for e in self._dated[low:high] if _bounds(e)[1] >= first]

    def events(self, flt: Filter) -> tuple[Event, ...]:
        candidates: Iterable[Event] = (
            self.timeline.events if flt.years is None else self.events_in(flt.years)
        )
        if flt.kinds:
            candidates = (e for e in candidates if e.kind in flt.kinds)
        words = fold(flt.text).split()
        if words:
            candidates = (e for e in candidates if _matches_words(self._event_haystack(e), words))
        return tuple(candidates)

    def _periods(self, items: Sequence[Era | Office | Party], flt: Filter) -> list[int]:
        words = fold(flt.text).split()
        keep = []
        for index, item in enumerate(items):
            if flt.years is not None and not flt.years.overlaps(
                item.span.earliest, item.span.latest
            ):
                continue
            if words and not _matches_words(fold(_period_text(item)), words):
                continue
            keep.append(index)
        return keep

    def view(self, flt: Filter) -> FilteredView:
        t = self.timeline
        return FilteredView(
            eras=tuple(t.eras[i] for i in self._periods(t.eras, flt)),
            offices=tuple(t.offices[i] for i in self._periods(t.offices, flt)),
            parties=tuple(t.parties[i] for i in self._periods(t.parties, flt)),
            events=self.events(flt),
        )

    def on(self, when: PartialDate) -> FilteredView:
        """What held at any time within ``when``, and the events inside it."""
        first, last = when.earliest, when.latest

        def holds(item: Era | Office | Party) -> bool:
            return item.span.earliest <= last and item.span.latest >= first

        t = self.timeline
        events = tuple(
            e
            for e in self.events_in(YearRange(when.year, when.year))
            if e.date is not None and first <= e.date.earliest and e.date.latest <= last
        )
        return FilteredView(
            eras=tuple(e for e in t.eras if holds(e)),
            offices=tuple(o for o in t.offices if holds(o)),
            parties=tuple(p for p in t.parties if holds(p)),
            events=events,
        )


def _bounds(event: Event) -> tuple[int, int]:
    assert event.date is not None
    end = event.end or event.date
    return event.date.earliest.toordinal(), end.latest.toordinal()
