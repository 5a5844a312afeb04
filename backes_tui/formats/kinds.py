"""The one table of item kinds: what each is called, where it is shown, how it is written.

The panes, the palette, the detail, the command line's subcommands and the
record shapes all read from `KINDS`, so a kind is described in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backes_tui.formats import records
from backes_tui.formats.records import Shape
from backes_tui.timeline.model import Item, ItemKind, Timeline
from backes_tui.timeline.query import FilteredView

Holder = Timeline | FilteredView


@dataclass(frozen=True)
class Kind:
    kind: ItemKind
    label: str  # one item: "Office"
    plural: str  # the pane's id and the command line's subcommand: "offices"
    title: str  # the pane's title and a table's caption: "Offices"
    span_label: str  # what a period's span is called in the detail; events have none
    shape: Shape
    items: Callable[[Holder], Sequence[Item]]  # this kind's items in a timeline or a view


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
