"""The chart's widget: it hosts `TimelineChart`, in the theme's colours, and
turns clicks and the wheel into messages for the screen."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from backes_tui.formats.lanes import Axis
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import Item, Timeline
from backes_tui.timeline.query import FilteredView
from backes_tui.timeline.years import YearRange
from backes_tui.tui.chart import (
    KEPT_LAYOUTS,
    ChartStyles,
    TimelineChart,
)
from backes_tui.tui.colours import contrast_text, readable

# Rows the chart's key (K) leaves the rest of the screen: header, the chart's
# rule, the pane bar, a list of 5 rows in its border, and the footer.
SCREEN_KEPT = 1 + 1 + 1 + 7 + 1


class ChartView(Widget):
    """Hosts the Rich `TimelineChart`, redrawn when the view or selection changes.

    A click on a bar or an event mark asks for that item; the wheel asks to
    move the year window.
    """

    class Picked(Message):
        def __init__(self, item: Item) -> None:
            super().__init__()
            self.item = item

    class Wheeled(Message):
        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    COMPONENT_CLASSES = {
        "chart--lane-1",
        "chart--lane-2",
        "chart--lane-3",
        "chart--lane-4",
        "chart--selected",
        "chart--band",
        "chart--muted",
    }
    DEFAULT_CSS = """
    ChartView {
        & > .chart--lane-1 { color: $secondary-lighten-2; }
        & > .chart--lane-2 { color: $warning; }
        & > .chart--lane-3 { color: $success; }
        & > .chart--lane-4 { color: $error; }
        & > .chart--selected { background: $block-cursor-background; }
        & > .chart--band { background: $primary 15%; }
        & > .chart--muted { color: $text-muted; }
    }
    """

    def __init__(self, timeline: Timeline, *, id: str) -> None:
        super().__init__(id=id)
        self.chart = TimelineChart(timeline)
        self._theme: str | None = None
        self._lines = 0
        # The latest lines as strips, with the lines they were made from, newest first.
        self._strips: list[tuple[list[Text], list[Strip]]] = []
        # The width and style the newest strips were made in.
        self._made_for: tuple[int, Style] | None = None

    def show(self, view: FilteredView, selected: Item | None, years: YearRange | None) -> None:
        self.chart.view, self.chart.selected, self.chart.years = view, selected, years
        self.refresh_for_height()

    def set_cursor(self, when: PartialDate | None, strip: Callable[[int], Text] | None) -> None:
        """Show the date cursor at ``when``, with ``strip`` (what held then, for
        a width) under the axis; None hides both."""
        self.chart.cursor, self.chart.cursor_strip = when, strip
        self.refresh_for_height()

    def toggle_legend(self) -> None:
        self.chart.show_legend = not self.chart.show_legend
        self.refresh_for_height()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        # Off the content (the padding) no cell is tagged.
        item = (
            None
            if offset is None
            else self.chart.item_at(event.style.meta, offset.x, self._width())
        )
        if item is not None:
            self.post_message(self.Picked(item))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.post_message(self.Wheeled(-1))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.post_message(self.Wheeled(1))

    def _width(self) -> int:
        return self.content_region.width or self.size.width

    def axis(self) -> Axis:
        """The axis as drawn: at another width it is another axis, worked out
        again (at 100,000 events, milliseconds) and kept in place of this one."""
        return self.chart.axis(self._width())

    def refresh_for_height(self) -> None:
        # A new layout only when the number of lines changes (a filter that
        # needs another row, the key); else only the lines that are new (a
        # cursor move changes the rows of the items it leaves and lands on).
        width = self._width()
        lines = self.chart.height(width) if width else 0
        if lines != self._lines or not self._strips:
            self.refresh(layout=lines != self._lines)
        else:
            shown = self._strips[0][0]
            for y, line in enumerate(self._prepared().lines(width)):
                if y >= len(shown) or line is not shown[y]:
                    self.refresh(Region(0, y, width, 1))
        self._lines = lines

    def _theme_styles(self) -> ChartStyles:
        """The theme's colours, each moved just enough to read at WCAG AA on
        the chart's background and on the band that marks the filtered years."""
        background = Color.from_rich_color(self.rich_style.bgcolor)
        band = Color.from_rich_color(self.get_component_rich_style("chart--band").bgcolor)

        def on_both(color: Color) -> Color:
            return readable(readable(color, background), band)

        lanes, labels = [], []
        # The cursor's colour ($primary) is kept for the selection alone.
        for number in range(1, 5):
            colour = Color.from_rich_color(
                self.get_component_rich_style(f"chart--lane-{number}").color
            )
            lanes.append(Style(color=on_both(colour).rich_color))
            labels.append(
                Style(color=contrast_text(colour).rich_color, bgcolor=colour.rich_color, bold=True)
            )
        cursor = Color.from_rich_color(self.get_component_rich_style("chart--selected").bgcolor)
        muted = Color.from_rich_color(self.get_component_rich_style("chart--muted").color)
        return ChartStyles(
            lanes=tuple(lanes),
            labels=tuple(labels),
            selected=Style(
                color=contrast_text(cursor).rich_color, bgcolor=cursor.rich_color, bold=True
            ),
            selected_bar=Style(color=readable(cursor, background).rich_color),
            band=Style(bgcolor=band.rich_color),
            cursor=Style(bgcolor=cursor.rich_color),
            muted=Style(color=on_both(muted).rich_color),
            heading=Style(bold=True),
        )

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A theme's stylesheet can land after the theme's name has changed;
        # colours worked out in between would be kept under the new name.
        self._theme = None

    def _prepared(self) -> TimelineChart:
        if self._theme != self.app.theme:
            self._theme = self.app.theme
            self.chart.styles = self._theme_styles()
        # Rows per lane follow the terminal's height: one where every row counts.
        height = self.screen.size.height
        self.chart.max_rows = 1 if height < 20 else 2 if height < 34 else 3
        self.chart.most_lines = height - SCREEN_KEPT
        return self.chart

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Counted, not drawn: Textual would otherwise render the chart once to
        # measure it and again to show it, on every filter change. The layout
        # now has this height, so a change that keeps it needs no new layout.
        self._lines = self._prepared().height(width) if width else 0
        return self._lines

    def render_line(self, y: int) -> Strip:
        # Each line drawn once per change, straight to a strip: Rich would
        # otherwise join the lines into one text and split it up again.
        # The chart keeps its lines while nothing they show changes (the theme
        # and the screen's height included), so new lines mean new strips.
        width = self.content_size.width
        lines = self._prepared().lines(width)
        strips = next((made for drawn, made in self._strips if drawn is lines), None)
        if strips is None:
            console, base = self.app.console, self.rich_style
            # A line the chart kept from its last drawing keeps its strip.
            known = {}
            if self._strips and self._made_for == (width, base):
                known = {id(line): strip for line, strip in zip(*self._strips[0], strict=True)}
            strips = [
                known.get(id(line))
                or Strip(list(line.render(console)), line.cell_len)
                .adjust_cell_length(width)
                .apply_style(base)
                for line in lines
            ]
            self._strips = [(lines, strips), *self._strips[: KEPT_LAYOUTS - 1]]
            self._made_for = (width, base)
        return strips[y] if y < len(strips) else Strip.blank(width, self.rich_style)
