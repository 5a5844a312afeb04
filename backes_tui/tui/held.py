"""What held on a date, on screen: the app's `on DATE`.

The date cursor's strip under the chart and the "What held on…" dialog both
show it: her age, the eras, offices and parties that certainly ("") or
possibly ("?") held, or are disputed ("⚠"), and the events within the date.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from backes_tui.formats.kinds import KINDS
from backes_tui.formats.printable import one_line
from backes_tui.formats.view import horizon_note
from backes_tui.timeline.certainty import Answer
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import Item, Timeline, item_title
from backes_tui.timeline.query import TimelineQuery

MARKS = {"certain": "", "possible": "?", "disputed": "⚠"}


@dataclass(frozen=True)
class Held:
    """One item that held (or happened) within the date, and how sure that is."""

    kind: str
    item: Item
    answer: Answer | None

    @property
    def certainty(self) -> str | None:
        return None if self.answer is None else self.answer.label


def held_on(timeline: Timeline, query: TimelineQuery, when: PartialDate) -> list[Held]:
    """Every era, office, party and event of `on DATE`, in that order."""
    view = query.on(when)
    window = (when.earliest, when.latest)
    return [
        Held(kind.kind, item, timeline.answer(item, *window))
        for kind in KINDS.values()
        for item in kind.items(view)
    ]


def held_text(
    timeline: Timeline, when: PartialDate, held: list[Held], *, separator: str = " · "
) -> Text:
    """The answer: "On September 2022 (age 46) · Eras: …", each part after
    ``separator`` (a new line for the dialog)."""
    return HeldText(timeline, when, held, separator=separator).text()


class HeldText:
    """The answer's parts, worked out once (a year of a large timeline holds
    thousands of names), to be put together whole or, for the date cursor's
    strip, cut to a room in characters: each kind then says how many it left
    out, and the text ends by saying where all of them are."""

    def __init__(
        self, timeline: Timeline, when: PartialDate, held: list[Held], *, separator: str = " · "
    ) -> None:
        short = separator != "\n"  # short names on one strip
        age = timeline.age(when)
        self.head = f"On {when.format()}" + (f" ({age.format()})" if age else "")
        note = horizon_note(timeline, when.latest)
        self.note = f"{separator}{note}" if note else ""
        self.separator = separator
        self.titles = [kind.title for kind in KINDS.values()]
        self.names = [
            [
                MARKS.get(h.certainty or "certain", "") + one_line(_name(h.item, short))
                for h in held
                if h.kind == kind.kind
            ]
            for kind in KINDS.values()
        ]
        self.whole = ["; ".join(each) if each else "none" for each in self.names]

    def text(self, room: int | None = None) -> Text:
        separator = self.separator
        text = Text(self.head, style="bold")
        text.append(self.note)
        listed = self.whole
        if room is not None:
            fixed = len(text) + sum(len(f"{separator}{title}: ") for title in self.titles)
            listed = _fitted(self.names, self.whole, room - fixed - len(separator + ALL_OF_THEM))
        for title, shown in zip(self.titles, listed, strict=True):
            text.append(f"{separator}{title}: ", style="bold")
            text.append(shown)
        if listed != self.whole:
            text.append(f"{separator}{ALL_OF_THEM}")
        return text


# Where the date cursor's strip sends a reader it had to cut short.
ALL_OF_THEM = "o lists them all"


def _fitted(names: list[list[str]], listed: list[str], room: int) -> list[str]:
    """Each kind's names within a share of ``room``: a kind needing less than
    its share leaves the rest to the others, so the short lists stay whole."""
    if sum(map(len, listed)) <= room:
        return listed
    fitted = list(listed)
    left, kinds_left = room, len(listed)
    for index in sorted(range(len(listed)), key=lambda i: len(listed[i])):
        share = left // kinds_left
        if len(listed[index]) > share:
            fitted[index] = _cut(names[index], share)
        left -= len(fitted[index])
        kinds_left -= 1
    return fitted


def _cut(names: list[str], room: int) -> str:
    """As many of ``names`` as fit in ``room``, then how many more there are."""
    kept: list[str] = []
    used = len(f" +{len(names)} more")
    for name in names:
        used += len(name) + 2
        if used > room:
            break
        kept.append(name)
    if not kept:
        return f"{len(names)}"
    return "; ".join(kept) + f" +{len(names) - len(kept)} more"


def _name(item: Item, short: bool) -> str:
    """The title; on a strip, a long one's short form where it has one."""
    brief = getattr(item, "short", None)
    if short and isinstance(brief, str) and brief and len(item_title(item)) > 40:
        return brief
    return item_title(item)


class HeldOnScreen(ModalScreen[bool]):
    """What held on a date, in full; enter filters to its year, escape closes."""

    DEFAULT_CSS = """
    HeldOnScreen {
        align: center middle;
    }
    #held-box {
        width: 90;
        max-width: 95%;
        height: auto;
        max-height: 80%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss(False)", "Close", id="close-dialog"),
        Binding("enter", "dismiss(True)", "Filter to its year", id="held-filter"),
    ]

    def __init__(self, text: Text, title: str) -> None:
        super().__init__()
        self.text = text
        self.box_title = title

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="held-box") as box:
            box.border_title = self.box_title
            box.border_subtitle = "enter filters to its year · esc closes"
            yield Static(self.text, id="held-text")
