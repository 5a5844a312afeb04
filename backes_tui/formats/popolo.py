"""Popolo JSON (the civic-tech standard behind EveryPolitician), both ways.

Export, field by field: the subject is a `person` (name, `other_names` with
the birth name, `birth_date`, `national_identity`, `identifiers`); parties are
`organizations` with `classification: "party"`; offices are `posts`; her
periods are `memberships` (of an organization, or holding a post) with
partial ISO dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`); stored events are
Popolo `events`; quotes are `sources` notes (our sources have no URL).

Popolo has no way to say "approximately", "by", "not before", "ongoing as of"
or "end not stated": such dates are left out or kept at their stated
precision, and said so in the membership's `label` or event's description,
and every such case is counted in the loss report.

Import reads one person's memberships back into parties and offices (and
Popolo events into events), and the result goes through the same checks as
any timeline file.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from backes_tui.formats.losses import Losses
from backes_tui.timeline.dates import DateError, PartialDate, Span
from backes_tui.timeline.model import EVENT_KINDS, Cite, Event, Office, Party, Timeline
from backes_tui.timeline.query import FilteredView

Json = dict[str, Any]
SCHEME = "backes-tui"
SOURCE_ID = "popolo"
_ISO_PARTIAL = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "person"


def _iso(date: PartialDate) -> str:
    """The date at its stated precision, without EDTF's "~"."""
    return str(date).rstrip("~")


def _notes(timeline: Timeline, cites: tuple[Cite, ...]) -> list[Json]:
    return [{"note": f"“{c.quote}” — {timeline.source_title(c.source)}"} for c in cites]


def _span_dates(span: Span, losses: Losses) -> tuple[Json, list[str]]:
    """Popolo's start_date and end_date for a span, and what they cannot say."""
    dates: Json = {}
    said: list[str] = []
    if span.start_is_bound:
        said.append(f"started by {span.start.format()} (an upper bound)")
        losses.add("upper bounds moved into notes")
    else:
        dates["start_date"] = _iso(span.start)
        if span.start.approximate:
            said.append(f"start approximate ({span.start.format()})")
            losses.add("approximate dates moved into notes")
        if span.start.not_before:
            said.append(f"started on or after {span.start.not_before.isoformat()}")
            losses.add("narrower bounds (not before) moved into notes")
    if span.end is not None:
        dates["end_date"] = _iso(span.end)
        if span.end.approximate:
            said.append(f"end approximate ({span.end.format()})")
            losses.add("approximate dates moved into notes")
    elif span.end_unknown:
        said.append("end not stated")
        losses.add("ends not stated moved into notes (Popolo reads no end_date as unknown)")
    else:
        said.append("ongoing as of the source's last date")
        losses.add("ongoing ends moved into notes (Popolo reads no end_date as unknown)")
    return dates, said


def to_popolo(timeline: Timeline, view: FilteredView) -> tuple[Json, Losses]:
    losses = Losses("Popolo")
    subject = timeline.subject
    person_id = slug(subject.name)
    person = {
        "id": person_id,
        "name": subject.name,
        "other_names": [{"name": subject.birth_name, "note": "birth name"}],
        "birth_date": _iso(subject.born),
        "national_identity": subject.nationality,
        "identifiers": [{"scheme": SCHEME, "identifier": person_id}],
        "sources": [{"note": source.title} for source in timeline.sources],
    }
    losses.add("birth place left out (Popolo has no field for it)")
    losses.add("sources with no URL, kept as notes", len(timeline.sources))
    organizations, posts, memberships = [], [], []
    for party in view.parties:
        names = [{"name": party.short, "note": "short name"}]
        names += [{"name": alias, "note": "alias"} for alias in party.aliases]
        organizations.append(
            {"id": party.id, "name": party.name, "classification": "party", "other_names": names}
        )
        dates, said = _span_dates(party.span, losses)
        memberships.append(
            {
                "id": f"membership-{party.id}",
                "person_id": person_id,
                "organization_id": party.id,
                "role": "member",
                **dates,
                "label": "; ".join(said),
                "sources": _notes(timeline, party.cites),
            }
        )
    for office in view.offices:
        labels = [{"name": office.short, "note": "short name"}]
        labels += [{"name": alias, "note": "alias"} for alias in office.aliases]
        posts.append({"id": office.id, "label": office.title, "other_labels": labels})
        dates, said = _span_dates(office.span, losses)
        memberships.append(
            {
                "id": f"membership-{office.id}",
                "person_id": person_id,
                "post_id": office.id,
                "role": office.title,
                **dates,
                "label": "; ".join(said),
                "sources": _notes(timeline, office.cites),
            }
        )
        if office.predecessor or office.successor:
            losses.add("predecessors and successors left out")
    periods: list[Party | Office] = [*view.parties, *view.offices]
    losses.add("period summaries left out", len(periods))
    losses.add(
        "citations' start/end marks left out",
        sum(any(c.supports for c in p.cites) for p in periods),
    )
    events = [_event(timeline, e, losses) for e in view.events if not e.derived]
    losses.add("eras left out (Popolo has no eras)", len(view.eras))
    losses.add(
        "conflicts left out (Popolo holds one reading: the file's own)", len(timeline.conflicts)
    )
    document = {
        "persons": [person],
        "organizations": organizations,
        "posts": posts,
        "memberships": memberships,
        "events": [e for e in events if e is not None],
    }
    return document, losses


