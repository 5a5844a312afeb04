"""Export to iCalendar (RFC 5545) through the `icalendar` package.

Only what a calendar can hold honestly: events known to the day become
all-day `VEVENT`s (`DTSTART;VALUE=DATE`, and `DTEND` the day after the last
day, since it is exclusive). Coarser, approximate, "by" and undated events
are left out and counted. `UID`s are built from our ids, so a re-export
updates the same entries; `DESCRIPTION` carries the summary and citations.
"""

from __future__ import annotations

import datetime as dt

from backes_tui.formats.losses import Losses
from backes_tui.formats.printable import printable
from backes_tui.timeline.dates import PartialDate, Precision
from backes_tui.timeline.model import Event, Timeline
from backes_tui.timeline.query import FilteredView

UID_DOMAIN = "backes-tui"


def _day(date: PartialDate | None) -> dt.date | None:
    """The one day a date names, or None if it may be more than one."""
    if date is None or date.precision is not Precision.DAY or date.approximate:
        return None
    return date.earliest


def _description(timeline: Timeline, event: Event) -> str:
    lines = [event.summary, ""]
    lines += [f"“{c.quote}” — {timeline.source_title(c.source)}" for c in event.cites]
    return "\n".join(printable(line) for line in lines)


def to_ics(timeline: Timeline, view: FilteredView) -> tuple[bytes, Losses]:
    import icalendar  # only for this export

    losses = Losses("iCalendar")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//backes-tui//Sonia Backès timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", printable(f"{timeline.subject.name}: timeline"))
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for event in view.events:
        first = None if event.by else _day(event.date)
        last = _day(event.end) if event.end is not None else first
        if first is None or last is None:
            losses.add("events skipped because their date is not one known day")
            continue
        entry = icalendar.Event()
        entry.add("uid", f"{event.id}@{UID_DOMAIN}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", first)
        entry.add("dtend", last + dt.timedelta(days=1))
        entry.add("summary", printable(event.title))
        entry.add("description", _description(timeline, event))
        entry.add("categories", [event.kind])
        calendar.add_component(entry)
    return calendar.to_ical(), losses
