"""Export to Knight Lab's TimelineJS JSON format, which newsrooms embed.

Field by field (the format's own documentation): a `title` slide for the
subject; one slide per stored event, office and party, with `start_date` and
`end_date` objects holding only the parts the date states, `display_date` for
what a date object cannot say ("c. 2005", "by July 2022", "ongoing", "end not
stated"), `text.headline`, and `text.text` with the summary and its quotes as
blockquotes; `group` by kind; `unique_id` our id; and `eras`. Derived events
(joining, leaving) are left out: the party and office slides carry them.
Every string from the data is HTML-escaped, since TimelineJS renders HTML.
"""

from __future__ import annotations

import html
from typing import Any

from backes_tui.formats.losses import Losses
from backes_tui.formats.printable import printable
from backes_tui.timeline.dates import PartialDate, Span
from backes_tui.timeline.model import Cite, Event, Item, Office, Party, Timeline, item_title
from backes_tui.timeline.query import FilteredView

Json = dict[str, Any]


def date_object(date: PartialDate) -> Json:
    """Only the parts the date states."""
    found: Json = {"year": date.year}
    if date.month is not None:
        found["month"] = date.month
    if date.day is not None:
        found["day"] = date.day
    return found


def _escape(text: str) -> str:
    return html.escape(printable(text))


def _text(timeline: Timeline, item: Item, cites: tuple[Cite, ...], folded: set[str]) -> Json:
    """The slide's text; the ids of conflicts folded into it are added to ``folded``."""
    parts = [f"<p>{_escape(item.summary)}</p>"]
    for conflict in timeline.conflicts_for(item):
        folded.add(conflict.id)
        readings = "; ".join(f"{r.label}: {r.date.format()}" for r in conflict.readings)
        parts.append(f"<p>⚠ {_escape(conflict.title)} {_escape(readings)}</p>")
    for cite in cites:
        source = _escape(timeline.source_title(cite.source))
        parts.append(f"<blockquote>“{_escape(cite.quote)}” — {source}</blockquote>")
    return {"headline": _escape(item_title(item)), "text": "".join(parts)}


def _span_display(span: Span, timeline: Timeline) -> str:
    return span.format(timeline.as_of)


def _event_slide(timeline: Timeline, event: Event, losses: Losses, folded: set[str]) -> Json | None:
    if event.date is None:
        losses.add("undated events left out (a slide needs a start date)")
        return None
    slide: Json = {
        "start_date": date_object(event.date),
        "text": _text(timeline, event, event.cites, folded),
        "group": event.kind,
        "unique_id": event.id,
    }
    if event.end is not None:
        slide["end_date"] = date_object(event.end)
    if event.open_sided or event.date.approximate or event.date.not_before:
        slide["display_date"] = _escape(event.format_date())
    return slide


def _period_slide(timeline: Timeline, item: Office | Party, folded: set[str]) -> Json:
    span = item.span
    slide: Json = {
        "start_date": date_object(span.start),
        "text": _text(timeline, item, item.cites, folded),
        "group": "office" if isinstance(item, Office) else "party",
        "unique_id": item.id,
        "display_date": _escape(_span_display(span, timeline)),
    }
    if span.end is not None:
        slide["end_date"] = date_object(span.end)
    return slide


def to_timelinejs(timeline: Timeline, view: FilteredView) -> tuple[Json, Losses]:
    losses = Losses("TimelineJS")
    subject = timeline.subject
    title = {
        "text": {
            "headline": _escape(subject.name),
            "text": _escape(
                f"Born {subject.born.format()} in {subject.birth_place}. "
                f"Dates as the source gives them; the source ends on {timeline.as_of.format()}."
            ),
        },
        "unique_id": "title",
    }
    periods: list[Office | Party] = [*view.offices, *view.parties]
    folded: set[str] = set()
    slides = [_period_slide(timeline, item, folded) for item in periods]
    for event in view.events:
        if not event.derived:
            slide = _event_slide(timeline, event, losses, folded)
            if slide is not None:
                slides.append(slide)
    eras = []
    for era in view.eras:
        end = era.span.end or timeline.as_of
        if era.span.end is None:
            losses.add("open era ends drawn to the source's last date (an era needs an end)")
        eras.append(
            {
                "start_date": date_object(era.span.start),
                "end_date": date_object(end),
                "text": {"headline": _escape(era.title)},
            }
        )
    losses.add(
        "conflicts folded into text (TimelineJS has no way to hold both readings)", len(folded)
    )
    return {"title": title, "events": slides, "eras": eras, "scale": "human"}, losses
