"""What the explorer copies: an item's citations, the item as Markdown, and
the command line that reopens the same view."""

from __future__ import annotations

import shlex

from textual.app import App

from backes_tui.formats.citation import citations, item_markdown
from backes_tui.formats.printable import one_line
from backes_tui.timeline.model import Item, Timeline, item_title
from backes_tui.timeline.query import Filter


def copy_citations(app: App[None], timeline: Timeline, item: Item | None) -> None:
    if item is None:
        app.notify("Nothing is selected, so there is nothing to copy.")
        return
    text = citations(timeline, item)
    if not text:
        app.notify("An era carries no citations of its own: its events do.")
        return
    app.copy_to_clipboard(text)
    count = text.count("\n") + 1
    app.notify(
        f"Copied {count} citation{'s' if count > 1 else ''} of “{one_line(item_title(item))}”",
        markup=False,
    )


def copy_markdown(app: App[None], timeline: Timeline, item: Item | None) -> None:
    if item is None:
        app.notify("Nothing is selected, so there is nothing to copy.")
        return
    app.copy_to_clipboard(item_markdown(timeline, item))
    app.notify(f"Copied “{one_line(item_title(item))}” as Markdown", markup=False)


def reopen_command(data_path: str | None, flt: Filter, selected: Item | None) -> str:
    """The command line that opens the app on this filter and selection."""
    argv = ["backes-tui"]
    if data_path is not None:
        argv += ["--data", data_path]
    if flt.years is not None:
        argv += ["--year", flt.years.describe()]
    if flt.text.strip():
        argv += ["--search", flt.text.strip()]
    for kind in sorted(flt.kinds):
        argv += ["--kind", kind]
    if selected is not None:
        argv += ["--select", selected.id]
    return shlex.join(argv)
