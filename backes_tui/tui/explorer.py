"""The main screen's keys: each turns into a query of the timeline, a move
through the panes, or a dialog whose answer does.

What the screen shows, and the state that shapes it, is `ExplorerState`'s.
Beside them: back and forward (`history`), the notice line (`notice`), the
dialogs (`dialogs`), the export (`export`) and the clipboard (`clipboard`).
"""

from __future__ import annotations

import asyncio
import re

from msgspec.structs import replace
from textual import on, work
from textual.binding import Binding
from textual.screen import Screen

from backes_tui.formats.kinds import KINDS, Kind
from backes_tui.formats.lanes import axis_for
from backes_tui.formats.printable import one_line
from backes_tui.formats.records import marks_in_words
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import Event
from backes_tui.timeline.query import Filter, FilteredView
from backes_tui.timeline.search import fold
from backes_tui.timeline.stops import month_within, shift_within
from backes_tui.timeline.years import ParsedYears, YearRange
from backes_tui.tui import clipboard, dialogs
from backes_tui.tui.chart_view import ChartView
from backes_tui.tui.commands import JumpProvider
from backes_tui.tui.detail import DetailView
from backes_tui.tui.explorer_state import PANE_ORDER, ExplorerState
from backes_tui.tui.export import ExportChoice, export_in_thread
from backes_tui.tui.held import Held, held_on, held_text
from backes_tui.tui.reader_words import is_on

# A filter quicker than this follows every key typed; a slower one waits for a pause.
QUICK_FILTER = 0.03
TYPING_PAUSE = 0.2


