"""Events made from periods: joining, leaving, taking and leaving office.

They are not stored in the file, so each fact is typed once; their words are
made here from the period's own names.
"""

from __future__ import annotations

from backes_tui.timeline.dates import Span
from backes_tui.timeline.model import Cite, Event, EventText, Office, Party


def _backing(cites: tuple[Cite, ...], end: str) -> tuple[Cite, ...]:
    """The quotes that back a period's start or end. A file whose citations
    never say what they support (an older one) gives all of them."""
    if not any(cite.supports for cite in cites):
        return cites
    return tuple(cite for cite in cites if cite.backs(end))


def _period_events(
    span: Span,
    item_id: str,
    kind: str,
    titles: tuple[str, str],
    words: tuple[str, str],
    cites: tuple[Cite, ...],
    links: dict[str, tuple[str, ...]],
) -> list[Event]:
    """The start event, and the end event if the end is known, each citing
    only the quotes that back that end. ``words`` name the period ("her
    membership of Renaissance") and the state it is ("a member of Renaissance")."""
    what, state = words
    if span.start_is_bound:
        start_summary = (
            f"She was {state} by {span.start.format()}; the article does not say since when."
        )
    else:
        start_summary = f"Start of {what}."
    ends = [("start", span.start, titles[0], start_summary)]
    if span.end is not None:
        ends.append(("end", span.end, titles[1], f"End of {what}."))
    return [
        Event(
            EventText(f"{item_id}.{end}", title, summary, _backing(cites, end)),
            date,
            kind,
            offices=links.get("offices", ()),
            parties=links.get("parties", ()),
            derived=True,
            by=end == "start" and span.start_is_bound,
        )
        for end, date, title, summary in ends
    ]


def derive_period_events(offices: tuple[Office, ...], parties: tuple[Party, ...]) -> list[Event]:
    """Joining, leaving, taking and leaving office, made from the periods.

    Their ids are ``<period id>.start`` and ``<period id>.end``. An end that is
    ongoing or not stated makes no event.
    """
    derived: list[Event] = []
    for party in parties:
        joined = "Member of" if party.span.start_is_bound else "Joins"
        derived += _period_events(
            party.span,
            party.id,
            "party",
            (f"{joined} {party.short}", f"Leaves {party.short}"),
            (f"her membership of {party.name}", f"a member of {party.name}"),
            party.cites,
            {"parties": (party.id,)},
        )
    for office in offices:
        derived += _period_events(
            office.span,
            office.id,
            "office",
            (f"Takes office: {office.title}", f"Leaves office: {office.title}"),
            (f"her term as {office.title}", f"in office as {office.title}"),
            office.cites,
            {"offices": (office.id,)},
        )
    return derived
