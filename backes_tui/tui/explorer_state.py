"""What the explorer screen shows: the filter and selection it owns, and the
panes, chart and detail they shape.

Following posting's `MainScreen`, the state lives on the screen that shows it;
the App only holds screens, themes and the keys that work everywhere. The
keys that change this state are `ExplorerScreen`'s, in `explorer`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from msgspec.structs import replace
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.geometry import Size
from textual.notifications import Notification
from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from backes_tui.formats.kinds import KINDS
from backes_tui.formats.printable import one_line
from backes_tui.formats.records import marks_in_words
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import Event, Item, Timeline, item_kind, item_title
from backes_tui.timeline.query import Filter, FilteredView, TimelineQuery, empty_message
from backes_tui.timeline.search import fold
from backes_tui.timeline.years import YearRange
from backes_tui.tui.chart_view import ChartView
from backes_tui.tui.columns import WIDE, columns
from backes_tui.tui.detail import NOTHING_SELECTED, DetailView
from backes_tui.tui.held import Held, HeldText, held_on, uncertain_counts
from backes_tui.tui.history import History, HistoryEntry
from backes_tui.tui.keys_in_order import KeysAreBindings
from backes_tui.tui.notice import NoticeLine
from backes_tui.tui.panes import PANE_TAB, ItemList, PeriodColumn, pane_tabs
from backes_tui.tui.process_knobs import felt, freeze_lasting
from backes_tui.tui.prompt import PromptScreen
from backes_tui.tui.reader_words import ChartWords, StatusLine, is_on
from backes_tui.tui.textual_patches import KeyFooter

MIN_WIDTH, MIN_HEIGHT = 60, 16
FILE_CHECK_INTERVAL = 2.0
WARM_UP_DELAY = 0.5
PANE_ORDER = tuple(kind.plural for kind in KINDS.values())


def size_classes(screen: Screen[None], size: Size) -> dict[str, bool]:
    """Each of ``screen``'s breakpoint classes, and whether ``size`` gives it:
    on each axis, that of the largest breakpoint the size reaches, as
    Textual's `Screen` sets them on a Resize."""
    classes: dict[str, bool] = {}
    for dimension, breakpoints in (
        (size.width, screen.HORIZONTAL_BREAKPOINTS or []),
        (size.height, screen.VERTICAL_BREAKPOINTS or []),
    ):
        reached = [(at, name) for at, name in breakpoints if dimension >= at]
        given = max(reached)[1] if reached else None
        classes.update((name, name == given) for _, name in breakpoints)
    return classes


