"""The main screen: it owns the filter and the selection, and turns keys into queries.

Following posting's `MainScreen`, the state lives on the screen that shows it;
the App only holds screens, themes and the keys that work everywhere.
"""

from __future__ import annotations

import asyncio
import io
import re
import shlex
import time
from typing import TYPE_CHECKING

import msgspec
from msgspec.structs import replace
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.notifications import Notification
from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from backes_tui.formats.citation import citations, item_markdown
from backes_tui.formats.kinds import KINDS, Kind
from backes_tui.formats.printable import one_line
from backes_tui.formats.progress import MANY_ITEMS, ReportingEvents
from backes_tui.formats.view import export_view
from backes_tui.storage.atomic import OutputError, write_atomically
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import EVENT_KINDS, Event, Item, Timeline, item_kind, item_title
from backes_tui.timeline.query import Filter, FilteredView, TimelineQuery
from backes_tui.timeline.search import fold
from backes_tui.timeline.when import read_when
from backes_tui.timeline.years import (
    GRAMMAR_HINT,
    ParsedYears,
    YearRange,
    YearRangeError,
    parse_year_range,
)
from backes_tui.tui.chart import ChartView
from backes_tui.tui.collector import felt, freeze_lasting
from backes_tui.tui.commands import JumpProvider
from backes_tui.tui.detail import NOTHING_SELECTED, DetailView
from backes_tui.tui.footer import KeyFooter
from backes_tui.tui.held import (
    Held,
    HeldOnScreen,
    HeldText,
    held_on,
    held_text,
    uncertain_counts,
)
from backes_tui.tui.panes import PANE_TAB, ItemList, PeriodColumn, pane_tabs
from backes_tui.tui.prompt import Answer, PromptScreen

if TYPE_CHECKING:
    from backes_tui.tui.export import ExportChoice

MIN_WIDTH, MIN_HEIGHT = 60, 16
FILE_CHECK_INTERVAL = 2.0
# A filter quicker than this follows every key typed; a slower one waits for a pause.
QUICK_FILTER = 0.03
TYPING_PAUSE = 0.2
WARM_UP_DELAY = 0.5
PANE_ORDER = tuple(kind.plural for kind in KINDS.values())
EXPORT_TYPES = {
    "markdown": "text/markdown",
    "json": "application/json",
    "csv": "text/csv",
    "svg": "image/svg+xml",
}


def empty_message(title: str, flt: Filter) -> str:
    """Why a pane is empty: "No offices in 2030", "No events matching “zzzz”"."""
    why = []
    if flt.years is not None:
        years = flt.years.describe()
        why.append(years if years.startswith(("since", "until")) else f"in {years}")
    if flt.text.strip():
        why.append(f"matching “{flt.text.strip()}”")
    return f"No {title.lower()} " + (" ".join(why) if why else "in this timeline")


def read_years(text: str) -> ParsedYears | None:
    """The year dialog's answer: a range, or None (all years) for empty input.
    Its error leaves out the grammar, which the dialog shows right below."""
    if not text.strip():
        return None
    try:
        return parse_year_range(text)
    except YearRangeError as error:
        raise ValueError(str(error).removesuffix(f": {GRAMMAR_HINT}")) from None


def read_kinds(text: str) -> frozenset[str]:
    """The kind dialog's answer: kinds named with commas or spaces; none for all."""
    named = frozenset(word for word in re.split(r"[,\s]+", text.strip().lower()) if word)
    unknown = sorted(named - set(EVENT_KINDS))
    if unknown:
        raise ValueError(f"no such kind: {', '.join(unknown)}")
    return named


def years_note(text: str) -> str | None:
    """How the year dialog will read what is typed, when not as typed."""
    try:
        parsed = read_years(text)
    except ValueError:
        return None
    if parsed is None or not parsed.notice:
        return None
    return f"read as {parsed.years.describe()} ({parsed.notice})"


HISTORY = 100


class Place(msgspec.Struct, frozen=True):
    """A place back and forward return to."""

    filter: Filter
    notice: str | None
    pane: str
    item: Item | None


