"""The Textual app: renders the model and turns keys into queries."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial

from rich.console import RenderableType
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from backes_tui.chart import TimelineChart
from backes_tui.commands import JumpProvider
from backes_tui.detail import DetailView
from backes_tui.help import HelpScreen, key_rows
from backes_tui.model import Event, Item, Timeline, item_kind
from backes_tui.panes import PANE_IDS, ItemList, pane_tabs
from backes_tui.printable import one_line
from backes_tui.prompt import PromptScreen
from backes_tui.query import Filter, FilteredView, TimelineQuery
from backes_tui.years import GRAMMAR_HINT, YearRange, YearRangeError, parse_year_range

MIN_WIDTH, MIN_HEIGHT = 60, 16
FILE_CHECK_INTERVAL = 2.0
# A filter quicker than this follows every key typed; a slower one waits for a pause.
QUICK_FILTER = 0.03
TYPING_PAUSE = 0.2
WARM_UP_DELAY = 0.5


class ChartView(Widget):
    """Hosts the Rich `TimelineChart`, redrawn when the view or selection changes."""

    def __init__(self, timeline: Timeline, *, id: str) -> None:
        super().__init__(id=id)
        self.chart = TimelineChart(timeline, timeline.events)

    def show(self, events: Sequence[Event], selected: Item | None, years: YearRange | None) -> None:
        self.chart.events, self.chart.selected, self.chart.years = events, selected, years
        # The chart's height depends only on the terminal size, never on these.
        self.refresh()

    def render(self) -> RenderableType:
        # A short terminal gets one row per lane; overlapping bars draw over each other.
        self.chart.max_rows = 1 if self.screen.has_class("-short") else 2
        return self.chart


class ExplorerScreen(Screen[None]):
    """The main screen. Tab is bound here because Screen binds it too, and
    narrow layouts hide panes that Textual's own focus order would skip."""

    BINDINGS = [
        Binding("tab", "app.cycle_pane(1)", "Next pane", show=False),
        Binding("shift+tab", "app.cycle_pane(-1)", "Previous pane", show=False),
    ]
    # What has focus is selected, and selecting an era costs a date index over
    # every event; events are where the app starts anyway.
    AUTO_FOCUS = "#events"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny-w"), (MIN_WIDTH, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny-h"), (MIN_HEIGHT, "-short"), (34, "-tall")]

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self.timeline = timeline

    def compose(self) -> ComposeResult:
        yield Header(icon="◷")
        with Vertical(id="main"):
            yield ChartView(self.timeline, id="chart")
            yield Static(id="pane-tabs")
            with Horizontal(id="body"):
                with Vertical(id="periods"):
                    for kind, pane_id in list(PANE_IDS.items())[:3]:
                        yield ItemList(kind, id=pane_id)
                yield ItemList("event", id="events")
                detail = DetailView(id="detail")
                detail.border_title = "Detail"
                yield detail
        yield Static(id="too-small", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        app = self.app
        assert isinstance(app, BackesApp)
        app.explorer_ready()

    def on_resize(self, event: Resize) -> None:
        width, height = event.size
        self.query_one("#too-small", Static).update(
            f"The terminal is too small ({width}x{height}).\n"
            f"backes-tui needs at least {MIN_WIDTH}x{MIN_HEIGHT}.\n"
            "Enlarge the window, or press q to quit."
        )


class BackesApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "backes-tui"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS = [
        Binding("1", "focus_pane('eras')", "Eras pane", show=False),
        Binding("2", "focus_pane('offices')", "Offices pane", show=False),
        Binding("3", "focus_pane('parties')", "Parties pane", show=False),
        Binding("4", "focus_pane('events')", "Events pane", show=False),
        Binding("y", "filter_years", "Filter years"),
        Binding("slash", "search", "Search text"),
        Binding("left_square_bracket", "shift_years(-1)", "Earlier years", show=False),
        Binding("right_square_bracket", "shift_years(1)", "Later years", show=False),
        Binding("left_curly_bracket", "shift_decade(-1)", "A decade earlier", show=False),
        Binding("right_curly_bracket", "shift_decade(1)", "A decade later", show=False),
        Binding("escape", "clear_filters", "Clear filters"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    active_filter: reactive[Filter] = reactive(Filter, init=False)
    selected: reactive[Item | None] = reactive(None, init=False)

    def __init__(self, timeline: Timeline, initial_years: YearRange | None = None) -> None:
        super().__init__()
        self.timeline = timeline
        self.query_index = TimelineQuery(timeline)
        self.view = FilteredView((), (), (), ())
        self._initial = Filter(years=initial_years)
        self.title = one_line(timeline.subject.name)
        self.explorer = ExplorerScreen(timeline)
        self._current_pane = "events"
        self._filter_seconds = 0.0
        self._pending_preview: Timer | None = None
        self._watch_file: Timer | None = None

    def get_default_screen(self) -> ExplorerScreen:
        return self.explorer

    def explorer_ready(self) -> None:
        self.action_focus_pane("events")  # and marks it current, for narrow layouts
        # Set without the watcher, which would apply the same filter twice.
        self.set_reactive(BackesApp.active_filter, self._initial)
        self.apply_filter()
        # The date index and search text of a large timeline take a moment to
        # build; do it while the user reads, so the first filter is instant.
        # Not before the first frame is out: a thread holding the GIL would
        # delay the first paint by seconds at 100,000 events.
        self.set_timer(WARM_UP_DELAY, self._warm_indexes)
        if self.timeline.text_source is not None:
            self._watch_file = self.set_interval(FILE_CHECK_INTERVAL, self._check_file)

    def _check_file(self) -> None:
        # Words of events are read back from the file; after a change they
        # show a notice instead, and this says why once.
        if self.timeline.changed_on_disk() and self._watch_file is not None:
            self._watch_file.stop()
            self.notify(
                "The data file changed on disk. Quit (q) and start backes-tui again to load it.",
                title="Data file changed",
                severity="warning",
                timeout=30,
            )

    def _warm_indexes(self) -> None:
        self.run_worker(
            self.query_index.warm, thread=True, name="warm indexes", description="warm indexes"
        )

    # -- state -----------------------------------------------------------------

    def pane(self, pane_id: str) -> ItemList:
        # Query the explorer, not the active screen, which may be a dialog.
        return self.explorer.query_one(f"#{pane_id}", ItemList)

    def watch_active_filter(self) -> None:
        self.apply_filter()

    def apply_filter(self) -> None:
        flt = self.active_filter
        started = time.perf_counter()
        self.view = self.query_index.view(flt)
        self._filter_seconds = time.perf_counter() - started
        t = self.timeline
        for pane_id in PANE_IDS.values():
            # Pane ids name both the view's and the timeline's attributes.
            shown, every = getattr(self.view, pane_id), getattr(t, pane_id)
            self.pane(pane_id).show_items(t, shown, len(every))
        self._show_pane_tabs()
        counts = f"{len(self.view.events)} of {len(t.events)} events"
        if flt.active:
            self.sub_title = f"{one_line(flt.describe())} · {counts} · Esc clears"
        else:
            self.sub_title = f"{len(t.events)} events · y years · / search · ? help"
        focused = self.explorer.focused
        if isinstance(focused, ItemList):
            # Without the watcher: the refresh below is needed anyway, since the
            # chart shows the new events, and one is enough.
            self.set_reactive(BackesApp.selected, focused.current_item)
        self.refresh_selection()

    def refresh_selection(self) -> None:
        related = () if self.selected is None else self.query_index.related(self.selected)
        self.explorer.query_one(DetailView).show(self.timeline, self.selected, related)
        self.explorer.query_one(ChartView).show(
            self.view.events, self.selected, self.active_filter.years
        )

    def watch_selected(self) -> None:
        self.refresh_selection()

    @on(ItemList.Highlighted)
    def _highlighted(self, event: ItemList.Highlighted) -> None:
        if event.pane.has_focus:
            self.selected = event.pane.current_item

    def _make_current(self, current_id: str) -> None:
        """Mark the pane a narrow layout shows; it must be visible to take focus."""
        for pane_id in PANE_IDS.values():
            self.pane(pane_id).set_class(pane_id == current_id, "-current")
        self.explorer.query_one("#body").set_class(current_id == "events", "-events-current")
        self._current_pane = current_id
        self._show_pane_tabs()

    def _show_pane_tabs(self) -> None:
        counts = {pane_id: f"({len(self.pane(pane_id).items)})" for pane_id in PANE_IDS.values()}
        self.explorer.query_one("#pane-tabs", Static).update(pane_tabs(self._current_pane, counts))

    @on(ItemList.PaneFocused)
    def _pane_focused(self, event: ItemList.PaneFocused) -> None:
        self._make_current(event.pane.id or "")
        self.selected = event.pane.current_item

    @on(ItemList.Selected)
    def _selected(self, event: ItemList.Selected) -> None:
        item = event.pane.current_item
        if item is None:
            return
        if isinstance(item, Event):
            if item.date is None:
                self.notify("This event is undated, so it has no year to filter to.")
                return
            years = YearRange(item.date.year, (item.end or item.date).year)
        else:
            years = YearRange.covering(item.span)
        self.set_years(years)

    # -- actions -----------------------------------------------------------------

    def action_focus_pane(self, pane_id: str) -> None:
        self._make_current(pane_id)
        self._focus_now(self.pane(pane_id))

    def action_cycle_pane(self, step: int) -> None:
        # Explicit order, because narrow layouts hide the panes that are not current.
        order = [*PANE_IDS.values(), "detail"]
        focused = self.explorer.focused.id if self.explorer.focused is not None else None
        index = order.index(focused) if focused in order else -1
        target = order[(index + step) % len(order)]
        if target == "detail":
            self._focus_now(self.explorer.query_one(DetailView))
        else:
            self.action_focus_pane(target)

    def _focus_now(self, widget: Widget) -> None:
        # Widget.focus() defers to the next turn of the loop, so keys typed
        # right after "3" would still reach the old pane.
        self.explorer.set_focus(widget)

    def set_years(self, years: YearRange | None) -> None:
        self.active_filter = replace(self.active_filter, years=years)

    def action_filter_years(self) -> None:
        years = self.active_filter.years
        current = "" if years is None else years.describe()

        def check(text: str) -> str | None:
            if not text.strip():
                return None
            try:
                parse_year_range(text)
            except YearRangeError as error:
                return str(error)
            return None

        def done(text: str | None) -> None:
            if text is None:
                return
            if not text.strip():
                self.set_years(None)
                return
            parsed = parse_year_range(text)
            if parsed.notice:
                self.notify(parsed.notice, markup=False)
            self.set_years(parsed.years)

        self.push_screen(
            PromptScreen("Filter years", GRAMMAR_HINT + "; empty for all", current, check=check),
            done,
        )

    def action_search(self) -> None:
        before = self.active_filter.text

        def preview(text: str) -> None:
            self._preview(replace(self.active_filter, text=text))

        def done(text: str | None) -> None:
            self._preview_now(replace(self.active_filter, text=before if text is None else text))

        self.push_screen(
            PromptScreen(
                "Search", "words in titles, summaries, people and places", before, on_change=preview
            ),
            done,
        )

    def _preview(self, flt: Filter) -> None:
        """Show a filter as it is typed. Where one takes longer than the gap
        between keys (a large timeline), wait for a pause in the typing rather
        than fall further behind with every key."""
        self._cancel_preview()
        if self._filter_seconds < QUICK_FILTER:
            self.active_filter = flt
        else:
            self._pending_preview = self.set_timer(TYPING_PAUSE, partial(self._preview_now, flt))

    def _preview_now(self, flt: Filter) -> None:
        self._cancel_preview()
        self.active_filter = flt

    def _cancel_preview(self) -> None:
        if self._pending_preview is not None:
            self._pending_preview.stop()
            self._pending_preview = None

    def _anchor_year(self) -> int:
        item = self.selected
        if isinstance(item, Event):
            if item.date is not None:
                return item.date.year
        elif item is not None:
            return item.span.start.year
        return self.timeline.as_of.year

    def action_shift_years(self, direction: int) -> None:
        years = self.active_filter.years
        if years is None:
            anchor = self._anchor_year()
            self.set_years(YearRange(anchor, anchor))
            return
        self.set_years(years.shifted(direction * years.width))

    def action_shift_decade(self, direction: int) -> None:
        anchor = self._anchor_year()
        years = self.active_filter.years or YearRange(anchor, anchor)
        self.set_years(years.shifted(direction * 10))

    def action_clear_filters(self) -> None:
        if self.active_filter.active:
            self.active_filter = Filter()
            self.notify("Filters cleared")

    def action_help(self) -> None:
        rows = key_rows(ItemList.BINDINGS)
        rows += key_rows(ExplorerScreen.BINDINGS)
        rows += key_rows(self.BINDINGS)
        rows.append(("ctrl+p", "Command palette: jump to any item, filter, theme"))
        self.push_screen(HelpScreen(rows))

    def jump_to(self, item: Item) -> None:
        pane_id = PANE_IDS[item_kind(item)]
        pane = self.pane(pane_id)
        if not pane.select_item(item):
            self.active_filter = Filter()
            pane.select_item(item)
        self.action_focus_pane(pane_id)
        self.selected = item

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Filter years…", "Show only what overlaps some years", self.action_filter_years
        )
        yield SystemCommand(
            "Search…", "Find words in titles, summaries, people, places", self.action_search
        )
        yield SystemCommand("Clear filters", "Show the whole timeline", self.action_clear_filters)
        yield SystemCommand("Keys", "List every key", self.action_help)
