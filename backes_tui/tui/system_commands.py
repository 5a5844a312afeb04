"""Textual's own palette entries, named as the README and the help name them,
and a screenshot that says where it went or why it could not.

Textual calls its theme picker "Theme" and its key panel "Keys", the same
name as our help; its screenshot goes to a Downloads folder that may not
exist and fails with no reason given.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from textual.app import App, SystemCommand

from backes_tui.formats.atomic import OutputError, write_atomically
from backes_tui.storage.loader import shipped_data_path

# Textual's title -> ours; a title not here is kept.
RENAMED = {"Theme": "Change theme", "Keys": "Key panel"}


def renamed(commands: Iterable[SystemCommand], app: App[None]) -> Iterator[SystemCommand]:
    for command in commands:
        if command.title == "Screenshot":
            yield command._replace(
                help="Save an SVG picture of the screen in the current directory",
                # Once the palette is gone, so that it is not in the picture.
                callback=lambda: app.call_after_refresh(save_screenshot, app),
            )
        else:
            yield command._replace(title=RENAMED.get(command.title, command.title))


def save_screenshot(app: App[None], directory: Path | None = None) -> Path | None:
    """The screen as SVG: a download in a browser; in a terminal, a new file in
    ``directory`` (the current one), written atomically and never over
    another file or the data. Says where it went, or why it could not."""
    # No ":" (Windows refuses it) and no space (a shell would split it).
    stem = f"backes-tui-{dt.datetime.now():%Y-%m-%d_%H-%M-%S}"
    name = f"{stem}.svg"
    text = app.export_screenshot()
    if app.is_web:
        app.deliver_text(io.StringIO(text), save_filename=name, open_method="download")
        app.notify(f"Sent {name} to the browser", markup=False)
        return None
    folder = (directory or Path.cwd()).resolve()
    path = folder / name
    # Two in one second: a new name, never the other's file.
    for number in range(2, 100):
        if not path.exists():
            break
        path = folder / f"{stem}-{number}.svg"
    data = getattr(app, "data_path", None)
    try:
        write_atomically(
            path,
            text.encode("utf-8"),
            replace=False,
            inputs=[shipped_data_path() if data is None else Path(data)],
        )
    except OutputError as error:
        app.notify(f"Screenshot not saved: {error}", severity="error", markup=False)
        return None
    app.notify(f"Saved the screenshot as {path}", markup=False)
    return path
