"""The chart as an SVG 1.1 drawing for documents: labelled bars in lanes, event
marks, a time axis that follows the filter, a key, and a caption.

The layout is the terminal chart's (`lanes`), with pixels for cells. Every
text from the data is escaped and stripped of control characters, so a title
such as ``<b>`` or ``[RPCR]`` shows as written. Each item's full title appears
once: on its bar where it fits, otherwise in the key beside its short label.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import msgspec

from backes_tui.formats.chart_width import MIN_WIDTH
from backes_tui.formats.contrast import text_on
from backes_tui.formats.lanes import Axis, Bar, Lane, Period, axis_for, label_candidates, layout
from backes_tui.formats.printable import one_line
from backes_tui.formats.records import not_stated
from backes_tui.timeline.model import Event, Timeline, dated_count, item_title
from backes_tui.timeline.query import FilteredView
from backes_tui.timeline.years import YearRange

# Rows of event numbers a crowded axis may take (one above it, the rest
# under it), and their height.
NUMBER_LEVELS, NUMBER_ROW = 4, 10
FONT = 13
CHAR = FONT * 0.62  # a generous average advance for a sans-serif font
LEFT, RIGHT = 80, 24
ROW, BAR = 28, 18
# Okabe and Ito's colours, told apart with any colour vision.
PALETTE = (
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
)
INK, MUTED, WARNING = "#1a1a1a", "#555555", "#a33a00"


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


# What XML 1.0 cannot hold (section 2.2) once `one_line` has made the control
# characters visible and the loader has refused lone surrogates: U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\ufffe\uffff]")


def _text(value: str) -> str:
    """Data as SVG character data: one line, no control characters, escaped,
    and what XML cannot hold shown as an escape such as ``\\uffff``."""
    text = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", one_line(value))
    return escape(text)


def _fits(text: str, width: float) -> bool:
    return len(text) * CHAR + 6 <= width


class _Key(msgspec.Struct):
    """Short labels and the items they stand for; ``lettered`` got a letter."""

    entries: list[tuple[str, Period]] = msgspec.field(default_factory=list)
    lettered: list[Period] = msgspec.field(default_factory=list)


class _Canvas(msgspec.Struct):
    parts: list[str]

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(
        self,
        x: float,
        y: float,
        value: str,
        *,
        title: str | None = None,
        after: str = "",
        **attributes: str | float,
    ) -> None:
        """A line of text; an item's ``title`` in a tspan of its own, whole,
        between ``value`` and ``after``."""
        attrs = "".join(
            f" {name.replace('_', '-')}={quoteattr(str(v))}" for name, v in attributes.items()
        )
        content = _text(value)
        if title is not None:
            content += f"<tspan>{_text(title)}</tspan>"
        self.add(f'<text x="{x:.1f}" y="{y:.1f}"{attrs}>{content}{_text(after)}</text>')


def chart_svg(
    timeline: Timeline,
    view: FilteredView,
    years: YearRange | None = None,
    width: int = 1000,
) -> str:
    """The chart of ``view`` as a standalone SVG document ``width`` pixels wide."""
    width = max(width, MIN_WIDTH)
    axis = axis_for(timeline, view.events, years, width - LEFT - RIGHT)
    as_of = timeline.as_of.sort_key[1]
    canvas = _Canvas([])
    numbers = {
        id(item): number
        for lane in (timeline.eras, timeline.parties, timeline.offices)
        for number, item in enumerate(lane, start=1)
    }
    key = _Key()
    y = 56.0
    if years is not None:
        first, last = years.days
        band = axis.cover(
            max(first.toordinal(), axis.first_ordinal), min(last.toordinal(), axis.last_ordinal)
        )
    else:
        band = None
    band_top = y - 6
    for name, items in (("Eras", view.eras), ("Parties", view.parties), ("Offices", view.offices)):
        lane = layout(name, items, axis, as_of, max_rows=len(items) or 1)
        y = _lane(canvas, lane, y, timeline, numbers, key)
    y = _events(canvas, axis, view.events, y)
    axis_y = y
    _axis(canvas, axis, axis_y)
    if band is not None:
        x0, x1 = LEFT + band[0], LEFT + band[1] + 1
        canvas.parts.insert(
            0,
            f'<rect x="{x0}" y="{band_top:.1f}" width="{x1 - x0}" height="{axis_y - band_top:.1f}"'
            ' fill="#eef3fa"/>',
        )
    y = axis_y + 36
    y = _event_list(canvas, view, timeline, y, width)
    y = _legend(canvas, key, y, width, timeline)
    height = int(y + 16)
    title = f"{one_line(timeline.subject.name)}: a sourced timeline"
    caption = one_line(timeline.subject.name)
    if years is not None:
        caption += f", {years.describe()}"
    caption += f" (the source ends {timeline.as_of.format()})"
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="{FONT}">',
        f"<title>{_text(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="28" font-size="18" font-weight="bold" fill="{INK}">'
        f"{_text(caption)}</text>",
    ]
    return "\n".join([*head, *canvas.parts, "</svg>"]) + "\n"


def _lane(
    canvas: _Canvas,
    lane: Lane,
    y: float,
    timeline: Timeline,
    numbers: dict[int, int],
    key: _Key,
) -> float:
    canvas.text(8, y + BAR - 5, lane.name, font_weight="bold", fill=INK)
    for row in lane.rows or ((),):
        for bar in row:
            _bar(canvas, bar, y, timeline, numbers.get(id(bar.item), 1), key)
        y += ROW
    if lane.outside:  # rows are never short here: nothing is crowded out
        canvas.text(8, y + BAR - 5, f"+{len(lane.outside)} outside", fill=MUTED, font_size=11)
        y += ROW
    return y + 6


def _bar(
    canvas: _Canvas,
    bar: Bar,
    y: float,
    timeline: Timeline,
    number: int,
    key: _Key,
) -> None:
    rgb = PALETTE[(number - 1) % len(PALETTE)]
    colour = _hex(rgb)
    x0, x1 = LEFT + bar.start, LEFT + bar.end + 1
    # The whole possible span, faint: the uncertain part of its dates.
    canvas.add(
        f'<rect x="{x0}" y="{y:.1f}" width="{x1 - x0}" height="{BAR}" fill="{colour}"'
        ' fill-opacity="0.3" stroke="' + colour + '" stroke-dasharray="3 2"/>'
    )
    if bar.sure is not None:
        s0, s1 = LEFT + bar.sure[0], LEFT + bar.sure[1] + 1
        canvas.add(f'<rect x="{s0}" y="{y:.1f}" width="{s1 - s0}" height="{BAR}" fill="{colour}"/>')
    middle = y + BAR / 2
    if bar.trailer == "▶":
        canvas.add(
            f'<polygon points="{x1},{y:.1f} {x1 + 9},{middle:.1f} {x1},{y + BAR:.1f}" '
            f'fill="{colour}"/>'
        )
    elif bar.trailer == "?":
        canvas.text(x1 + 2, y + BAR - 4, "?", font_weight="bold", fill=colour)
    if bar.before:
        canvas.text(LEFT - 14, y + BAR - 4, "«", fill=MUTED)
    if bar.after:
        canvas.text(x1 + 2, y + BAR - 4, "»", fill=MUTED)
    item = bar.item
    disputed = timeline.disputed(item)
    full = one_line(item_title(item))
    room = x1 - x0
    label = ""
    for candidate in [full, *label_candidates(item, number)]:
        shown = candidate + (" ⚠" if disputed else "")
        if _fits(shown, room):
            label = shown
            break
    if not label:
        # Too short for any name: a letter, in it or above it, spelled out in the key.
        letter = _letter(len(key.lettered))
        key.lettered.append(item)
        key.entries.append((letter, item))
        mark = letter + (" ⚠" if disputed else "")
        if _fits(mark, room):
            label = mark
        else:
            canvas.text(x0, y - 2, mark, fill=WARNING if disputed else INK, font_size=9)
            return
    elif label.removesuffix(" ⚠") != full:
        key.entries.append((label.removesuffix(" ⚠"), item))
    if label:
        # On the solid part the label needs the colour's own contrast; on the
        # faint part it is dark ink.
        on_solid = bar.sure is not None and bar.sure[0] <= bar.start + 2
        ink = _hex(text_on(rgb)) if on_solid else INK
        short = label.removesuffix(" ⚠")
        after = label[len(short) :]
        if short == full:
            canvas.text(
                x0 + 3, y + BAR - 5, "", title=full, after=after, fill=ink, font_weight="bold"
            )
        else:
            canvas.text(x0 + 3, y + BAR - 5, label, fill=ink, font_weight="bold")


def _letter(index: int) -> str:
    """a, b, … z, aa, ab, …: names for bars too short for their own."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _events(canvas: _Canvas, axis: Axis, events: Sequence[Event], y: float) -> float:
    canvas.text(8, y + 12, "Events", font_weight="bold", fill=INK)
    line_y = y + 8
    canvas.add(
        f'<line x1="{LEFT}" y1="{line_y:.1f}" x2="{LEFT + axis.width}" y2="{line_y:.1f}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    dated = events[: dated_count(events)]
    early = late = False
    # Where the last number on each level ends: above the line, then rows
    # under it, so that marks close together each keep their number.
    levels: list[float] = []
    unnumbered = 0
    marks: list[tuple[bool, float]] = []
    for number, event in enumerate(dated, start=1):
        assert event.date is not None
        first, last = event.date.sort_key[0], (event.end or event.date).sort_key[1]
        if first < axis.first_ordinal:
            early = True
            continue
        if first > axis.last_ordinal:
            late = True
            continue
        x = LEFT + axis.column(first) + 0.5
        cover = axis.cover(first, last)
        if cover is not None and cover[1] > cover[0]:
            # The days it may fall on, faint.
            canvas.add(
                f'<line x1="{LEFT + cover[0]}" y1="{line_y:.1f}" x2="{LEFT + cover[1] + 1}" '
                f'y2="{line_y:.1f}" stroke="{INK}" stroke-opacity="0.25" stroke-width="6"/>'
            )
        exact = event.date.sort_key[0] == event.date.sort_key[1]
        marks.append((exact, x))
        # Its number from the list below, on the first level it does not crowd.
        half = 2 + 3 * len(str(number))
        level = next((i for i, end in enumerate(levels) if x - half >= end), len(levels))
        if level == NUMBER_LEVELS:
            unnumbered += 1
            continue
        if level == len(levels):
            levels.append(0.0)
        levels[level] = x + half
        number_y = line_y - 8 if level == 0 else line_y + 6 + NUMBER_ROW * level
        canvas.text(x, number_y, str(number), fill=MUTED, font_size=9, text_anchor="middle")
    # Marks of a known day go on last, so a coarser one never hides them.
    for exact, x in sorted(marks, key=lambda mark: mark[0]):
        fill = INK if exact else "#ffffff"
        canvas.add(
            f'<circle cx="{x:.1f}" cy="{line_y:.1f}" r="4" fill="{fill}" stroke="{INK}" '
            'stroke-width="1.5"/>'
        )
    if early:
        canvas.text(LEFT - 14, line_y + 4, "«", fill=MUTED)
    if late:
        canvas.text(LEFT + axis.width + 4, line_y + 4, "»", fill=MUTED)
    below = NUMBER_ROW * max(len(levels) - 1, 0)
    if unnumbered:
        note = f"{unnumbered} marks too close to number: the list below has them all"
        canvas.text(LEFT, line_y + 8 + below + NUMBER_ROW, note, fill=MUTED, font_size=9)
        below += NUMBER_ROW
    return y + 20 + below


def _axis(canvas: _Canvas, axis: Axis, y: float) -> None:
    canvas.add(
        f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + axis.width}" y2="{y:.1f}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    for col, label in axis.ticks(gap=int(CHAR * 6)):
        x = LEFT + col
        canvas.add(f'<line x1="{x}" y1="{y:.1f}" x2="{x}" y2="{y + 5:.1f}" stroke="{INK}"/>')
        canvas.text(x, y + 18, label, fill=INK, text_anchor="middle")


def _event_list(
    canvas: _Canvas, view: FilteredView, timeline: Timeline, y: float, width: int
) -> float:
    """Every event of the view, numbered as on the axis: in two columns where
    every line fits, else in one, a long title wrapped rather than cut. Under
    a year filter, each that is not certainly within it says so in words."""
    events = view.events
    if not events:
        return y
    canvas.text(8, y, "Events", font_weight="bold", fill=INK)
    y += 20
    dated = dated_count(events)
    lines = []
    for index, event in enumerate(events):
        when = event.format_date() if event.date else "undated"
        mark = " ⚠" if timeline.disputed(event) else ""
        if view.window is not None:
            reply = timeline.answer(event, *view.window)
            words = not_stated(reply, timeline, event)
            if words is not None:
                mark += f" ({words})"
            elif reply is not None and reply.label == "possible":
                mark += " (possibly within the years)"
        number = f"{index + 1}." if index < dated else "–"
        lines.append((number, f"{when}: ", one_line(event.title), mark))
    longest = max(sum(map(len, line[1:])) for line in lines)
    column_width = (width - 16) // 2
    two = longest * CHAR * 0.92 + 34 <= column_width
    if not two:
        column_width = width - 16
    chars = max(int((column_width - 34) / (CHAR * 0.92)), 20)
    per_column = -(-len(lines) // 2) if two else len(lines)
    column_y = [y, y]
    for index, (number, when, title, mark) in enumerate(lines):
        column = index // per_column
        x = 8 + column * column_width
        canvas.text(x, column_y[column], number, fill=MUTED, font_size=11)
        if len(when + title + mark) <= chars:
            canvas.text(
                x + 26, column_y[column], when, title=title, after=mark, fill=INK, font_size=12
            )
            column_y[column] += 18
            continue
        # Longer than a line: wrapped, never cut.
        for part in textwrap.wrap(when + title + mark, chars):
            canvas.text(x + 26, column_y[column], part, fill=INK, font_size=12)
            column_y[column] += 18
    return max(column_y) + 10


def _legend(canvas: _Canvas, key: _Key, y: float, width: int, timeline: Timeline) -> float:
    """What the marks mean, and the full name behind every short label."""
    y += 6
    canvas.text(8, y, "Key", font_weight="bold", fill=INK)
    x = 50.0
    swatches = (
        ("solid", "certain"),
        ("faint", "uncertain part of a date"),
        ("arrow", f"ongoing as of {timeline.as_of.format()}, when the source ends"),
        ("?", "end not stated"),
        ("⚠", "the source gives two readings"),
        ("●", "event on a known day"),
        ("○", "event in a month or year"),
        ("« »", "more before or after the axis"),
    )
    for mark, meaning in swatches:
        entry = len(meaning) * CHAR * 0.92 + 34
        if x + entry > width - 8:
            x, y = 50.0, y + 18
        if mark == "solid":
            canvas.add(
                f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="20" height="12" fill="#0072b2"/>'
            )
        elif mark == "faint":
            canvas.add(
                f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="20" height="12" fill="#0072b2" '
                'fill-opacity="0.3" stroke="#0072b2" stroke-dasharray="3 2"/>'
            )
        elif mark == "arrow":
            points = f"{x:.1f},{y - 10:.1f} {x + 9:.1f},{y - 4:.1f} {x:.1f},{y + 2:.1f}"
            canvas.add(f'<polygon points="{points}" fill="#0072b2"/>')
        else:
            canvas.add(f'<text x="{x:.1f}" y="{y:.1f}" fill="{INK}">{escape(mark)}</text>')
        canvas.text(x + 26, y, meaning, fill=MUTED, font_size=12)
        x += entry
    for short, item in key.entries:
        y += 18
        label = f"{short}: "
        when = item.span.format(timeline.as_of)
        mark = " ⚠" if timeline.disputed(item) else ""
        other = timeline.other_readings(item)
        if other:
            when += f" (or {other})"
        canvas.text(
            50, y, label, title=item_title(item), after=f"{mark}, {when}", fill=INK, font_size=12
        )
    return y + 8