def _event(timeline: Timeline, event: Event, losses: Losses) -> Json | None:
    if event.date is None:
        losses.add("undated events left out")
        return None
    found: Json = {
        "id": event.id,
        "name": event.title,
        "classification": event.kind,
        "description": event.summary,
        "sources": _notes(timeline, event.cites),
    }
    if event.by:
        found["description"] += f" (by {event.date.format()}: an upper bound)"
        losses.add("upper bounds moved into notes")
    elif event.open_sided:
        found["description"] += f" ({event.format_date()})"
        losses.add("dates with a side not stated moved into notes")
    else:
        found["start_date"] = _iso(event.date)
        if event.date.approximate:
            losses.add("approximate dates moved into notes")
            found["description"] += f" (approximately: {event.date.format()})"
        if event.date.not_before:
            losses.add("narrower bounds (not before) moved into notes")
            found["description"] += f" (on or after {event.date.not_before.isoformat()})"
    if event.end is not None:
        found["end_date"] = _iso(event.end)
    if event.people or event.places or event.offices or event.parties:
        losses.add("events' people, places and links left out")
    return found


class PopoloError(ValueError):
    """A Popolo document this import cannot read; the message names the JSON path."""


def _get(obj: Any, key: str, path: str, kind: type, required: bool = True) -> Any:
    if not isinstance(obj, dict):
        raise PopoloError(f"{path}: expected an object")
    if key not in obj:
        if required:
            raise PopoloError(f"{path}.{key}: required field is missing")
        return None
    value = obj[key]
    if not isinstance(value, kind):
        raise PopoloError(f"{path}.{key}: expected {kind.__name__}")
    return value


