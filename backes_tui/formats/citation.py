"""An item taken away with its sources: its quotes as "“quote” — source",
or the whole item as Markdown, for pasting into an article or a newsroom doc."""

from __future__ import annotations

from backes_tui.formats.kinds import KINDS
from backes_tui.formats.output import markdown_text
from backes_tui.formats.printable import one_line
from backes_tui.timeline.model import Cite, Era, Event, Item, Timeline, item_kind, item_title


def citations(timeline: Timeline, item: Item) -> str:
    """One line per quote backing ``item``: "“quote” — source"; where the
    source reads its date two ways, then each reading's quotes, so that a
    pasted citation never carries one reading alone."""
    if isinstance(item, Era):
        return ""  # an era is an editorial grouping: its events carry the sources
    lines = [_quoted(timeline, cite) for cite in item.cites]
    for conflict in timeline.conflicts_for(item):
        lines += [
            f"⚠ {one_line(reading.label)}, {reading.date.format()}: {_quoted(timeline, cite)}"
            for reading in conflict.readings
            for cite in reading.cites
        ]
    return "\n".join(lines)


def _quoted(timeline: Timeline, cite: Cite) -> str:
    return f"“{one_line(cite.quote)}” — {one_line(timeline.source_title(cite.source))}"


def when(timeline: Timeline, item: Item) -> str:
    """The item's dates in words, with how precisely each is known."""
    if isinstance(item, Event):
        if item.date is None:
            return "Date: none given"
        text = f"Date: {item.format_date()} (known to the {item.date.precision.name.lower()})"
    else:
        label = KINDS[item_kind(item)].span_label
        text = f"{label}: {item.span.format(timeline.as_of)}"
    others = timeline.other_readings(item)
    return text + (f" ⚠ or {others}" if others else "")


def item_markdown(timeline: Timeline, item: Item) -> str:
    """Title, dates with their precision, summary and citations (with both
    readings of anything disputed), as Markdown."""
    lines = [f"### {markdown_text(item_title(item))}", "", markdown_text(when(timeline, item)), ""]
    lines += [markdown_text(item.summary), ""]
    # Its own quotes here; the readings' come below, under the conflict.
    quoted = [] if isinstance(item, Era) else [_quoted(timeline, cite) for cite in item.cites]
    if quoted:
        # A blank line after each: quote lines in a row are one paragraph in Markdown.
        for line in quoted:
            lines += [f"> {markdown_text(line)}", ""]
    for conflict in timeline.conflicts_for(item):
        lines += [f"⚠ {markdown_text(conflict.title)}", ""]
        for reading in conflict.readings:
            for cite in reading.cites:
                source = one_line(timeline.source_title(cite.source))
                said = markdown_text(f"{reading.label}, {reading.date.format()}")
                lines.append(f"- {said}: {markdown_text(f'“{cite.quote}” — {source}')}")
        lines.append("")
    return "\n".join(lines)
