"""The timeline chart: lanes of bars for eras, parties and offices over a time axis.

The drawing is worked out in two steps so each can be tested on its own:
`layout` places the filtered items on rows of cells, where no two bars ever
share a cell and whatever does not fit is counted, and `TimelineChart` turns
that into Rich text in the active theme's colours. Solid blocks are certain;
shaded blocks are the uncertain part of a coarse or approximate date; an arrow
marks a span still ongoing and "?" an end the source does not state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from operator import attrgetter
from typing import Any

import msgspec
from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache

from backes_tui.formats.lanes import (
    Axis,
    Bar,
    Lane,
    Period,
    axis_for,
    label_candidates,
    layout,
    symbols_as_of,
)
from backes_tui.formats.printable import one_line
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import (
    Event,
    Item,
    Timeline,
    dated_count,
    item_title,
)
from backes_tui.timeline.query import KEPT_VIEWS, FilteredView
from backes_tui.timeline.years import YearRange
from backes_tui.tui.colours import (
    BOLD,
    BOLD_REVERSED,
    DIM,
    PLAIN,
    REVERSED,
)

LABEL_WIDTH = 10
# How many lane layouts, and charts drawn, are kept for views gone back to:
# as many as the query keeps views (each layout is a few hundred bars at most).
KEPT_LAYOUTS = KEPT_VIEWS
# The most lines the date cursor's strip takes from the panes.
STRIP_LINES = 3
# Meta keys of clickable cells: a period's id, or an event mark's column.
CLICK_ITEM, CLICK_EVENTS = "chart-item", "chart-events"
_DATE_KEY = attrgetter("date.sort_key")


# A line drawn: the objects its key names by id, the line, the short labels it uses.
KeptLine = tuple[tuple[object, ...], Text, dict[int, str]]


class ChartStyles(msgspec.Struct, frozen=True):
    """The chart's colours; the widget fills them from the active theme."""

    lanes: tuple[Style, ...] = (PLAIN,)
    # Text on each lane's colour, chosen for contrast.
    labels: tuple[Style, ...] = (REVERSED,)
    selected: Style = BOLD_REVERSED  # text and marks on the cursor's colour
    selected_bar: Style = BOLD  # the selected period's blocks, in the cursor's colour
    cursor: Style = REVERSED  # the date cursor's column
    band: Style = PLAIN
    muted: Style = DIM
    heading: Style = BOLD