def _date(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _ISO_PARTIAL.fullmatch(value):
        raise PopoloError(f"{path}: expected a date YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        PartialDate.parse(value)
    except DateError as error:
        raise PopoloError(f"{path}: {error}") from None
    return value


def from_popolo(document: Any, name: str) -> tuple[Json, Losses]:
    """A timeline document in our format from one person's Popolo data."""
    losses = Losses("Popolo import")
    persons = _get(document, "persons", "$", list)
    if not persons:
        raise PopoloError("persons: needs one person")
    if len(persons) > 1:
        losses.add("other persons ignored (one person a timeline)", len(persons) - 1)
    person = persons[0]
    person_id = _get(person, "id", "persons[0]", str)
    born = _date(_get(person, "birth_date", "persons[0]", str), "persons[0].birth_date")
    other = [n for n in _get(person, "other_names", "persons[0]", list, False) or []]
    birth_name = next(
        (n.get("name") for n in other if isinstance(n, dict) and n.get("note") == "birth name"),
        None,
    )
    organizations = {
        o["id"]: o
        for o in _get(document, "organizations", "$", list, False) or []
        if isinstance(o, dict) and isinstance(o.get("id"), str)
    }
    posts = {
        p["id"]: p
        for p in _get(document, "posts", "$", list, False) or []
        if isinstance(p, dict) and isinstance(p.get("id"), str)
    }
    parties: list[Json] = []
    offices: list[Json] = []
    dates = [born]
    memberships = _get(document, "memberships", "$", list, False) or []
    for index, membership in enumerate(memberships):
        path = f"memberships[{index}]"
        if _get(membership, "person_id", path, str) != person_id:
            continue
        period = _period(membership, path, organizations, posts, losses)
        if period is None:
            continue
        dates += [period["start"], *([] if period["end"] == "unknown" else [period["end"]])]
        (offices if "predecessor" in period else parties).append(period)
    events = []
    for index, event in enumerate(_get(document, "events", "$", list, False) or []):
        made = _import_event(event, f"events[{index}]", losses)
        if made is not None:
            dates += [made["date"], *([made["end"]] if "end" in made else [])]
            events.append(made)
    as_of = max(dates, key=lambda text: PartialDate.parse(text).sort_key[1])
    timeline = {
        "format": "backes-tui/timeline@1",
        "subject": {
            "name": _get(person, "name", "persons[0]", str),
            "birth_name": birth_name or person["name"],
            "born": born,
            "birth_place": "not stated in the Popolo data",
            "nationality": person.get("national_identity") or "not stated in the Popolo data",
        },
        "as_of": as_of,
        "as_of_note": "Popolo gives no date of its own; this is the latest date in the file.",
        "sources": [{"id": SOURCE_ID, "title": f"Popolo data ({name})"}],
        "eras": [],
        "offices": offices,
        "parties": parties,
        "events": events,
    }
    return timeline, losses


def _cites(obj: Json, statement: str) -> list[Json]:
    notes = [s.get("note") for s in obj.get("sources") or [] if isinstance(s, dict)]
    quotes = [n for n in notes if isinstance(n, str) and n.strip()]
    # Without a note, the quote is the statement itself, so it claims no more.
    return [{"source": SOURCE_ID, "quote": q} for q in quotes or [statement]]


def _period(
    membership: Json,
    path: str,
    organizations: dict[str, Json],
    posts: dict[str, Json],
    losses: Losses,
) -> Json | None:
    start = membership.get("start_date")
    if start is None:
        losses.add("memberships without a start date left out")
        return None
    start = _date(start, f"{path}.start_date")
    end = membership.get("end_date")
    end = None if end is None else _date(end, f"{path}.end_date")
    post_id = membership.get("post_id")
    if isinstance(post_id, str) and post_id in posts:
        post = posts[post_id]
        title = str(post.get("label") or post_id)
        statement = f"{title}: from {start}" + (f" to {end}" if end else "")
        return {
            "id": post_id,
            "title": title,
            "start": start,
            "end": end or "unknown",
            "predecessor": None,
            "successor": None,
            "summary": f"Held the post {title}, as the Popolo data records it.",
            "cites": _cites(membership, statement),
        }
    organization_id = membership.get("organization_id")
    if not isinstance(organization_id, str) or organization_id not in organizations:
        raise PopoloError(f"{path}: names neither a known post nor a known organization")
    organization = organizations[organization_id]
    name = str(organization.get("name") or organization_id)
    short = next(
        (n["name"] for n in organization.get("other_names") or [] if n.get("note") == "short name"),
        name,
    )
    aliases = [n["name"] for n in organization.get("other_names") or [] if n.get("note") == "alias"]
    statement = f"member of {name}: from {start}" + (f" to {end}" if end else "")
    return {
        "id": organization_id,
        "name": name,
        "short": short,
        "aliases": aliases,
        "start": start,
        "end": end or "unknown",
        "summary": f"Member of {name}, as the Popolo data records it.",
        "cites": _cites(membership, statement),
    }


def _import_event(event: Any, path: str, losses: Losses) -> Json | None:
    start = event.get("start_date") if isinstance(event, dict) else None
    if start is None:
        losses.add("events without a start date left out")
        return None
    made: Json = {
        "id": _get(event, "id", path, str),
        "date": _date(start, f"{path}.start_date"),
        "kind": event.get("classification")
        if event.get("classification") in EVENT_KINDS
        else "context",
        "title": _get(event, "name", path, str),
        "summary": event.get("description") or _get(event, "name", path, str),
    }
    if event.get("end_date") is not None:
        made["end"] = _date(event["end_date"], f"{path}.end_date")
    made["cites"] = _cites(event, f"{made['title']}: {start}")
    return made
