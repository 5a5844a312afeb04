"""The one table of item kinds: what each is called, where it is shown, how it is written.

The panes, the palette, the detail, the command line's subcommands and the
record shapes all read from `KINDS`, so a kind is described in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, cached_property

import msgspec

from backes_tui.formats import records
from backes_tui.formats.records import Shape
from backes_tui.timeline.certainty import Answer
from backes_tui.timeline.model import Item, ItemKind, Timeline
from backes_tui.timeline.query import FilteredView

Holder = Timeline | FilteredView


class Listing:
    """Items of one kind written out: machine records and human rows, each
    made only if asked for (JSON and CSV need no rows, Markdown and tables no
    records; a large file's words are read back from it for each)."""

    def __init__(
        self,
        fields: tuple[str, ...],
        headers: tuple[str, ...],
        made: Callable[[], list[records.Record]],
        rows: Callable[[], list[list[str]]],
    ) -> None:
        self.fields, self.headers = fields, headers
        self._made, self._rows = made, rows

    @cached_property
    def records(self) -> list[records.Record]:
        return self._made()

    @cached_property
    def rows(self) -> list[list[str]]:
        return self._rows()


class Kind(msgspec.Struct, frozen=True, dict=True):
    kind: ItemKind
    label: str  # one item: "Office"
    plural: str  # the pane's id and the command line's subcommand: "offices"
    title: str  # the pane's title and a table's caption: "Offices"
    span_label: str  # what a period's span is called in the detail; events have none
    shape: Shape
    items: Callable[[Holder], Sequence[Item]]  # this kind's items in a timeline or a view

    def listing(
        self,
        items: Sequence[Item],
        timeline: Timeline,
        window: records.Window | None,
        *,
        in_words: bool = False,
    ) -> Listing:
        """``items`` as records and rows; with a ``window``, each says how sure
        it is. With ``in_words`` the rows say their marks in words."""
        shape = self.shape

        @cache
        def replies() -> list[Answer | None]:
            assert window is not None
            return [timeline.answer(item, *window) for item in items]

        def made() -> list[records.Record]:
            written = [shape.record(item, timeline) for item in items]
            if window is not None:
                for record, reply, item in zip(written, replies(), items, strict=True):
                    record.update(records.window_fields(reply, timeline, window, item))
            return written

        def rows() -> list[list[str]]:
            with records.marks_in_words(in_words):
                written = [shape.row(item, timeline) for item in items]
                if window is not None:
                    for row, reply, item in zip(written, replies(), items, strict=True):
                        row.append(records.certainty_cell(reply, timeline, item))
            return written

        if window is None:
            return Listing(shape.fields, shape.headers, made, rows)
        fields = (*shape.fields, *records.WINDOW_FIELDS)
        return Listing(fields, (*shape.headers, "Certainty"), made, rows)


KINDS: dict[ItemKind, Kind] = {
    "era": Kind(
        "era",
        "Era",
        "eras",
        "Eras",
        "Span",
        Shape(records.ERA_FIELDS, records.era_record, records.ERA_HEADERS, records.era_row),
        lambda holder: holder.eras,
    ),
    "office": Kind(
        "office",
        "Office",
        "offices",
        "Offices",
        "Term",
        Shape(
            records.OFFICE_FIELDS, records.office_record, records.OFFICE_HEADERS, records.office_row
        ),
        lambda holder: holder.offices,
    ),
    "party": Kind(
        "party",
        "Party",
        "parties",
        "Parties",
        "Membership",
        Shape(records.PARTY_FIELDS, records.party_record, records.PARTY_HEADERS, records.party_row),
        lambda holder: holder.parties,
    ),
    "event": Kind(
        "event",
        "Event",
        "events",
        "Events",
        "",
        Shape(records.EVENT_FIELDS, records.event_record, records.EVENT_HEADERS, records.event_row),
        lambda holder: holder.events,
    ),
}
BY_PLURAL: dict[str, Kind] = {kind.plural: kind for kind in KINDS.values()}
