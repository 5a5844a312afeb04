"""Filtering by years, kind and text: the one implementation the app and CLI share.

Events are kept sorted by their earliest day, so a year filter is two
bisections plus a check of the few candidates that start before the range but
may still run into it.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import contains
from typing import overload

import msgspec

from backes_tui.timeline.about import AboutIndex
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import (
    Era,
    Event,
    Item,
    Office,
    Party,
    Timeline,
    dated_count,
    item_kind,
)
from backes_tui.timeline.search import SearchText, fold
from backes_tui.timeline.years import YearRange

# How many of the latest filters' answers a query keeps, and of eras' events
# (an era of a large timeline may hold most of its events: few are kept).
KEPT_VIEWS = 8
KEPT_ERAS = 2


class Filter(msgspec.Struct, frozen=True):
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


def empty_message(title: str, flt: Filter) -> str:
    """Why a pane or a listing is empty: "No offices in 2030", "No events
    matching “zzzz”", "No events in 2001 of kind speech"."""
    why = []
    if flt.years is not None:
        years = flt.years.describe()
        why.append(years if years.startswith(("since", "until")) else f"in {years}")
    if flt.text.strip():
        why.append(f"matching “{flt.text.strip()}”")
    if flt.kinds and title.lower() == "events":  # kinds are of events only
        why.append("of kind " + ", ".join(sorted(flt.kinds)))
    return f"No {title.lower()} " + (" ".join(why) if why else "in this timeline")


class FilteredView(msgspec.Struct, frozen=True):
    """The items a filter keeps; ``window`` is the days it asked about, if any."""

    eras: tuple[Era, ...]
    offices: tuple[Office, ...]
    parties: tuple[Party, ...]
    events: tuple[Event, ...]
    window: tuple[dt.date, dt.date] | None = None
    # Of ``events``, how many are only possibly within ``window``, and how
    # many reach it only through a side the source does not state.
    uncertain_events: int = 0
    unstated_events: int = 0


def _period_text(item: Era | Office | Party, timeline: Timeline) -> str:
    if isinstance(item, Party):
        return " ".join((item.name, item.short, *item.aliases, item.summary))
    if isinstance(item, Office):
        people = (item.predecessor or "", item.successor or "")
        places = (*item.places, *timeline.place_aliases(item.places))
        return " ".join((item.title, item.short, *item.aliases, *places, item.summary, *people))
    return " ".join((item.title, item.summary))


