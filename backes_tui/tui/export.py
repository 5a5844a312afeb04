"""The "Export view…" dialog: a format, and in a terminal the file to write;
and the export itself, which runs in a thread once the dialog has answered.

The dialog only asks; `export_in_thread` makes the file from the view the
explorer had when it opened. In a terminal the file goes where the user says
(the current directory by default), written atomically and never over an
existing file unless the user presses enter a second time to replace it. In a
browser it arrives as a download.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import msgspec
from msgspec.structs import replace as replace_fields
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from backes_tui.formats.atomic import OutputError, write_atomically
from backes_tui.formats.kinds import Kind
from backes_tui.formats.progress import MANY_ITEMS, ReportingEvents
from backes_tui.formats.view import VIEW_FORMATS, export_view
from backes_tui.storage.loader import shipped_data_path
from backes_tui.timeline.model import Timeline
from backes_tui.timeline.query import Filter, FilteredView

EXPORT_TYPES = {
    "markdown": "text/markdown",
    "json": "application/json",
    "csv": "text/csv",
    "svg": "image/svg+xml",
    "html": "text/html",
}


class ExportChoice(msgspec.Struct, frozen=True):
    fmt: str
    # Where to write in a terminal; in a browser only its name is used.
    path: Path
    replace: bool


class ExportScreen(ModalScreen["ExportChoice | None"]):
    """Pick a format with the arrows (tab to edit the file name), enter to export."""

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
    }
    #export-box {
        width: 72;
        max-width: 95%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    #export-formats {
        height: auto;
        max-height: 7;
        margin-bottom: 1;
    }
    #export-what, #export-hint {
        color: $text-muted;
        width: 100%;
        height: auto;
    }
    #export-warning {
        color: $text-warning;
        width: 100%;
        height: auto;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Close", id="close-dialog"),
        Binding("enter", "submit", "Export", show=False, id="export-submit"),
    ]
    AUTO_FOCUS = "#export-formats"

    def __init__(self, described: str, stem: str, current_pane: str, *, in_browser: bool) -> None:
        super().__init__()
        self.described = described
        self.stem = stem
        self.current_pane = current_pane
        self.in_browser = in_browser
        self._confirming: Path | None = None
        self._answered = False

    def compose(self) -> ComposeResult:
        options = [
            Option(meaning.replace("the current pane", f"the {self.current_pane} pane"), id=fmt)
            for fmt, (_, meaning) in VIEW_FORMATS.items()
        ]
        with Vertical(id="export-box") as box:
            box.border_title = "Export view"
            box.border_subtitle = "esc closes"
            yield Label(f"What the screen shows: {self.described}", id="export-what", markup=False)
            yield OptionList(*options, id="export-formats")
            yield Input(value=self._file_name("markdown"), id="export-name")
            hint = (
                "enter downloads it in the browser"
                if self.in_browser
                else "enter writes it; tab to change the name (relative to the current directory)"
            )
            yield Label(hint, id="export-hint", markup=False)
            yield Label("", id="export-warning", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def _file_name(self, fmt: str) -> str:
        return f"{self.stem}.{VIEW_FORMATS[fmt][0]}"

    @property
    def fmt(self) -> str:
        formats = self.query_one(OptionList)
        index = formats.highlighted or 0
        return formats.get_option_at_index(index).id or "markdown"

    @on(OptionList.OptionHighlighted)
    def _format_changed(self) -> None:
        # The file name follows the format, keeping any folder typed.
        name = self.query_one("#export-name", Input)
        folder = Path(name.value).parent
        file_name = self._file_name(self.fmt)
        name.value = file_name if str(folder) == "." else str(folder / file_name)
        self._confirming = None
        self.query_one("#export-warning", Label).update("")

    @on(OptionList.OptionSelected)
    def _format_chosen(self) -> None:
        self.action_submit()

    @on(Input.Changed)
    def _name_changed(self) -> None:
        self._confirming = None
        self.query_one("#export-warning", Label).update("")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        """Enter, wherever the focus is: the highlighted format, the name typed."""
        if self._answered:
            return
        text = self.query_one("#export-name", Input).value.strip()
        if not text:
            self.query_one("#export-warning", Label).update("Give the file a name.")
            return
        path = Path(text).expanduser()
        if self.in_browser:
            self._answer(ExportChoice(self.fmt, Path(path.name), replace=False))
            return
        # os.path's tests say False where a folder may not be looked into
        # (Path's raise PermissionError); writing then says why it cannot.
        if os.path.isdir(path):
            self.query_one("#export-warning", Label).update(f"{path} is a folder: add a file name.")
            return
        if os.path.exists(path) and self._confirming != path:
            self._confirming = path
            self.query_one("#export-warning", Label).update(
                f"{path} exists. Enter again replaces it; edit the name to keep it."
            )
            return
        self._answer(ExportChoice(self.fmt, path, replace=self._confirming == path))

    def action_cancel(self) -> None:
        if not self._answered:
            self._answer(None)

    def _answer(self, choice: ExportChoice | None) -> None:
        self._answered = True
        self.dismiss(choice)


def export_in_thread(
    app: App[None],
    choice: ExportChoice,
    timeline: Timeline,
    flt: Filter,
    view: FilteredView,
    kind: Kind,
    show_progress: Callable[[str, int, int], None],
) -> None:
    """Make the file ``choice`` asks for from ``view`` and write or send it,
    telling the app how far it got and, at the end, how it went. Run in a
    worker thread: everything on screen goes through ``call_from_thread``."""
    total = len(view.events)
    if total > MANY_ITEMS:

        def progress(done: int) -> None:
            app.call_from_thread(show_progress, "Exporting events", done, total)

        view = replace_fields(view, events=ReportingEvents(view.events, progress))
    text = export_view(choice.fmt, timeline, view, flt, kind)
    if app.is_web:
        # In a browser the file is a download; nothing is written on the server.
        app.call_from_thread(
            app.deliver_text,
            io.StringIO(text),
            save_filename=choice.path.name,
            open_method="download",
            mime_type=EXPORT_TYPES[choice.fmt],
        )
        message = f"Sent {choice.path.name} to the browser"
    else:
        try:
            # The timeline file is never written, whatever name is typed.
            data = getattr(app, "data_path", None)
            source = shipped_data_path() if data is None else Path(data)
            write_atomically(
                choice.path, text.encode("utf-8"), replace=choice.replace, inputs=[source]
            )
        except OutputError as error:
            app.call_from_thread(app.notify, str(error), severity="error", markup=False)
            return
        message = f"Saved {os.path.abspath(choice.path)}"
    app.call_from_thread(app.notify, message, markup=False)
