"""Where a chart puts things: a time axis over cells, and the periods of each
lane packed in rows where no two bars share a cell.

Shared by the terminal chart (cells are columns) and the SVG chart (cells are
pixels); nothing is drawn here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import msgspec

from backes_tui.timeline.model import Era, Event, Office, Party, Timeline, dated_count
from backes_tui.timeline.years import YearRange

Period = Era | Office | Party

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Every mark the chart draws, and what it means: the legend on the chart (K)
# and on the help screen both read this.
CHART_SYMBOLS = (
    ("█", "certain"),
    ("░", "uncertain part of a date"),
    ("▶", "ongoing when the source ends"),
    ("?", "end not stated"),
    ("◌", "start not stated"),
    ("⚠", "two readings"),
    ("●", "event on a known day"),
    ("○", "event in a month or year"),
    ("◆", "selected"),
    ("«»", "more beyond the axis"),
    ("+N", "not drawn: too many overlap"),
)


def symbols_as_of(as_of: str) -> list[tuple[str, str]]:
    """``CHART_SYMBOLS``, with the day an ongoing span is known to hold to."""
    return [
        (mark, f"ongoing as of {as_of}, when the source ends" if mark == "▶" else meaning)
        for mark, meaning in CHART_SYMBOLS
    ]


@dataclass(frozen=True)
class Axis:
    """Days ``first``..``last`` laid over ``width`` cells.

    Cell edges are rounded, so a span that ends the day before another begins
    never shares a cell with it, whatever the zoom.
    """

    first: dt.date
    last: dt.date
    width: int
    _first: int = field(init=False, repr=False)
    _days: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_first", self.first.toordinal())
        object.__setattr__(self, "_days", self.last.toordinal() - self._first + 1)

    @property
    def first_ordinal(self) -> int:
        return self._first

    @property
    def last_ordinal(self) -> int:
        return self._first + self._days - 1

    def edge(self, ordinal: int) -> int:
        """The cell edge nearest the start of this day (0..width)."""
        offset = min(max(ordinal - self._first, 0), self._days)
        return (2 * offset * self.width + self._days) // (2 * self._days)

    def column(self, ordinal: int) -> int:
        """The cell of a day on the axis."""
        return min(self.edge(ordinal), self.width - 1)

    def first_day_of_column(self, col: int) -> int:
        """The first day whose column is ``col`` or later (the inverse of `edge`)."""
        return self._first - (-(2 * col - 1) * self._days // (2 * self.width))

    def cover(self, first: int, last: int) -> tuple[int, int] | None:
        """The cells days ``first``..``last`` cover, at least one; None off the axis."""
        if last < self._first or first > self.last_ordinal:
            return None
        start = self.column(first)
        return start, max(start, self.edge(last + 1) - 1)

    def ticks(self, gap: int = 5) -> list[tuple[int, str]]:
        """Labelled cells, at least ``gap`` apart: years, or months when the
        axis spans three years or less."""
        monthly = self._days <= 4 * 366
        # Up to a millennium: the calendar runs to 9999, and so may a filter.
        steps = (1, 2, 3, 6, 12) if monthly else (12, 24, 60, 120, 240, 600, 1200, 6000, 12000)
        for step in steps:
            ticks = self._ticks_every(step)
            if all(b[0] - a[0] >= gap for a, b in itertools.pairwise(ticks)):
                return ticks
        return []

    def _ticks_every(self, months: int) -> list[tuple[int, str]]:
        """Each month whose index (year * 12 + month - 1) ``months`` divides;
        only those are visited, as an axis may span thousands of years."""
        first = self.first.year * 12 + self.first.month - 1
        last = self.last.year * 12 + self.last.month - 1
        ticks = []
        for index in range(-(-first // months) * months, last + 1, months):
            year, month = divmod(index, 12)
            day = dt.date(year, month + 1, 1)
            if day >= self.first:
                label = str(year) if month == 0 else _MONTHS[month]
                ticks.append((self.column(day.toordinal()), label))
        return ticks


def axis_for(
    timeline: Timeline, events: Sequence[Event], years: YearRange | None, width: int
) -> Axis:
    """An axis of ``width`` cells (columns, or pixels) over her life and every
    period, or over the filtered years with a margin. Events outside it (her
    grandparents' arrival in 1952) are for the caller to mark beside it."""
    dated = events[: dated_count(events)]
    first_year = timeline.first_year
    last_year = max(
        [timeline.as_of.year] + ([dated[-1].date.latest.year] if dated and dated[-1].date else [])
    )
    first, last = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    if years is not None:
        low = years.first_day if years.start is not None else first
        high = years.last_day if years.end is not None else last
        margin = max(45, (high - low).days // 20)
        # In ordinals, kept within the calendar Python has (years 1..9999).
        if years.start is not None:
            first = dt.date.fromordinal(max(low.toordinal() - margin, 1))
        else:
            first = low
        if years.end is not None:
            last = dt.date.fromordinal(min(high.toordinal() + margin, dt.date.max.toordinal()))
        else:
            last = high
    return Axis(first, last, width)


class Bar(msgspec.Struct, frozen=True):
    """One period on one row: cells ``start``..``end``, the certain ones, and its marks."""

    item: Period
    start: int
    end: int
    sure: tuple[int, int] | None
    trailer: str | None  # "▶" ongoing, "?" end not stated, drawn one cell past ``end``
    before: bool  # the span goes on before the axis
    after: bool  # ... or after it
    leader: bool = False  # "◌" one cell before ``start``: the start is not stated

    @property
    def first(self) -> int:
        """The first cell the bar takes, its leader included."""
        return self.start - (1 if self.leader else 0)

    @property
    def last(self) -> int:
        """The last cell the bar takes, its trailer included."""
        return self.end + (1 if self.trailer else 0)


class Lane(msgspec.Struct, frozen=True):
    name: str
    rows: tuple[tuple[Bar, ...], ...]
    # Not drawn because no row had room, and (apart, since "+N" says "too
    # many overlap") because only its possible extent reaches the axis.
    crowded: tuple[Period, ...]
    outside: tuple[Period, ...]


def place(item: Period, axis: Axis, as_of: int) -> Bar | None:
    """Where ``item`` is drawn on ``axis``; None when it lies wholly off it."""
    span = item.span
    first, sure_first = span.start.sort_key[0], span.start.sort_key[1]
    last = span.end.sort_key[1] if span.end else as_of
    cells = axis.cover(first, last)
    if cells is None:
        return None
    start, end = cells
    if span.end is not None:
        sure_last: int | None = span.end.sort_key[0]
    else:
        # Ongoing holds to as_of; an end not stated is never drawn as sure.
        sure_last = as_of if span.ongoing else None
    sure = None if sure_last is None else axis.cover(sure_first, sure_last)
    if sure is not None:
        # A start that is only a bound or approximate never looks certain.
        low = start + 1 if (span.start_is_bound or span.start.approximate) else start
        low, high = max(sure[0], low), min(sure[1], end)
        sure = (low, high) if low <= high else None
    after = last > axis.last_ordinal
    trailer = None
    if span.end is None and not after:
        if end + 1 >= axis.width and end > start:
            end -= 1  # the trailer says more than the last day's cell
        if end + 1 < axis.width:
            trailer = "▶" if span.ongoing else "?"
    return Bar(
        item,
        start,
        end,
        sure,
        trailer,
        before=first < axis.first_ordinal,
        after=after,
        leader=span.start_is_bound and start > 0,
    )


def layout(name: str, items: Sequence[Period], axis: Axis, as_of: int, max_rows: int) -> Lane:
    """First fit over at most ``max_rows`` rows; bars never share a cell, and
    what fits no row is counted as crowded rather than drawn over another."""
    rows: list[list[Bar]] = []
    crowded: list[Period] = []
    outside: list[Period] = []
    bars: list[tuple[Bar, Period]] = []
    for item in items:
        bar = place(item, axis, as_of)
        if bar is None:
            outside.append(item)
        else:
            bars.append((bar, item))
    for bar, item in sorted(bars, key=lambda pair: pair[0].start):
        for row in rows:
            if row[-1].last < bar.first:
                row.append(bar)
                break
        else:
            if len(rows) < max_rows:
                rows.append([bar])
            else:
                crowded.append(item)
    return Lane(name, tuple(tuple(row) for row in rows), tuple(crowded), tuple(outside))


def initials(text: str) -> str:
    return "".join(word[0] for word in text.split() if word[:1].isalnum())


def label_candidates(item: Period, number: int) -> list[str]:
    """Longest first. Eras may fall back on their number, which the Eras pane
    and the legend give; offices and parties never become a bare number."""
    if isinstance(item, Era):
        return [item.title, str(number)]
    return list(dict.fromkeys([item.short, initials(item.short)]))
