"""The detail view: everything known about one item, with its citations.

`describe` is plain Rich so it can be tested without an app; `DetailView` is
the thin widget that shows it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import msgspec
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message

from backes_tui.formats.kinds import KINDS
from backes_tui.formats.printable import one_line, printable
from backes_tui.formats.records import in_words, length, marks_in_words
from backes_tui.timeline.dates import AgeRange, PartialDate
from backes_tui.timeline.model import (
    Cite,
    Era,
    Event,
    Item,
    Office,
    Party,
    Timeline,
    item_kind,
    item_title,
)
from backes_tui.tui.colours import BOLD, DIM, ITALIC, UNDERLINED, component_text
from backes_tui.tui.drawn_view import DrawnView
from backes_tui.tui.keys_in_order import KeysAreBindings
from backes_tui.tui.panes import highlight
from backes_tui.tui.reader_words import is_on

_LABEL = "bold"


class DetailStyles(msgspec.Struct, frozen=True):
    """The detail's colours; the widget fills them from the active theme."""

    heading: Style = BOLD
    quote: Style = ITALIC
    warning: Style = BOLD
    muted: Style = DIM
    match: Style = UNDERLINED


LINK = "detail-link"
KEYED_LINKS = 9  # followed with the keys 1 to 9; any link with a click


class Links(msgspec.Struct):
    """The items a detail mentions and can go to, numbered as shown."""

    items: list[Item] = msgspec.field(default_factory=list)
    style: Style = UNDERLINED

    def link(self, item: Item, text: str) -> Text:
        """``text`` as a link to ``item``: "[1] text", tagged for a click; an
        item mentioned twice keeps its first number."""
        known = [index for index, linked in enumerate(self.items, start=1) if linked is item]
        if known:
            number = known[0]
        else:
            self.items.append(item)
            number = len(self.items)
        mark = f"[{number}] " if number <= KEYED_LINKS else ""
        return Text.assemble(mark, (one_line(text), self.style + Style.from_meta({LINK: number})))


def _line(label: str, value: str | Text) -> Text:
    return Text.assemble(
        (f"{label}: ", _LABEL), value if isinstance(value, Text) else one_line(value)
    )


# Field names of the article's infobox, as its text writes them ("Termend",
# "Term Start1"): such a quote is marked as the infobox's, never reworded, so
# that a reader searching the article for the displayed text finds it.
_INFOBOX_FIELDS = frozenset(
    {
        "office",
        "primeminister",
        "predecessor",
        "successor",
        "termstart",
        "termend",
        "term start",
        "birth name",
        "birth place",
        "nationality",
        "party",
        "otherparty",
    }
)
_INFOBOX_QUOTE = re.compile(r"([A-Za-z]+(?: [A-Za-z]+)?)\d*: (.+)", re.DOTALL)


def shown_quote(quote: str) -> str:
    """A quote in quotation marks, exactly as stored; an infobox line says so:
    "Infobox · “Term Start1: 17 May 2019”"."""
    match = _INFOBOX_QUOTE.fullmatch(quote)
    if match is None or match.group(1).lower() not in _INFOBOX_FIELDS:
        return f"“{quote}”"
    return f"Infobox · “{quote}”"


def _cites(
    timeline: Timeline,
    cites: tuple[Cite, ...],
    indent: int,
    name_sources: bool,
    styles: DetailStyles,
) -> list[Padding]:
    """Each quote as an indented block, wrapped lines too, with its source
    under it when the detail's quotes do not all share one."""
    blocks = []
    for cite in cites:
        # A long unbroken quote folds, never cut.
        quote = Text(printable(shown_quote(cite.quote)), style=styles.quote, overflow="fold")
        blocks.append(Padding(quote, (0, 0, 0, indent)))
        if name_sources:
            source = Text(f"— {one_line(timeline.source_title(cite.source))}", style=styles.muted)
            blocks.append(Padding(source, (0, 0, 0, indent)))
    return blocks


def _placed_by(
    timeline: Timeline, item: Item, links: Links, name_sources: bool, styles: DetailStyles
) -> list[RenderableType]:
    """What the source says of this item's date against another's, each with
    the quote that says so (the file's relations)."""
    parts: list[RenderableType] = []
    for relation in timeline.relations:
        if item.id not in (relation.item, relation.of):
            continue
        mine = relation.item == item.id
        other = timeline.find(relation.of if mine else relation.item)
        if other is None:
            continue
        side = f"its {relation.side}, " if relation.side else ""
        link = links.link(other, item_title(other))
        if mine:
            said = Text.assemble(f"  {(side + relation.relation).capitalize()}: ", link)
        else:
            said = Text.assemble("  ", link, f": {side}{relation.relation} this")
        parts += [said, *_cites(timeline, relation.cites, 4, name_sources, styles)]
    return [Text(""), Text("Placed by the text", style=_LABEL), *parts] if parts else []