class TimelineChart:
    """A Rich renderable of the filtered view, sized to the width it is given."""

    def __init__(
        self,
        timeline: Timeline,
        view: FilteredView | None = None,
        selected: Item | None = None,
        years: YearRange | None = None,
        max_rows_per_lane: int = 2,
    ) -> None:
        self.timeline = timeline
        self.view = view or FilteredView(
            timeline.eras, timeline.offices, timeline.parties, timeline.events
        )
        self.selected = selected
        self.years = years
        self.max_rows = max_rows_per_lane
        self.styles = ChartStyles()
        self.show_legend = False
        # Lines the chart may take with its key, so that the panes keep some
        # rows; the key is cut (and says so) to fit, the lanes never.
        self.most_lines: int | None = None
        # The date cursor (t) and what held then, drawn under the axis.
        self.cursor: PartialDate | None = None
        # Its text for a given room in characters; kept wrapped per width.
        self.cursor_strip: Callable[[int], Text] | None = None
        self._strip: tuple[Callable[[int], Text], int, list[Text]] | None = None
        self._numbers = {
            id(item): number
            for lane in (timeline.eras, timeline.parties, timeline.offices)
            for number, item in enumerate(lane, start=1)
        }
        self._as_of = timeline.as_of.sort_key[1]
        # The latest layouts by view, axis and rows (each keeps its view, so
        # the id in its key is not another's while it is kept).
        self._lanes: LRUCache[tuple[int, Axis, int], tuple[FilteredView, list[Lane]]]
        self._lanes = LRUCache(KEPT_LAYOUTS)
        # The latest lines drawn, with what they were drawn from, newest
        # first: back, forward and escape return to a chart just left.
        self._drawn: list[tuple[tuple[object, ...], tuple[object, ...], list[Text]]] = []
        # The last axis, with the events, years and width it was made for.
        self._axis: tuple[tuple[Sequence[Event], YearRange | None, int], Axis] | None = None
        # The periods drawn, by the id their cells carry for clicks.
        self.clickable: dict[int, Period] = {}
        # The lines of the latest drawing, by what each shows (see `_kept_line`).
        self._lines_drawn: dict[tuple[object, ...], KeptLine] = {}
        # The event marks of a large timeline take a moment: kept per axis and event set.
        self._marks: dict[Axis, tuple[Sequence[Event], tuple[list[str], bool, bool]]] = {}

    def axis(self, width: int) -> Axis:
        # A cell either side of the track is kept for "«" and "»".
        track = max(width - LABEL_WIDTH - 1, 10)
        events = self.view.events
        key = (events, self.years, track)
        kept = self._axis
        if kept is None or kept[0][0] is not events or kept[0][1:] != key[1:]:
            kept = self._axis = key, axis_for(self.timeline, events, self.years, track)
        return kept[1]

    def lanes(self, axis: Axis) -> list[Lane]:
        """Each lane's rows. They depend on the view and the axis, never on the
        selection, so a cursor move (which counts the lines, then draws them)
        reuses them rather than laying out every period again; the query
        hands back the same view for a filter gone back to, so its lanes are
        kept for a while too."""
        view, key = self.view, (id(self.view), axis, self.max_rows)
        kept = self._lanes.get(key)
        if kept is None or kept[0] is not view:
            kept = (
                view,
                [
                    layout(name, items, axis, self._as_of, self.max_rows)
                    for name, items in (
                        ("Eras", view.eras),
                        ("Parties", view.parties),
                        ("Offices", view.offices),
                    )
                ],
            )
            self._lanes.set(key, kept)
        return kept[1]

    def label(self, item: Period, room: int) -> str:
        """The longest label that fits in ``room`` cells, ⚠ kept if it is disputed."""
        candidates = label_candidates(item, self._numbers.get(id(item), 0))
        if self.timeline.disputed(item):
            candidates = [f"{c}⚠" for c in candidates] + ["⚠"]
        return next((one_line(c) for c in candidates if len(c) <= room), "")

    def _bars(self, axis: Axis, row: Sequence[Bar], used: dict[int, str]) -> Text:
        cells = [" "] * axis.width
        styles = [Style()] * axis.width
        gutters = [(" ", Style()), (" ", Style())]
        for bar in row:
            number = self._numbers.get(id(bar.item), 1) - 1
            selected = bar.item is self.selected
            colour = self.styles.lanes[number % len(self.styles.lanes)]
            style = self.styles.selected_bar if selected else colour
            for col in range(bar.start, bar.end + 1):
                sure = bar.sure is not None and bar.sure[0] <= col <= bar.sure[1]
                cells[col], styles[col] = ("█" if sure else "░"), style
            if bar.trailer:
                cells[bar.end + 1], styles[bar.end + 1] = bar.trailer, style
            if bar.leader:
                cells[bar.first], styles[bar.first] = "◌", style
            # Bars never share a cell, so only the first can run off the left
            # and only the last off the right.
            if bar.before:
                gutters[0] = ("«", style)
            if bar.after:
                gutters[1] = ("»", style)
            # The label leaves the bar's first cell showing where it starts,
            # unless the bar is too short for that.
            label_start = bar.start + 1
            label = self.label(bar.item, bar.end - bar.start - 1)
            if not label:
                label_start, label = bar.start, self.label(bar.item, bar.end - bar.start + 1)
            label_style = (
                self.styles.selected
                if selected
                else self.styles.labels[number % len(self.styles.labels)]
            )
            for offset, char in enumerate(label, start=label_start):
                cells[offset], styles[offset] = char, label_style
            short = label.rstrip("⚠")
            if short and short != item_title(bar.item):
                used[id(bar.item)] = short
            # Each cell says whose it is, so a click finds the item (as
            # DataTable tags its cells) rather than working back from columns.
            tag = Style.from_meta({CLICK_ITEM: id(bar.item)})
            self.clickable[id(bar.item)] = bar.item
            for col in range(bar.first, bar.last + 1):
                styles[col] = styles[col] + tag
        return self._assemble(axis, cells, styles, *gutters)

    def _assemble(
        self,
        axis: Axis,
        cells: Sequence[str],
        styles: Sequence[Style],
        before: tuple[str, Style],
        after: tuple[str, Style],
    ) -> Text:
        band = self._band(axis)
        cursor = self._cursor_cells(axis)
        shown = list(styles)
        # The cursor's cells show the cursor, not the band under it.
        for over, cols in ((self.styles.band, band), (self.styles.cursor, cursor)):
            if cols is not None:
                shown[cols[0] : cols[1] + 1] = [over + s for s in styles[cols[0] : cols[1] + 1]]
        text = Text()
        text.append(*before)
        # One span per run of cells alike, not one per cell: Rich's drawing
        # time grows with the spans, and a bar is a run of one style.
        run_start = 0
        for col in range(1, len(cells) + 1):
            if col == len(cells) or shown[col] != shown[run_start]:
                text.append("".join(cells[run_start:col]), shown[run_start])
                run_start = col
        text.append(*after)
        return text

    def _cursor_cells(self, axis: Axis) -> tuple[int, int] | None:
        if self.cursor is None:
            return None
        return axis.cover(self.cursor.sort_key[0], self.cursor.sort_key[1])

    def _band(self, axis: Axis) -> tuple[int, int] | None:
        if self.years is None:
            return None
        first, last = self.years.days
        return axis.cover(
            max(first.toordinal(), axis.first_ordinal), min(last.toordinal(), axis.last_ordinal)
        )

    def event_marks(self, axis: Axis) -> tuple[list[str], bool, bool]:
        """One mark per cell over every event of the view, and whether any lie
        before or after the axis; found by bisection over the events' first
        days rather than placing each in turn."""
        events = self.view.events
        cached = self._marks.get(axis)
        if cached is not None and cached[0] is events:
            return cached[1]
        dated = events[: dated_count(events)]
        keys: list[tuple[int, int, bool]] = list(map(_DATE_KEY, dated))
        starts = [key[0] for key in keys]
        cells = ["─"] * axis.width
        low = before = _bisect(starts, axis.first_ordinal, 0)
        for col in range(axis.width):
            end = axis.last_ordinal + 1
            if col + 1 < axis.width:
                end = min(axis.first_day_of_column(col + 1), end)
            high = _bisect(starts, end, low)
            if high > low:
                # A day-precise event wins the cell over coarser ones.
                exact = any(keys[i][0] == keys[i][1] for i in range(low, high))
                cells[col] = "●" if exact else "○"
            low = high
        marks = (cells, before > 0, low < len(starts))
        if len(self._marks) > 4:
            self._marks.clear()
        self._marks[axis] = (events, marks)
        return marks

    def _event_row(self, axis: Axis) -> Text:
        marks, early, late = self.event_marks(axis)
        cells = list(marks)
        # One tag for every mark, so the row draws as a few runs: a click
        # finds its column from where it lands.
        marked = Style.from_meta({CLICK_EVENTS: True})
        styles = [self.styles.muted if c == "─" else marked for c in cells]
        gutters = [("«" if early else " ", Style()), ("»" if late else " ", Style())]
        selected = self.selected
        if isinstance(selected, Event) and selected.date is not None:
            day = selected.date.sort_key[0]
            if day < axis.first_ordinal:
                gutters[0] = ("«", self.styles.selected)
            elif day > axis.last_ordinal:
                gutters[1] = ("»", self.styles.selected)
            else:
                col = axis.column(day)
                cells[col], styles[col] = "◆", self.styles.selected + marked
        return self._assemble(axis, cells, styles, *gutters)

    def events_at(self, axis: Axis, col: int) -> list[Event]:
        """The view's dated events whose mark is in column ``col``."""
        dated = self.view.events[: dated_count(self.view.events)]
        return [
            e
            for e in dated
            if e.date is not None
            and axis.column(e.date.sort_key[0]) == col
            and axis.first_ordinal <= e.date.sort_key[0] <= axis.last_ordinal
        ]

    def item_at(self, meta: Mapping[str, Any], x: int, width: int) -> Item | None:
        """The item a click asks for: ``meta`` is the tags of the cell it
        landed on, ``x`` its column in the lines drawn at ``width``."""
        if CLICK_ITEM in meta:
            return self.clickable.get(meta[CLICK_ITEM])
        if CLICK_EVENTS in meta:
            # The row's label, then the gutter, then the axis's cells.
            found = self.events_at(self.axis(width), x - LABEL_WIDTH)
            return found[0] if found else None
        return None

    def _axis_line(self, axis: Axis) -> Text:
        cells = [" "] * (axis.width + 1)
        cursor = self._cursor_cells(axis)
        last_end = -1
        for col, label in axis.ticks():
            if cursor is not None and col <= cursor[0] < col + len(label):
                continue  # the cursor's mark takes the place of a label it would cut
            if col > last_end and col + len(label) <= axis.width + 1:
                cells[col : col + len(label)] = label
                last_end = col + len(label)
        if cursor is not None:
            cells[cursor[0]] = "▲"  # where the date cursor stands
        return Text(" " + "".join(cells), style=self.styles.muted)

    def _lane_label(self, name: str, index: int, rows: int, crowded: int) -> Text:
        """The lane's name on its first row, and "+N" not drawn on its last."""
        label = name if index == 0 else ""
        room = LABEL_WIDTH - 1
        if crowded and index == rows - 1:
            more = f"+{crowded}"
            label = label[: room - len(more)].ljust(room - len(more)) + more
        return Text(label.ljust(room), style=self.styles.heading)

    def legend(self, width: int, used: dict[int, str]) -> list[Text]:
        """The symbols, then every short label drawn, wrapped to ``width``."""
        text = Text("Key (K hides): ", style=self.styles.heading)
        for mark, meaning in symbols_as_of(self.timeline.as_of.format()):
            text.append(mark, style=self.styles.heading)
            text.append(f" {meaning}  ")
        text.append(f"The source ends {self.timeline.as_of.format()}.", style=self.styles.muted)
        text.append("  ")
        t = self.timeline
        periods: list[Period] = [*t.eras, *t.parties, *t.offices]
        for item in periods:
            short = used.get(id(item))
            if short is not None:
                text.append(short, style=self.styles.heading)
                text.append(f" {one_line(item_title(item))}  ")
        text.rstrip()
        return list(text.wrap(Console(width=width, color_system=None), width))

    def strip(self, width: int) -> list[Text]:
        """The date cursor's strip in at most `STRIP_LINES` lines where it can
        be: on a large timeline a year holds thousands of items, which would
        push the panes off the screen (the strip then says "o lists them all")."""
        made = self.cursor_strip
        if made is None:
            return []
        if self._strip is not None and self._strip[:2] == (made, width):
            return self._strip[2]
        console = Console(width=width, color_system=None)
        room = width * STRIP_LINES
        while True:
            # Words wrap, so a line holds less than its width: ask for less until it fits.
            lines = list(made(room).wrap(console, width))
            if len(lines) <= STRIP_LINES or room <= width:
                break
            room -= width // 2
        self._strip = (made, width, lines)
        return lines

    def height(self, width: int) -> int:
        """How many lines `lines` gives: counted without drawing, but for the
        key and the date cursor's strip."""
        if self.show_legend or self.cursor_strip is not None:
            return len(self.lines(width))
        return sum(max(len(lane.rows), 1) for lane in self.lanes(self.axis(width))) + 2

    def lines(self, width: int) -> list[Text]:
        """The chart's lines, drawn once for each state: Textual asks for its
        height and then draws it, and the date cursor's strip counts too."""
        state = (self.view, self.selected, self.cursor_strip, self.styles)
        key = (width, self.years, self.cursor, self.show_legend, self.max_rows, self.most_lines)
        for kept in self._drawn:
            if kept[1] == key and all(a is b for a, b in zip(kept[0], state, strict=True)):
                return kept[2]
        lines = self._draw(width)
        self._drawn = [(state, key, lines), *self._drawn[: KEPT_LAYOUTS - 1]]
        return lines

    def _draw(self, width: int) -> list[Text]:
        axis = self.axis(width)
        out: list[Text] = []
        used: dict[int, str] = {}
        # A line not changed since the last drawing is that same line: a
        # cursor move redraws the rows of the items it leaves and lands on,
        # and the widget redraws only the lines that are new.
        before, self._lines_drawn = self._lines_drawn, {}
        around = (axis, self.styles, self._band(axis), self._cursor_cells(axis))
        selected = self.selected
        for lane in self.lanes(axis):
            rows = lane.rows or ((),)
            for index, row in enumerate(rows):
                mine = selected if any(bar.item is selected for bar in row) else None
                label = self._lane_label(lane.name, index, len(rows), len(lane.crowded))
                out.append(
                    self._kept_line(
                        before,
                        (id(row), id(mine), label.plain, around),
                        (row, mine),
                        partial(self._lane_row, axis, label, row),
                        used,
                    )
                )
        events = Text("Events".ljust(LABEL_WIDTH - 1), style=self.styles.heading)
        marked = selected if isinstance(selected, Event) else None
        out.append(
            self._kept_line(
                before,
                ("events", id(self.view.events), id(marked), around),
                (self.view.events, marked),
                lambda _: events + self._event_row(axis),
                used,
            )
        )
        below = Text(" " * (LABEL_WIDTH - 1))
        out.append(
            self._kept_line(
                before, ("axis", around), (), lambda _: below + self._axis_line(axis), used
            )
        )
        out += self.strip(width)
        if self.show_legend:
            legend = self.legend(width, used)
            room = None if self.most_lines is None else max(self.most_lines - len(out), 2)
            if room is not None and len(legend) > room:
                more = Text("… the rest of the key: ? lists every mark", style=self.styles.muted)
                legend = [*legend[: room - 1], more]
            out += legend
        return out

    def _lane_row(self, axis: Axis, label: Text, row: Sequence[Bar], used: dict[int, str]) -> Text:
        return label + self._bars(axis, row, used)

    def _kept_line(
        self,
        before: dict[tuple[object, ...], KeptLine],
        key: tuple[object, ...],
        alive: tuple[object, ...],
        draw: Callable[[dict[int, str]], Text],
        used: dict[int, str],
    ) -> Text:
        """The line for ``key`` as drawn last time, if the objects it names
        by id (``alive``) are still the ones drawn; else drawn now. The short
        labels it uses are added to ``used``."""
        kept = before.get(key)
        if kept is None or any(a is not b for a, b in zip(kept[0], alive, strict=True)):
            found: dict[int, str] = {}
            kept = (alive, draw(found), found)
        self._lines_drawn[key] = kept
        used.update(kept[2])
        return kept[1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # One text, so no line ends in a newline that would count as a row.
        yield Text("\n").join(self.lines(options.max_width))


def _bisect(starts: Sequence[int], value: int, low: int) -> int:
    """The first index from ``low`` whose start is at least ``value``."""
    high = len(starts)
    while low < high:
        middle = (low + high) // 2
        if starts[middle] < value:
            low = middle + 1
        else:
            high = middle
    return low
