"""Screen-reader mode: the terminal's own cursor on what is selected, and a
status line saying, after each action, what changed.

BRLTTY, Orca and NVDA follow the terminal's cursor and read the line it is
on; Textual hides that cursor and draws its own with colour. In this mode the
cursor is shown, steady, and put before each frame on the highlighted row of
the focused pane, in the input of an open dialog, or on the first line of
whatever else has the focus (the detail, the help). The stylesheet
(`screen_reader.tcss`) takes away borders, scrollbars and the chart, and the
panes and detail say their marks in words (`reader_words`).
"""

from __future__ import annotations

from textual.app import App
from textual.command import CommandPalette
from textual.geometry import Offset
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList

from backes_tui.formats.kinds import KINDS
from backes_tui.tui.explorer_state import ExplorerState
from backes_tui.tui.help import HelpScreen
from backes_tui.tui.panes import ItemList
from backes_tui.tui.reader_words import (
    SCREEN_READER,
    StatusLine,
    filter_words,
    item_words,
    position_words,
)
from backes_tui.tui.textual_patches import show_terminal_cursor


def turn(app: App[None], on: bool) -> None:
    """Turn the mode on or off: the stylesheet's class, the cursor, and no
    animation (smooth scrolling moves the text under the reader's finger)."""
    app.set_class(on, SCREEN_READER)
    app.animation_level = "none" if on else "full"
    if app.is_running:
        show_terminal_cursor(app, on)


def cursor_spot(app: App[None]) -> Offset | None:
    """Where the terminal's cursor belongs in the frame about to be drawn."""
    focused = app.focused
    if focused is None:
        return None
    if isinstance(focused, Input):
        # Its own cursor's cell, which it keeps up to date as it is edited.
        return focused.cursor_screen_offset
    region = focused.content_region
    if not region.height:
        return None
    highlighted = None
    if isinstance(focused, ItemList):
        highlighted = focused.highlighted
    elif isinstance(focused, OptionList) and focused.virtual_size.height == focused.option_count:
        # A line each, so the highlighted option's row is its index.
        highlighted = focused.highlighted
    row = 0 if highlighted is None else highlighted - focused.scroll_offset.y
    return Offset(region.x, region.y + min(max(row, 0), region.height - 1))


def _pane_words(explorer: ExplorerState) -> str:
    pane = explorer.pane(explorer.current_pane)
    item = pane.current_item
    title = KINDS[pane.kind].title
    if item is None:
        return position_words(title, None, 0, "")
    window = explorer.view.window
    answer = None if window is None else explorer.timeline.answer(item, *window)
    words = item_words(explorer.timeline, item, answer)
    return position_words(title, pane.highlighted, len(pane.items), words)


def _dialog_words(screen: Screen[object]) -> str:
    """An open dialog: its title and what its input holds."""
    if isinstance(screen, CommandPalette):
        title = "Command palette"
    else:
        titled = [w for w in screen.query(Widget) if w.border_title]
        title = str(titled[0].border_title) if titled else "Dialog"
    focused = screen.focused
    if isinstance(focused, Input):
        typed = focused.value or "empty"
        return f"{title}: typed {typed}. Enter answers, escape cancels"
    if isinstance(focused, OptionList) and focused.highlighted_option is not None:
        option = str(focused.highlighted_option.prompt)
        place = f"{focused.highlighted + 1 if focused.highlighted is not None else 1}"
        return f"{title}: {option}, {place} of {focused.option_count}. Escape closes"
    return f"{title}. Escape closes"


def _detail_words(detail: Widget) -> str:
    line = int(detail.scroll_offset.y) + 1
    lines = max(detail.virtual_size.height, line)
    return f"Detail, line {line} of {lines}. j and k scroll, tab or a number goes to a pane"


def _help_words(screen: HelpScreen) -> str:
    lines = screen.lines
    box = screen.query_one("#help-box", Widget)
    at = min(int(box.scroll_offset.y), max(len(lines) - 1, 0))
    line = lines[at] if lines else ""
    return f"Help, line {at + 1} of {len(lines)}: {line}. j and k move a line, escape closes"


class Reader:
    """The mode's state in a running app: what the status line said last,
    and of what."""

    def __init__(self) -> None:
        self._seen: tuple[object, ...] | None = None
        self._filter_seen: object = None

    def before_frame(self, app: App[None], explorer: ExplorerState | None) -> None:
        if isinstance(app.focused, Input):
            app.focused.cursor_blink = False  # the terminal's cursor is steady beside it
        spot = cursor_spot(app)
        if spot is not None:
            app.cursor_position = spot
        if explorer is not None:
            self._say(app, explorer)

    def _say(self, app: App[None], explorer: ExplorerState) -> None:
        screen = app.screen
        pane = explorer.pane(explorer.current_pane)
        help_line = (
            screen.query_one("#help-box", Widget).scroll_offset.y
            if isinstance(screen, HelpScreen)
            else None
        )
        focused = screen.focused
        focused_input = focused.value if isinstance(focused, Input) else None
        scrolled = None if focused is None else focused.scroll_offset.y
        option = focused.highlighted if isinstance(focused, OptionList) else None
        seen = (
            id(screen),
            explorer.active_filter,
            explorer.current_pane,
            pane.highlighted,
            id(pane.current_item),
            explorer.date_cursor,
            help_line,
            focused_input,
            None if focused is None else focused.id,
            scrolled,
            option,
        )
        if seen == self._seen:
            return
        self._seen = seen
        if isinstance(screen, HelpScreen):
            words = _help_words(screen)
        elif screen is not explorer:
            words = _dialog_words(screen)
        elif focused is not None and focused.id == "detail":
            words = _detail_words(focused)
        else:
            words = _pane_words(explorer)
            if explorer.date_cursor is not None:
                words = f"Date cursor {explorer.date_cursor.format()}. {words}"
            if explorer.active_filter != self._filter_seen:
                shown = filter_words(explorer.active_filter, explorer.view, explorer.timeline)
                words = f"{shown}. {words}"
            self._filter_seen = explorer.active_filter
        # A screen that covers the explorer's status line has its own.
        on_top = list(screen.query(StatusLine)) if screen is not explorer else []
        (on_top or [explorer.query_one(StatusLine)])[0].say(words)
