"""What the source claims beyond a date: citations, relations between items'
dates, and the places where it contradicts itself."""

from __future__ import annotations

from typing import Literal

import msgspec

from backes_tui.timeline.dates import PartialDate

ItemKind = Literal["era", "office", "party", "event"]


# What a citation backs: the item's start, its end, or (none named) the item itself.
CITE_SUPPORTS = ("start", "end")


class Cite(msgspec.Struct, frozen=True):
    source: str
    quote: str
    supports: tuple[str, ...] = ()  # of CITE_SUPPORTS; empty: the item, not its dates

    def backs(self, end: str) -> bool:
        return end in self.supports


class Relation(msgspec.Struct, frozen=True):
    """What the source says about ``item``'s date against another's: ``before``
    (its end, or ``side``, is no later than ``of``'s start), ``after`` (its
    start, or ``side``, is no earlier than ``of``'s end) or ``during`` (it, or
    its ``side``, lies within ``of``'s span), with the quote that says so."""

    item: str
    relation: str
    of: str
    cites: tuple[Cite, ...]
    side: str = ""  # "start", "end", or "" for the whole item
    path: str = ""  # where the file gives it, for the checker's messages


class Reading(msgspec.Struct, frozen=True):
    """One of two or more things the source says about the same fact: here,
    the end of the conflict's periods (and so the date of their derived end
    events)."""

    label: str
    date: PartialDate
    cites: tuple[Cite, ...]


class Conflict(msgspec.Struct, frozen=True):
    id: str
    title: str
    summary: str
    readings: tuple[Reading, ...]
    offices: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    eras: tuple[str, ...] = ()

    def names(self, kind: ItemKind) -> tuple[str, ...]:
        """The ids of the items of ``kind`` this conflict is about."""
        return {
            "office": self.offices,
            "party": self.parties,
            "event": self.events,
            "era": self.eras,
        }[kind]

    def dates_end_of(self, period_id: str) -> bool:
        """Whether the readings are the end of this office, party or era."""
        return period_id in self.offices or period_id in self.parties or period_id in self.eras
