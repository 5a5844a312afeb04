"""The timeline as one self-contained HTML page, for a newsroom to publish or
a reader to open offline, with a screen reader as well as with eyes.

The page is made by a Jinja2 template with autoescaping on: every text from
the data reaches it as a plain string, so ``<b>`` and ``[RPCR]`` show as
written, and control or bidi characters are shown as escapes first
(`one_line`), as in every other format. Only the chart, which `svg` has
already escaped, goes in as markup.

Dates carry their precision in `<time datetime>`: "2023-09" for a month, never
a made-up day. Certainty, disputes and derived dates are written in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

import msgspec
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from backes_tui.formats.printable import one_line
from backes_tui.formats.svg import chart_svg
from backes_tui.timeline.dates import PartialDate, Precision, Span
from backes_tui.timeline.model import Cite, Conflict, Era, Event, Item, Office, Party, Timeline
from backes_tui.timeline.query import Filter, FilteredView

_PRECISION_WORDS = {
    Precision.DAY: "stated to the day",
    Precision.MONTH: "stated to the month",
    Precision.YEAR: "stated to the year",
}


class PageDate(msgspec.Struct, frozen=True):
    """A date as `<time>` needs it: ``machine`` holds only the parts stated."""

    machine: str
    words: str
    precision: str


class PageQuote(msgspec.Struct, frozen=True):
    text: str
    source: str
    backs: str  # which of the item's dates it backs, in words; empty: the item itself


class PageReading(msgspec.Struct, frozen=True):
    label: str
    date: PageDate
    quotes: list[PageQuote]


class PageDispute(msgspec.Struct, frozen=True):
    title: str
    summary: str
    readings: list[PageReading]


class PageLink(msgspec.Struct, frozen=True):
    """An office or party an event names; ``anchor`` empty when the view leaves it out."""

    name: str
    anchor: str


class PageWhen(msgspec.Struct, frozen=True):
    """When an item held or happened, as parts the template writes in words."""

    start: PageDate
    by: bool = False  # ``start`` is only the latest it can have been
    not_before: PageDate | None = None
    end: PageDate | None = None
    ongoing_as_of: PageDate | None = None
    end_unknown: bool = False


class PageItem(msgspec.Struct, frozen=True):
    """An era, office, party or event, as the template shows it."""

    anchor: str
    title: str
    summary: str
    when: PageWhen | None  # None: an undated event
    others: str  # the other readings of its disputed date, in words; empty if none
    facts: list[tuple[str, str]]  # plain "term: value" lines
    quotes: list[PageQuote]
    disputes: list[PageDispute]
    certainty: str  # within the filter's years, in words; empty without a year filter
    links: list[PageLink] = msgspec.field(default_factory=list)


def page_date(date: PartialDate) -> PageDate:
    """``date`` for `<time>`: "1952", "2023-09", "2023-10-10"; an approximate
    date keeps its stated parts and says "approximate" in words."""
    machine = f"{date.year:04d}"
    if date.month is not None:
        machine += f"-{date.month:02d}"
        if date.day is not None:
            machine += f"-{date.day:02d}"
    precision = _PRECISION_WORDS[date.precision]
    if date.approximate:
        precision = f"approximate, {precision}"
    elif date.precision is Precision.DAY:
        precision = ""  # a full date needs no word on how precise it is
    return PageDate(machine, date.format(), precision)


def _day(day: dt.date) -> PageDate:
    return page_date(PartialDate(day.year, day.month, day.day))


def _quotes(timeline: Timeline, cites: Sequence[Cite]) -> list[PageQuote]:
    return [
        PageQuote(
            one_line(cite.quote),
            one_line(timeline.source_title(cite.source)),
            " and ".join(f"its {part} date" for part in cite.supports),
        )
        for cite in cites
    ]


def _disputes(timeline: Timeline, conflicts: Sequence[Conflict]) -> list[PageDispute]:
    return [
        PageDispute(
            one_line(conflict.title),
            one_line(conflict.summary),
            [
                PageReading(
                    one_line(reading.label),
                    page_date(reading.date),
                    _quotes(timeline, reading.cites),
                )
                for reading in conflict.readings
            ],
        )
        for conflict in conflicts
    ]


def _certainty(timeline: Timeline, item: Item, view: FilteredView) -> str:
    if view.window is None:
        return ""
    reply = timeline.answer(item, *view.window)
    return "" if reply is None else reply.describe()


def _span_when(span: Span, timeline: Timeline) -> PageWhen:
    start = span.start
    return PageWhen(
        page_date(start),
        by=span.start_is_bound,
        not_before=None if start.not_before is None else _day(start.not_before),
        end=None if span.end is None else page_date(span.end),
        ongoing_as_of=page_date(timeline.as_of) if span.ongoing else None,
        end_unknown=span.end_unknown,
    )


def _event_when(event: Event) -> PageWhen | None:
    date = event.date
    if date is None:
        return None
    return PageWhen(
        page_date(date),
        by=event.by,
        not_before=None if date.not_before is None else _day(date.not_before),
        end=None if event.end is None else page_date(event.end),
    )


def _period(
    item: Era | Office | Party, anchor: str, timeline: Timeline, view: FilteredView
) -> PageItem:
    facts: list[tuple[str, str]] = []
    if isinstance(item, Party):
        title = f"{item.name} ({item.short})" if item.short != item.name else item.name
    else:
        title = item.title
    if not isinstance(item, Era):
        facts.append(("Length", item.span.length(timeline.as_of)))
    if isinstance(item, Office):
        facts += [("Predecessor", item.predecessor or "not stated")]
        facts += [("Successor", item.successor or "not stated")]
    return PageItem(
        anchor,
        one_line(title),
        one_line(item.summary),
        _span_when(item.span, timeline),
        one_line(timeline.other_readings(item) or ""),
        [(name, one_line(value)) for name, value in facts],
        [] if isinstance(item, Era) else _quotes(timeline, item.cites),
        _disputes(timeline, timeline.conflicts_for(item)),
        _certainty(timeline, item, view),
    )


def _event(
    event: Event, anchor: str, timeline: Timeline, view: FilteredView, anchors: dict[str, str]
) -> PageItem:
    text = event.text  # once: a large file's words are read back from it
    facts = [("Kind", event.kind)]
    age = timeline.event_age(event)
    if age is not None:
        facts.append(("Her age", age.format().removeprefix("age ")))
    if text.people:
        facts.append(("People", "; ".join(text.people)))
    if text.places:
        facts.append(("Places", "; ".join(text.places)))
    if event.derived:
        facts.append(("Where the date comes from", "the dates of the office or party it names"))
    links = [
        PageLink(one_line(timeline.party(p).name), anchors.get(f"party:{p}", ""))
        for p in event.parties
    ]
    links += [
        PageLink(one_line(timeline.office(o).title), anchors.get(f"office:{o}", ""))
        for o in event.offices
    ]
    return PageItem(
        anchor,
        one_line(text.title),
        one_line(text.summary),
        _event_when(event),
        one_line(timeline.other_readings(event) or ""),
        [(name, one_line(value)) for name, value in facts],
        _quotes(timeline, text.cites),
        _disputes(timeline, timeline.conflicts_for(event)),
        _certainty(timeline, event, view),
        links,
    )


@cache
def _environment() -> Environment:
    # Autoescape on for every template: data is text, never markup.
    return Environment(
        loader=PackageLoader("backes_tui.formats", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _inline_chart(timeline: Timeline, view: FilteredView, flt: Filter) -> Markup:
    """The chart's SVG as an element of the page, named and described for a
    screen reader, which reads the lists below instead of its drawing."""
    svg = chart_svg(timeline, view, flt.years)
    svg = svg.removeprefix('<?xml version="1.0" encoding="UTF-8"?>\n')
    svg = svg.replace(
        "<svg ", '<svg role="img" aria-labelledby="chart-title" aria-describedby="chart-desc" ', 1
    )
    described = (
        "Eras, parties and offices drawn as bars in lanes along a time axis, "
        "and the events as numbered marks on it. "
        "The lists of eras, offices, parties and events on this page say the same in words."
    )
    desc = f'<desc id="chart-desc">{escape(described)}</desc>'
    svg = svg.replace("<title>", '<title id="chart-title">', 1)
    svg = svg.replace("</title>", f"</title>{desc}", 1)
    # Every text in it was escaped by `svg`; the rest is our own markup.
    return Markup(svg)


def timeline_page(timeline: Timeline, view: FilteredView, flt: Filter) -> str:
    """``view`` of ``timeline`` as an HTML document; ``flt`` is what it was made with."""
    anchors: dict[str, str] = {}
    sections: dict[str, list[PageItem]] = {}
    lanes: tuple[tuple[str, Sequence[Era | Office | Party]], ...] = (
        ("era", view.eras),
        ("office", view.offices),
        ("party", view.parties),
    )
    for kind, items in lanes:
        sections[kind] = []
        for number, item in enumerate(items, start=1):
            anchors[f"{kind}:{item.id}"] = f"{kind}-{number}"
            sections[kind].append(_period(item, f"{kind}-{number}", timeline, view))
    events = [
        _event(event, f"event-{number}", timeline, view, anchors)
        for number, event in enumerate(view.events, start=1)
    ]
    window = view.window
    template = _environment().get_template("timeline.html")
    return template.render(
        subject=one_line(timeline.subject.name),
        shown=one_line(flt.describe()) or "the whole timeline",
        years=None if flt.years is None else flt.years.describe(),
        sources=[one_line(source.title) for source in timeline.sources],
        as_of=page_date(timeline.as_of),
        past_as_of=window is not None and timeline.after_as_of(window[1]),
        chart=_inline_chart(timeline, view, flt),
        eras=sections["era"],
        offices=sections["office"],
        parties=sections["party"],
        events=events,
    )
