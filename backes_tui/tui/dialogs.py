"""The explorer's questions: each opens its dialog and hands the answer on.

The dialogs only ask; what an answer does to the screen (a filter, a jump)
is the callback's, which the explorer gives. A cancelled dialog calls
nothing, except the search, whose previews must be taken back.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import App

from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import EVENT_KINDS
from backes_tui.timeline.readers import read_kinds, read_years, years_note
from backes_tui.timeline.when import read_when
from backes_tui.timeline.years import GRAMMAR_HINT, ParsedYears, YearRange
from backes_tui.tui.export import ExportChoice, ExportScreen
from backes_tui.tui.held import HeldOnScreen
from backes_tui.tui.prompt import Entered, PromptScreen

AnyApp = App[None]


def ask_years(
    app: AnyApp, current: YearRange | None, answered: Callable[[ParsedYears | None], None]
) -> None:
    """The years to filter to (None: all of them)."""

    def done(entered: Entered[ParsedYears | None] | None) -> None:
        if entered is not None:
            answered(entered.value)

    app.push_screen(
        PromptScreen(
            "Filter years",
            GRAMMAR_HINT + "; empty for all",
            read_years,
            "" if current is None else current.describe(),
            note=years_note,
        ),
        done,
    )


def ask_search(
    app: AnyApp,
    before: str,
    preview: Callable[[str], None],
    answered: Callable[[str | None], None],
) -> None:
    """Words to search for, each edit previewed; None when cancelled."""

    def done(entered: Entered[str] | None) -> None:
        answered(None if entered is None else entered.value)

    app.push_screen(
        PromptScreen(
            "Search",
            "words in titles, summaries, people and places",
            str,
            before,
            on_change=preview,
        ),
        done,
    )


def ask_kinds(
    app: AnyApp, current: frozenset[str], answered: Callable[[frozenset[str]], None]
) -> None:
    """The event kinds to keep (none: all of them)."""

    def done(entered: Entered[frozenset[str]] | None) -> None:
        if entered is not None:
            answered(entered.value)

    app.push_screen(
        PromptScreen(
            "Filter event kinds",
            f"any of: {', '.join(EVENT_KINDS)}; empty for all",
            read_kinds,
            ", ".join(sorted(current)),
        ),
        done,
    )


def ask_date(app: AnyApp, answered: Callable[[PartialDate], None]) -> None:
    """A date to show what held on."""

    def done(entered: Entered[PartialDate] | None) -> None:
        if entered is not None:
            answered(entered.value)

    app.push_screen(
        PromptScreen(
            "What held on…",
            "a date: 2022-09-01, 2022-09, 2022, Sept 2022 …",
            read_when,
        ),
        done,
    )


def show_held(app: AnyApp, text: Text, when: PartialDate, chosen: Callable[[], None]) -> None:
    """All that held on ``when``; ``chosen`` runs if the user asks to filter to its year."""

    def done(filter_to: bool | None) -> None:
        if filter_to:
            chosen()

    app.push_screen(HeldOnScreen(text, f"What held on {when.format()}"), done)


def ask_export(
    app: AnyApp,
    described: str,
    stem: str,
    pane_title: str,
    answered: Callable[[ExportChoice], None],
) -> None:
    """A format, and in a terminal the file to write."""

    def done(choice: ExportChoice | None) -> None:
        if choice is not None:
            answered(choice)

    app.push_screen(ExportScreen(described, stem, pane_title, in_browser=app.is_web), done)
