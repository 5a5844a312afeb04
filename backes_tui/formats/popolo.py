"""Popolo JSON (the civic-tech standard behind EveryPolitician), both ways.

Export, field by field: the subject is a `person` (name, `other_names` with
the birth name, `birth_date`, `national_identity`, `identifiers`); parties are
`organizations` with `classification: "party"`; offices are `posts`; her
periods are `memberships` (of an organization, or holding a post) with
partial ISO dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`); stored events are
Popolo `events`. Popolo's `sources` are links, and a link needs a URL:
ours have none, so no `sources` are written, and the quotes and source titles
of what is in view are counted in the loss report.

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

from backes_tui.formats.losses import Losses, conflicts_in_view
from backes_tui.storage.shapes import ShapeError, entries, expect, field
from backes_tui.timeline.dates import DateError, PartialDate, Span
from backes_tui.timeline.model import EVENT_KINDS, Cite, Event, Office, Party, Timeline
from backes_tui.timeline.query import FilteredView

Json = dict[str, Any]
SCHEME = "backes-tui"
SOURCE_ID = "popolo"
_ISO_PARTIAL = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?", re.ASCII)
# Popolo's date-time on memberships and events: a day, then a time of day.
_ISO_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})T\d{2}(:\d{2}){0,2}(Z|[+-]\d{2}(:\d{2})?)", re.ASCII)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "person"


def _iso(date: PartialDate) -> str:
    """The date at its stated precision, without EDTF's "~"."""
    return str(date).rstrip("~")


def _count_cites(cites: tuple[Cite, ...], cited: set[str], losses: Losses) -> None:
    """A Popolo source is a link with a URL; our sources have none (`Source`
    has no such field), so each quote is left out and counted."""
    losses.add(
        "quotes left out (a Popolo source is a link and needs a URL; ours have none)", len(cites)
    )
    cited.update(c.source for c in cites)


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
    }
    losses.add("birth place left out (Popolo has no field for it)")
    losses.add("approximate birth date written as if exact", int(subject.born.approximate))
    cited: set[str] = set()
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
            }
        )
        _count_cites(party.cites, cited, losses)
    for office in view.offices:
        labels = list(dict.fromkeys((office.short, *office.aliases)))
        # Popolo's `other_label` is a list of plain strings.
        posts.append({"id": office.id, "label": office.title, "other_label": labels})
        dates, said = _span_dates(office.span, losses)
        memberships.append(
            {
                "id": f"membership-{office.id}",
                "person_id": person_id,
                "post_id": office.id,
                "role": office.title,
                **dates,
                "label": "; ".join(said),
            }
        )
        _count_cites(office.cites, cited, losses)
        if office.predecessor or office.successor:
            losses.add("predecessors and successors left out")
        losses.add("offices' notes left out", int(office.note is not None))
        losses.add("offices' places left out", int(bool(office.places)))
        losses.add(
            "offices' short names written as plain other labels", int(office.short != office.title)
        )
    periods: list[Party | Office] = [*view.parties, *view.offices]
    losses.add("period summaries left out", len(periods))
    losses.add(
        "citations' start/end marks left out",
        sum(any(c.supports for c in p.cites) for p in periods),
    )
    events = [_event(e, cited, losses) for e in view.events if not e.derived]
    losses.add("source titles left out (a Popolo source needs a URL)", len(cited))
    losses.add("eras left out (Popolo has no eras)", len(view.eras))
    losses.add(
        "conflicts left out (Popolo holds one reading: the file's own)",
        len(conflicts_in_view(timeline, view)),
    )
    document = {
        "persons": [person],
        "organizations": organizations,
        "posts": posts,
        "memberships": memberships,
        "events": [e for e in events if e is not None],
    }
    return document, losses


