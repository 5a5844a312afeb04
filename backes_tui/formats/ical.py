"""Export to iCalendar (RFC 5545).

Only what a calendar can hold honestly: events known to the day become
all-day `VEVENT`s (`DTSTART;VALUE=DATE`, and `DTEND` the day after the last
day, since it is exclusive). Coarser, approximate, "by" and undated events
are left out and counted. `UID`s are built from our ids, so a re-export
updates the same entries; `DESCRIPTION` carries the summary and citations.

The few properties written here are put into content lines by this module:
the `icalendar` package wrote them before, and its general machinery (a
component object per event, folding a character at a time) made this the
slowest export by far (4.5x a `json.dump` of the same records at 100,000
events). The tests read what is written here with `icalendar` and hold it
to the same bytes that package writes.
"""

from __future__ import annotations

import datetime as dt

from backes_tui.formats.losses import Losses
from backes_tui.formats.printable import printable
from backes_tui.timeline.dates import PartialDate, Precision
from backes_tui.timeline.model import Event, Timeline
from backes_tui.timeline.query import FilteredView

UID_DOMAIN = "backes-tui"


class EmptyCalendar(ValueError):
    """No event in view is known to the day: RFC 5545 (3.6) needs at least
    one component in a calendar, so there is no file to write. ``losses``
    says what was left out, and why."""

    def __init__(self, message: str, losses: Losses) -> None:
        super().__init__(message)
        self.losses = losses


def _day(date: PartialDate | None) -> dt.date | None:
    """The one day a date names, or None if it may be more than one."""
    if date is None or date.precision is not Precision.DAY or date.approximate:
        return None
    return date.earliest


def _description(timeline: Timeline, event: Event) -> str:
    lines = [event.summary, ""]
    lines += [f"“{c.quote}” — {timeline.source_title(c.source)}" for c in event.cites]
    return "\n".join(printable(line) for line in lines)


def escaped(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma
    escaped, any line break written as ``\\n``."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


# The octets of a content line's first piece, and of each folded piece after
# its leading space: RFC 5545 says no line SHOULD pass 75 octets without its
# CRLF; the `icalendar` package keeps the first to 74, and so does this.
LINE_OCTETS = 74


def folded(line: str) -> bytes:
    """``line`` as UTF-8, folded (RFC 5545, 3.1) into lines of at most
    `LINE_OCTETS` octets, each after the first starting with a space; never
    inside a character, nor after a backslash or caret, so no escape is split
    (as `icalendar` does it, for clients that mind)."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return data
    pieces = []
    start = 0
    while len(data) - start > LINE_OCTETS:
        end = start + LINE_OCTETS
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _ical_day(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _end(first: dt.date, last: dt.date) -> bytes:
    """DTEND, the day after ``last``; past 31 December 9999, which has no
    day after it in iCalendar's four-digit years, the same days as a DURATION."""
    if last < dt.date.max:
        return f"DTEND;VALUE=DATE:{_ical_day(last + dt.timedelta(days=1))}".encode()
    return f"DURATION:P{(last - first).days + 1}D".encode()


def to_ics(timeline: Timeline, view: FilteredView) -> tuple[bytes, Losses]:
    losses = Losses("iCalendar")
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        folded("PRODID:" + escaped("-//backes-tui//Sonia Backès timeline//EN")),
        folded("X-WR-CALNAME:" + escaped(printable(f"{timeline.subject.name}: timeline"))),
    ]
    for event in view.events:
        if timeline.other_readings(event) is not None:
            # Never one reading as a plain fact: the calendar has room for one date.
            losses.add("events whose date the source reads two ways")
            continue
        first = None if event.open_sided else _day(event.date)
        last = _day(event.end) if event.end is not None else first
        if first is None or last is None:
            losses.add("events skipped because their date is not one known day")
            continue
        lines += [
            b"BEGIN:VEVENT",
            folded("SUMMARY:" + escaped(printable(event.title))),
            f"DTSTART;VALUE=DATE:{_ical_day(first)}".encode(),
            _end(first, last),
            f"DTSTAMP:{stamp}".encode(),
            folded(f"UID:{escaped(printable(f'{event.id}@{UID_DOMAIN}'))}"),
            folded("CATEGORIES:" + escaped(event.kind)),
            folded("DESCRIPTION:" + escaped(_description(timeline, event))),
            b"END:VEVENT",
        ]
    if lines[-1] != b"END:VEVENT":
        skipped = losses.count("events skipped because their date is not one known day")
        raise EmptyCalendar(
            f"iCalendar: no event in view is known to the day ({skipped} skipped), "
            "and a calendar needs at least one (RFC 5545)",
            losses,
        )
    lines.append(b"END:VCALENDAR")
    lines.append(b"")
    return b"\r\n".join(lines), losses