def _event_facts(timeline: Timeline, event: Event, links: Links) -> list[Text]:
    lines = []
    if event.date is None:
        lines.append(_line("Date", "none given, so no year filter shows it"))
    else:
        age = timeline.event_age(event)
        when = f"{event.format_date()} (known to the {event.date.precision.name.lower()}"
        if event.by:
            when += "; an upper bound: it may have been earlier"
        elif event.after:
            when += "; a lower bound: the article states no later limit"
        elif event.held:
            when += "; a state that held then: its start is not stated"
        if event.date.approximate:
            when += f"; approximate: {event.date.earliest.year}–{event.date.latest.year}"
        if event.date.not_before is not None:
            when += f"; not before {_day(event.date.not_before)}"
        lines.append(_line("Date", when + ")"))
        lines.append(_line("Age", age.format().removeprefix("age ") if age else "before her birth"))
    lines.append(_line("Kind", event.kind + (" · derived from a period" if event.derived else "")))
    if event.offices:
        offices = [links.link(timeline.office(o), timeline.office(o).title) for o in event.offices]
        lines.append(_line("Offices", Text("; ").join(offices)))
    if event.parties:
        parties = [links.link(timeline.party(p), timeline.party(p).name) for p in event.parties]
        lines.append(_line("Parties", Text("; ").join(parties)))
    if event.people:
        lines.append(_line("People", ", ".join(event.people)))
    if event.places:
        lines.append(_line("Places", ", ".join(event.places)))
    return lines


def _period_facts(timeline: Timeline, item: Era | Office | Party, warning: Style) -> list[Text]:
    span = item.span
    lines = [_line(KINDS[item_kind(item)].span_label, span.format(timeline.as_of))]
    others = timeline.other_readings(item)
    if others:
        # The disputed end, marked where the date is read.
        mark = ", disputed: or" if in_words() else " ⚠ or"
        lines[0].append(f"{mark} {others}", style=warning)
    if span.start.not_before is not None:
        lines.append(_line("Start", f"not before {_day(span.start.not_before)}"))
    if not isinstance(item, Era):
        lines.append(_line("Length", length(item, timeline)))  # a range where disputed
    start_age = timeline.age(span.start)
    if start_age and span.start_is_bound:
        start_age = AgeRange(0, start_age.high)  # it may have begun any time before
    if start_age:
        lines.append(_line("Age at start", start_age.format().removeprefix("age ")))
    if isinstance(item, Office):
        lines.append(_line("Predecessor", item.predecessor or "not given"))
        lines.append(
            _line("Successor", item.successor or ("none yet" if span.ongoing else "not given"))
        )
        if item.note:
            lines.append(_line("Note", item.note))
    if isinstance(item, Party):
        lines.append(_line("Short name", item.short))
    if not isinstance(item, Era) and item.aliases:
        lines.append(_line("Also called", "; ".join(item.aliases)))
    return lines


def _day(day: dt.date) -> str:
    return PartialDate(day.year, day.month, day.day).format()


RELATED_SHOWN = 12


NOTHING_SELECTED = "Nothing selected. Move the cursor in a pane to see its details."


def describe(
    timeline: Timeline,
    item: Item | None,
    related: Sequence[Event] = (),
    empty: str = NOTHING_SELECTED,
    *,
    words: Sequence[str] = (),
    styles: DetailStyles = DetailStyles(),
    links: Links | None = None,
) -> RenderableType:
    """Everything about ``item``, with the search ``words`` marked; ``empty``
    says why there is none. What it mentions and can go to is added to ``links``."""
    links = links if links is not None else Links()
    if item is None:
        return Text(one_line(empty), style=styles.muted)
    parts: list[RenderableType] = [Text(one_line(item_title(item)), style=styles.heading)]
    cites = () if isinstance(item, Era) else item.cites
    conflicts = timeline.conflicts_for(item)
    every = [*cites, *(c for conflict in conflicts for r in conflict.readings for c in r.cites)]
    # One source for every quote here: named once, in the Sources heading.
    name_sources = len({cite.source for cite in every}) > 1
    if isinstance(item, Event):
        parts += _event_facts(timeline, item, links)
    else:
        parts += _period_facts(timeline, item, styles.warning)
    parts += [Text(""), Text(printable(item.summary))]

    for conflict in conflicts:
        mark = "Disputed:" if in_words() else "⚠"
        parts += [Text(""), Text(f"{mark} {one_line(conflict.title)}", style=styles.warning)]
        parts.append(Text(printable(conflict.summary)))
        for reading in conflict.readings:
            parts.append(
                Text.assemble(
                    "  • ", (one_line(reading.label), _LABEL), f": {reading.date.format()}"
                )
            )
            parts += _cites(timeline, reading.cites, 4, name_sources, styles)
        others = [
            other
            for other_id in (*conflict.offices, *conflict.parties, *conflict.eras, *conflict.events)
            if (other := timeline.find(other_id)) is not None and other is not item
        ]
        if others:
            # Kind first: an office and the era named after it read alike.
            named = [
                Text.assemble(
                    f"{KINDS[item_kind(other)].label.lower()} ",
                    links.link(other, item_title(other)),
                )
                for other in others
            ]
            parts.append(
                Text.assemble(("  Also in this dispute: ", _LABEL), Text("; ").join(named))
            )

    parts += _placed_by(timeline, item, links, name_sources, styles)
    if related:
        parts += [Text(""), Text(f"Related events ({len(related)})", style=_LABEL)]
        shown = related[:RELATED_SHOWN]
        parts += [Text(f"  {e.format_date():<16} ") + links.link(e, e.title) for e in shown]
        if len(related) > len(shown):
            more = len(related) - len(shown)
            parts.append(
                Text(f"  … and {more} more: enter filters to this span", style=styles.muted)
            )

    heading = f"Sources ({len(cites)})"
    if every and not name_sources:
        heading += f", all from {one_line(timeline.source_title(every[0].source))}"
    parts += [Text(""), Text(heading, style=_LABEL)]
    if cites:
        parts += _cites(timeline, cites, 2, name_sources, styles)
    else:
        parts.append(
            Text(
                "  An era is an editorial grouping; its events carry the sources.",
                style=styles.muted,
            )
        )
    for part in parts:
        text = part.renderable if isinstance(part, Padding) else part
        if isinstance(text, Text):
            highlight(text, words, styles.match)
    return Group(*parts)


