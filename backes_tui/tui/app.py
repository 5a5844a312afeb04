"""The Textual app: its screens, themes and the keys that work everywhere.

Everything about the timeline on screen (filter, selection, panes) belongs to
`ExplorerScreen`; the app only starts it and reaches it for the palette.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec.structs import replace
from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.content import Content
from textual.notifications import Notify
from textual.screen import Screen

from backes_tui.formats.printable import one_line
from backes_tui.storage.loader import TimelineError
from backes_tui.timeline.model import Timeline
from backes_tui.timeline.query import Filter, selection_problem
from backes_tui.timeline.years import YearRange
from backes_tui.tui.detail import DetailView
from backes_tui.tui.explorer import ExplorerScreen
from backes_tui.tui.keys_in_order import KeysInOrder
from backes_tui.tui.panes import ItemList
from backes_tui.tui.process_knobs import KNOBS, LOOK_EVERY, IdleCollector, felt
from backes_tui.tui.reader_words import SCREEN_READER
from backes_tui.tui.screen_reader import Reader, turn
from backes_tui.tui.settings import (
    OutputError,
    Settings,
    read_settings,
    shown,
    write_settings,
)
from backes_tui.tui.system_commands import renamed
from backes_tui.tui.terminal import QuitAfterExport, TerminalGuard, redraw_on_resume
from backes_tui.tui.textual_patches import (
    FrameHook,
    ParsedOnce,
    lay_out_once_a_size,
    show_terminal_cursor,
    suspend_between_messages,
)

if TYPE_CHECKING:
    from backes_tui.tui.loading import LoadingScreen


def binding_ids() -> set[str]:
    """The ids a settings file's [keys] may name."""
    every = [
        *ItemList.BINDINGS,
        *ExplorerScreen.BINDINGS,
        *DetailView.BINDINGS,
        *BackesApp.BINDINGS,
    ]
    return {b.id for b in every if isinstance(b, Binding) and b.id}


class Loader(msgspec.Struct, frozen=True):
    load: Callable[[Callable[[int], None]], Timeline]
    total: int
    name: str