def _event(event: Event, cited: set[str], losses: Losses) -> Json | None:
    if event.date is None:
        losses.add("undated events left out")
        return None
    found: Json = {
        "id": event.id,
        "name": event.title,
        "classification": event.kind,
        "description": event.summary,
    }
    _count_cites(event.cites, cited, losses)
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


class PopoloError(ShapeError):
    """A Popolo document this import cannot read; the message names the JSON path."""


def _names(obj: Json, path: str, note: str) -> list[str]:
    """The names in ``obj``'s other_names marked with ``note``."""
    return [
        field(name, "name", where, str)
        for where, name in entries(obj, "other_names", path, dict)
        if field(name, "note", where, str, required=False) == note
    ]


def _date(value: Any, path: str, losses: Losses | None = None) -> str:
    """A partial date; with ``losses``, also a date-time, whose day is kept as
    written (in the time zone it was given in)."""
    timed = _ISO_TIME.fullmatch(value) if losses is not None and isinstance(value, str) else None
    if timed is not None and losses is not None:
        losses.add("times of day left out (our dates are days)")
        value = timed.group(1)
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
    links = _Sources(name, losses)
    persons = field(document, "persons", "$", list)
    if not persons:
        raise PopoloError("persons: needs one person")
    if len(persons) > 1:
        losses.add("other persons ignored (one person a timeline)", len(persons) - 1)
    person = persons[0]
    person_id = field(person, "id", "persons[0]", str)
    born = _date(field(person, "birth_date", "persons[0]", str), "persons[0].birth_date")
    birth_name = next(iter(_names(person, "persons[0]", "birth name")), None)
    organizations = {
        o["id"]: (f"organizations[{index}]", o)
        for index, o in enumerate(field(document, "organizations", "$", list, required=False) or [])
        if isinstance(o, dict) and isinstance(o.get("id"), str)
    }
    posts = {
        p["id"]: (f"posts[{index}]", p)
        for index, p in enumerate(field(document, "posts", "$", list, required=False) or [])
        if isinstance(p, dict) and isinstance(p.get("id"), str)
    }
    parties: list[Json] = []
    offices: list[Json] = []
    dates = [born]
    memberships = field(document, "memberships", "$", list, required=False) or []
    for index, membership in enumerate(memberships):
        path = f"memberships[{index}]"
        if field(membership, "person_id", path, str) != person_id:
            continue
        period = _period(membership, path, organizations, posts, links)
        if period is None:
            continue
        dates += [period["start"], *([] if period["end"] == "unknown" else [period["end"]])]
        (offices if "predecessor" in period else parties).append(period)
    events = []
    for index, event in enumerate(field(document, "events", "$", list, required=False) or []):
        made = _import_event(event, f"events[{index}]", links)
        if made is not None:
            dates += [made["date"], *([made["end"]] if "end" in made else [])]
            events.append(made)
    as_of = max(dates, key=lambda text: PartialDate.parse(text).sort_key[1])
    timeline = {
        "format": "backes-tui/timeline@1",
        "subject": {
            "name": field(person, "name", "persons[0]", str),
            "birth_name": birth_name or person["name"],
            "born": born,
            "birth_place": "not stated in the Popolo data",
            "nationality": person.get("national_identity") or "not stated in the Popolo data",
        },
        "as_of": as_of,
        "as_of_note": "Popolo gives no date of its own; this is the latest date in the file.",
        "sources": list(links.made.values()),
        "eras": [],
        "offices": offices,
        "parties": parties,
        "events": events,
    }
    return timeline, losses


