"""The timeline chart: lanes of bars for eras, parties and offices over a year axis.

Rendered with Rich so it can be tested without an app. Solid blocks are
certain; shaded blocks are the uncertain part of a coarse or approximate date
(the whole of "1994" for a start given only as a year); an arrow marks a span
still ongoing.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from backes_tui.formats.printable import one_line
from backes_tui.timeline.dates import Span
from backes_tui.timeline.model import Era, Event, Item, Office, Party, Timeline, dated_count
from backes_tui.timeline.years import YearRange

LABEL_WIDTH = 9
_PALETTE = ("#5fafd7", "#d7af5f", "#87af87", "#d787af", "#af87d7", "#d7875f", "#5fd7af")
_SELECTED = Style(color="black", bgcolor="#ffd75f", bold=True)
_FILTER_BAND = Style(bgcolor="#303a4a")
_MUTED = Style(color="#808080")
_LANE_STYLES = tuple(Style(color=color) for color in _PALETTE)
_REVERSE, _PLAIN = Style(reverse=True), Style(reverse=False)


@dataclass(frozen=True)
class Scale:
    """Maps days onto columns of the track."""

    first: dt.date
    last: dt.date
    width: int
    _first: int = field(init=False, repr=False)
    _last: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_first", self.first.toordinal())
        object.__setattr__(self, "_last", self.last.toordinal())

    def column(self, day: dt.date) -> int:
        return self.column_at(day.toordinal())

    def column_at(self, ordinal: int) -> int:
        """The column of the day with this ordinal (see `date.toordinal`)."""
        ordinal = min(max(ordinal, self._first), self._last)
        return min(
            self.width - 1, (ordinal - self._first) * self.width // (self._last - self._first or 1)
        )

    def year_columns(self, years: YearRange) -> tuple[int, int]:
        return self.column(max(years.first_day, self.first)), self.column(
            min(years.last_day, self.last)
        )


Placed = tuple[int, int, "Era | Office | Party"]
_DATE_KEY = attrgetter("date.sort_key")


def _pack(placed: Sequence[Placed], max_rows: int) -> list[list[Placed]]:
    """Greedy lane packing on the certain part of each span, in ``max_rows`` rows.

    Spans that only share an uncertain year (RPCR ends in 2004, the Rally-UMP
    starts in 2004) stay on one row; truly overlapping ones (RC and
    Renaissance) get a row each. What fits none of the first rows is drawn
    over the last one rather than lost; only the rows that are kept are
    searched, so thousands of overlapping offices pack in one pass.
    """
    rows: list[list[Placed]] = [[] for _ in range(max_rows)]
    for placed_item in sorted(placed, key=lambda p: p[0]):
        for row in rows[:-1]:
            if not row or row[-1][1] < placed_item[0]:
                row.append(placed_item)
                break
        else:
            rows[-1].append(placed_item)
    return rows


def _label(item: Era | Office | Party, number: int, room: int) -> str:
    """The longest of name, initials or number that fits in ``room`` cells."""
    if isinstance(item, Era):
        candidates: tuple[str, ...] = (item.title, str(number))
    else:
        initials = "".join(word[0] for word in item.short.split() if word[:1].isalnum())
        candidates = (item.short, initials, str(number))
    for candidate in candidates:
        if len(candidate) <= room:
            return candidate
    return ""


class TimelineChart:
    """A Rich renderable of the whole career, sized to the width it is given."""

    def __init__(
        self,
        timeline: Timeline,
        events: Sequence[Event],
        selected: Item | None = None,
        years: YearRange | None = None,
        max_rows_per_lane: int = 2,
    ) -> None:
        self.timeline = timeline
        self.events = events
        self.selected = selected
        self.years = years
        self.max_rows = max_rows_per_lane
        # Layout depends only on the width and the data, so it is worked out once
        # per width; selection and filter are drawn over it on each render.
        self._numbers = {
            id(item): number
            for lane in (timeline.eras, timeline.parties, timeline.offices)
            for number, item in enumerate(lane)
        }
        self._rows: dict[tuple[str, int, int], list[list[Placed]]] = {}
        self._marks: dict[int, tuple[Sequence[Event], list[str]]] = {}
        self._bars: dict[tuple[int, int], tuple[list[str], list[Style | None]]] = {}
        self._coloured: dict[tuple[int, int, tuple[int, int] | None], Text] = {}

    def scale(self, width: int) -> Scale:
        first = dt.date(self.timeline.subject.born.year, 1, 1)
        last = dt.date(self.timeline.as_of.year, 12, 31)
        return Scale(first, last, max(width - LABEL_WIDTH, 10))

    def _certain_columns(self, scale: Scale, span: Span) -> tuple[int, int]:
        end = span.end.sort_key[0] if span.end else self.timeline.as_of.sort_key[1]
        return scale.column_at(span.start.sort_key[1]), scale.column_at(end)

    def _band(self, scale: Scale) -> tuple[int, int] | None:
        return None if self.years is None else scale.year_columns(self.years)

    def _bar_row(self, scale: Scale, row: Sequence[Placed]) -> Text:
        # Only the row holding the selection changes as the cursor moves, and
        # only the band as the years move: bars are drawn once per selection
        # state, and coloured once per band.
        selected = next((item for _, _, item in row if item is self.selected), None)
        band = self._band(scale)
        key = (id(row), id(selected), band)
        if key not in self._coloured:
            bars = self._bars.get(key[:2])
            if bars is None:
                if len(self._bars) > 256:
                    self._bars.clear()
                bars = self._bars[key[:2]] = self._draw_bars(scale, row)
            if len(self._coloured) > 256:
                self._coloured.clear()
            self._coloured[key] = self._assemble(*bars, band)
        return self._coloured[key]

    def _draw_bars(
        self, scale: Scale, row: Sequence[Placed]
    ) -> tuple[list[str], list[Style | None]]:
        cells = [" "] * scale.width
        styles: list[Style | None] = [None] * scale.width
        labels: list[tuple[int, int, Era | Office | Party, Style]] = []
        for _, _, item in row:
            number = self._numbers[id(item)]
            span = item.span
            style = _SELECTED if item is self.selected else _LANE_STYLES[number % len(_LANE_STYLES)]
            # Days as ordinals (the sort keys), as thousands of bars are placed.
            first_day, start_latest = span.start.sort_key[:2]
            start, sure_start = scale.column_at(first_day), scale.column_at(start_latest)
            last = span.end.sort_key[1] if span.end else self.timeline.as_of.sort_key[1]
            end = scale.column_at(last)
            if span.end is not None:
                sure_end = scale.column_at(span.end.sort_key[0])
            else:
                # Ongoing holds to as_of; an end not stated is never drawn as sure.
                sure_end = end if span.ongoing else sure_start - 1
            if end >= start:
                cells[start : end + 1] = ["░"] * (end + 1 - start)
                styles[start : end + 1] = [style] * (end + 1 - start)
                # A start that is only a bound or approximate never looks certain.
                unsure_start = span.start_is_bound or span.start.approximate
                low = max(sure_start, start + 1 if unsure_start else start)
                high = min(sure_end, end)
                if low <= high:
                    cells[low : high + 1] = ["█"] * (high + 1 - low)
            if span.end is None and end + 1 < scale.width:
                cells[end + 1], styles[end + 1] = ("▶" if span.ongoing else "?"), style
            labels.append((start, end, item, style))
        # Labels go on last, each kept clear of the next bar in the row.
        for index, (start, end, item, style) in enumerate(labels):
            stop = min(end, labels[index + 1][0] - 1) if index + 1 < len(labels) else end
            if stop - start - 1 < 1:
                continue  # no room for even a number
            label = one_line(_label(item, self._numbers[id(item)] + 1, stop - start - 1))
            label_style = style + (_PLAIN if item is self.selected else _REVERSE)
            for offset, char in enumerate(label, start=start + 1):
                cells[offset] = char
                styles[offset] = label_style
        return cells, styles

    def _assemble(
        self, cells: Sequence[str], styles: Sequence[Style | None], band: tuple[int, int] | None
    ) -> Text:
        text = Text()
        for col, (char, style) in enumerate(zip(cells, styles, strict=True)):
            in_band = band is not None and band[0] <= col <= band[1]
            final = style or Style()
            if in_band:
                final = _FILTER_BAND + final
            text.append(char, final)
        return text

    def _event_marks(self, scale: Scale) -> list[str]:
        """One mark per column, aggregated over all events, cached per event set.

        Events come sorted by first day, so each column's events are found by
        bisection instead of placing every event of a large timeline in turn.
        """
        cached = self._marks.get(scale.width)
        if cached is not None and cached[0] is self.events:
            return cached[1]
        width = scale.width
        dated = self.events[: dated_count(self.events)]
        keys: list[tuple[int, int, bool]] = list(map(_DATE_KEY, dated))
        starts = [key[0] for key in keys]
        first = scale.first.toordinal()
        span = max(scale.last.toordinal() - first, 1)
        cells = ["─"] * width
        # Events before the axis (her grandparents' arrival) show as an arrow,
        # unless column 0 has events of its own.
        low = bisect_left(starts, first)
        if low:
            cells[0] = "◀"
        for col in range(width):
            # Days whose column is `col`; the edge columns also take what lies beyond.
            end = first - (-(col + 1) * span // width) if col < width - 1 else None
            high = len(starts) if end is None else bisect_left(starts, end, low)
            if high > low:
                # A day-precise event wins the column over coarser ones.
                exact = any(keys[i][0] == keys[i][1] for i in range(low, high))
                cells[col] = "●" if exact else "○"
            low = high
        self._marks[width] = (self.events, cells)
        return cells

    def _event_row(self, scale: Scale) -> Text:
        cells = list(self._event_marks(scale))
        styles: list[Style | None] = [_MUTED if c == "─" else None for c in cells]
        if isinstance(self.selected, Event) and self.selected.date is not None:
            col = scale.column(self.selected.date.earliest)
            cells[col], styles[col] = "◆", _SELECTED
        return self._assemble(cells, styles, self._band(scale))

    def _axis(self, scale: Scale) -> Text:
        text = Text(" " * scale.width, style=_MUTED)
        first_year, last_year = scale.first.year, scale.last.year
        step = 5 if scale.width >= (last_year - first_year) * 1.2 else 10
        last_end = -1
        for year in range(first_year - first_year % step + step, last_year + 1, step):
            col = scale.column(dt.date(year, 1, 1))
            if col > last_end and col + 4 <= scale.width:
                text = text[:col] + Text(str(year), style=_MUTED) + text[col + 4 :]
                last_end = col + 4
        return text

    def _lane_rows(
        self, name: str, items: Sequence[Era | Office | Party], scale: Scale
    ) -> list[list[Placed]]:
        key = (name, scale.width, self.max_rows)
        if key not in self._rows:
            placed = [(*self._certain_columns(scale, i.span), i) for i in items]
            if name == "Eras":
                # Eras follow one another, so one row; a later era draws over a shared year.
                rows = [sorted(placed, key=lambda p: p[0])]
            else:
                rows = _pack(placed, self.max_rows)
            self._rows[key] = rows
        return self._rows[key]

    def lines(self, width: int) -> list[Text]:
        scale = self.scale(width)
        t = self.timeline
        lanes: list[tuple[str, Sequence[Era | Office | Party]]] = [
            ("Eras", t.eras),
            ("Parties", t.parties),
            ("Offices", t.offices),
        ]
        out: list[Text] = []
        for name, items in lanes:
            for index, row in enumerate(self._lane_rows(name, items, scale)):
                label = name if index == 0 else ""
                out.append(
                    Text(f"{label:<{LABEL_WIDTH}}", style="bold") + self._bar_row(scale, row)
                )
        out.append(Text(f"{'Events':<{LABEL_WIDTH}}", style="bold") + self._event_row(scale))
        out.append(Text(" " * LABEL_WIDTH) + self._axis(scale))
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)


class ChartView(Widget):
    """Hosts the Rich `TimelineChart`, redrawn when the view or selection changes."""

    def __init__(self, timeline: Timeline, *, id: str) -> None:
        super().__init__(id=id)
        self.chart = TimelineChart(timeline, timeline.events)

    def show(self, events: Sequence[Event], selected: Item | None, years: YearRange | None) -> None:
        self.chart.events, self.chart.selected, self.chart.years = events, selected, years
        # The chart's height depends only on the terminal size, never on these.
        self.refresh()

    def render(self) -> RenderableType:
        # A short terminal gets one row per lane; overlapping bars draw over each other.
        self.chart.max_rows = 1 if self.screen.has_class("-short") else 2
        return self.chart