class EventRun(Sequence[Event]):
    """A timeline's events at the positions ``early``, then at those of
    ``run``: an era's events (tens of thousands, in a large timeline) without
    a copy of them, kept and counted as the detail asks."""

    __slots__ = ("_early", "_events", "_run")

    def __init__(self, events: tuple[Event, ...], early: Sequence[int], run: range) -> None:
        self._events, self._early, self._run = events, early, run

    def __len__(self) -> int:
        return len(self._early) + len(self._run)

    def __iter__(self) -> Iterator[Event]:
        get = self._events.__getitem__
        return chain(map(get, self._early), map(get, self._run))

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Event, ...]: ...

    def __getitem__(self, index: int | slice) -> Event | tuple[Event, ...]:
        if isinstance(index, slice):
            return tuple(map(self.__getitem__, range(*index.indices(len(self)))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        early = len(self._early)
        return self._events[self._early[index] if index < early else self._run[index - early]]


class DateIndex(msgspec.Struct, frozen=True):
    """The first and last possible day (as ordinals) of each dated event, in
    timeline order, for bisection. Dated events come first in a timeline, so
    a position here is a position in the timeline."""

    # Days as 32-bit numbers (an ordinal is below 3,700,000): at 100,000
    # events, half the memory of lists of ints.
    starts: array[int]
    ends: array[int]
    longest: int
    # Events whose readings reach beyond their own date (a "by" date, or an
    # end a conflict dates otherwise): few, and always checked one by one.
    loose: list[int]

    def __repr__(self) -> str:
        # Not the days themselves: 200,000 numbers at 100,000 events.
        return f"<DateIndex of {len(self.starts)} dated events>"

    @classmethod
    def build(cls, timeline: Timeline) -> DateIndex:
        events = timeline.events
        starts: array[int] = array("i")
        ends: array[int] = array("i")
        loose: list[int] = []
        add_start, add_end, readings = starts.append, ends.append, timeline.readings
        related, related_events = timeline.related, timeline.related_events
        # One pass: at 100,000 events each pass over them is mostly reading
        # memory, and three of them were most of a one-shot year filter.
        for position, event in enumerate(events[: dated_count(events)]):
            first, last, _ = event.date.sort_key  # type: ignore[union-attr]  # dated
            if event.end is not None:
                last = event.end.sort_key[1]
            add_start(first)
            add_end(last)
            # Only derived events can be dated by a conflict, and their words are
            # in memory: a stored event's id may have to be read back from the file.
            if (
                event.open_sided
                or event in related_events
                or (
                    event.derived
                    and (len(readings(event)) > 1 or event.id.rpartition(".")[0] in related)
                )
            ):
                loose.append(position)
        return cls(starts, ends, max(map(int.__sub__, ends, starts), default=0), loose)


@dataclass(repr=False)
class TimelineQuery:
    """Indexes over one timeline, built on first use, answering any `Filter`."""

    timeline: Timeline
    _index: DateIndex | None = field(init=False, default=None)
    _search: SearchText | None = field(init=False, default=None)
    _links: dict[tuple[str, str], list[Event]] | None = field(init=False, default=None)
    _folded_periods: dict[int, list[str]] = field(init=False, default_factory=dict)
    _about: AboutIndex | None = field(init=False, default=None)
    _reaches: dict[int, list[tuple[int, int]]] = field(init=False, default_factory=dict)
    # The last few views and eras' events are kept: going back to a filter
    # (escape, back, `[` after `]`) or an era then gives the same answer,
    # whose drawing the app has kept too, instead of working it all out again.
    _kept_views: Callable[[Filter], FilteredView] = field(init=False)
    _kept_era_events: Callable[[Era], EventRun] = field(init=False)

    def __post_init__(self) -> None:
        self._kept_views = lru_cache(maxsize=KEPT_VIEWS)(self._view)
        self._kept_era_events = lru_cache(maxsize=KEPT_ERAS)(self._era_events)

    def _era_events(self, era: Era) -> EventRun:
        span = era.span
        return self._events_between(span.earliest.toordinal(), span.latest.toordinal())

    @property
    def index(self) -> DateIndex:
        # Not needed for the unfiltered first screen, so not built at start-up.
        if self._index is None:
            self._index = DateIndex.build(self.timeline)
        return self._index

    @property
    def search(self) -> SearchText:
        """Folded words of every event, in timeline order; made on first search
        unless the loader made them."""
        if self._search is None:
            made = self.timeline.search
            self._search = made or SearchText.of(
                (e.text for e in self.timeline.events), self.timeline.place_aliases
            )
        return self._search

    def _events_between(self, first: int, last: int) -> EventRun:
        events = self.timeline.events
        if self.index.loose:
            return EventRun(events, self._positions_between(first, last), range(0))
        early, middle, high = self._starting_between(first, last)
        return EventRun(events, early, range(middle, high))

    def _starting_between(self, first: int, last: int) -> tuple[list[int], int, int]:
        """Dated events overlapping the days ``first``..``last`` (ordinals),
        loose ones aside: the positions of those starting earlier, then the
        range of positions of those starting inside (all of which match).

        Only events starting up to the longest event's length earlier are checked.
        """
        index = self.index
        starts, ends = index.starts, index.ends
        low = bisect_left(starts, first - index.longest)
        middle = bisect_left(starts, first, low)
        high = bisect_right(starts, last, middle)
        # In C: thousands of events may start in the longest event's reach.
        reaching = map(first.__le__, ends[low:middle])
        return list(compress(range(low, middle), reaching)), middle, high

    def _positions_between(self, first: int, last: int) -> list[int]:
        """Positions of events overlapping the days ``first``..``last`` (ordinals)."""
        early, middle, high = self._starting_between(first, last)
        found = early + list(range(middle, high))
        index = self.index
        if not index.loose:
            return found
        day_one, day_last = dt.date.fromordinal(first), dt.date.fromordinal(last)
        events, answer = self.timeline.events, self.timeline.answer
        kept = set(found).difference(index.loose)
        for i in index.loose:
            reply = answer(events[i], day_one, day_last)
            if reply is not None and reply.shown:
                kept.add(i)
        return sorted(kept)

    def related(self, item: Item) -> Sequence[Event]:
        """Events linked to an office or party, or falling inside an era."""
        if isinstance(item, Era):
            return self._kept_era_events(item)
        if isinstance(item, Event):
            return ()
        kind = "office" if isinstance(item, Office) else "party"
        return self._linked().get((kind, item.id), [])

    def _linked(self) -> dict[tuple[str, str], list[Event]]:
        """Events by the office or party they link: one pass, instead of one
        per selection (a pass over every event, felt on a large timeline)."""
        if self._links is None:
            links: dict[tuple[str, str], list[Event]] = {}
            for event in self.timeline.events:
                for office_id in event.offices:
                    links.setdefault(("office", office_id), []).append(event)
                for party_id in event.parties:
                    links.setdefault(("party", party_id), []).append(event)
            self._links = links  # whole, for a warming thread and the app alike
        return self._links

    def events(self, flt: Filter) -> tuple[Event, ...]:
        return tuple(map(self.timeline.events.__getitem__, self._event_positions(flt)))

    def _event_positions(self, flt: Filter) -> Sequence[int]:
        """Timeline positions of the events ``flt`` keeps, in ascending order."""
        events = self.timeline.events
        words = fold(flt.text).split()
        keep: Sequence[int] = range(len(events))
        if flt.years is None and not flt.kinds and not words:
            return keep
        if flt.years is not None:
            years = flt.years
            keep = self._positions_between(years.first_day.toordinal(), years.last_day.toordinal())
        if flt.kinds:
            keep = [i for i in keep if events[i].kind in flt.kinds]
        if words:
            keep = self.search.matching(words, keep, self.about.event_rows(words))
        return keep

    @property
    def about(self) -> AboutIndex:
        """What the items are about, for the search rule (`AliasRule`)."""
        if self._about is None:
            self._about = AboutIndex(self.timeline, lambda: self.search)
        return self._about

    def warm(self) -> None:
        """Build the lazy indexes now, e.g. in a thread while the user reads."""
        _ = self.index
        for periods in (self.timeline.eras, self.timeline.offices, self.timeline.parties):
            self._reach(periods)
            self._period_words(periods)
        self.search.warm()
        self._linked()

    def _period_words(self, items: Sequence[Era | Office | Party]) -> list[str]:
        """The folded words of each of a lane's periods, in its order: folded
        once, as a large timeline has thousands of periods to search per keystroke."""
        words = self._folded_periods.get(id(items))
        if words is None:
            words = self._folded_periods[id(items)] = [
                fold(_period_text(item, self.timeline)) for item in items
            ]
        return words

    def _reach(self, items: Sequence[Era | Office | Party]) -> list[tuple[int, int]]:
        """The first day any reading of each item may start and the last it may
        end (ordinals): outside them an item is absent in every reading, so a
        year filter asks the full question only of the few inside."""
        reach = self._reaches.get(id(items))
        if reach is None:
            reach = self._reaches[id(items)] = [
                (
                    min(bounds.start_low for _, bounds in readings),
                    max(bounds.end_high for _, bounds in readings),
                )
                for readings in map(self.timeline.readings, items)
            ]
        return reach

    def _held(
        self, items: Sequence[Era | Office | Party], first: dt.date, last: dt.date
    ) -> list[int]:
        """Positions of the items that certainly or possibly held within the days."""
        start, end = first.toordinal(), last.toordinal()
        return [
            index
            for index, (low, high) in enumerate(self._reach(items))
            if low <= end and high >= start and self.holds(items[index], first, last)
        ]

    def _periods(self, items: Sequence[Era | Office | Party], flt: Filter) -> list[int]:
        words = fold(flt.text).split()
        if flt.years is None:
            candidates: Sequence[int] = range(len(items))
        else:
            candidates = self._held(items, *flt.years.days)
        kept = list(candidates)
        texts = self._period_words(items) if words else []
        for word in words:  # each over what the words before it left, in C
            has_word: Iterable[bool] = map(contains, map(texts.__getitem__, kept), repeat(word))
            about = self.about.periods(items, texts, word)
            if about is not None:
                has_word = (i in about or found for i, found in zip(kept, has_word, strict=True))
            kept = list(compress(kept, has_word))
        return kept

    def _uncertain(self, positions: Sequence[int], first: int, last: int) -> tuple[int, int]:
        """How many events at ``positions`` (each within the days ``first``..``last``
        in some reading) are possibly within them, and how many not stated.

        Only the edges need a look: an event that starts on or after ``first``
        and no later than ``last`` less the longest event lies wholly inside,
        so it is certain. What starts before, may end after, or is loose (a
        "by" date, a disputed end) is answered one by one.
        """
        index = self.index
        before = bisect_left(positions, bisect_left(index.starts, first))
        after = bisect_left(positions, bisect_right(index.starts, last - index.longest))
        candidates = {*positions[:before], *positions[max(after, before) :]}
        candidates.update(i for i in index.loose if _contains(positions, i))
        events, days = self.timeline.events, (dt.date.fromordinal(first), dt.date.fromordinal(last))
        labels = [getattr(self.timeline.answer(events[i], *days), "label", "") for i in candidates]
        unstated = labels.count("not_stated")
        return len(labels) - labels.count("certain") - labels.count("") - unstated, unstated

    def holds(self, item: Item, first: dt.date, last: dt.date) -> bool:
        """Whether ``item`` certainly or possibly held within the days, in some reading."""
        reply = self.timeline.answer(item, first, last)
        return reply is not None and reply.shown

    def view(self, flt: Filter) -> FilteredView:
        """What ``flt`` keeps."""
        return self._kept_views(flt)

    def _view(self, flt: Filter) -> FilteredView:
        t = self.timeline
        positions = self._event_positions(flt)
        window = None if flt.years is None else flt.years.days
        uncertain = unstated = 0
        if window is not None:
            days = (window[0].toordinal(), window[1].toordinal())
            uncertain, unstated = self._uncertain(positions, *days)
        return FilteredView(
            eras=tuple(t.eras[i] for i in self._periods(t.eras, flt)),
            offices=tuple(t.offices[i] for i in self._periods(t.offices, flt)),
            parties=tuple(t.parties[i] for i in self._periods(t.parties, flt)),
            events=t.events
            if isinstance(positions, range) and len(positions) == len(t.events)
            else tuple(map(t.events.__getitem__, positions)),
            window=window,
            uncertain_events=uncertain,
            unstated_events=unstated,
        )

    def on(self, when: PartialDate) -> FilteredView:
        """What certainly or possibly held, or happened, within ``when``."""
        first, last = when.earliest, when.latest
        t = self.timeline
        return FilteredView(
            eras=tuple(t.eras[i] for i in self._held(t.eras, first, last)),
            offices=tuple(t.offices[i] for i in self._held(t.offices, first, last)),
            parties=tuple(t.parties[i] for i in self._held(t.parties, first, last)),
            events=tuple(self._events_between(first.toordinal(), last.toordinal())),
            window=(first, last),
        )


def _contains(positions: Sequence[int], position: int) -> bool:
    at = bisect_left(positions, position)
    return at < len(positions) and positions[at] == position


def selection_problem(timeline: Timeline, flt: Filter, item_id: str) -> str | None:
    """Why the app cannot open on ``item_id`` under ``flt``, or None if it can:
    an id nothing has (with the nearest ones), or an item the filter hides."""
    item = timeline.find(item_id)
    if item is None:
        near = timeline.nearest_ids(item_id)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        return f"no item has the id {item_id!r}{hint}"
    view = TimelineQuery(timeline).view(flt)
    shown = {"era": view.eras, "office": view.offices, "party": view.parties, "event": view.events}
    if not any(candidate is item for candidate in shown[item_kind(item)]):
        return f"{item_id!r} is not among what {flt.describe()} shows"
    return None
