"""The parts of a document that passed `Checker.check`, and the timeline made of them.

Nothing is reported here: by now every part has passed every check.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import msgspec

from backes_tui.timeline.certainty import Bounds
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import (
    Conflict,
    Era,
    Event,
    EventTextSource,
    Office,
    Party,
    Place,
    Relation,
    Source,
    Subject,
    Timeline,
    event_order,
)
from backes_tui.timeline.search import SearchText

PeriodT = TypeVar("PeriodT", Era, Office, Party)


class Periods(msgspec.Struct):
    """Checked eras, offices and parties, each with its JSON path, and their ids."""

    eras: list[tuple[str, Era]]
    offices: list[tuple[str, Office]]
    parties: list[tuple[str, Party]]
    office_ids: set[str]
    party_ids: set[str]
    era_ids: set[str]


class Checked(msgspec.Struct):
    """The parts of a document that passed every check, ready to assemble."""

    subject: Subject
    as_of: PartialDate
    sources: list[Source]
    periods: Periods
    stored: list[Event]
    derived: list[Event]
    conflicts: list[Conflict]
    places: list[Place]
    relations: list[Relation] = msgspec.field(default_factory=list)
    related: dict[str, Bounds] = msgspec.field(default_factory=dict)
    related_events: frozenset[Event] = frozenset()


def assemble(
    checked: Checked,
    search: SearchText | None = None,
    text_source: EventTextSource | None = None,
) -> Timeline:
    """The timeline made of parts that passed every check, in timeline order.
    ``checked`` is used up: its list of stored events is extended in place.
    ``search`` holds the words of stored events read from ``text_source``
    (a large file), which are no longer in memory to fold later."""
    # No copies of the list of events: this is when memory is at its highest.
    events = checked.stored
    events += checked.derived
    order = event_order(events)
    if search is not None:
        for event in checked.derived:
            text = event.text
            search.add(text.title, text.summary, text.people, text.places)
        search.arrange(order)
    periods = checked.periods
    return Timeline(
        subject=checked.subject,
        as_of=checked.as_of,
        sources=tuple(checked.sources),
        eras=_by_start(e for _, e in periods.eras),
        offices=_by_start(o for _, o in periods.offices),
        parties=_by_start(p for _, p in periods.parties),
        events=tuple(map(events.__getitem__, order)),
        conflicts=tuple(checked.conflicts),
        places=tuple(checked.places),
        relations=tuple(checked.relations),
        related=checked.related,
        related_events=checked.related_events,
        search=search,
        text_source=text_source,
    )


def _by_start(items: Iterable[PeriodT]) -> tuple[PeriodT, ...]:
    return tuple(sorted(items, key=lambda item: item.span.start.sort_key))
