"""Import a Wikibase entity JSON document (as `Special:EntityData/Q….json` returns it).

Read, following the Wikibase JSON format: P569 (date of birth), P19 (place
of birth), P27 (citizenship), P39 (position held) and P102 (member of
political party), each with the P580/P582 (start/end time) qualifiers, and
P1365/P1366 (replaces/replaced by) on positions. Times keep their precision:
9, 10 and 11 become `YYYY`, `YYYY-MM` and `YYYY-MM-DD`, so the `-00` parts of
a coarse time are never read as days; coarser ones cannot be written, as our
dates have no unspecified digits. Julian-calendar days become Gregorian days.
A statement with no end time has an end "not stated": Wikidata does not say
whether it goes on.

Ranks: a normal or preferred statement becomes the item; a deprecated one
beside a preferred one for the same value becomes a reading of a conflict on
its end when both ends are dates that differ. Everything read otherwise or
left out is a line of the loss report; the README says each case.

References (P854 reference URL, P248 stated in) become sources, and each
citation's quote is the statement rendered as text, so it claims no more than
the source said.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from typing import Any

from backes_tui.formats.losses import Losses
from backes_tui.storage.shapes import ShapeError, entries, expect, field

Json = dict[str, Any]
_TIME = re.compile(r"([+-])(\d{4,})-(\d{2})-(\d{2})T")
PRECISION_YEAR, PRECISION_MONTH, PRECISION_DAY = 9, 10, 11
_DAY = "{:04d}-{:02d}-{:02d}"
OFFICE, PARTY = "P39", "P102"
GREGORIAN = "http://www.wikidata.org/entity/Q1985727"
JULIAN = "http://www.wikidata.org/entity/Q1985786"
_JULIAN_MONTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Julian day number of the day before Python's ordinal day 1 (1 January 1, Gregorian).
_ORDINAL_TO_DAY_NUMBER = 1721425


class Unstated(enum.Enum):
    """Why a time snak gives no date of ours."""

    NO_VALUE = "novalue"  # Wikidata says there is none: for an end, it has not ended
    SOME_VALUE = "somevalue"  # there is one, but Wikidata does not know it
    COARSE = "coarse"  # a decade, century or coarser: our dates have no unspecified digits


_UNSTATED = {"novalue": Unstated.NO_VALUE, "somevalue": Unstated.SOME_VALUE}


class JulianDay(str):
    """A Gregorian day converted from the Julian-calendar day Wikidata states,
    which a quote gives as it was stated (`as_stated`)."""

    stated = ""


def as_stated(date: str) -> str:
    """The date as Wikidata states it: a converted one in its own calendar."""
    return f"{date.stated} (Julian calendar)" if isinstance(date, JulianDay) else date


class WikidataError(ShapeError):
    """A document this import cannot read; the message names the JSON path."""


class LabelsError(WikidataError):
    """The labels document (``--labels``) is not one this import can read."""


def _optional(obj: Any, key: str, path: str, kind: type) -> Any:
    return field(obj, key, path, kind, required=False)


def _labels(labels: Any) -> dict[str, Any]:
    """The entities of a labels document (``--labels``), as Wikidata gives it
    (`wbgetentities`, or `Special:EntityData` of the items): ``{"entities":
    {"Q2": {"labels": {"en": {"value": "Earth"}}}}}``. Any other shape is
    refused, naming the JSON path, instead of being read as no labels at all."""
    if labels is None:
        return {}
    try:
        found: dict[str, Any] = field(labels, "entities", "$", dict)
        for qid, entity in found.items():
            where = f"entities.{qid}"
            names = _optional(expect(entity, dict, where), "labels", where, dict) or {}
            for language, label in names.items():
                field(label, "value", f"{where}.labels.{language}", str)
    except ShapeError as error:
        raise LabelsError(str(error)) from None
    return found


def _english(entities: dict[str, Any], qid: str) -> Any:
    """The English label of entity ``qid``, if it gives one."""
    where = f"entities.{qid}"
    names = _optional(expect(entities[qid], dict, where), "labels", where, dict)
    english = _optional(names, "en", f"{where}.labels", dict) if names else None
    return _optional(english, "value", f"{where}.labels.en", str) if english else None


def time_value(snak: Any, path: str, losses: Losses) -> str | Unstated:
    """A time snak as a date at its precision, in the Gregorian calendar; or
    why it gives none."""
    snaktype = field(snak, "snaktype", path, str)
    if snaktype in _UNSTATED:
        return _UNSTATED[snaktype]
    if snaktype != "value":
        raise WikidataError(f"{path}.snaktype: expected value, somevalue or novalue")
    value = field(field(snak, "datavalue", path, dict), "value", f"{path}.datavalue", dict)
    where = f"{path}.datavalue.value"
    time = field(value, "time", where, str)
    precision = field(value, "precision", where, int)
    match = _TIME.match(time)
    if match is None or match.group(1) != "+":
        raise WikidataError(f"{where}.time: expected +YYYY-MM-DDT00:00:00Z, found {time!r}")
    model = value.get("calendarmodel", GREGORIAN)
    if model not in (GREGORIAN, JULIAN):
        raise WikidataError(f"{where}.calendarmodel: unknown calendar model {model!r}")
    year, month, day = int(match.group(2)), int(match.group(3)), int(match.group(4))
    if precision < PRECISION_YEAR:
        return Unstated.COARSE
    if model == JULIAN:
        if precision < PRECISION_DAY:
            # A Julian month or year starts 10 to 13 days after the Gregorian
            # one of the same name: not one month or year of ours.
            losses.add(
                "Julian-calendar months and years kept as Wikidata states them (not converted)"
            )
        else:
            gregorian = julian_to_gregorian(year, month, day, f"{where}.time")
            converted = JulianDay(_DAY.format(*gregorian))
            converted.stated = _DAY.format(year, month, day)
            losses.add("Julian-calendar days converted to the Gregorian calendar")
            return converted
    text = f"{year:04d}"
    if precision >= PRECISION_MONTH:
        text += f"-{month:02d}"
    if precision >= PRECISION_DAY:
        text += f"-{day:02d}"
    return text


def julian_to_gregorian(year: int, month: int, day: int, path: str) -> tuple[int, int, int]:
    """The Gregorian day of a Julian-calendar day, through its Julian day number."""
    if not (
        1 <= month <= 12
        and 1 <= day <= (29 if month == 2 and year % 4 == 0 else _JULIAN_MONTHS[month - 1])
    ):
        raise WikidataError(f"{path}: {year:04d}-{month:02d}-{day:02d} is no Julian-calendar day")
    shifted = 14 - month
    y = year + 4800 - shifted // 12
    m = month + 12 * (shifted // 12) - 3
    day_number = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    try:
        found = dt.date.fromordinal(day_number - _ORDINAL_TO_DAY_NUMBER)
    except (ValueError, OverflowError):
        raise WikidataError(f"{path}: {year:04d}-{month:02d}-{day:02d} is out of range") from None
    return found.year, found.month, found.day


def item_value(snak: Any, path: str) -> str | None:
    if field(snak, "snaktype", path, str) != "value":
        return None
    value = field(field(snak, "datavalue", path, dict), "value", f"{path}.datavalue", dict)
    return str(field(value, "id", f"{path}.datavalue.value", str))


class _Reader:
    def __init__(self, document: Json, labels: Json | None, losses: Losses) -> None:
        self.entities = field(document, "entities", "$", dict)
        self.labels = _labels(labels)
        self.losses = losses
        self.sources: dict[str, Json] = {}
        self.unlabelled: set[str] = set()

    def label(self, qid: str) -> str:
        for pool in (self.entities, self.labels):
            value = _english(pool, qid) if isinstance(pool.get(qid), dict) else None
            if isinstance(value, str) and value.strip():
                return value
        if qid not in self.unlabelled:
            self.unlabelled.add(qid)
            self.losses.add("items without a label, kept as their Q-id")
        return qid

    def qualifier(
        self, statement: Json, prop: str, path: str, read: Callable[[Any, str], Any]
    ) -> Any:
        qualifiers = _optional(statement, "qualifiers", path, dict) or {}
        snaks = _optional(qualifiers, prop, f"{path}.qualifiers", list) or []
        # The first snak that gives a value; else why none did (`Unstated`), if any said.
        why = None
        for index, snak in enumerate(snaks):
            found = read(snak, f"{path}.qualifiers.{prop}[{index}]")
            if isinstance(found, str):
                return found
            why = found if why is None else why
        return why

    def time(self, snak: Any, path: str) -> str | Unstated:
        return time_value(snak, path, self.losses)

    def reference_sources(self, statement: Json, path: str) -> list[str]:
        """Source ids for the statement's references, made once each."""
        found = []
        for where, reference in entries(statement, "references", path, dict):
            snaks = field(reference, "snaks", where, dict)
            urls = [
                (_optional(s, "datavalue", at, dict) or {}).get("value")
                for at, s in entries(snaks, "P854", f"{where}.snaks", dict)
                if s.get("snaktype") == "value"
            ]
            url = next((u for u in urls if isinstance(u, str)), None)
            stated = next(
                (item_value(s, at) for at, s in entries(snaks, "P248", f"{where}.snaks", dict)),
                None,
            )
            if url is None and stated is None:
                continue
            title = " · ".join(
                part for part in (stated and f"stated in {self.label(stated)}", url) if part
            )
            source_id = f"ref-{len(self.sources) + 1}"
            for known_id, known in self.sources.items():
                if known["title"] == title:
                    source_id = known_id
            self.sources.setdefault(source_id, {"id": source_id, "title": title})
            found.append(source_id)
        return found


