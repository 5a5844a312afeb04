"""The list panes for eras, offices, parties and events.

Each pane is a virtual list: it keeps the model items and renders only the
rows on screen, so a 100,000-event timeline costs no more to show than the
shipped one. Rows are Rich `Text` built from data and never parsed as markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import cast

import msgspec
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.color import Color
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from backes_tui.formats.kinds import KINDS
from backes_tui.formats.printable import one_line
from backes_tui.timeline.certainty import Answer
from backes_tui.timeline.model import (
    Era,
    Event,
    Item,
    ItemKind,
    Party,
    Timeline,
    dated_count,
    item_title,
)
from backes_tui.timeline.search import match_spans
from backes_tui.tui.colours import BOLD, DIM, PLAIN, UNDERLINED, component_text, contrast_text
from backes_tui.tui.keys_in_order import KeysAreBindings
from backes_tui.tui.reader_words import is_on, item_words


class RowStyles(msgspec.Struct, frozen=True):
    """The colours of a row; the pane fills them from the active theme."""

    date: Style = PLAIN
    possible: Style = DIM
    disputed: Style = BOLD
    match: Style = UNDERLINED


def highlight(text: Text, words: Sequence[str], style: Style) -> Text:
    """``text`` with every match of the folded search ``words`` styled."""
    for start, end in match_spans(text.plain, words):
        text.stylize(style, start, end)
    return text


def list_row(
    item: Item,
    number: int,
    answer: Answer | None = None,
    *,
    disputed: bool = False,
    words: Sequence[str] = (),
    styles: RowStyles = RowStyles(),
) -> Text:
    """One row: a mark, a date column, then the title. The mark is "⚠" where
    the source reads two ways about the item, "?" (and the row muted) where it
    is only possibly within the years filtered, "◌" (muted) where it reaches them
    only through a side the source does not state."""
    if isinstance(item, Event):
        when = item.format_date() if item.date else "undated"
        marker = "·" if item.derived else " "
        title = Text(one_line(item.title))
        # Always a space before the title: "14 July 2024 or later" is longer than the column.
        text = Text.assemble((f"{when:<15} ", styles.date), marker)
    else:
        span = item.span
        start = ("≤" if span.start_is_bound else "") + str(span.start.year)
        # Ongoing takes the chart's mark: "now" would be wrong, the source stops at its as_of.
        end = {"known": str(span.end.year) if span.end else "", "ongoing": "▶", "unknown": "?"}[
            span.end_status
        ]
        label = item.short if isinstance(item, Party) else item_title(item)
        title = Text(one_line(label))
        if isinstance(item, Era):
            title = Text(f"{number} ") + title
        text = Text.assemble((f"{start + '–' + end:<10}", styles.date), " ")
    text.append_text(highlight(title, words, styles.match))
    if disputed or (answer is not None and answer.disputed):
        return Text.assemble(("⚠", styles.disputed), text)
    if answer is not None and answer.label in ("possible", "not_stated"):
        # Not stated: only through a side the source gives no limit for.
        text = Text.assemble("?" if answer.label == "possible" else "◌", text)
        text.stylize(styles.possible)
        return text
    return Text.assemble(" ", text)


PANE_TAB = "pane-tab"
# Rows kept drawn per pane: a few screens, so that moving the cursor, and
# going back to a filter just left, draws no row twice.
ROWS_KEPT = 128


def pane_tabs(current_id: str, counts: dict[str, str]) -> Text:
    """The one-line pane switcher a narrow layout shows above its single pane."""
    text = Text()
    for number, kind in enumerate(KINDS.values(), start=1):
        style = Style.parse("bold reverse" if kind.plural == current_id else "none")
        # Tagged with its pane, so a click on a tab can say which.
        style += Style.from_meta({PANE_TAB: kind.plural})
        text.append(f" {number} {kind.title} {counts.get(kind.plural, '')} ", style)
        text.append(" ")
    text.append("tab cycles", "dim")
    return text


def fair_shares(rows: int, wanted: Sequence[int]) -> list[int]:
    """``rows`` shared between panes wanting ``wanted`` rows each, so that the
    smallest share is as large as it can be: the panes wanting least get all
    they want, and the others equal parts of what is left, odd rows going to
    the later ones. Rows nobody wants are left over."""
    shares = [0] * len(wanted)
    left = rows
    waiting = sorted(range(len(wanted)), key=lambda index: (wanted[index], index))
    for place, index in enumerate(waiting):
        shares[index] = min(wanted[index], left // (len(waiting) - place))
        left -= shares[index]
    return shares


def _rows_wanted(items: Sequence[object]) -> int:
    """Rows a pane's content wants: one even when empty, for saying why."""
    return max(len(items), 1)