class BackesApp(KeysInOrder, FrameHook, ParsedOnce):
    # Absolute, so a subclass defined elsewhere (a test, a plugin) finds it too.
    CSS_PATH = [Path(__file__).parent / "app.tcss", Path(__file__).parent / "screen_reader.tcss"]
    TITLE = "backes-tui"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
        # As in any terminal program; Textual has the action but no key for it.
        Binding(
            "ctrl+z",
            "suspend_process",
            "Suspend to the shell (fg resumes; not in a browser)",
            show=False,
            id="suspend",
        ),
    ]

    explorer: ExplorerScreen

    def __init__(
        self,
        timeline: Timeline | None,
        initial_years: YearRange | None = None,
        notice: str | None = None,
        *,
        search: str = "",
        kinds: frozenset[str] = frozenset(),
        select: str | None = None,
        data_path: str | None = None,
        settings: Path | None = None,
        screen_reader: bool = False,
    ) -> None:
        """``notice`` says how the initial years were read, if not as typed;
        ``select`` is the id of an item the filter shows, to open on (the
        command line checks both). Without a ``timeline``, `loading` says how
        to read one. ``screen_reader`` (or the settings' ``screen_reader``)
        turns on screen-reader mode."""
        super().__init__()
        lay_out_once_a_size()
        self._screen_reader_asked = screen_reader
        self.reader = Reader()
        self._initial = Filter(years=initial_years, text=search, kinds=kinds)
        self._notice = notice
        self._select = select
        # As the user gave it, for "Copy a command that reopens this view".
        self.data_path = data_path
        # The settings file (None: --no-config) and the key overrides in force.
        self.settings_file = settings
        self.settings = Settings()
        self._settings_problems: list[str] = []
        self._loader: Loader | None = None
        # A file that could not be read: the command line reports it after the app.
        self.load_error: TimelineError | None = None
        # Full garbage collections at quiet moments, not during a key.
        self.collector = IdleCollector()
        self._quitting = QuitAfterExport(self)
        if timeline is not None:
            self._show(timeline)

    @classmethod
    def loading(
        cls,
        load: Callable[[Callable[[int], None]], Timeline],
        total: int,
        name: str,
        initial_years: YearRange | None = None,
        notice: str | None = None,
        **options: Any,
    ) -> BackesApp:
        """An app that is on screen at once and reads its timeline (``total``
        bytes, told to a progress bar as ``load`` goes) in a thread."""
        app = cls(None, initial_years, notice, **options)
        app._loader = Loader(load, total, name)
        return app

    def _show(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.title = one_line(timeline.subject.name)
        select = None if self._select is None else timeline.find(self._select)
        self.explorer = ExplorerScreen(timeline, self._initial, self._notice, select)

    @property
    def ready(self) -> bool:
        """Whether the timeline is read and the explorer exists."""
        return hasattr(self, "explorer")

    @work(thread=True, exclusive=True, exit_on_error=False, group="load", description="load")
    def _load(self, loader: Loader, screen: LoadingScreen) -> None:
        step = max(loader.total // 100, 1)
        shown = [0]

        def progress(done: int) -> None:
            if done - shown[0] >= step:  # a redraw per percent, not per chunk
                shown[0] = done
                self.call_from_thread(screen.advance, done)

        try:
            timeline = loader.load(progress)
        except TimelineError as error:
            self.call_from_thread(self._failed, error)
            return
        self.call_from_thread(self._loaded, timeline)

    def _loaded(self, timeline: Timeline) -> None:
        if self._select is not None:
            # Checked here, as the command line checks a file it reads itself.
            problem = selection_problem(timeline, self._initial, self._select)
            if problem is not None:
                self._failed(TimelineError([f"backes-tui: --select: {problem}"]))
                return
        self._show(timeline)
        # Pushed over the loading screen: switching away from the only screen
        # on the stack would leave none for a moment.
        self.push_screen(self.explorer)
        self._collect_when_quiet(timeline)

    def _failed(self, error: TimelineError) -> None:
        self.load_error = error
        self.exit(return_code=2)

    def on_mount(self) -> None:
        suspend_between_messages(self)
        redraw_on_resume(self)
        KNOBS.hand_lock_over_often()
        self._apply_settings()
        turn(self, self._screen_reader_asked or bool(self.settings.screen_reader))
        # Only a theme the user chooses is saved: nothing is written otherwise.
        self.watch(self, "theme", self._save_theme, init=False)
        if self.ready:
            self._collect_when_quiet(self.timeline)

    def run(self, *args: Any, **kwargs: Any) -> None:
        # In a terminal (not under a test's pilot): signals and a lost
        # terminal end the app within a second, the terminal given back.
        with TerminalGuard(self).guarding():
            return super().run(*args, **kwargs)

    def _collect_when_quiet(self, timeline: Timeline) -> None:
        if felt(len(timeline.events)):
            self.collector.start()
            self.set_interval(LOOK_EVERY, self.collector.look)

    def on_unmount(self) -> None:
        # Given back, as the app is one part of its process (a test, a server).
        if self.has_class(SCREEN_READER):
            show_terminal_cursor(self, False)  # the terminal's own cursor style again
        self.collector.stop()
        KNOBS.restore()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input_seen()
        await super().on_event(event)

    def _apply_settings(self) -> None:
        if self.settings_file is None:
            return
        settings, problems = read_settings(self.settings_file)
        if settings.theme is not None and settings.theme not in self.available_themes:
            problems.append(f"{self.settings_file}: theme: no theme is called {settings.theme!r}")
            settings = replace(settings, theme=None)
        known = binding_ids()
        for action in [a for a in settings.keys if a not in known]:
            problems.append(f"{self.settings_file}: keys.{action}: no key binding has this id")
            del settings.keys[action]
        self.settings = settings
        if settings.theme is not None:
            self.theme = settings.theme
        if settings.keys:
            self.set_keymap(settings.keys)
        for problem in shown(self.settings_file, problems):
            self.notify(problem, severity="warning", timeout=10, markup=False)

    def _save_theme(self, theme: str) -> None:
        if self.settings_file is None or theme == self.settings.theme:
            return
        self.settings = replace(self.settings, theme=theme)
        try:
            # Only the change: the file's other lines may have been edited meanwhile.
            write_settings(self.settings_file, Settings(theme=theme))
        except OutputError as error:
            self.notify(f"Settings not saved: {error}", severity="warning", markup=False)

    async def action_quit(self) -> None:
        self._quitting.quit()

    def before_frame(self) -> None:
        if self.has_class(SCREEN_READER):
            explorer = self.explorer if self.ready and self.explorer.is_mounted else None
            self.reader.before_frame(self, explorer)

    def action_toggle_screen_reader(self) -> None:
        """Screen-reader mode on or off, kept in the settings file."""
        on = not self.has_class(SCREEN_READER)
        turn(self, on)
        if self.ready:
            explorer = self.explorer
            explorer.current_pane = explorer.current_pane  # one pane, or all, shown
            explorer.apply_filter()  # every row again, in words or marks
        self.notify(f"Screen-reader mode {'on' if on else 'off'}")
        if self.settings_file is None:
            return
        self.settings = replace(self.settings, screen_reader=on)
        try:
            write_settings(self.settings_file, Settings(screen_reader=on))
        except OutputError as error:
            self.notify(f"Settings not saved: {error}", severity="warning", markup=False)

    def on_notify(self, event: Notify) -> None:
        self._quitting.noticed(event.notification.message)
        # After Textual's own handler has recorded it: the explorer shows it
        # in its footer line; a dialog keeps Textual's toast.
        if self.ready and self.screen is self.explorer:
            self.explorer.show_notice(event.notification)

    def format_title(self, title: str, sub_title: str) -> Content:
        # Textual dims the sub-title, which then reads below WCAG AA in light
        # themes; here it says what the screen shows, so it is plain text.
        return Content(f"{title} — {sub_title}" if sub_title else title)

    def get_default_screen(self) -> Screen[None]:
        if self._loader is not None:
            from backes_tui.tui.loading import LoadingScreen

            screen = LoadingScreen(self._loader.name, self._loader.total)
            self._load(self._loader, screen)
            return screen
        return self.explorer

    def action_command_palette(self) -> None:
        # As Textual's own, with the palette that survives early page keys.
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            from backes_tui.tui.textual_patches import Palette

            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        from backes_tui.tui.help import HelpScreen, key_rows

        keys = self.settings.keys
        rows = key_rows(ItemList.BINDINGS, keys)
        rows += key_rows(ExplorerScreen.BINDINGS, keys)
        rows += key_rows(DetailView.BINDINGS, keys)
        rows += key_rows(self.BINDINGS, keys)
        rows.append(("ctrl+p", "Command palette: jump to any item, filter, theme"))
        self.push_screen(HelpScreen(rows, self.explorer.timeline.as_of.format()))

    def action_copy_reopen_command(self) -> None:
        command = self.explorer.reopen_command(self.data_path)
        self.copy_to_clipboard(command)
        self.notify(f"Copied: {command}", markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from renamed(super().get_system_commands(screen), self)
        if not self.ready:
            return
        explorer = self.explorer
        yield SystemCommand(
            "Filter years…", "Show only what overlaps some years", explorer.action_filter_years
        )
        yield SystemCommand(
            "Search…", "Find words in titles, summaries, people, places", explorer.action_search
        )
        yield SystemCommand(
            "Clear filters", "Show the whole timeline", explorer.action_clear_filters
        )
        yield SystemCommand(
            "Back",
            "Where you were before the last jump (ctrl+o)",
            lambda: explorer.action_history(-1),
        )
        yield SystemCommand(
            "Forward", "Undo a back (alt+right)", lambda: explorer.action_history(1)
        )
        yield SystemCommand(
            "Filter kinds…", "Show only some kinds of event", explorer.action_filter_kinds
        )
        yield SystemCommand(
            "Copy a command that reopens this view",
            "The backes-tui command line for this filter and selection",
            self.action_copy_reopen_command,
        )
        yield SystemCommand(
            "Export view…",
            "Save what the screen shows as Markdown, JSON, CSV, HTML or an SVG chart",
            explorer.action_export_view,
        )
        yield SystemCommand("Keys and marks", "List every key and mark (?)", self.action_help)
        yield SystemCommand(
            "Screen-reader mode",
            "Turn it on or off: the terminal's cursor on the selection, words for every mark",
            self.action_toggle_screen_reader,
        )