def from_wikidata(document: Any, labels: Any, name: str) -> tuple[Json, Losses]:
    """A timeline document in our format from one Wikibase entity document."""
    losses = Losses("Wikidata import")
    reader = _Reader(expect(document, dict, "$"), labels, losses)
    if not reader.entities:
        raise WikidataError("entities: expected an entity")
    # The first entity is the person; any others only lend their labels.
    qid, entity = next(iter(reader.entities.items()))
    path = f"entities.{qid}"
    claims = field(entity, "claims", path, dict)
    born = _first(claims, "P569", f"{path}.claims", reader.time)
    if born is None:
        raise WikidataError(f"{path}.claims.P569: no date of birth at day, month or year precision")
    born = str(born)  # a plain string, as every date written
    place = _first(claims, "P19", f"{path}.claims", item_value)
    country = _first(claims, "P27", f"{path}.claims", item_value)
    periods: dict[str, list[Json]] = {OFFICE: [], PARTY: []}
    conflicts: list[Json] = []
    for prop in (OFFICE, PARTY):
        statements = [s for _, s in entries(claims, prop, f"{path}.claims", dict)]
        _periods(reader, statements, prop, f"{path}.claims.{prop}", periods[prop], conflicts)
    reader.sources.setdefault("wikidata", {"id": "wikidata", "title": f"Wikidata {qid} ({name})"})
    modified = entity.get("modified")
    as_of = (
        modified[:10]
        if isinstance(modified, str) and re.match(r"\d{4}-\d{2}-\d{2}", modified)
        else None
    )
    dates = [born] + [p["start"] for ps in periods.values() for p in ps]
    timeline = {
        "format": "backes-tui/timeline@1",
        "subject": {
            "name": reader.label(qid),
            "birth_name": reader.label(qid),
            "born": born,
            "birth_place": reader.label(place) if place else "not stated in the Wikidata item",
            "nationality": reader.label(country) if country else "not stated in the Wikidata item",
        },
        "as_of": as_of or max(dates),
        "as_of_note": "The entity's last modification date, as Wikidata gives it."
        if as_of
        else "The latest date in the entity; Wikidata gave no modification date.",
        "sources": list(reader.sources.values()),
        "eras": [],
        "offices": periods[OFFICE],
        "parties": periods[PARTY],
        "events": [],
        "conflicts": conflicts,
    }
    return timeline, losses


