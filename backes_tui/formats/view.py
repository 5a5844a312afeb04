"""What a filtered view exports as: each kind as the command line lists it,
or every kind in one Markdown or JSON document or HTML page, or the chart as SVG.

The TUI's "Export view…" and the command line share these, so a file saved
from the screen holds exactly what `backes-tui events --year … --format …`
prints for the same filter.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from typing import Any, TextIO, overload

from backes_tui.formats import output
from backes_tui.formats.kinds import KINDS, Kind
from backes_tui.formats.printable import one_line
from backes_tui.timeline.model import Cite, Era, Item, Party, Timeline
from backes_tui.timeline.query import Filter, FilteredView, empty_message

# Format: (file extension, what the file holds).
VIEW_FORMATS = {
    "markdown": ("md", "Markdown: every pane, as tables"),
    "json": ("json", "JSON: every pane, as the command line's records"),
    "csv": ("csv", "CSV: the current pane"),
    "svg": ("svg", "SVG: the chart, for documents"),
    "html": ("html", "HTML: a page of the view, for any browser or screen reader"),
}


def horizon_note(timeline: Timeline, last_day: dt.date) -> str:
    """What to say when a question reaches past the source's last word."""
    if not timeline.after_as_of(last_day):
        return ""
    return (
        f"The source says nothing after {timeline.as_of.format()}: "
        "what held after it is at most possible."
    )


def write_kind(
    fmt: str, kind: Kind, timeline: Timeline, view: FilteredView, out: TextIO, flt: Filter
) -> None:
    """One kind of the view, as `backes-tui <kind> --format <fmt>` prints it
    (JSON escapes what ``out``'s encoding cannot carry). People's formats say
    why nothing is listed ("No events matching “zzzz”") rather than print an
    empty table; JSON stays `[]`, CSV its header. Markdown adds each item's
    quotes under the table."""
    items = _Citing(kind.items(view))
    listing = kind.listing(items, timeline, view.window, in_words=fmt == "plain")
    caption = "" if view.window is None else horizon_note(timeline, view.window[1])
    # Records are for JSON and CSV, rows for people's formats: each is made
    # only where it is written.
    machine = fmt in output.RECORD_FORMATS
    made, rows = (listing.records, []) if machine else ([], listing.rows)
    if not machine and not rows:
        why = empty_message(kind.title, flt)
        out.write((output.markdown_text(why) if fmt == "markdown" else one_line(why)) + "\n")
        return
    output.write(fmt, listing.fields, made, listing.headers, rows, out, caption)
    if fmt == "markdown":
        out.write(markdown_citations(items.cited, timeline))


class _Citing(Sequence[Item]):
    """A listing's items, noting each one's name and quotes as its row is
    made: a large file's event is then read once, for both."""

    def __init__(self, items: Sequence[Item]) -> None:
        self._items = items
        self.cited: list[tuple[str, tuple[Cite, ...]]] = []

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Item]: ...

    def __getitem__(self, index: int | slice) -> Item | Sequence[Item]:
        return self._items[index]

    def __iter__(self) -> Iterator[Item]:
        noting = not self.cited
        for item in self._items:
            yield item
            if noting:  # its row is made: its words are at hand
                name = item.name if isinstance(item, Party) else item.title
                self.cited.append((name, item.cites if not isinstance(item, Era) else ()))


def markdown_citations(cited: list[tuple[str, tuple[Cite, ...]]], timeline: Timeline) -> str:
    """Each listed item's quotes, as Markdown block quotes, with their source:
    named once when every quote shares it."""
    cited = [(name, cites) for name, cites in cited if cites]
    if not cited:
        return ""
    sources = {cite.source for _, cites in cited for cite in cites}
    shared = len(sources) == 1
    parts = ["\n**Citations**"]
    if shared:
        title = output.markdown_text(timeline.source_title(next(iter(sources))))
        parts[0] += f" (all from {title})"
    parts.append("\n\n")
    for name, cites in cited:
        parts.append(f"*{output.markdown_text(name)}*\n\n")
        for cite in cites:
            source = "" if shared else f" — {timeline.source_title(cite.source)}"
            # A blank line between quotes, so that each is a block of its own.
            parts.append(f"> “{output.markdown_text(cite.quote + '”' + source)}\n\n")
    return "".join(parts)


def kind_text(fmt: str, kind: Kind, timeline: Timeline, view: FilteredView, flt: Filter) -> str:
    """`write_kind` for a UTF-8 file."""
    out = io.StringIO()
    write_kind(fmt, kind, timeline, view, out, flt)
    return out.getvalue()


def export_view(
    fmt: str, timeline: Timeline, view: FilteredView, flt: Filter, current: Kind
) -> str:
    """The view as one file's text; CSV holds one table, so it is the ``current`` kind's."""
    if fmt == "svg":
        # Only here: the XML helpers it needs bring in half of urllib, at every start-up.
        from backes_tui.formats.svg import chart_svg

        return chart_svg(timeline, view, flt.years)
    if fmt == "html":
        from backes_tui.formats.html_page import timeline_page

        return timeline_page(timeline, view, flt)
    if fmt == "csv":
        return kind_text("csv", current, timeline, view, flt)
    described = one_line(flt.describe()) or "the whole timeline"
    if fmt == "json":
        document: dict[str, Any] = {
            "subject": timeline.subject.name,
            "as_of": str(timeline.as_of),
            "filter": {
                "years": None if flt.years is None else flt.years.describe(),
                "search": flt.text.strip() or None,
                "kinds": sorted(flt.kinds),
            },
        }
        for kind in KINDS.values():
            listing = kind.listing(kind.items(view), timeline, view.window)
            document[kind.plural] = listing.records
        return output.to_json(document) + "\n"
    parts = [
        f"# {output.markdown_text(timeline.subject.name)}: {output.markdown_text(described)}\n"
    ]
    for kind in KINDS.values():
        parts.append(f"\n## {kind.title}\n\n")
        parts.append(kind_text("markdown", kind, timeline, view, flt))
    return "".join(parts)