class ExplorerScreen(ExplorerState):
    """The explorer, with its keys.

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
            "h",
            "move_date_cursor(-1)",
            "With the date cursor (t): back a step",
            show=False,
            id="cursor-back",
        ),
        Binding(
            "l",
            "move_date_cursor(1)",
            "With the date cursor (t): on a step",
            show=False,
            id="cursor-on",
        ),
        Binding(
            "H",
            "move_date_cursor(-10)",
            "With the date cursor (t): back a year or ten",
            show=False,
            id="cursor-back-more",
        ),
        Binding(
            "L",
            "move_date_cursor(10)",
            "With the date cursor (t): on a year or ten",
            show=False,
            id="cursor-on-more",
        ),
        Binding(
            "enter",
            "filter_to_cursor",
            "With the date cursor (t): filter to its year",
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
            "Without the date cursor: read the detail of the item",
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
        # Short for the footer, where "q Quit" must still fit at 80 columns;
        # the help reads the tooltip.
        Binding(
            "escape",
            "hide_date_cursor",
            "Hide cursor",
            tooltip="Hide the date cursor",
            id="hide-cursor",
        ),
        Binding("escape", "clear_search", "Clear search", id="clear-search"),
        Binding("escape", "clear_kinds", "Clear kinds", id="clear-kinds"),
        Binding("escape", "clear_years", "Clear years", id="clear-years"),
    ]

    def action_history(self, step: int) -> None:
        """Back (-1) or forward (1) through the jumps: each restores its filter,
        search, pane and selection."""
        entry = self.history.step(step, self._here())
        if entry is None:
            self.notify("Nothing further back." if step < 0 else "Nothing further forward.")
            return
        self.years_notice = entry.notice
        if entry.filter != self.active_filter:
            # Not through the watcher: going back is no jump to remember, and
            # the selection is shown once, below, for the item restored.
            self.set_reactive(ExplorerState.active_filter, entry.filter)
            self.apply_filter(show_selection=False)
            self.refresh_bindings()
        if entry.item is not None:
            self.pane(entry.pane).select_item(entry.item)
        self.action_focus_pane(entry.pane)
        # Shown once, here: the filter's own refresh would show the item the
        # pane left behind, only for this to replace it.
        self.set_reactive(ExplorerState.selected, entry.item)
        self.refresh_selection()

    @on(ChartView.Wheeled)
    def _wheeled_on_chart(self, event: ChartView.Wheeled) -> None:
        self.action_shift_years(event.direction)

    def action_enter_detail(self) -> None:
        """Focus the detail to scroll it; what it shows stays the same."""
        # Shown now, not when the pane's PaneFocused message comes: keys typed
        # ahead ("3", right, "1") would otherwise follow the links, or miss
        # them, of the item in the pane just left.
        self.selected = self.selection_now()
        self._focus_now(self.query_one(DetailView))

    def action_leave_detail(self) -> None:
        self.action_focus_pane(self.current_pane)

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

    def action_filter_years(self) -> None:
        def answered(parsed: ParsedYears | None) -> None:
            if parsed is None:
                self.set_years(None)
            else:
                self.set_years(parsed.years, parsed.notice)

        dialogs.ask_years(self.app, self.active_filter.years, answered)

    def action_search(self) -> None:
        before = self.active_filter.text

        def preview(text: str) -> None:
            flt = replace(self.active_filter, text=text)
            if self._filter_seconds < QUICK_FILTER:
                self._apply_now(flt)
            else:
                self._apply_after_typing(flt)

        def answered(text: str | None) -> None:
            anchor = self.history.anchor
            self._apply_now(replace(self.active_filter, text=before if text is None else text))
            if anchor is not None and self.history.anchor is anchor:
                # The last preview was the answer: no change left to record it.
                self.history.remember(anchor, self.active_filter)

        dialogs.ask_search(self.app, before, preview, answered)

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
        self._shift_within(years, direction * years.width)

    def action_shift_decade(self, direction: int) -> None:
        anchor = self._anchor_year()
        self._shift_within(self.active_filter.years or YearRange(anchor, anchor), direction * 10)

    def _shift_within(self, years: YearRange, delta: int) -> None:
        """Move the window, stopping where the unfiltered chart ends, and say so."""
        whole = axis_for(self.timeline, self.timeline.events, None, 1)
        moved = shift_within(years, delta, whole.first.year, whole.last.year)
        if moved != years.shifted(delta):
            edge = f"starts in {whole.first.year}" if delta < 0 else f"ends in {whole.last.year}"
            self.notify(f"The timeline {edge}: the years stop there", timeout=3)
        if moved != years:
            self.set_years(moved)

    def action_next_match(self, step: int) -> None:
        """The next (or previous) item the search found, across the panes in
        their order, wrapping around at the end as vim's n and N do."""
        # Live without a search too, to say why there is nothing to go to.
        if not self.active_filter.text.strip():
            self.notify("No search: / to search", timeout=3)
            return
        if not any(self.pane(pane_id).items for pane_id in PANE_ORDER):
            self.notify("The search finds nothing here", timeout=3)
            return
        pane = self.pane(self.current_pane)
        index = pane.highlighted
        if index is not None and 0 <= index + step < len(pane.items):
            self.action_focus_pane(pane.id or "")
            pane.highlighted = index + step
            return
        order = list(PANE_ORDER)
        start = order.index(self.current_pane)
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
        kind = KINDS[self.pane(self.current_pane).kind]
        described = one_line(flt.describe()) or "the whole timeline"
        described += f" ({len(view.events)} events)"
        words = re.sub(r"[^a-z0-9]+", "-", fold(f"{self.timeline.subject.name} {flt.describe()}"))
        stem = words.strip("-")[:80] or "timeline"

        def answered(choice: ExportChoice) -> None:
            self._export(choice, flt, view, kind)

        dialogs.ask_export(self.app, described, stem, kind.title, answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export", description="export")
    def _export(self, choice: ExportChoice, flt: Filter, view: FilteredView, kind: Kind) -> None:
        export_in_thread(self.app, choice, self.timeline, flt, view, kind, self.show_progress)

    def action_toggle_chart_key(self) -> None:
        self.query_one(ChartView).toggle_legend()

    def action_clear_filters(self) -> None:
        """Every filter at once (the palette's "Clear filters")."""
        if self.active_filter.active:
            self.active_filter = Filter()

    # -- the date cursor and "What held on…" ----------------------------------------

    def action_toggle_date_cursor(self) -> None:
        if self.date_cursor is not None:
            self.date_cursor = None
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
        self.date_cursor = PartialDate(day.year, day.month if monthly else None)

    def action_hide_date_cursor(self) -> None:
        self.date_cursor = None

    def action_move_date_cursor(self, steps: int) -> None:
        cursor = self.date_cursor
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
            wanted = divmod(months, 12)
            wanted = (wanted[0], wanted[1] + 1)
        else:
            wanted = (cursor.year + steps, 1)
        # Held on the axis as drawn, so its mark never leaves the chart.
        axis = self.query_one(ChartView).axis()
        low, high = (axis.first.year, axis.first.month), (axis.last.year, axis.last.month)
        if cursor.month is None:
            low, high = (low[0], 1), (high[0], 1)
        year, month = month_within(*wanted, low, high)
        if (year, month) != wanted:
            edge = axis.first if steps < 0 else axis.last
            shown = edge.strftime("%B %Y") if cursor.month is not None else str(edge.year)
            self.notify(f"The chart stops at {shown}: so does the date cursor", timeout=3)
        self.date_cursor = PartialDate(year, month if cursor.month is not None else None)

    def action_filter_to_cursor(self) -> None:
        if self.date_cursor is not None:
            year = self.date_cursor.year
            self.date_cursor = None
            self.set_years(YearRange(year, year))

    def action_held_on(self) -> None:
        """Ask for a date and show all that held then; with the date cursor
        shown, show all of its date at once (its strip may be cut short)."""

        def show(when: PartialDate, held: list[Held]) -> None:
            def chosen() -> None:
                self.date_cursor = None
                self.set_years(YearRange(when.year, when.year))

            with marks_in_words(is_on(self)):
                text = held_text(self.timeline, when, held, separator="\n")
            dialogs.show_held(self.app, text, when, chosen)

        if self.date_cursor is not None:
            show(self.date_cursor, self.cursor_held)
        else:
            dialogs.ask_date(
                self.app, lambda when: show(when, held_on(self.timeline, self.query_index, when))
            )

    def action_filter_kinds(self) -> None:
        def answered(kinds: frozenset[str]) -> None:
            self.active_filter = replace(self.active_filter, kinds=kinds)

        dialogs.ask_kinds(self.app, self.active_filter.kinds, answered)

    def action_clear_kinds(self) -> None:
        self.active_filter = replace(self.active_filter, kinds=frozenset())

    def action_copy_citations(self) -> None:
        clipboard.copy_citations(self.app, self.timeline, self.selection_now())

    def action_copy_markdown(self) -> None:
        clipboard.copy_markdown(self.app, self.timeline, self.selection_now())

    def reopen_command(self, data_path: str | None) -> str:
        """The command line that opens the app on this filter and selection."""
        return clipboard.reopen_command(data_path, self.active_filter, self.selection_now())

    def action_clear_search(self) -> None:
        self._apply_now(replace(self.active_filter, text=""))

    def action_clear_years(self) -> None:
        self.set_years(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape's two bindings: only the next layer to take off is live (and shown).
        if action == "clear_search":
            return bool(self.active_filter.text.strip())
        if action in ("move_date_cursor", "filter_to_cursor", "hide_date_cursor"):
            return self.date_cursor is not None
        if action == "clear_kinds":
            return not self.active_filter.text.strip() and bool(self.active_filter.kinds)
        if action == "clear_years":
            flt = self.active_filter
            return not flt.text.strip() and not flt.kinds and flt.years is not None
        return True