class ExplorerState(KeysAreBindings, Screen[None]):
    """Chart, panes and detail over one timeline, with the filter that shapes them."""

    AUTO_FOCUS = "#events"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-tiny-w"),
        (MIN_WIDTH, "-narrow"),
        (WIDE, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-tiny-h"), (MIN_HEIGHT, "-short"), (34, "-tall")]

    # Their watchers redraw what shows them; a repaint would draw the whole
    # screen once more after each filter and each cursor move. The same for
    # Screen's own: the header redraws its subtitle, and a focus move
    # restyles (and so redraws) the two widgets it moves between. The filter
    # and the date cursor decide which keys are live (escape's layers, h and
    # l), so the bindings follow them.
    active_filter: reactive[Filter] = reactive(Filter, init=False, repaint=False, bindings=True)
    selected: reactive[Item | None] = reactive(None, init=False, repaint=False)
    # The date cursor (t), or None when it is hidden.
    date_cursor: reactive[PartialDate | None] = reactive(
        None, init=False, repaint=False, bindings=True
    )
    # The list pane that is current: the one a narrow layout shows, and the
    # selection's. Set again when it is the same, to show it again.
    current_pane: reactive[str] = reactive("events", init=False, repaint=False, always_update=True)
    sub_title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(
        self,
        timeline: Timeline,
        initial: Filter | None = None,
        notice: str | None = None,
        select: Item | None = None,
    ) -> None:
        """``select`` is an item the ``initial`` filter shows, to open on."""
        super().__init__()
        self._select = select
        self.history = History()
        # What held at the date cursor, as its strip shows it.
        self.cursor_held: list[Held] = []
        self.timeline = timeline
        # How the current years were read, when not as typed; the header says it.
        self.years_notice = notice
        self.query_index = TimelineQuery(timeline)
        self.view = FilteredView((), (), (), ())
        self._initial = initial or Filter()
        # The pane switcher's current pane and counts, as last shown.
        self._pane_tabs_shown: tuple[str, dict[str, str]] | None = None
        self._filter_seconds = 0.0
        self._watch_file: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="◷")
        with Vertical(id="main"):
            yield ChartView(self.timeline, id="chart")
            yield ChartWords(id="chart-words")
            yield Static(id="pane-tabs")
            with Horizontal(id="body"):
                with PeriodColumn(id="periods"):
                    for kind in list(KINDS.values())[:3]:
                        yield ItemList(kind.kind, id=kind.plural)
                yield ItemList("event", id="events")
                detail = DetailView(id="detail")
                detail.border_title = "Detail"
                yield detail
            yield StatusLine(id="reader-status", markup=False)
        yield Static(id="too-small", markup=False)
        footer = KeyFooter()
        yield footer
        yield NoticeLine(footer, id="notice")

    def on_mount(self) -> None:
        self.title = one_line(self.timeline.subject.name)
        # The size's classes before the first layout (which restyles every
        # widget anyway), not from the first Resize: set there, they restyled
        # and laid out the whole screen once more at each start, and the
        # narrow layout's panes were shown, then hidden.
        self.update_classes(size_classes(self, self.app.size), update=False)
        # Before the first layout, rather than lay out and draw it all again
        # once the first Resize says the width.
        self._fit_columns(self.app.size.width)
        for pane_id in PANE_ORDER:
            pane = self.pane(pane_id)
            self.watch(pane, "highlighted", self._selection_follows(pane), init=False)
        self.action_focus_pane("events")  # and marks it current, for narrow layouts
        # Set without the watcher, which would apply the same filter twice.
        self.set_reactive(ExplorerState.active_filter, self._initial)
        self.apply_filter()
        if self._select is not None:
            self.jump_to(self._select)
        # The date index and search text of a large timeline take a moment to
        # build; do it while the user reads, so the first filter is instant.
        # Not before the first frame is out: a thread holding the GIL would
        # delay the first paint by seconds at 100,000 events.
        self.set_timer(WARM_UP_DELAY, self._warm_indexes)
        if self.timeline.text_source is not None:
            self._watch_file = self.set_interval(FILE_CHECK_INTERVAL, self.check_data_file)

    def on_resize(self, event: Resize) -> None:
        # After Screen's own handler, which sets the width's class (-narrow).
        self.call_next(self._show_current)
        width, height = event.size
        self._fit_columns(width)
        if not (self.has_class("-tiny-w") or self.has_class("-tiny-h")):
            return  # hidden: an update would lay the whole screen out again
        self.query_one("#too-small", Static).update(
            f"The terminal is too small ({width}x{height}).\n"
            f"backes-tui needs at least {MIN_WIDTH}x{MIN_HEIGHT}.\n"
            "Enlarge the window, or press q to quit."
        )

    def _fit_columns(self, width: int) -> None:
        shares = columns(width)
        # In the one-pane layout the list that shows takes what the detail leaves.
        lists = (shares.periods, shares.events) if shares.periods else ("1fr", "1fr")
        self.query_one("#periods", Widget).styles.width = lists[0]
        self.query_one("#events", Widget).styles.width = lists[1]
        self.query_one("#detail", Widget).styles.width = shares.detail

    def show_notice(self, notification: Notification) -> None:
        """A notification in the footer's line, for its timeout."""
        self.query_one(NoticeLine).show_notification(notification)

    def show_progress(self, what: str, done: int, total: int) -> None:
        """Long work (an export of many items) as a bar in the footer's line."""
        self.query_one(NoticeLine).show_progress(what, done, total)

    # -- background work -------------------------------------------------------------

    def check_data_file(self) -> None:
        # Words of events are read back from the file; after a change they
        # show a notice instead, and this says why, once.
        if self._watch_file is None or not self.timeline.changed_on_disk():
            return
        self._watch_file.stop()
        self._watch_file = None
        self.notify(
            "The data file changed on disk. Quit (q) and start backes-tui again to load it.",
            title="Data file changed",
            severity="warning",
            timeout=30,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm", description="warm")
    def _warm_indexes(self) -> None:
        self.query_index.warm()
        if felt(len(self.timeline.events)):
            freeze_lasting()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        # A failed warm-up only costs speed: each index is built again on first use.
        if event.state is WorkerState.ERROR and event.worker.group == "export":
            self.notify(f"Could not export: {event.worker.error}", severity="error", markup=False)
        if event.state is WorkerState.ERROR and event.worker.group == "warm":
            self.notify(
                f"Could not prepare the search indexes ahead of time: {event.worker.error}",
                severity="warning",
                markup=False,
            )

    # -- state -----------------------------------------------------------------------

    def pane(self, pane_id: str) -> ItemList:
        return self.query_one(f"#{pane_id}", ItemList)

    def watch_active_filter(self, old: Filter, new: Filter) -> None:
        if isinstance(self.app.screen, PromptScreen):
            # A search previewed as it is typed is one jump, from where it began.
            self.history.previewing(self._here(old))
        else:
            self.history.left(self._here(old), new)
        self.apply_filter()

    def _here(self, flt: Filter | None = None) -> HistoryEntry:
        """Where the user is: the filter, the pane and its item."""
        current = self.active_filter if flt is None else flt
        return HistoryEntry(current, self.years_notice, self.current_pane, self.selection_now())

    def apply_filter(self, *, show_selection: bool = True) -> None:
        """Show the view of the current filter; ``show_selection`` False
        leaves the detail and chart to the caller, who selects an item next."""
        flt = self.active_filter
        started = time.perf_counter()
        self.view = self.query_index.view(flt)
        self._filter_seconds = time.perf_counter() - started
        t = self.timeline
        window = self.view.window
        words = tuple(fold(flt.text).split())
        for kind in KINDS.values():
            pane = self.pane(kind.plural)
            pane.empty_message = empty_message(kind.title, flt)
            pane.search_words = words
            pane.show_items(t, kind.items(self.view), len(kind.items(t)), window)
        self.query_one(PeriodColumn).share()
        self._show_pane_tabs()
        counts = f"{len(self.view.events)} of {len(t.events)} events"
        described = one_line(flt.describe())
        if self.years_notice and flt.years is not None:
            described += f" ({self.years_notice})"
        if window is not None:
            counts += uncertain_counts(self.view)
            if t.after_as_of(window[1]):
                # Next to the years, so a narrow header cuts the counts rather than this.
                described += f" (the source ends {t.as_of.format()})"
        if flt.active:
            self.sub_title = f"{described} · {counts} · Esc clears"
        else:
            self.sub_title = f"{len(t.events)} events · y years · / search · ? help"
        self._follow_filter()
        # Without the watcher: the refresh below is needed anyway, since the
        # chart shows the new events, and one is enough.
        self.set_reactive(ExplorerState.selected, self.pane(self.current_pane).current_item)
        if show_selection:
            self.refresh_selection()

    def _follow_filter(self) -> None:
        """The selection is the current pane's highlighted item, whatever has
        focus (the detail too), so nothing the filter removed stays shown. A
        pane the filter empties gives way to one with items."""
        if self.pane(self.current_pane).items:
            return
        for pane_id in ("events", *PANE_ORDER):
            pane = self.pane(pane_id)
            if pane.items:
                self.current_pane = pane_id
                if isinstance(self.focused, ItemList):
                    self._focus_now(pane)
                return

    def refresh_selection(self) -> None:
        related = () if self.selected is None else self.query_index.related(self.selected)
        empty = NOTHING_SELECTED
        if self.active_filter.active:
            # Every pane is empty (a pane with items would have the selection).
            described = one_line(self.active_filter.describe())
            empty = f"Nothing matches {described}. Escape takes the filter off a layer at a time."
        words = tuple(fold(self.active_filter.text).split())
        self.query_one(DetailView).show(self.timeline, self.selected, related, empty, words)
        self.query_one(ChartView).show(self.view, self.selected, self.active_filter.years)
        self.show_chart_words()

    def show_chart_words(self) -> None:
        """The chart in words, in screen-reader mode (and only then: it is
        every item of the view)."""
        if is_on(self):
            cursor = None
            if self.date_cursor is not None:
                with marks_in_words(True):
                    when, held = self.date_cursor, self.cursor_held
                    cursor = HeldText(self.timeline, when, held, separator=". ").text().plain
            words = self.query_one(ChartWords)
            words.show(self.timeline, self.view, self.selected, cursor)

    def watch_selected(self) -> None:
        self.refresh_selection()

    def selection_now(self) -> Item | None:
        """The current pane's highlighted item: what `selected` becomes once
        the pane's PaneFocused message is handled. Keys typed quickly ("3 t")
        arrive before that message; acting on `selected` then acted on the
        item of the pane just left."""
        return self.pane(self.current_pane).current_item

    def _selection_follows(self, pane: ItemList) -> Callable[[], None]:
        def cursor_moved() -> None:
            # At once rather than by a message: the pane's two rows, the
            # detail and the chart then change in one frame, not two.
            if pane.has_focus:
                self.selected = pane.current_item

        return cursor_moved

    def watch_current_pane(self) -> None:
        # The current pane must be visible to take focus.
        self._show_current()

    def _show_current(self) -> None:
        """Narrow layouts show one list pane at a time, the current one, the
        column of periods only while one of them is current, and the pane
        switcher above them. Set on each
        widget's own styles rather than by classes the stylesheet reads:
        restyling the two panes that swap costs far more (see
        benchmarks/RESULTS.md), and their focus moving restyles them anyway."""
        # Screen-reader mode shows one pane at a time too: a line across
        # three panes would be read as one sentence.
        narrow = self.has_class("-narrow") or is_on(self)
        for pane_id in PANE_ORDER:
            shown = not narrow or pane_id == self.current_pane
            self.pane(pane_id).styles.display = "block" if shown else "none"
        periods_shown = not narrow or self.current_pane != "events"
        self.query_one("#periods", Widget).styles.display = "block" if periods_shown else "none"
        self._show_pane_tabs()

    def _show_pane_tabs(self) -> None:
        if not (self.has_class("-narrow") or is_on(self)):
            return  # hidden by the stylesheet: shown again from `_show_current`
        counts = {pane_id: f"({len(self.pane(pane_id).items)})" for pane_id in PANE_ORDER}
        shown = (self.current_pane, counts)
        if shown != self._pane_tabs_shown:  # an update lays out the whole screen again
            self._pane_tabs_shown = shown
            self.query_one("#pane-tabs", Static).update(pane_tabs(*shown))

    @on(ItemList.PaneFocused)
    def _pane_focused(self, event: ItemList.PaneFocused) -> None:
        self.current_pane = event.pane.id or ""
        self.selected = event.pane.current_item

    @on(events.Click, "#pane-tabs")
    def _pane_tab_clicked(self, event: events.Click) -> None:
        pane_id = event.style.meta.get(PANE_TAB)
        if pane_id in PANE_ORDER:
            self.action_focus_pane(pane_id)

    @on(DetailView.Follow)
    def _followed(self, event: DetailView.Follow) -> None:
        self.jump_to(event.item)

    @on(ChartView.Picked)
    def _picked_on_chart(self, event: ChartView.Picked) -> None:
        self.jump_to(event.item)

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

    def set_years(self, years: YearRange | None, notice: str | None = None) -> None:
        self.years_notice = notice
        self.active_filter = replace(self.active_filter, years=years)

    def jump_to(self, item: Item) -> None:
        """Select ``item`` in its pane, clearing the filter if it hides the item."""
        self.history.remember(self._here())
        pane_id = KINDS[item_kind(item)].plural
        pane = self.pane(pane_id)
        if not pane.select_item(item):
            dropped = self.active_filter.describe()
            self.active_filter = Filter()
            pane.select_item(item)
            # Said, since the search or years typed are gone; ctrl+o brings them back.
            self.notify(
                f"“{one_line(item_title(item))}” is not in {one_line(dropped)}: "
                "filters cleared to show it (ctrl+o goes back)",
                markup=False,
            )
        self.action_focus_pane(pane_id)
        self.selected = item

    def action_focus_pane(self, pane_id: str) -> None:
        self.current_pane = pane_id
        self._focus_now(self.pane(pane_id))

    def _focus_now(self, widget: Widget) -> None:
        # Widget.focus() defers to the next turn of the loop, so keys typed
        # right after "3" would still reach the old pane.
        self.set_focus(widget)

    def set_date_cursor(self, when: PartialDate | None) -> None:
        """Show the cursor at ``when`` with what held then under the chart, or hide it."""
        self.date_cursor = when

    def watch_date_cursor(self, when: PartialDate | None) -> None:
        chart = self.query_one(ChartView)
        if when is None:
            self.cursor_held = []  # at 100,000 events, a thousand items and more
            chart.set_cursor(None, None)
        else:
            held = self.cursor_held = held_on(self.timeline, self.query_index, when)
            chart.set_cursor(when, HeldText(self.timeline, when, held).text)
        self.show_chart_words()
