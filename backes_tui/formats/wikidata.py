"""Import a Wikibase entity JSON document (as `Special:EntityData/Q….json` returns it).

Read, following the Wikibase JSON format: P569 (date of birth), P19 (place
of birth), P27 (citizenship), P39 (position held) and P102 (member of
political party), each with the P580/P582 (start/end time) qualifiers, and
P1365/P1366 (replaces/replaced by) on positions. Times keep their precision:
9, 10 and 11 become `YYYY`, `YYYY-MM` and `YYYY-MM-DD`, so the `-00` parts of
a coarse time are never read as days. A statement with no end time has an end
"not stated": Wikidata does not say whether it goes on.

Ranks: a normal or preferred statement becomes the item; a deprecated one
beside a preferred one for the same value becomes a conflict whose readings
are both ends. References (P854 reference URL, P248 stated in) become
sources, and each citation's quote is the statement rendered as text, so it
claims no more than the source said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from backes_tui.formats.losses import Losses
from backes_tui.storage.shapes import ShapeError, entries, expect, field

Json = dict[str, Any]
_TIME = re.compile(r"([+-])(\d{4,})-(\d{2})-(\d{2})T")
PRECISION_YEAR, PRECISION_MONTH, PRECISION_DAY = 9, 10, 11
OFFICE, PARTY = "P39", "P102"


class WikidataError(ShapeError):
    """A document this import cannot read; the message names the JSON path."""


class LabelsError(WikidataError):
    """The labels document (``--labels``) is not one this import can read."""


def _optional(obj: Any, key: str, path: str, kind: type) -> Any:
    return field(obj, key, path, kind, required=False)


def _labels(labels: Any) -> dict[str, Any]:
    """The entities of a labels document, each with its English label checked."""
    if labels is None:
        return {}
    try:
        found = _optional(labels, "entities", "$", dict) or {}
        for qid in found:
            _english(found, qid)
    except ShapeError as error:
        raise LabelsError(str(error)) from None
    return found


def _english(entities: dict[str, Any], qid: str) -> Any:
    """The English label of entity ``qid``, if it gives one."""
    where = f"entities.{qid}"
    names = _optional(expect(entities[qid], dict, where), "labels", where, dict)
    english = _optional(names, "en", f"{where}.labels", dict) if names else None
    return _optional(english, "value", f"{where}.labels.en", str) if english else None


def time_value(snak: Any, path: str) -> str | None:
    """A time snak as a date at its precision; None for no value, or one coarser than a year."""
    if field(snak, "snaktype", path, str) != "value":
        return None
    value = field(field(snak, "datavalue", path, dict), "value", f"{path}.datavalue", dict)
    where = f"{path}.datavalue.value"
    time = field(value, "time", where, str)
    precision = field(value, "precision", where, int)
    match = _TIME.match(time)
    if match is None or match.group(1) != "+":
        raise WikidataError(f"{where}.time: expected +YYYY-MM-DDT00:00:00Z, found {time!r}")
    year, month, day = match.group(2).lstrip("0").zfill(4), match.group(3), match.group(4)
    if precision < PRECISION_YEAR:
        return None
    if precision == PRECISION_YEAR:
        return year
    if precision == PRECISION_MONTH:
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


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
        for index, snak in enumerate(snaks):
            found = read(snak, f"{path}.qualifiers.{prop}[{index}]")
            if found is not None:
                return found
        return None

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
    born = _first(claims, "P569", f"{path}.claims", time_value)
    if born is None:
        raise WikidataError(f"{path}.claims.P569: no date of birth at day, month or year precision")
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


def _first(claims: Json, prop: str, path: str, read: Callable[[Any, str], Any]) -> Any:
    statements = [s for _, s in entries(claims, prop, path, dict)]
    ranks = [_optional(s, "rank", f"{path}.{prop}[{i}]", str) for i, s in enumerate(statements)]
    ranked = sorted(
        enumerate(statements),
        key=lambda pair: {"preferred": 0, "normal": 1}.get(ranks[pair[0]], 2),
    )
    for index, statement in ranked:
        if statement.get("rank") != "deprecated":
            found = read(
                field(statement, "mainsnak", f"{path}[{index}]", dict), f"{path}[{index}].mainsnak"
            )
            if found is not None:
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
        for number, (index, statement) in enumerate(kept):
            item = _period(reader, statement, prop, value, f"{path}[{index}]", number)
            if item is None:
                continue
            out.append(item)
            preferred = statement.get("rank") == "preferred"
            for other_index, other in deprecated if preferred else []:
                conflict = _conflict(reader, item, other, prop, f"{path}[{other_index}]")
                if conflict is not None:
                    conflicts.append(conflict)
        if deprecated and not any(s.get("rank") == "preferred" for _, s in kept):
            reader.losses.add("deprecated statements beside normal ones left out", len(deprecated))


def _period(
    reader: _Reader, statement: Json, prop: str, value: str, path: str, number: int
) -> Json | None:
    start = reader.qualifier(statement, "P580", path, time_value)
    if start is None:
        reader.losses.add("statements without a start time left out")
        return None
    end = reader.qualifier(statement, "P582", path, time_value)
    name = reader.label(value)
    what = "position held" if prop == OFFICE else "member of political party"
    quote = f"{what}: {name}; start time: {start}" + (f"; end time: {end}" if end else "")
    sources = reader.reference_sources(statement, path) or ["wikidata"]
    cites = [{"source": s, "quote": quote, "supports": ["start", "end"]} for s in sources]
    item_id = value.lower() if number == 0 else f"{value.lower()}-{number + 1}"
    period: Json = {"id": item_id, "start": start, "end": end or "unknown", "cites": cites}
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


def _conflict(reader: _Reader, item: Json, other: Json, prop: str, path: str) -> Json | None:
    end = reader.qualifier(other, "P582", path, time_value)
    if end is None or item["end"] == "unknown":
        reader.losses.add("deprecated statements that differ in other ways than the end left out")
        return None
    title = item.get("title") or item["name"]
    quote = f"end time (deprecated statement): {end}"
    sources = reader.reference_sources(other, path) or ["wikidata"]
    key = "offices" if prop == OFFICE else "parties"
    return {
        "id": f"{item['id']}-end",
        "title": f"When did {title} end?",
        "summary": "Wikidata keeps a preferred and a deprecated end time; both readings are kept.",
        key: [item["id"]],
        "readings": [
            {"label": "Wikidata: preferred", "date": item["end"], "cites": item["cites"][:1]},
            {
                "label": "Wikidata: deprecated",
                "date": end,
                "cites": [{"source": sources[0], "quote": quote}],
            },
        ],
    }