class _Sources:
    """The sources an import makes: the Popolo file itself, and each linked URL once."""

    def __init__(self, name: str, losses: Losses) -> None:
        self.losses = losses
        self.made: dict[str, Json] = {
            SOURCE_ID: {"id": SOURCE_ID, "title": f"Popolo data ({name})"}
        }
        self.by_url: dict[str, str] = {}

    def cites(self, obj: Json, statement: str, path: str) -> list[Json]:
        """A Popolo source is a link to a document: the quote is the statement
        itself, so it claims no more than the link. A `note` without a URL is
        not a Popolo link (our exports once wrote quotes so): read as a quote."""
        found = []
        for link in expect(obj.get("sources") or [], list, f"{path}.sources"):
            if not isinstance(link, dict):
                continue
            url, note = link.get("url"), link.get("note")
            if isinstance(url, str) and url.strip():
                found.append({"source": self._source(url, note), "quote": statement})
            elif isinstance(note, str) and note.strip():
                self.losses.add("sources without a URL, their notes read as quotes")
                found.append({"source": SOURCE_ID, "quote": note})
        return found or [{"source": SOURCE_ID, "quote": statement}]

    def _source(self, url: str, note: Any) -> str:
        """The source id of ``url``, titled by the first note given with it."""
        if url not in self.by_url:
            self.by_url[url] = f"link-{len(self.by_url) + 1}"
        source = self.made.setdefault(self.by_url[url], {"id": self.by_url[url], "title": url})
        if source["title"] == url and isinstance(note, str) and note.strip():
            source["title"] = f"{note} · {url}"
        return self.by_url[url]


def _period(
    membership: Json,
    path: str,
    organizations: dict[str, tuple[str, Json]],
    posts: dict[str, tuple[str, Json]],
    links: _Sources,
) -> Json | None:
    losses = links.losses
    start = membership.get("start_date")
    if start is None:
        losses.add("memberships without a start date left out")
        return None
    start = _date(start, f"{path}.start_date", losses)
    end = membership.get("end_date")
    end = None if end is None else _date(end, f"{path}.end_date", losses)
    post_id = membership.get("post_id")
    if isinstance(post_id, str) and post_id in posts:
        where, post = posts[post_id]
        title = str(post.get("label") or post_id)
        statement = f"{title}: from {start}" + (f" to {end}" if end else "")
        return {
            "id": post_id,
            "title": title,
            "start": start,
            "end": end or "unknown",
            "aliases": [
                label for _, label in entries(post, "other_label", where, str) if label != title
            ],
            "predecessor": None,
            "successor": None,
            "summary": f"Held the post {title}, as the Popolo data records it.",
            "cites": links.cites(membership, statement, path),
        }
    organization_id = membership.get("organization_id")
    if not isinstance(organization_id, str) or organization_id not in organizations:
        raise PopoloError(f"{path}: names neither a known post nor a known organization")
    where, organization = organizations[organization_id]
    name = str(organization.get("name") or organization_id)
    short = next(iter(_names(organization, where, "short name")), name)
    aliases = _names(organization, where, "alias")
    statement = f"member of {name}: from {start}" + (f" to {end}" if end else "")
    return {
        "id": organization_id,
        "name": name,
        "short": short,
        "aliases": aliases,
        "start": start,
        "end": end or "unknown",
        "summary": f"Member of {name}, as the Popolo data records it.",
        "cites": links.cites(membership, statement, path),
    }


def _import_event(event: Any, path: str, links: _Sources) -> Json | None:
    losses = links.losses
    start = event.get("start_date") if isinstance(event, dict) else None
    if start is None:
        losses.add("events without a start date left out")
        return None
    classification = event.get("classification")
    if classification not in EVENT_KINDS:
        # Our kinds are a closed list; "context" claims the least of them.
        losses.add("event classifications not among our kinds, read as context")
    made: Json = {
        "id": field(event, "id", path, str),
        "date": _date(start, f"{path}.start_date", losses),
        "kind": classification if classification in EVENT_KINDS else "context",
        "title": field(event, "name", path, str),
        "summary": event.get("description") or field(event, "name", path, str),
    }
    if event.get("end_date") is not None:
        made["end"] = _date(event["end_date"], f"{path}.end_date", losses)
    made["cites"] = links.cites(event, f"{made['title']}: {start}", path)
    return made