_START_LOST = {
    None: "statements without a start time left out",
    Unstated.NO_VALUE: "statements whose start time is no value left out",
    Unstated.SOME_VALUE: "statements whose start time is unknown (some value) left out",
    Unstated.COARSE: "statements whose start time is a decade or coarser left out "
    "(our dates have no unspecified digits)",
}
_END_READ = {
    Unstated.NO_VALUE: "end times of no value (it has not ended) read as ongoing",
    Unstated.SOME_VALUE: "end times of some value (ended, date unknown) read as not stated",
    Unstated.COARSE: "end times of a decade or coarser read as not stated "
    "(our dates have no unspecified digits)",
}


def _first(claims: Json, prop: str, path: str, read: Callable[[Any, str], Any]) -> Any:
    statements = [s for _, s in entries(claims, prop, path, dict)]
    ranks = [_optional(s, "rank", f"{path}.{prop}[{i}]", str) for i, s in enumerate(statements)]
    ranked = sorted(
        enumerate(statements),
        key=lambda pair: {"preferred": 0, "normal": 1}.get(ranks[pair[0]], 2),
    )
    for index, statement in ranked:
        if statement.get("rank") != "deprecated":
            where = f"{path}.{prop}[{index}]"
            found = read(field(statement, "mainsnak", where, dict), f"{where}.mainsnak")
            if isinstance(found, str):
                return found
    return None


