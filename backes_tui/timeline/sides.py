"""What is known about an item whose date has a side the source does not state.

An answer of *not stated* (`Certainty.NOT_STATED`) keeps such an item apart
from the possible ones, together with what the source does say: "start not
stated: member by July 2022", "date not stated: on or after 14 July 2024".
"""

from __future__ import annotations

import datetime as dt

from backes_tui.timeline.dates import MONTH_NAMES
from backes_tui.timeline.model import Era, Event, Item, Office, Party, Timeline

# What she was while a period of each kind held, for "member by July 2022".
_STATES = {Party: "member", Office: "in office", Era: "under way", Event: "held"}


def days_text(low: int, high: int, *, latest: bool) -> str:
    """The days ``low``..``high`` (ordinals) as a year or month when they are
    one whole; otherwise their last day (``latest``) or first."""
    first, last = dt.date.fromordinal(low), dt.date.fromordinal(high)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and (
        first.year == last.year
    ):
        return str(first.year)
    after = last + dt.timedelta(days=1)
    if first.day == 1 and after.day == 1 and (first.year, first.month) == (last.year, last.month):
        return f"{MONTH_NAMES[first.month - 1]} {first.year}"
    day = last if latest else first
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def unstated_words(timeline: Timeline, item: Item) -> str:
    """What the source says of ``item``'s unstated side, or "" if it has none."""
    readings = timeline.readings(item)
    if len(readings) != 1:
        return ""
    bounds = readings[0][1]
    if bounds.stated_low is not None:
        when = days_text(min(bounds.stated_low, bounds.start_high), bounds.start_high, latest=True)
        if isinstance(item, Event) and not item.held:
            return f"date not stated: by {when}"
        return f"start not stated: {_STATES[type(item)]} by {when}"
    if bounds.stated_high is not None:
        when = days_text(bounds.start_low, max(bounds.stated_high, bounds.start_low), latest=False)
        on = "on" if when[0].isdigit() and " " in when else "in"
        return f"date not stated: {on} or after {when}"
    return ""