class PeriodColumn(Vertical):
    """Eras, offices and parties stacked in one column.

    Each pane is as tall as its rows where they fit; where they do not, the
    column is shared fairly, so that a long list of eras or offices never
    squeezes out a pane below it (a fixed cap per pane left the parties no
    rows at all on a 24-line terminal). The last pane also takes any rows
    left over. Narrow layouts show one pane at a time, sized by the
    stylesheet alone.
    """

    def share(self) -> None:
        panes = list(self.query_children(ItemList))
        capped = panes[:-1]  # the last is 1fr: it takes the rest
        rows = self.size.height
        if self.screen.has_class("-narrow") or is_on(self):  # the one-pane layouts
            heights: Sequence[int | None] = [None] * len(capped)
        elif rows:
            # A pane wants its rows and its border.
            heights = fair_shares(rows, [_rows_wanted(pane.items) + 2 for pane in panes])[:-1]
        else:
            return  # not laid out yet: the first layout sends a Resize
        for pane, height in zip(capped, heights, strict=True):
            pane.styles.max_height = height

    def on_resize(self) -> None:
        self.share()


class PaneMessage(Message):
    def __init__(self, pane: ItemList) -> None:
        super().__init__()
        self.pane = pane


class ItemList(KeysAreBindings, ScrollView, can_focus=True):
    """A pane listing one kind of item, with a cursor."""

    COMPONENT_CLASSES = {
        "item-list--cursor",
        "item-list--date",
        "item-list--possible",
        "item-list--disputed",
        "item-list--match",
        "item-list--empty",
    }
    DEFAULT_CSS = """
    ItemList {
        background: $surface;
        overflow-x: hidden;
        & > .item-list--date { color: $text-primary; }
        & > .item-list--possible { color: $text-muted; }
        & > .item-list--disputed { color: $text-warning; text-style: bold; }
        & > .item-list--match { text-style: bold underline; }
        & > .item-list--empty { color: $text-muted; text-style: italic; }
        & > .item-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .item-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """
    BINDINGS = [
        Binding("j,down", "cursor(1)", "Cursor down", show=False, id="cursor-down"),
        Binding("k,up", "cursor(-1)", "Cursor up", show=False, id="cursor-up"),
        Binding("g,home", "first", "First item", show=False, id="first-item"),
        Binding("G,end", "last", "Last item", show=False, id="last-item"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page-up"),
        Binding(
            "enter",
            "select",
            "Without the date cursor: filter every pane to the item's span",
            show=False,
            id="filter-to-span",
        ),
    ]

    # Its watcher redraws the two rows that change, not the whole pane.
    highlighted: reactive[int | None] = reactive(None, always_update=True, repaint=False)

    class Selected(PaneMessage):
        """Enter was pressed on an item."""

    class PaneFocused(PaneMessage):
        """This pane took the focus, so its item becomes the selection."""

    def __init__(self, kind: ItemKind, *, id: str) -> None:
        super().__init__(id=id)
        self.kind: ItemKind = kind
        self.items: Sequence[Item] = ()
        self._numbers: dict[int, int] = {}
        self._timeline: Timeline | None = None
        self._window: tuple[dt.date, dt.date] | None = None
        self.empty_message = ""
        # Folded words of the search, highlighted in each row.
        self.search_words: tuple[str, ...] = ()
        self._styles: tuple[tuple[str, Style], RowStyles] | None = None
        # Drawn rows, by item and by everything else a row shows (see `_row`).
        self._rows: LRUCache[tuple[object, ...], Strip] = LRUCache(ROWS_KEPT)
        # What every row of one redraw shares: width, pane style, cursor style;
        # None outside a redraw, and until a row of it is drawn.
        self._drawing: tuple[int, Style, Style] | None = None

    # -- content -------------------------------------------------------------------

    def show_items(
        self,
        timeline: Timeline,
        items: Sequence[Item],
        total: int,
        window: tuple[dt.date, dt.date] | None = None,
    ) -> None:
        """Replace the rows, keeping the cursor on the same item where it
        survives; with a ``window``, each row says how sure it is."""
        current = self.current_item
        self.items = items
        if timeline is not self._timeline:
            # Rows are kept by their items' ids, which only this timeline holds alive.
            self._rows.clear()
        self._timeline, self._window = timeline, window
        self._numbers = {id(era): n for n, era in enumerate(timeline.eras, start=1)}
        self.virtual_size = Size(self.size.width, _rows_wanted(items))
        shown = f"{len(items)}" if len(items) == total else f"{len(items)} of {total}"
        self.border_title = f"{KINDS[self.kind].title} ({shown})"
        undated = (
            len(items) - dated_count(cast(Sequence[Event], items)) if self.kind == "event" else 0
        )
        self.border_subtitle = f"{undated} undated" if undated else ""
        found = None if current is None else _index_of(items, current)
        index = None if not items else 0 if found is None else found
        # Not through the watcher: the screen that shows new items shows
        # their selection itself, and this redraws every row anyway.
        self.set_reactive(ItemList.highlighted, index)
        if index is not None:
            self._scroll_to_index(index)
        self.refresh()

    def row_text(self, index: int) -> Text:
        item = self.items[index]
        answer = None
        if self._timeline is not None and self._window is not None:
            answer = self._timeline.answer(item, *self._window)
        if self._timeline is not None and is_on(self):
            words = Text(item_words(self._timeline, item, answer))
            return highlight(words, self.search_words, self._row_styles().match)
        return list_row(
            item,
            self._numbers.get(id(item), 0),
            answer,
            disputed=self._timeline is not None and self._timeline.disputed(item),
            words=self.search_words,
            styles=self._row_styles(),
        )

    def _row_styles(self) -> RowStyles:
        """The theme's row colours, made readable on the pane (the cursor row
        takes the cursor's own text colour); worked out once per theme."""
        # Keyed by the pane's own style too: a row drawn between a theme's
        # switch and its stylesheet's refresh would keep the old colours.
        # In a redraw, the style it was begun with (working it out is most of a row).
        base = self.rich_style if self._drawing is None else self._drawing[1]
        key = (self.app.theme, base)
        if self._styles is None or self._styles[0] != key:
            styles = RowStyles(
                *(
                    component_text(self, f"item-list--{n}")
                    for n in ("date", "possible", "disputed", "match")
                )
            )
            self._styles = (key, styles)
        return self._styles[1]

    @property
    def current_item(self) -> Item | None:
        if self.highlighted is None or self.highlighted >= len(self.items):
            return None
        return self.items[self.highlighted]

    def select_item(self, item: Item) -> bool:
        index = _index_of(self.items, item)
        if index is None:
            return False
        self.highlighted = index
        return True

    # -- rendering -----------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Worked out when a row is drawn: Textual asks every pane under any
        # change on screen for its lines, and draws none that it keeps.
        self._drawing = None
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None  # for this redraw only

    def _drawing_now(self) -> tuple[int, Style, Style]:
        if self._drawing is None:
            self._drawing = (
                self.scrollable_content_region.width,
                self.rich_style,
                self._cursor_style(),
            )
        return self._drawing

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width, base, _ = self._drawing_now()
        if not self.items and self.empty_message:
            # An empty pane says why, rather than look broken, wrapped to its width.
            message = Text(one_line(self.empty_message), style=self._empty_style())
            lines = message.wrap(self.app.console, width)
            if index >= len(lines):
                return Strip.blank(width, base)
            line = lines[index]
            line.truncate(width, pad=True)
            return Strip(list(line.render(self.app.console)), width).apply_style(base)
        if index >= len(self.items):
            return Strip.blank(width, base)
        return self._row(index)

    def _row(self, index: int) -> Strip:
        width, base, cursor = drawing = self._drawing_now()
        item = self.items[index]
        on_cursor = index == self.highlighted
        key = (
            id(item),
            on_cursor,
            self._window,
            self.search_words,
            self.app.theme,
            drawing,
            is_on(self),
        )
        strip = self._rows.get(key)
        if strip is None:
            text = self.row_text(index)
            text.truncate(width, overflow="ellipsis", pad=True)
            strip = Strip(list(text.render(self.app.console)), width).apply_style(base)
            if on_cursor:
                strip = Strip(Segment.apply_style(strip, post_style=cursor), width)
            strip = self._rows[key] = strip.crop(0, width)
        return strip

    def _empty_style(self) -> Style:
        return component_text(self, "item-list--empty")

    def _cursor_style(self) -> Style:
        style = self.get_component_rich_style("item-list--cursor")
        if style.bgcolor is None:
            return style
        # Text on the cursor in black or white, whichever reads better.
        text = contrast_text(Color.from_rich_color(style.bgcolor))
        return style + Style(color=text.rich_color)

    def on_resize(self) -> None:
        size = Size(self.scrollable_content_region.width, _rows_wanted(self.items))
        if size != self.virtual_size:  # else a needless second layout of the screen
            self.virtual_size = size
        # The cursor's row stays in sight when the pane shrinks (a notice, a resize).
        self.call_after_refresh(self._keep_cursor_in_sight)

    def _keep_cursor_in_sight(self) -> None:
        if self.highlighted is not None:
            self._scroll_to_index(self.highlighted)

    # -- cursor ----------------------------------------------------------------------

    def validate_highlighted(self, value: int | None) -> int | None:
        if value is None or not self.items:
            return None
        return min(max(value, 0), len(self.items) - 1)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        if new is not None:
            self._scroll_to_index(new)  # a scroll redraws every row itself
        # Only the rows the cursor leaves and lands on change.
        for index in {old, new} - {None}:
            self.refresh_line(cast(int, index))

    def _scroll_to_index(self, index: int) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif height and index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        if self.items:
            self.highlighted = 0 if self.highlighted is None else self.highlighted + step

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        if self.items:
            self.highlighted = 0

    def action_last(self) -> None:
        if self.items:
            self.highlighted = len(self.items) - 1

    def action_select(self) -> None:
        if self.current_item is not None:
            self.post_message(self.Selected(self))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            index = self.scroll_offset.y + offset.y
            if index < len(self.items):
                self.highlighted = index

    def on_focus(self) -> None:
        self.post_message(self.PaneFocused(self))


def _index_of(items: Sequence[Item], item: Item) -> int | None:
    # Identity, not equality: two events may share every field but the id.
    if isinstance(item, Event):
        # An event is equal only to itself (a test holds it to that), so the
        # C search of a 100,000-event view gives the identical one.
        try:
            return items.index(item)
        except ValueError:
            return None
    for index, candidate in enumerate(items):
        if candidate is item:
            return index
    return None