class DetailView(KeysAreBindings, DrawnView, can_focus=True):
    """Scrollable details for the highlighted item."""

    COMPONENT_CLASSES = {
        "detail--heading",
        "detail--quote",
        "detail--warning",
        "detail--muted",
        "detail--match",
    }
    DEFAULT_CSS = """
    DetailView {
        & > .detail--heading { color: $text-accent; text-style: bold; }
        & > .detail--quote { color: $text-success; text-style: italic; }
        & > .detail--warning { color: $text-warning; text-style: bold; }
        & > .detail--muted { color: $text-muted; }
        & > .detail--match { text-style: bold underline; }
    }
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll the detail down", show=False, id="detail-down"),
        Binding("k", "scroll_up", "Scroll the detail up", show=False, id="detail-up"),
        Binding("g", "scroll_home", "Top of the detail", show=False, id="detail-top"),
        Binding("G", "scroll_end", "Bottom of the detail", show=False, id="detail-bottom"),
        Binding(
            "space",
            "page_down",
            "A screenful down in the detail",
            show=False,
            id="detail-page-down",
        ),
        *(
            Binding(
                str(n),
                f"follow({n})",
                "In the detail: go to the numbered link",
                show=False,
                id=f"follow-link-{n}",
            )
            for n in range(1, KEYED_LINKS + 1)
        ),
        # Back to the pane whose item this is; the item stays the same.
        Binding(
            "left,h,escape",
            "screen.leave_detail",
            "Back to the pane",
            show=False,
            id="leave-detail",
        ),
    ]

    class Follow(Message):
        """A link in the detail was chosen: go to ``item``."""

        def __init__(self, item: Item) -> None:
            super().__init__()
            self.item = item

    shown: RenderableType = ""
    links: Links = Links()
    _shown_args: tuple[Timeline, Item | None, Sequence[Event], str, tuple[str, ...]] | None = None
    # The theme's colours for the detail, worked out once per theme.
    _styles: tuple[str, DetailStyles] | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A number with no link of its own keeps its meaning on the screen (a pane).
        if action == "follow":
            number = parameters[0] if parameters else 0
            return isinstance(number, int) and 0 < number <= len(self.links.items)
        return True

    def action_follow(self, number: int) -> None:
        self.post_message(self.Follow(self.links.items[number - 1]))

    def on_click(self, event: events.Click) -> None:
        number = event.style.meta.get(LINK)
        if isinstance(number, int):
            self.action_follow(number)

    def on_mount(self) -> None:
        # Its colours are the theme's: a new theme draws it again.
        # After the new theme's styles are in place, so they are the ones read.
        self.watch(self.app, "theme", self._redraw_after_refresh, init=False)

    def _redraw_after_refresh(self) -> None:
        self.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        self._styles = None  # the new theme's, now that its styles are in place
        if self._shown_args is not None:
            self._draw(*self._shown_args, keep_scroll=True)

    def show(
        self,
        timeline: Timeline,
        item: Item | None,
        related: Sequence[Event],
        empty: str = NOTHING_SELECTED,
        words: Sequence[str] = (),
    ) -> None:
        self._shown_args = (timeline, item, related, empty, tuple(words))
        self._draw(*self._shown_args, keep_scroll=False)

    def _draw(
        self,
        timeline: Timeline,
        item: Item | None,
        related: Sequence[Event],
        empty: str,
        words: tuple[str, ...],
        *,
        keep_scroll: bool,
    ) -> None:
        styles = self._detail_styles()
        self.links = Links(style=styles.match)
        with marks_in_words(is_on(self)):
            self.shown = describe(
                timeline, item, related, empty, words=words, styles=styles, links=self.links
            )
        self.show_renderable(self.shown, keep_scroll=keep_scroll)

    def _detail_styles(self) -> DetailStyles:
        if self._styles is None or self._styles[0] != self.app.theme:
            names = ("heading", "quote", "warning", "muted", "match")
            styles = DetailStyles(*(component_text(self, f"detail--{n}") for n in names))
            self._styles = (self.app.theme, styles)
        return self._styles[1]