def _periods(
    reader: _Reader,
    statements: list[Any],
    prop: str,
    path: str,
    out: list[Json],
    conflicts: list[Json],
) -> None:
    by_value: dict[str, list[tuple[int, Json]]] = {}
    for index, statement in enumerate(statements):
        where = f"{path}[{index}]"
        value = item_value(field(statement, "mainsnak", where, dict), f"{where}.mainsnak")
        _optional(statement, "rank", where, str)
        if value is not None:
            by_value.setdefault(value, []).append((index, statement))
    for value, group in by_value.items():
        kept = [(i, s) for i, s in group if s.get("rank") != "deprecated"]
        deprecated = [(i, s) for i, s in group if s.get("rank") == "deprecated"]
        if not kept:
            reader.losses.add("deprecated statements with nothing preferred left out", len(group))
            continue
        set_against = False
        for number, (index, statement) in enumerate(kept):
            item = _period(reader, statement, prop, value, f"{path}[{index}]", number)
            if item is None:
                continue
            out.append(item)
            if deprecated and statement.get("rank") == "preferred":
                set_against = True
                conflict = _conflict(reader, item, deprecated, prop, path)
                if conflict is not None:
                    conflicts.append(conflict)
        if deprecated and not set_against:
            reader.losses.add(
                "deprecated statements with no preferred period beside them left out",
                len(deprecated),
            )


def _period(
    reader: _Reader, statement: Json, prop: str, value: str, path: str, number: int
) -> Json | None:
    start = reader.qualifier(statement, "P580", path, reader.time)
    if not isinstance(start, str):
        reader.losses.add(_START_LOST[start])
        return None
    stated = reader.qualifier(statement, "P582", path, reader.time)
    end = stated if isinstance(stated, str) else None
    if stated is not None and end is None:
        reader.losses.add(_END_READ[stated])
    name = reader.label(value)
    what = "position held" if prop == OFFICE else "member of political party"
    quote = f"{what}: {name}; start time: {as_stated(start)}"
    quote += f"; end time: {as_stated(end)}" if end else ""
    sources = reader.reference_sources(statement, path) or ["wikidata"]
    cites = [{"source": s, "quote": quote, "supports": ["start", "end"]} for s in sources]
    item_id = value.lower() if number == 0 else f"{value.lower()}-{number + 1}"
    # No end time at all: Wikidata does not say whether it goes on.
    ongoing = stated is Unstated.NO_VALUE
    period: Json = {
        "id": item_id,
        "start": str(start),
        "end": str(end) if end else (None if ongoing else "unknown"),
        "cites": cites,
    }
    if prop == OFFICE:
        replaces = reader.qualifier(statement, "P1365", path, item_value)
        replaced_by = reader.qualifier(statement, "P1366", path, item_value)
        period.update(
            title=name,
            predecessor=reader.label(replaces) if replaces else None,
            successor=reader.label(replaced_by) if replaced_by else None,
            summary=f"Held the position {name}, as Wikidata records it.",
        )
    else:
        period.update(name=name, short=name, summary=f"Member of {name}, as Wikidata records it.")
    return period


def _conflict(
    reader: _Reader, item: Json, deprecated: list[tuple[int, Json]], prop: str, path: str
) -> Json | None:
    """One conflict for the preferred ``item``: its end, and each deprecated
    statement's end that is a date and differs from it."""
    readings: list[Json] = []
    for index, other in deprecated:
        where = f"{path}[{index}]"
        end = reader.qualifier(other, "P582", where, reader.time)
        if not isinstance(end, str) or not isinstance(item["end"], str) or item["end"] == "unknown":
            reader.losses.add(
                "deprecated statements whose end is no date beside the preferred one's left out"
            )
            continue
        if end == item["end"] or any(r["date"] == end for r in readings):
            reader.losses.add("deprecated statements whose end is already a reading left out")
            continue
        if reader.qualifier(other, "P580", where, reader.time) != item["start"]:
            reader.losses.add("deprecated statements' other start times left out")
        quote = f"end time (deprecated statement): {as_stated(end)}"
        sources = reader.reference_sources(other, where) or ["wikidata"]
        readings.append(
            {
                "label": "Wikidata: deprecated",
                "date": str(end),
                "cites": [{"source": sources[0], "quote": quote}],
            }
        )
    if not readings:
        return None
    title = item.get("title") or item["name"]
    key = "offices" if prop == OFFICE else "parties"
    return {
        "id": f"{item['id']}-end",
        "title": f"When did {title} end?",
        "summary": "Wikidata keeps a preferred and a deprecated end time; both readings are kept.",
        key: [item["id"]],
        "readings": [
            {"label": "Wikidata: preferred", "date": item["end"], "cites": item["cites"][:1]},
            *readings,
        ],
    }