class ExplorerScreen(Screen[None]):
    """Chart, panes and detail over one timeline, with the filter that shapes them.

    Tab is bound here because Screen binds it too, and narrow layouts hide
    panes that Textual's own focus order would skip.
    """

    COMMANDS = Screen.COMMANDS | {JumpProvider}
    BINDINGS = [
        # The date cursor's keys come first: while it is shown, h and l move
        # it and enter filters to it; otherwise they fall through.
        Binding(
            "t", "toggle_date_cursor", "Date cursor: what held when", show=False, id="date-cursor"
        ),
        Binding(
            "h", "move_date_cursor(-1)", "Date cursor back a step", show=False, id="cursor-back"
        ),
        Binding("l", "move_date_cursor(1)", "Date cursor on a step", show=False, id="cursor-on"),
        Binding(
            "H",
            "move_date_cursor(-10)",
            "Date cursor back a lot",
            show=False,
            id="cursor-back-more",
        ),
        Binding(
            "L", "move_date_cursor(10)", "Date cursor on a lot", show=False, id="cursor-on-more"
        ),
        Binding(
            "enter",
            "filter_to_cursor",
            "Filter to the date cursor's year",
            show=False,
            priority=True,
            id="cursor-filter",
        ),
        Binding(
            "o", "held_on", "What held on a date (the cursor's, if shown)", show=False, id="held-on"
        ),
        # Back and forward as in vim (ctrl+o) and browsers (alt+arrows); a
        # terminal sends ctrl+i as tab, so vim's forward key cannot be had.
        Binding("ctrl+o,alt+left", "history(-1)", "Back to where you were", show=False, id="back"),
        Binding("alt+right", "history(1)", "Forward again", show=False, id="forward"),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, id="next-pane"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="previous-pane"),
        Binding("1", "focus_pane('eras')", "Eras pane", show=False, id="eras-pane"),
        Binding("2", "focus_pane('offices')", "Offices pane", show=False, id="offices-pane"),
        Binding("3", "focus_pane('parties')", "Parties pane", show=False, id="parties-pane"),
        Binding("4", "focus_pane('events')", "Events pane", show=False, id="events-pane"),
        Binding(
            "right,l",
            "enter_detail",
            "Read the detail of the highlighted item",
            show=False,
            id="detail",
        ),
        Binding("y", "filter_years", "Filter years", id="filter-years"),
        Binding("e", "export_view", "Export what the screen shows", show=False, id="export"),
        Binding("f", "filter_kinds", "Filter event kinds", show=False, id="filter-kinds"),
        Binding("c", "copy_citations", "Copy the item's citations", show=False, id="copy"),
        Binding("C", "copy_markdown", "Copy the item as Markdown", show=False, id="copy-markdown"),
        Binding("slash", "search", "Search text", id="search"),
        Binding(
            "left_square_bracket", "shift_years(-1)", "Earlier years", show=False, id="earlier"
        ),
        Binding("right_square_bracket", "shift_years(1)", "Later years", show=False, id="later"),
        Binding(
            "left_curly_bracket",
            "shift_decade(-1)",
            "A decade earlier",
            show=False,
            id="decade-earlier",
        ),
        Binding(
            "right_curly_bracket",
            "shift_decade(1)",
            "A decade later",
            show=False,
            id="decade-later",
        ),
        Binding("n", "next_match(1)", "Next match", show=False, id="next-match"),
        Binding("N", "next_match(-1)", "Previous match", show=False, id="previous-match"),
        Binding(
            "K", "toggle_chart_key", "Show or hide the chart's key", show=False, id="chart-key"
        ),
        # Escape takes off one layer at a time; the footer shows which is next.
        Binding("escape", "hide_date_cursor", "Hide the date cursor", id="hide-cursor"),
        Binding("escape", "clear_search", "Clear search", id="clear-search"),
        Binding("escape", "clear_kinds", "Clear kinds", id="clear-kinds"),
        Binding("escape", "clear_years", "Clear years", id="clear-years"),
    ]
    # What has focus is selected, and selecting an era costs a date index over
    # every event; events are where the app starts anyway.
    AUTO_FOCUS = "#events"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-tiny-w"),
        (MIN_WIDTH, "-narrow"),
        (110, "-wide"),
        (150, "-xwide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-tiny-h"), (MIN_HEIGHT, "-short"), (34, "-tall")]

    # Their watchers redraw what shows them; a repaint would draw the whole
    # screen once more after each filter and each cursor move. The same for
    # Screen's own: the header redraws its subtitle, and a focus move
    # restyles (and so redraws) the two widgets it moves between.
    active_filter: reactive[Filter] = reactive(Filter, init=False, repaint=False)
    selected: reactive[Item | None] = reactive(None, init=False, repaint=False)
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
        self._cursor: PartialDate | None = None
        # Where back and forward lead, and the place a dialog's previews began.
        self._back: list[Place] = []
        self._forward: list[Place] = []
        self._anchor: Place | None = None
        self._restoring = False
        # What held at the date cursor, as its strip shows it.
        self.cursor_held: list[Held] = []
        self.timeline = timeline
        # How the current years were read, when not as typed; the header says it.
        self.years_notice = notice
        self.query_index = TimelineQuery(timeline)
        self.view = FilteredView((), (), (), ())
        self._initial = initial or Filter()
        self._current_pane = "events"
        # The pane switcher's current pane and counts, as last shown.
        self._pane_tabs_shown: tuple[str, dict[str, str]] | None = None
        self._filter_seconds = 0.0
        self._watch_file: Timer | None = None
        self._notice_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="◷")
        with Vertical(id="main"):
            yield ChartView(self.timeline, id="chart")
            yield Static(id="pane-tabs")
            with Horizontal(id="body"):
                with PeriodColumn(id="periods"):
                    for kind in list(KINDS.values())[:3]:
                        yield ItemList(kind.kind, id=kind.plural)
                yield ItemList("event", id="events")
                detail = DetailView(id="detail")
                detail.border_title = "Detail"
                yield detail
        yield Static(id="too-small", markup=False)
        yield KeyFooter()
        yield Static(id="notice")

    def on_mount(self) -> None:
        self.title = one_line(self.timeline.subject.name)
        self.action_focus_pane("events")  # and marks it current, for narrow layouts
        # Set without the watcher, which would apply the same filter twice.
        self.set_reactive(ExplorerScreen.active_filter, self._initial)
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
        self.query_one("#too-small", Static).update(
            f"The terminal is too small ({width}x{height}).\n"
            f"backes-tui needs at least {MIN_WIDTH}x{MIN_HEIGHT}.\n"
            "Enlarge the window, or press q to quit."
        )

    def show_notice(self, notification: Notification) -> None:
        """A notification in the footer's line, for its timeout: a toast would
        sit over the panes, on the very row the cursor may have landed on."""
        text = notification.message
        if notification.title:
            text = f"{notification.title}: {text}"
        content = Content.from_markup(text) if notification.markup else Content(text)
        self._set_notice(content, notification.severity, notification.timeout)

    def show_progress(self, what: str, done: int, total: int) -> None:
        """Long work (an export of many items) as a bar in the footer's line,
        until a notice says it is done."""
        percent = min(100, done * 100 // max(total, 1))
        bar = "━" * (percent // 5) + "╌" * (20 - percent // 5)
        self._set_notice(Content(f"{what} {bar} {percent}% ({done:,} of {total:,})"), "information")

    def _set_notice(self, content: Content, severity: str, timeout: float | None = None) -> None:
        notice = self.query_one("#notice", Static)
        notice.update(content)
        notice.set_classes(f"-{severity}")
        notice.display = True
        self.query_one(KeyFooter).display = False
        if self._notice_timer is not None:
            self._notice_timer.stop()
            self._notice_timer = None
        if timeout is not None:
            self._notice_timer = self.set_timer(max(timeout, 0.1), self._hide_notice)

    def _hide_notice(self) -> None:
        self._notice_timer = None
        self.query_one("#notice", Static).display = False
        self.query_one(KeyFooter).display = True

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
        if not self._restoring:
            if isinstance(self.app.screen, PromptScreen):
                # A search previewed as it is typed is one jump, from where it began.
                self._anchor = self._anchor or self._place(old)
            else:
                self._remember(self._anchor or self._place(old), new)
        self.apply_filter()
        self.refresh_bindings()  # what escape does next

    # -- back and forward ------------------------------------------------------------

    def _place(self, flt: Filter | None = None) -> Place:
        """Where the user is: the filter, the pane and its item."""
        current = self.active_filter if flt is None else flt
        return Place(current, self.years_notice, self._current_pane, self.selection_now())

    def _remember(self, place: Place, new: Filter | None = None) -> None:
        """A jump away from ``place``: back returns there, and what was ahead is gone."""
        self._anchor = None
        if new is not None and place.filter == new:
            return  # a search typed and then undone went nowhere
        if not self._back or self._back[-1] != place:
            self._back.append(place)
            del self._back[:-HISTORY]
        self._forward.clear()

    def action_history(self, step: int) -> None:
        """Back (-1) or forward (1) through the jumps: each restores its filter,
        search, pane and selection."""
        behind, ahead = (self._back, self._forward) if step < 0 else (self._forward, self._back)
        if not behind:
            self.notify("Nothing further back." if step < 0 else "Nothing further forward.")
            return
        ahead.append(self._place())
        place = behind.pop()
        self._restoring = True
        try:
            self.years_notice = place.notice
            self.active_filter = place.filter
            if place.item is not None:
                self.pane(place.pane).select_item(place.item)
            self.action_focus_pane(place.pane)
        finally:
            self._restoring = False
        # Shown once, here: the filter's own refresh would show the item the
        # pane left behind, only for this to replace it.
        self.set_reactive(ExplorerScreen.selected, place.item)
        self.refresh_selection()

    def apply_filter(self) -> None:
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
        self.set_reactive(ExplorerScreen.selected, self.pane(self._current_pane).current_item)
        if not self._restoring:  # back and forward show the place they restore themselves
            self.refresh_selection()

    def _follow_filter(self) -> None:
        """The selection is the current pane's highlighted item, whatever has
        focus (the detail too), so nothing the filter removed stays shown. A
        pane the filter empties gives way to one with items."""
        if self.pane(self._current_pane).items:
            return
        for pane_id in ("events", *PANE_ORDER):
            pane = self.pane(pane_id)
            if pane.items:
                self._make_current(pane_id)
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

    def watch_selected(self) -> None:
        self.refresh_selection()

    def selection_now(self) -> Item | None:
        """The current pane's highlighted item: what `selected` becomes once
        the pane's Highlighted message is handled. Keys typed quickly ("j j t")
        arrive before that message; acting on `selected` then acted on the
        item before the cursor moved."""
        return self.pane(self._current_pane).current_item

    @on(ItemList.Highlighted)
    def _highlighted(self, event: ItemList.Highlighted) -> None:
        if event.pane.has_focus:
            self.selected = event.pane.current_item

    def _make_current(self, current_id: str) -> None:
        """Make ``current_id`` the pane a narrow layout shows; it must be
        visible to take focus."""
        self._current_pane = current_id
        self._show_current()
        self._show_pane_tabs()

    def _show_current(self) -> None:
        """Narrow layouts show one list pane at a time, the current one, and
        the column of periods only while one of them is current. Set on each
        widget's own styles rather than by classes the stylesheet reads:
        restyling the two panes that swap made a switch 3-5 ms of a key at
        100k events (and their focus moving restyles them anyway); set here,
        0.3-0.9 ms."""
        narrow = self.has_class("-narrow")
        for pane_id in PANE_ORDER:
            shown = not narrow or pane_id == self._current_pane
            self.pane(pane_id).styles.display = "block" if shown else "none"
        periods_shown = not narrow or self._current_pane != "events"
        self.query_one("#periods", Widget).styles.display = "block" if periods_shown else "none"

    def _show_pane_tabs(self) -> None:
        counts = {pane_id: f"({len(self.pane(pane_id).items)})" for pane_id in PANE_ORDER}
        shown = (self._current_pane, counts)
        if shown != self._pane_tabs_shown:  # an update lays out the whole screen again
            self._pane_tabs_shown = shown
            self.query_one("#pane-tabs", Static).update(pane_tabs(*shown))

    @on(ItemList.PaneFocused)
    def _pane_focused(self, event: ItemList.PaneFocused) -> None:
        self._make_current(event.pane.id or "")
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

    @on(ChartView.Wheeled)
    def _wheeled_on_chart(self, event: ChartView.Wheeled) -> None:
        self.action_shift_years(event.direction)

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
        self._remember(self._place())
        pane_id = KINDS[item_kind(item)].plural
        pane = self.pane(pane_id)
        if not pane.select_item(item):
            self.active_filter = Filter()
            pane.select_item(item)
        self.action_focus_pane(pane_id)
        self.selected = item

    # -- actions -----------------------------------------------------------------------

    def action_focus_pane(self, pane_id: str) -> None:
        self._make_current(pane_id)
        self._focus_now(self.pane(pane_id))

    def action_enter_detail(self) -> None:
        """Focus the detail to scroll it; what it shows stays the same."""
        # Shown now, not when the pane's Highlighted message comes: keys typed
        # ahead ("j", right, "1") would otherwise follow the links, or miss
        # them, of the item the cursor has just left.
        self.selected = self.selection_now()
        self._focus_now(self.query_one(DetailView))

    def action_leave_detail(self) -> None:
        self.action_focus_pane(self._current_pane)

    def action_cycle_pane(self, step: int) -> None:
        # Explicit order, because narrow layouts hide the panes that are not current.
        order = [*PANE_ORDER, "detail"]
        focused = self.focused.id if self.focused is not None else None
        index = order.index(focused) if focused in order else -1
        target = order[(index + step) % len(order)]
        if target == "detail":
            self._focus_now(self.query_one(DetailView))
        else:
            self.action_focus_pane(target)

    def _focus_now(self, widget: Widget) -> None:
        # Widget.focus() defers to the next turn of the loop, so keys typed
        # right after "3" would still reach the old pane.
        self.set_focus(widget)

    def action_filter_years(self) -> None:
        years = self.active_filter.years
        current = "" if years is None else years.describe()

        def done(answer: Answer[ParsedYears | None] | None) -> None:
            if answer is None:
                return
            parsed = answer.value
            if parsed is None:
                self.set_years(None)
            else:
                self.set_years(parsed.years, parsed.notice)

        self.app.push_screen(
            PromptScreen(
                "Filter years",
                GRAMMAR_HINT + "; empty for all",
                read_years,
                current,
                note=years_note,
            ),
            done,
        )

    def action_search(self) -> None:
        before = self.active_filter.text

        def preview(text: str) -> None:
            flt = replace(self.active_filter, text=text)
            if self._filter_seconds < QUICK_FILTER:
                self._apply_now(flt)
            else:
                self._apply_after_typing(flt)

        def done(answer: Answer[str] | None) -> None:
            anchor = self._anchor
            self._apply_now(
                replace(self.active_filter, text=before if answer is None else answer.value)
            )
            if anchor is not None and self._anchor is anchor:
                # The last preview was the answer: no change left to record it.
                self._remember(anchor, self.active_filter)

        self.app.push_screen(
            PromptScreen(
                "Search",
                "words in titles, summaries, people and places",
                str,
                before,
                on_change=preview,
            ),
            done,
        )

    @work(exclusive=True, group="preview", description="search preview")
    async def _apply_after_typing(self, flt: Filter) -> None:
        """Show a filter as it is typed. Where one takes longer than the gap
        between keys (a large timeline), wait for a pause in the typing rather
        than fall further behind with every key: a new key cancels this wait."""
        await asyncio.sleep(TYPING_PAUSE)
        self.active_filter = flt

    def _apply_now(self, flt: Filter) -> None:
        self.workers.cancel_group(self, "preview")
        self.active_filter = flt

    def _anchor_year(self) -> int:
        item = self.selection_now()
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

    def action_next_match(self, step: int) -> None:
        """The next (or previous) item the search found, across the panes in
        their order, wrapping around at the end as vim's n and N do."""
        pane = self.pane(self._current_pane)
        index = pane.highlighted
        if index is not None and 0 <= index + step < len(pane.items):
            self.action_focus_pane(pane.id or "")
            pane.highlighted = index + step
            return
        order = list(PANE_ORDER)
        start = order.index(self._current_pane)
        for offset in range(1, len(order) + 1):
            target = self.pane(order[(start + step * offset) % len(order)])
            if target.items:
                if (start + step * offset) // len(order) != 0:
                    self.notify("Search wrapped around", timeout=2)
                self.action_focus_pane(target.id or "")
                target.highlighted = 0 if step > 0 else len(target.items) - 1
                return

    def action_export_view(self) -> None:
        """Ask for a format (and in a terminal a file), then make it from the
        view as it is now: a filter changed meanwhile does not leak in."""
        flt, view = self.active_filter, self.view
        kind = KINDS[self.pane(self._current_pane).kind]
        described = one_line(flt.describe()) or "the whole timeline"
        described += f" ({len(view.events)} events)"
        words = re.sub(r"[^a-z0-9]+", "-", fold(f"{self.timeline.subject.name} {flt.describe()}"))
        stem = words.strip("-")[:80] or "timeline"
        from backes_tui.tui.export import ExportScreen

        def done(choice: ExportChoice | None) -> None:
            if choice is not None:
                self._export(choice, flt, view, kind)

        in_browser = self.app.is_web
        self.app.push_screen(ExportScreen(described, stem, kind.title, in_browser=in_browser), done)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export", description="export")
    def _export(self, choice: ExportChoice, flt: Filter, view: FilteredView, kind: Kind) -> None:
        total = len(view.events)
        if total > MANY_ITEMS:

            def progress(done: int) -> None:
                self.app.call_from_thread(self.show_progress, "Exporting events", done, total)

            view = replace(view, events=ReportingEvents(view.events, progress))
        text = export_view(choice.fmt, self.timeline, view, flt, kind)
        if self.app.is_web:
            # In a browser the file is a download; nothing is written on the server.
            self.app.call_from_thread(
                self.app.deliver_text,
                io.StringIO(text),
                save_filename=choice.path.name,
                open_method="download",
                mime_type=EXPORT_TYPES[choice.fmt],
            )
            message = f"Sent {choice.path.name} to the browser"
        else:
            try:
                write_atomically(choice.path, text.encode("utf-8"), replace=choice.replace)
            except OutputError as error:
                self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
                return
            message = f"Saved {choice.path}"
        self.app.call_from_thread(self.notify, message, markup=False)

    def action_toggle_chart_key(self) -> None:
        self.query_one(ChartView).toggle_legend()

    def action_clear_filters(self) -> None:
        """Every filter at once (the palette's "Clear filters")."""
        if self.active_filter.active:
            self.active_filter = Filter()

    # -- the date cursor and "What held on…" ----------------------------------------

    def action_toggle_date_cursor(self) -> None:
        if self._cursor is not None:
            self.set_date_cursor(None)
            return
        item = self.selection_now()
        start = None
        if isinstance(item, Event):
            start = item.date
        elif item is not None:
            start = item.span.start
        anchor = start or self.timeline.as_of
        # On the axis, where it can be seen: her grandparents' 1952 is before it.
        axis = self.query_one(ChartView).axis()
        day = min(max(anchor.earliest, axis.first), axis.last)
        monthly = (axis.last - axis.first).days <= 4 * 366
        self.set_date_cursor(PartialDate(day.year, day.month if monthly else None))

    def action_hide_date_cursor(self) -> None:
        self.set_date_cursor(None)

    def action_move_date_cursor(self, steps: int) -> None:
        cursor = self._cursor
        if cursor is None:
            return
        if cursor.month is not None:
            # A step is a month, a big step (10) a year.
            months = (
                cursor.year * 12
                + cursor.month
                - 1
                + (12 if abs(steps) > 1 else 1) * (1 if steps > 0 else -1)
            )
            year, month = divmod(months, 12)
            self.set_date_cursor(PartialDate(min(max(year, 1), 9999), month + 1))
        else:
            self.set_date_cursor(PartialDate(min(max(cursor.year + steps, 1), 9999)))

    def set_date_cursor(self, when: PartialDate | None) -> None:
        """Show the cursor at ``when`` with what held then under the chart, or hide it."""
        self._cursor = when
        chart = self.query_one(ChartView)
        if when is None:
            chart.chart.cursor = chart.chart.cursor_strip = None
            self.cursor_held = []  # at 100,000 events, a thousand items and more
        else:
            held = self.cursor_held = held_on(self.timeline, self.query_index, when)
            chart.chart.cursor = when
            chart.chart.cursor_strip = HeldText(self.timeline, when, held).text
        chart.refresh_for_height()
        self.refresh_bindings()

    def action_filter_to_cursor(self) -> None:
        if self._cursor is not None:
            year = self._cursor.year
            self.set_date_cursor(None)
            self.set_years(YearRange(year, year))

    def action_held_on(self) -> None:
        """Ask for a date and show all that held then; with the date cursor
        shown, show all of its date at once (its strip may be cut short)."""

        def show(when: PartialDate, held: list[Held]) -> None:
            text = held_text(self.timeline, when, held, separator="\n")

            def filtered(chosen: bool | None) -> None:
                if chosen:
                    self.set_date_cursor(None)
                    self.set_years(YearRange(when.year, when.year))

            self.app.push_screen(HeldOnScreen(text, f"What held on {when.format()}"), filtered)

        if self._cursor is not None:
            show(self._cursor, self.cursor_held)
            return

        def done(answer: Answer[PartialDate] | None) -> None:
            if answer is not None:
                show(answer.value, held_on(self.timeline, self.query_index, answer.value))

        self.app.push_screen(
            PromptScreen(
                "What held on…",
                "a date: 2022-09-01, 2022-09, 2022, Sept 2022 …",
                read_when,
            ),
            done,
        )

    def action_filter_kinds(self) -> None:
        current = ", ".join(sorted(self.active_filter.kinds))

        def done(answer: Answer[frozenset[str]] | None) -> None:
            if answer is not None:
                self.active_filter = replace(self.active_filter, kinds=answer.value)

        self.app.push_screen(
            PromptScreen(
                "Filter event kinds",
                f"any of: {', '.join(EVENT_KINDS)}; empty for all",
                read_kinds,
                current,
            ),
            done,
        )

    def action_clear_kinds(self) -> None:
        self.active_filter = replace(self.active_filter, kinds=frozenset())

    def action_copy_citations(self) -> None:
        item = self.selection_now()
        if item is None:
            self.notify("Nothing is selected, so there is nothing to copy.")
            return
        text = citations(self.timeline, item)
        if not text:
            self.notify("An era carries no citations of its own: its events do.")
            return
        self.app.copy_to_clipboard(text)
        count = text.count("\n") + 1
        self.notify(
            f"Copied {count} citation{'s' if count > 1 else ''} of “{one_line(item_title(item))}”",
            markup=False,
        )

    def action_copy_markdown(self) -> None:
        item = self.selection_now()
        if item is None:
            self.notify("Nothing is selected, so there is nothing to copy.")
            return
        self.app.copy_to_clipboard(item_markdown(self.timeline, item))
        self.notify(f"Copied “{one_line(item_title(item))}” as Markdown", markup=False)

    def reopen_command(self, data_path: str | None) -> str:
        """The command line that opens the app on this filter and selection."""
        argv = ["backes-tui"]
        if data_path is not None:
            argv += ["--data", data_path]
        flt = self.active_filter
        if flt.years is not None:
            argv += ["--year", flt.years.describe()]
        if flt.text.strip():
            argv += ["--search", flt.text.strip()]
        for kind in sorted(flt.kinds):
            argv += ["--kind", kind]
        selected = self.selection_now()
        if selected is not None:
            argv += ["--select", selected.id]
        return shlex.join(argv)

    def action_clear_search(self) -> None:
        self._apply_now(replace(self.active_filter, text=""))

    def action_clear_years(self) -> None:
        self.set_years(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape's two bindings: only the next layer to take off is live (and shown).
        if action == "clear_search":
            return bool(self.active_filter.text.strip())
        if action in ("move_date_cursor", "filter_to_cursor"):
            return self._cursor is not None
        if action == "hide_date_cursor":
            return self._cursor is not None
        if action == "clear_kinds":
            return not self.active_filter.text.strip() and bool(self.active_filter.kinds)
        if action == "next_match":
            return bool(self.active_filter.text.strip()) and any(
                self.pane(pane_id).items for pane_id in PANE_ORDER
            )
        if action == "clear_years":
            flt = self.active_filter
            return not flt.text.strip() and not flt.kinds and flt.years is not None
        return True
