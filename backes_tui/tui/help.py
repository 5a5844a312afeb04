"""The help screen: every key, read from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from backes_tui.formats.lanes import symbols_as_of
from backes_tui.tui.reader_words import MARKS_IN_WORDS, StatusLine, help_lines, is_on

_KEY_NAMES = {
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "slash": "/",
}


# Every mark the screen uses, and what it means, after the chart's own key.
SYMBOLS = (
    ("1 2 3", "chart and Eras pane: era numbers, where a name does not fit"),
    ("SP", "chart: initials where a name does not fit (K lists them)"),
    ("·", "Events pane: joining, leaving or taking office, made from a period"),
    ("≤", 'panes: a start known only as an upper bound ("by July 2022")'),
    ("▶", "panes: ongoing, as on the chart"),
    ("◌", "panes and the date cursor: within the years only through a side not stated"),
    ("?", "panes: an end the source does not state"),
    ("?row", "panes, dimmed: only possibly within the years filtered"),
    ("⚠", "panes and detail: the source gives two readings; the detail shows both"),
    ("c.", "an approximate date: one unit either side (c. 2005 = 2004–2006)"),
)


def key_label(key: str) -> str:
    return _KEY_NAMES.get(key, key)


def key_rows(
    bindings: Iterable[BindingType], keymap: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """(keys, description) pairs, with aliases for one action shown together,
    and the keys a user's settings gave a binding (by its id) in place of its own."""
    grouped: dict[str, list[str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding):
            binding = Binding(*binding)
        keys = (keymap or {}).get(binding.id or "", binding.key)
        for key in keys.split(","):
            # The tooltip, where a binding has one, is the footer's short label in full.
            described = binding.tooltip or binding.description
            grouped.setdefault(described, []).append(key_label(key.strip()))
    return [(" / ".join(keys), description) for description, keys in grouped.items()]


class HelpScreen(ModalScreen[None]):
    """Rows of (keys, what they do), in a scrollable box."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-box {
        width: 72;
        max-width: 95%;
        height: 80%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str]], as_of: str) -> None:
        """``as_of``: the day the source ends, which "ongoing" is as of."""
        super().__init__()
        self.rows = rows
        # Screen-reader mode's help, a line each, for its status line to quote.
        self.lines: list[str] = []
        self.symbols = [
            *((mark, f"chart: {meaning}") for mark, meaning in symbols_as_of(as_of)),
            *SYMBOLS,
        ]

    def compose(self) -> ComposeResult:
        if is_on(self):
            self.lines = [*help_lines(self.rows), "", *MARKS_IN_WORDS]
            with VerticalScroll(id="help-box") as box:
                box.border_title = "Keys"
                yield Static(Text("\n".join(self.lines), no_wrap=True, overflow="ellipsis"))
            # The explorer's status line, which this screen covers, in the same place.
            yield StatusLine(id="reader-status", markup=False)
            return
        table = Table(box=None, show_header=True, header_style="bold", expand=True)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Does")
        for keys, description in self.rows:
            table.add_row(Text(keys), Text(description))
        legend = Table(box=None, show_header=True, header_style="bold", expand=True)
        legend.add_column("Mark", style="bold", no_wrap=True)
        legend.add_column("Means")
        for mark, meaning in self.symbols:
            legend.add_row(Text(mark), Text(meaning))
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys and marks"
            box.border_subtitle = "esc closes"
            yield Static(table)
            yield Static(legend, id="legend")

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        if direction == "down":
            box.scroll_down()
        else:
            box.scroll_up()
