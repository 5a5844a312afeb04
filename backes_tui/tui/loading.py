"""The first screen while a large timeline is read: a progress bar, so the
app is on screen at once whatever the file's size."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, ProgressBar

from backes_tui.formats.printable import one_line


class LoadingScreen(Screen[None]):
    DEFAULT_CSS = """
    LoadingScreen {
        align: center middle;
    }
    #loading-box {
        width: 64;
        max-width: 95%;
        height: auto;
        border: round $accent;
        padding: 1 2;
        background: $surface;
    }
    #loading-note {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, name: str, total: int) -> None:
        super().__init__()
        self.file_name = one_line(name)
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(id="loading-box") as box:
            box.border_title = "backes-tui"
            yield Label(
                f"Reading {self.file_name} ({self.total / 1e6:.0f} MB)…",
                id="loading-what",
                markup=False,
            )
            yield ProgressBar(total=self.total, show_eta=False, id="loading-bar")
            yield Label("The panes fill in when it is read. q quits.", id="loading-note")

    def advance(self, done: int) -> None:
        self.query_one(ProgressBar).update(progress=done)

    def on_key(self, event: events.Key) -> None:
        # Nothing to act on yet: say so rather than swallow the key in silence.
        if event.key not in ("q", "ctrl+q", "ctrl+c"):
            self.query_one("#loading-note", Label).update(
                f"Still loading: “{one_line(event.key)}” did nothing. q quits."
            )
