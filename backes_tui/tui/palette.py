"""Textual's command palette, made safe against keys that arrive before it is laid out."""

from __future__ import annotations

from textual.binding import Binding
from textual.command import CommandList, CommandPalette


class Palette(CommandPalette):
    """The command palette, with page keys that wait for the list's layout.

    Textual 8.2.8's `OptionList._move_page` looks up where the highlighted
    option's line is, and that table is filled only once the list has a size.
    A page key pressed in the same moment as ctrl+p (a fast typist, or a
    browser session with latency) got there first and ended the app with a
    KeyError. Before layout nothing is on screen to page through, so the key
    does nothing; after it, Textual's own page actions run as before.
    """

    BINDINGS = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def action_page(self, direction: int) -> None:
        commands = self.query_one(CommandList)
        if not commands.scrollable_content_region:
            return
        # (Textual leaves these two unannotated.)
        if direction > 0:
            commands.action_page_down()  # type: ignore[no-untyped-call]
        else:
            commands.action_page_up()  # type: ignore[no-untyped-call]
