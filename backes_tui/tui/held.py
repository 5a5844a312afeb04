"""What held on a date, on screen: the app's `on DATE`.

The date cursor's strip under the chart and the "What held on…" dialog both
show it: her age, the eras, offices and parties that certainly ("") or
possibly ("?") held, or are disputed ("⚠"), and the events within the date.
An item reaching the date only through a side the source does not state is
marked "◌" and followed by what the source does say ("start not stated:
member by 4 July 2022").
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from backes_tui.formats.kinds import KINDS
from backes_tui.formats.printable import one_line
from backes_tui.formats.records import in_words
from backes_tui.formats.view import horizon_note
from backes_tui.timeline.certainty import Answer
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import Item, Timeline, item_title
from backes_tui.timeline.query import FilteredView, TimelineQuery
from backes_tui.timeline.sides import unstated_words

MARKS = {"certain": "", "possible": "?", "disputed": "⚠", "not_stated": "◌"}


def _marked(certainty: str, name: str) -> str:
    if in_words():
        # "not_stated" is followed by its own words (which side is not stated).
        return name if certainty in ("certain", "not_stated") else f"{name} ({certainty})"
    return MARKS.get(certainty, "") + name


class Held:
    """One item that held (or happened) within the date, and how sure that is:
    asked when first wanted, since a year of a large timeline holds far more
    items than the date cursor's strip names. Slotted: at 100,000 events a
    year holds over a thousand items, each one of these."""

    __slots__ = ("_answer", "_asked", "_timeline", "_window", "item", "kind")

    def __init__(
        self, kind: str, item: Item, timeline: Timeline, window: tuple[date, date]
    ) -> None:
        self.kind = kind
        self.item = item
        self._timeline = timeline
        self._window = window
        self._asked = False
        self._answer: Answer | None = None

    @property
    def answer(self) -> Answer | None:
        if not self._asked:
            self._answer = self._timeline.answer(self.item, *self._window)
            self._asked = True
        return self._answer

    @property
    def certainty(self) -> str | None:
        return None if self.answer is None else self.answer.label


def held_on(timeline: Timeline, query: TimelineQuery, when: PartialDate) -> list[Held]:
    """Every era, office, party and event of `on DATE`, in that order."""
    view = query.on(when)
    window = (when.earliest, when.latest)
    return [
        Held(kind.kind, item, timeline, window)
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
    """The answer, to be put together whole or, for the date cursor's strip,
    cut to a room in characters: each kind then says how many it left out,
    and the text ends by saying where all of them are. Names (and their
    certainty) are worked out only as far as the room needs: a year of a
    large timeline holds thousands."""

    def __init__(
        self, timeline: Timeline, when: PartialDate, held: list[Held], *, separator: str = " · "
    ) -> None:
        self.short = separator != "\n"  # short names on one strip
        self.timeline = timeline
        age = timeline.age(when)
        self.head = f"On {when.format()}" + (f" ({age.format()})" if age else "")
        note = horizon_note(timeline, when.latest)
        self.note = f"{separator}{note}" if note else ""
        self.separator = separator
        self.titles = [kind.title for kind in KINDS.values()]
        self.held = [[h for h in held if h.kind == kind.kind] for kind in KINDS.values()]
        self.names: list[list[str]] = [[] for _ in self.held]

    def named(self, index: int, room: int | None = None) -> list[str]:
        """The names of a kind's items, all of them or as many as it takes for
        their list to run past ``room`` characters."""
        names, held = self.names[index], self.held[index]
        length = sum(len(name) + 2 for name in names) - 2
        while len(names) < len(held) and (room is None or length <= room):
            h = held[len(names)]
            certainty = h.certainty or "certain"
            name = _marked(certainty, one_line(_name(h.item, self.short)))
            if certainty == "not_stated":
                # On the one-line strip, which side; in the dialog, what is known.
                words = unstated_words(self.timeline, h.item)
                name += f" ({words.split(':')[0] if self.short else words})"
            names.append(name)
            length += len(name) + 2
        return names

    def listed(self, index: int) -> str:
        """A kind's names, whole."""
        return "; ".join(self.named(index)) or "none"

    def text(self, room: int | None = None) -> Text:
        separator = self.separator
        text = Text(self.head, style="bold")
        text.append(self.note)
        kinds = range(len(self.titles))
        if room is None:
            listed, cut = [self.listed(index) for index in kinds], False
        else:
            fixed = len(text) + sum(len(f"{separator}{title}: ") for title in self.titles)
            listed, cut = self._fitted(room - fixed - len(separator + ALL_OF_THEM))
        for title, shown in zip(self.titles, listed, strict=True):
            text.append(f"{separator}{title}: ", style="bold")
            text.append(shown)
        if cut:
            text.append(f"{separator}{ALL_OF_THEM}")
        return text

    def _fitted(self, room: int) -> tuple[list[str], bool]:
        """Each kind's names within a share of ``room``: a kind needing less
        than its share leaves the rest to the others, so the short lists stay
        whole. Whether any was cut comes second."""
        # No room at all (a narrow strip) cuts every list that has a name.
        room = max(room, 0)
        # A list's length, or one past the room for a list longer than it
        # (named only that far): such a list is cut whatever its length.
        lengths = [
            len(self.listed(index))
            if len(self.named(index, room)) == len(self.held[index])
            else room + 1
            for index in range(len(self.held))
        ]
        if sum(lengths) <= room:
            return [self.listed(index) for index in range(len(self.held))], False
        fitted = [""] * len(lengths)
        left, kinds_left, cut = room, len(lengths), False
        for index in sorted(range(len(lengths)), key=lengths.__getitem__):
            share = left // kinds_left
            if lengths[index] > share and self.held[index]:
                fitted[index] = _cut(self.named(index, share), len(self.held[index]), share)
                cut = True
            else:
                fitted[index] = self.listed(index)
            left -= len(fitted[index])
            kinds_left -= 1
        return fitted, cut


def uncertain_counts(view: FilteredView) -> str:
    """The header's words for the events a window holds only possibly, and
    those it reaches only through a side the source does not state."""
    parts = [f"{view.uncertain_events} possible"] if view.uncertain_events else []
    if view.unstated_events:
        parts.append(f"{view.unstated_events} not stated")
    return f" ({', '.join(parts)})" if parts else ""


# Where the date cursor's strip sends a reader it had to cut short.
ALL_OF_THEM = "o lists them all"


def _cut(names: list[str], count: int, room: int) -> str:
    """As many of ``names`` (the first of ``count``) as fit in ``room``, then
    how many more there are; if none fits, how many are not shown."""
    kept: list[str] = []
    used = len(f" +{count} more")
    for name in names:
        used += len(name) + 2
        if used > room:
            break
        kept.append(name)
    if not kept:
        return f"{count} not shown"  # a bare number read as a count of nothing
    return "; ".join(kept) + f" +{count - len(kept)} more"


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
