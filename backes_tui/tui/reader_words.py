"""Screen-reader mode's words: what the screen shows with glyphs, bars and
position, said in plain sentences instead.

A screen reader or braille display reads the terminal a line at a time, so
each line here says one whole thing, its title first (a line cut short at the
pane's edge loses dates, not names), and every mark is a word: "possible",
"disputed", "ongoing as of 14 July 2024", "derived". The widgets that show
these lines (the chart's words and the status line) are here too; the mode
itself (the cursor, the status after each action) is `screen_reader`'s.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Static

from backes_tui.formats.kinds import KINDS
from backes_tui.formats.printable import one_line
from backes_tui.timeline.certainty import Answer
from backes_tui.timeline.model import Event, Item, Party, Timeline, item_title
from backes_tui.timeline.query import Filter, FilteredView

# The app's CSS class while the mode is on: the stylesheet takes the borders,
# scrollbars and chart away under it.
SCREEN_READER = "-screen-reader"


def is_on(node: DOMNode) -> bool:
    """Whether the app ``node`` belongs to is in screen-reader mode."""
    return node.app.has_class(SCREEN_READER)


def _dashes_in_words(text: str) -> str:
    # "2019–2023" is read "2019 2023", or "2019 en dash 2023", by screen readers.
    return text.replace(" – ", " to ").replace("–", " to ")


def item_words(timeline: Timeline, item: Item, answer: Answer | None = None) -> str:
    """One item as a line: "State Secretary for Citizenship, 4 July 2022 to
    10 October 2023 or September 2023 (Text: resignation), disputed"."""
    if isinstance(item, Event):
        title = one_line(item.title)
        when = item.format_date() if item.date is not None else "undated"
    else:
        title = one_line(item.name if isinstance(item, Party) else item_title(item))
        when = item.span.format(timeline.as_of)
    words = f"{title}, {_dashes_in_words(when)}"
    others = timeline.other_readings(item)
    if others:
        words += f" or {others}"
    if isinstance(item, Event) and item.derived:
        words += ", derived"
    if timeline.disputed(item) or (answer is not None and answer.disputed):
        words += ", disputed"
    elif answer is not None and answer.label == "possible":
        words += ", possible"
    return words


def filter_words(flt: Filter, view: FilteredView, timeline: Timeline) -> str:
    """What the filter keeps: "Years 2019 to 2023: 11 of 42 events"."""
    parts = []
    if flt.years is not None:
        parts.append(f"Years {_dashes_in_words(flt.years.describe())}")
    if flt.text.strip():
        parts.append(f"search “{one_line(flt.text.strip())}”")
    if flt.kinds:
        parts.append("kinds " + ", ".join(sorted(flt.kinds)))
    what = ", ".join(parts) if parts else "The whole timeline"
    counted = f"{len(view.events)} of {len(timeline.events)} events"
    if view.window is not None and view.uncertain_events:
        counted += f", {view.uncertain_events} of them possible"
    if view.window is not None and view.unstated_events:
        # As the header's "not stated": within the years only through a side
        # of its date the source does not state.
        counted += f", {view.unstated_events} with a side of its date not stated"
    return f"{what}: {counted}"


def position_words(pane_title: str, index: int | None, count: int, words: str) -> str:
    """Where the cursor is: "Offices, 2 of 2: <the item in words>"."""
    if index is None or not count:
        return f"{pane_title}: none"
    return f"{pane_title}, {index + 1} of {count}: {words}"


def chart_lines(
    timeline: Timeline, view: FilteredView, selected: Item | None, cursor: str | None
) -> list[str]:
    """The chart in words: the spans and events of the window, one a line,
    the selected one said to be so; first the date cursor's answer, if shown."""
    lines = [f"Date cursor: {cursor}"] if cursor else []
    lines.append(f"Chart, {filter_words(Filter(), view, timeline).split(': ', 1)[1]}:")
    window = view.window
    for kind in KINDS.values():
        for item in kind.items(view):
            answer = None if window is None else timeline.answer(item, *window)
            line = f"{kind.kind.capitalize()}: {item_words(timeline, item, answer)}"
            lines.append(line + (", selected" if item is selected else ""))
    return lines


# The help's key to the marks, in a mode that draws none.
MARKS_IN_WORDS = (
    "Marks: none are drawn in this mode; each row says in words whether it is",
    "possible, disputed, derived (made from a period) or ongoing, and as of when.",
)


def help_lines(rows: Sequence[tuple[str, str]]) -> list[str]:
    """The help's key table as lines: "j / down: Cursor down"."""
    return [f"{keys}: {does}" for keys, does in rows]


class ChartWords(VerticalScroll, can_focus=False):
    """The chart's place in screen-reader mode: its words, kept scrolled to
    the selected item's line."""

    def compose(self) -> ComposeResult:
        yield Static(id="chart-words-text")

    def show(
        self,
        timeline: Timeline,
        view: FilteredView,
        selected: Item | None,
        cursor: str | None = None,
    ) -> None:
        lines = chart_lines(timeline, view, selected, cursor)
        # A line each, cut at the edge rather than wrapped: the panes and the
        # status line say each item whole.
        text = Text("\n".join(lines), no_wrap=True, overflow="ellipsis")
        self.query_one("#chart-words-text", Static).update(text)
        at = next((n for n, line in enumerate(lines) if line.endswith(", selected")), 0)
        self.call_after_refresh(self.scroll_to, y=max(at - 1, 0), animate=False, immediate=True)


class StatusLine(Static):
    """One line at a fixed place saying, in words, what the last action changed."""

    said = ""

    def say(self, words: str) -> None:
        if words != self.said:
            self.said = words
            self.update(Text(words))
