"""A stored event: its shape, declared once, and its rules, checked once.

msgspec decodes (or converts) an event into `EventFields`, checking every
member's type in C; `check_event` then applies what types cannot say (no
blank words, a known kind, real dates in order, known sources). A small
file's events and a large file's, decoded one at a time, go through both.
"""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec import UNSET, UnsetType

from backes_tui.storage.fields import CiteFields, FieldReader
from backes_tui.storage.shapes import shown
from backes_tui.timeline.consistency import bound_after_end
from backes_tui.timeline.model import (
    EVENT_KINDS,
    Cite,
    Event,
    EventText,
    EventTextSource,
)

# Canonical objects for strings repeated on every event: JSON gives each
# occurrence its own copy, which at 100,000 events is megabytes of duplicates.
_KINDS = {kind: kind for kind in EVENT_KINDS}


class EventFields(msgspec.Struct, kw_only=True):
    """The members of a stored event, in the order their problems are told.
    UNSET tells a member left out from one given, so that encoding these
    fields again gives back every member given (`no_key_dropped`)."""

    id: str
    title: str
    kind: str
    summary: str
    date: str | None
    date_not_before: str | UnsetType | None = UNSET
    date_by: str | UnsetType | None = UNSET
    date_after: str | UnsetType | None = UNSET
    held: str | UnsetType | None = UNSET
    end: str | UnsetType | None = UNSET
    offices: list[str] | UnsetType = UNSET
    parties: list[str] | UnsetType = UNSET
    cites: list[CiteFields]
    people: list[str] | UnsetType = UNSET
    places: list[str] | UnsetType = UNSET


def given(value: Any) -> Any:
    """``value``, or None for a member left out."""
    return None if value is UNSET else value


def event_words(fields: EventFields, cites: tuple[Cite, ...]) -> EventText:
    """The words of an event that passed `check_event`: held from the start
    (a small file's) or read back from the file when wanted (a large one's)."""
    people, places = tuple(given(fields.people) or ()), tuple(given(fields.places) or ())
    return EventText(fields.id, fields.title, fields.summary, cites, people, places)


def check_event(
    rules: FieldReader,
    path: str,
    fields: EventFields,
    sources: set[str],
    row: int = -1,
    file: EventTextSource | None = None,
) -> Event | None:
    """The event, its words held or, with ``file``, left there at ``row``;
    None with every problem noted. (The usual case is taken first, in few
    steps: this runs for every event of a large file.)"""
    event_id: str | None = fields.id
    title: str | None = fields.title
    kind: str | None = fields.kind
    summary: str | None = fields.summary
    if not (event_id and title and kind and summary) or (
        fields.id.isspace()
        or fields.title.isspace()
        or fields.kind.isspace()
        or fields.summary.isspace()
    ):
        event_id = rules.nonblank(fields.id, path, "id")
        title = rules.nonblank(fields.title, path, "title")
        kind = rules.nonblank(fields.kind, path, "kind")
        summary = rules.nonblank(fields.summary, path, "summary")
    date_text, end_text, dates = fields.date, fields.end, rules.dates
    date = (
        None
        if date_text is None
        else dates.get(date_text) or rules.date_text(date_text, path, "date")
    )
    if fields.date_not_before is not UNSET:
        date = rules.narrowed(date, fields.date_not_before, path, "date")
    by = after = held = None
    if fields.date_by is not UNSET or fields.date_after is not UNSET or fields.held is not UNSET:
        # Rare: a date known by one side only, or a state held then (`timeline/sides.py`).
        by, after, held = (
            rules.date_text(value, path, key)
            for key, value in (
                ("date_by", given(fields.date_by)),
                ("date_after", given(fields.date_after)),
                ("held", given(fields.held)),
            )
        )
        open_sides = [k for k, v in (("date_by", by), ("date_after", after), ("held", held)) if v]
        if (open_sides and date_text is not None) or len(open_sides) > 1:
            rules.problem(
                f"{path}.{open_sides[-1]}", "give only one of date, " + ", ".join(open_sides)
            )
    end = None
    if end_text is not UNSET and end_text is not None:
        end = dates.get(end_text) or rules.date_text(end_text, path, "end")
    known_kind = _KINDS.get(kind) if kind else None
    if kind is not None and known_kind is None:
        rules.problem(
            f"{path}.kind", f"unknown kind {shown(kind)}; use one of {', '.join(EVENT_KINDS)}"
        )
    if end is not None:
        if date is None and by is None and date_text is None and not (after or held):
            rules.problem(f"{path}.end", "an undated event cannot have an end")
        elif after or held:
            rules.problem(f"{path}.end", "its end is not stated: give a relation instead")
        elif date is not None and end.latest < date.earliest:
            rules.check_order(date, end, f"{path}.end")
        elif by is not None and (problem := bound_after_end(by, end)) is not None:
            rules.problem(f"{path}.date_by", problem)
    cites: tuple[Cite, ...] = ()
    plain = file is not None and bool(fields.cites)
    for cite in fields.cites if plain else ():
        quote = cite.quote
        if cite.supports is not UNSET or cite.source not in sources or not quote or quote.isspace():
            plain = False
            break
    if not plain:  # its words are needed, or there is something to say
        cites = rules.cite_list(path, fields.cites, sources)
    if event_id is None or title is None or known_kind is None or summary is None:
        return None
    if date_text is not None and date is None:
        return None
    offices = _shared(rules.office_links, fields.offices) if fields.offices else ()
    parties = _shared(rules.party_links, fields.parties) if fields.parties else ()
    return Event(
        row if file is not None else event_words(fields, cites),
        date or by or after or held,
        known_kind,
        end=end,
        offices=offices,
        parties=parties,
        by=by is not None and date is None,
        after=after is not None and date is None,
        held=held is not None and date is None,
        source=file,
    )


def _shared(
    links: dict[tuple[str, ...], tuple[str, ...]], values: list[str] | UnsetType
) -> tuple[str, ...]:
    """``values`` as a tuple, the same object for every equal list."""
    if not isinstance(values, list):
        return ()
    key = tuple(values)
    return links.setdefault(key, key)
