"""The list panes for eras, offices, parties and events.

Each is one OptionList (no widget per row), so a long timeline stays cheap to
draw. Prompts are Rich `Text` built from data and never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from backes_tui.model import Era, Event, Item, ItemKind, Party, Timeline, item_title
from backes_tui.printable import one_line

PANE_IDS: dict[ItemKind, str] = {
    "era": "eras",
    "office": "offices",
    "party": "parties",
    "event": "events",
}
PANE_TITLES: dict[ItemKind, str] = {
    "era": "Eras",
    "office": "Offices",
    "party": "Parties",
    "event": "Events",
}


def prompt(timeline: Timeline, item: Item, number: int) -> Text:
    """One row: a date column, then the title."""
    if isinstance(item, Event):
        when = item.date.format() if item.date else "undated"
        marker = "·" if item.derived else " "
        row = Text.assemble((f"{when:<16}", "#87afd7"), marker, one_line(item.title))
    else:
        span = item.span
        start = ("≤" if span.start_is_bound else "") + str(span.start.year)
        end = "now" if span.end is None else str(span.end.year)
        label = item.short if isinstance(item, Party) else item_title(item)
        if isinstance(item, Era):
            label = f"{number} {label}"
        row = Text.assemble((f"{start + '–' + end:<10}", "#87afd7"), " ", one_line(label))
    return row


def pane_tabs(current_id: str, counts: dict[str, str]) -> Text:
    """The one-line pane switcher a narrow layout shows above its single pane."""
    text = Text()
    for number, (kind, title) in enumerate(PANE_TITLES.items(), start=1):
        pane_id = PANE_IDS[kind]
        style = "bold reverse" if pane_id == current_id else ""
        text.append(f" {number} {title} {counts.get(pane_id, '')} ", style)
        text.append(" ")
    text.append("tab cycles", "dim")
    return text


class ItemList(OptionList):
    """A pane listing one kind of item; the option id is the item id."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Cursor down", show=False),
        Binding("k,up", "cursor_up", "Cursor up", show=False),
        Binding("g,home", "first", "First item", show=False),
        Binding("G,end", "last", "Last item", show=False),
    ]

    class PaneFocused(Message):
        """This pane took the focus, so its item becomes the selection."""

        def __init__(self, pane: ItemList) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, kind: ItemKind, *, id: str) -> None:
        super().__init__(id=id, markup=False)
        self.kind: ItemKind = kind
        self.items: Sequence[Item] = ()

    def show_items(self, timeline: Timeline, items: Sequence[Item], total: int) -> None:
        """Replace the rows, keeping the cursor on the same item where it survives."""
        current = self.current_item
        self.items = items
        numbers = {id(era): n for n, era in enumerate(timeline.eras, start=1)}
        self.set_options(
            Option(prompt(timeline, item, numbers.get(id(item), 0)), id=item.id) for item in items
        )
        shown = f"{len(items)}" if len(items) == total else f"{len(items)} of {total}"
        self.border_title = f"{PANE_TITLES[self.kind]} ({shown})"
        undated = sum(1 for item in items if isinstance(item, Event) and item.date is None)
        self.border_subtitle = f"{undated} undated" if undated else ""
        if not items:
            self.highlighted = None
            return
        position = next((i for i, item in enumerate(items) if item is current), 0)
        self.highlighted = position

    def on_focus(self) -> None:
        self.post_message(self.PaneFocused(self))

    @property
    def current_item(self) -> Item | None:
        if self.highlighted is None or self.highlighted >= len(self.items):
            return None
        return self.items[self.highlighted]

    def select_item(self, item: Item) -> bool:
        for index, candidate in enumerate(self.items):
            if candidate is item:
                self.highlighted = index
                return True
        return False
