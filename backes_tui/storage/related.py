"""The file's `relations`: read, checked, and worked into the items' bounds.

Each relation names two items by id. It is a problem when an id names no item
or more than one, when the relations go round in a cycle, or when they leave
an item with no possible date; each message names both items and where the
file gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from backes_tui.storage.fields import FieldReader, JsonObject
from backes_tui.timeline.certainty import Bounds
from backes_tui.timeline.claims import Conflict, Relation
from backes_tui.timeline.model import Event, Item, Subject, Timeline
from backes_tui.timeline.relations import RELATION_KINDS, SIDES, propagate

if TYPE_CHECKING:
    from backes_tui.timeline.dates import PartialDate


def read_relations(checker: FieldReader, doc: JsonObject, sources: set[str]) -> list[Relation]:
    """The well-formed relations of ``doc`` (optional; none if left out)."""
    if "relations" not in doc:
        return []
    found = []
    for path, obj in checker.objects(doc, "relations"):
        item, of = checker.text(obj, "item", path), checker.text(obj, "of", path)
        kind = checker.text(obj, "relation", path)
        side = checker.optional_text(obj, "side", path) or ""
        cites = checker.cites(obj, path, sources)
        if kind is not None and kind not in RELATION_KINDS:
            checker.problem(f"{path}.relation", f"expected one of {', '.join(RELATION_KINDS)}")
            kind = None
        if side and side not in SIDES:
            checker.problem(f"{path}.side", 'expected "start" or "end"')
            kind = None
        if "cites" not in obj:
            checker.problem(f"{path}.cites", "a relation needs the quote that states it")
        if item is not None and of is not None and kind is not None:
            found.append(Relation(item, kind, of, cites, side, path))
    return found


def relate(
    checker: FieldReader,
    relations: Sequence[Relation],
    items: dict[str, list[tuple[str, Item]]],
    frame: tuple[Subject, PartialDate, Sequence[Conflict]],
) -> dict[str, Bounds]:
    """The bounds the relations narrow, by item id, with every problem noted.
    ``items`` gives, by id, each item of that id with its JSON path; ``frame``
    the subject, ``as_of`` and conflicts the items' own dates are read with."""
    subject, as_of, conflicts = frame
    reader = Timeline(subject, as_of, (), (), (), (), (), conflicts=tuple(conflicts))
    usable = []
    for relation in relations:
        known = True
        for key, item_id in (("item", relation.item), ("of", relation.of)):
            found = items.get(item_id, [])
            if len(found) != 1:
                what = "no item" if not found else f"{len(found)} items"
                checker.problem(f"{relation.path}.{key}", f"{what} with the id {item_id!r}")
                known = False
            elif not reader.readings(found[0][1]):
                checker.problem(f"{relation.path}.{key}", f"{item_id!r} is undated")
                known = False
        if known:
            usable.append(relation)
    if not usable or checker.problems:
        return {}
    named = {i for r in usable for i in (r.item, r.of)}
    own = {i: _hull(reader.readings(items[i][0][1])) for i in named}
    narrowed, problems = propagate(own, usable)
    for problem in problems:
        relation = problem.relation
        where = [f"{i!r} ({items[i][0][0]})" for i in (relation.item, relation.of)]
        checker.problem(
            relation.path, f"{where[0]} {relation.relation} {where[1]}: {problem.message}"
        )
    return narrowed


def _hull(readings: list[tuple[str, Bounds]]) -> Bounds:
    """Every day any reading allows: what a relation to a disputed item may rely on."""
    bounds = [b for _, b in readings]
    first = bounds[0]
    return Bounds(
        min(b.start_low for b in bounds),
        max(b.start_high for b in bounds),
        min(b.end_low for b in bounds),
        max(b.end_high for b in bounds),
        first.stated_low,
        first.stated_high,
    )


def items_by_id(
    periods: Sequence[tuple[str, Item]],
    events: Sequence[Event],
    named: set[str],
    rows_of: Callable[[str], list[int]] | None = None,
) -> dict[str, list[tuple[str, Item]]]:
    """The periods (with their paths) and events whose ids are in ``named``;
    ``rows_of`` finds a large file's events by id without reading every one."""
    found: dict[str, list[tuple[str, Item]]] = {}
    if not named:
        return found
    for path, period in periods:
        if period.id in named:
            found.setdefault(period.id, []).append((path, period))
    if rows_of is not None:
        for item_id in named:
            for row in rows_of(item_id):
                found.setdefault(item_id, []).append((f"events[{row}]", events[row]))
        return found
    for index, event in enumerate(events):
        # Derived events take their period's bounds: a relation names the period.
        if not event.derived and event.id in named:
            found.setdefault(event.id, []).append((f"events[{index}]", event))
    return found
