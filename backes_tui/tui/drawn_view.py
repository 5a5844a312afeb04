"""A scrolling view of one Rich renderable, drawn to lines once per change.

Textual's way, a `Static` in a `VerticalScroll`, draws the renderable once to
measure it and again to show it, and lays the whole screen out twice when its
height changes: once for the new height, and again for the `Static`'s new
size, each layout redrawing the scrollbars of every pane. The detail changes
on every cursor move, so that was most of a key's work. Here the renderable is
drawn once, at the width it has; a new height moves the scrollbar's thumb, and
the screen is laid out again only when the scrollbar comes or goes.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual, visualize
from textual.widget import Widget


class DrawnView(ScrollView):
    """Shows a renderable given to `show_renderable`, scrolled as a whole."""

    DEFAULT_CSS = """
    DrawnView {
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._renderable: RenderableType = ""
        # The renderable's lines, as last drawn for the room the view has.
        self._strips: list[Strip] = []
        # Its lines by width and style, for as long as it is shown: a new
        # height (the chart above grows) needs no new lines.
        self._drawn: dict[tuple[int, VisualStyle], list[Strip]] = {}

    def show_renderable(self, renderable: RenderableType, *, keep_scroll: bool = False) -> None:
        self._renderable = renderable
        self._drawn = {}
        self._fit_lines()
        if not keep_scroll:
            self.scroll_home(animate=False)
        self.refresh()

    def on_resize(self) -> None:
        # Another width wraps the lines anew (before the first layout, there was none).
        self._fit_lines()
        self.refresh()

    def _lines_at(self, width: int) -> list[Strip]:
        style = self.visual_style
        strips = self._drawn.get((width, style))
        if strips is None:
            # As a Static draws it: the same visual, in the view's own style.
            visual = visualize(self, self._renderable, markup=False)
            strips = self._drawn[width, style] = Visual.to_strips(self, visual, width, None, style)
        return strips

    def _fit_lines(self) -> None:
        room = self.content_region
        if not room.width:
            return  # not laid out yet: its first size comes with a Resize
        strips = self._lines_at(room.width)
        bar = self.styles.scrollbar_size_vertical
        overflows = len(strips) > room.height  # overflow-y: auto shows the scrollbar
        if overflows and bar:
            strips = self._lines_at(room.width - bar)  # the scrollbar takes its columns
        self._strips = strips
        size = Size(room.width - bar if overflows else room.width, len(strips))
        if overflows != self.show_vertical_scrollbar:
            self.virtual_size = size  # the scrollbar comes or goes: a new layout
            return
        # The same room for the lines: only the thumb, and where it may go, change.
        self.set_reactive(Widget.virtual_size, size)
        if overflows:
            self.vertical_scrollbar.window_virtual_size = size.height
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        return self._strips[index] if index < len(self._strips) else Strip.blank(0)
