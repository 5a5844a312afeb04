"""A stored event as msgspec decodes it, for the quick path of a large file
(`QuickEvents.fields_event`). Imported only when such a file is read: making
the decoder costs about 2 ms, which no start-up on a small file pays."""

from __future__ import annotations

import msgspec
from msgspec import UNSET, UnsetType


class CiteFields(msgspec.Struct):
    source: str
    quote: str


class EventFields(msgspec.Struct):
    """Only the fields of an event the quick path takes: a member of any other
    name (bounds, a citation's "supports") is dropped in decoding, which
    `json_blocks` notices, and the event goes through the checker. UNSET
    tells a field left out from one given, so that encoding these fields
    again gives back every member given.
    """

    id: str
    kind: str
    title: str
    summary: str
    cites: list[CiteFields]
    date: str | None
    end: str | UnsetType | None = UNSET
    offices: list[str] | UnsetType = UNSET
    parties: list[str] | UnsetType = UNSET
    people: list[str] | UnsetType = UNSET
    places: list[str] | UnsetType = UNSET


# Decodes a block of events into the fields the quick path takes.
EVENTS = msgspec.json.Decoder(list[EventFields])
