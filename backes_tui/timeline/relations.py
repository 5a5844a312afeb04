"""Relations between items' dates, worked into their bounds.

Each item has two unknown days, its start and its end (one day for an event
without an end), each known to lie between a first and a last possible day
(`Bounds`). A relation says one of these days is no later than another:

- ``A before B``: A's end (or the ``side`` named) ≤ B's start;
- ``A after B``: B's end ≤ A's start (or the ``side`` named);
- ``A during B``: B's start ≤ A's start and A's end ≤ B's end (or both
  around the ``side`` named).

Constraints of the form x ≤ y over intervals are narrowed exactly by raising
each y's first day to x's and lowering each x's last day to y's until nothing
changes (the fixed point): every day left is the day of some assignment
meeting all of them, since all-first days and all-last days both are one. An
interval left empty means the relations contradict the dates.

A side the source gives no limit for stays "not stated" unless a relation
gives it one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec

from backes_tui.timeline.certainty import Bounds
from backes_tui.timeline.claims import Relation

RELATION_KINDS = ("before", "after", "during")
SIDES = ("start", "end")

# A day of an item: (item id, 0 for its start or 1 for its end).
Day = tuple[str, int]


class RelationProblem(msgspec.Struct, frozen=True):
    """A relation that cannot hold: the two items it names and where it is given."""

    relation: Relation
    message: str


def constraints(relation: Relation) -> list[tuple[Day, Day]]:
    """The relation as pairs (x, y) meaning day x ≤ day y."""
    item, other = relation.item, relation.of
    side = SIDES.index(relation.side) if relation.side else None
    first = (item, 0 if side is None else side)
    last = (item, 1 if side is None else side)
    if relation.relation == "before":
        return [(last, (other, 0))]
    if relation.relation == "after":
        return [((other, 1), first)]
    return [((other, 0), first), (last, (other, 1))]


def propagate(
    bounds: dict[str, Bounds], relations: Sequence[Relation]
) -> tuple[dict[str, Bounds], list[RelationProblem]]:
    """The bounds of every item the relations name, narrowed to the fixed
    point, and the relations that cannot hold (a cycle, or an item left with
    no possible day). ``bounds`` gives each named item's own."""
    problems = [RelationProblem(r, m) for r, m in _cycles(relations)]
    if problems:
        return {}, problems
    # In the order the relations name them (not a set's), so that a file's
    # problems are told in the same order on every run.
    named = dict.fromkeys(day[0] for r in relations for pair in constraints(r) for day in pair)
    low = {(i, s): (bounds[i].start_low, bounds[i].end_low)[s] for i in named for s in (0, 1)}
    high = {(i, s): (bounds[i].start_high, bounds[i].end_high)[s] for i in named for s in (0, 1)}
    pairs = [pair for r in relations for pair in constraints(r)]
    pairs += [((i, 0), (i, 1)) for i in named]  # an item starts no later than it ends
    changed = True
    while changed:
        changed = False
        for x, y in pairs:
            if low[y] < low[x]:
                low[y], changed = low[x], True
            if high[x] > high[y]:
                high[x], changed = high[y], True
    narrowed: dict[str, Bounds] = {}
    for item in named:
        own = bounds[item]
        made = Bounds(low[item, 0], high[item, 0], low[item, 1], high[item, 1])
        if made.start_low > made.start_high or made.end_low > made.end_high:
            problems += [
                RelationProblem(r, f"leaves {item!r} with no possible date")
                for r in relations
                if item in (r.item, r.of)
            ][:1]
            continue
        # A side a relation gave a limit to is no longer unstated.
        narrowed[item] = msgspec.structs.replace(
            made,
            stated_low=own.stated_low if made.start_low == own.start_low else None,
            stated_high=own.stated_high if made.end_high == own.end_high else None,
        )
    return narrowed, problems


def _cycles(relations: Iterable[Relation]) -> list[tuple[Relation, str]]:
    """A relation closing a cycle of items (A before B, B before A), if any."""
    following: dict[str, list[Relation]] = {}
    for relation in relations:
        following.setdefault(relation.item, []).append(relation)
    on_path, done = 1, 2
    state: dict[str, int] = {}
    for root in following:
        if root in state:
            continue
        state[root] = on_path
        nodes = [root]
        stack = [iter(following[root])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[nodes.pop()] = done
                stack.pop()
                continue
            relation = step
            reached = state.get(relation.of)
            if reached == on_path:
                chain = " → ".join([*nodes[nodes.index(relation.of) :], relation.of])
                return [(relation, f"the relations go round in a cycle: {chain}")]
            if reached is None:
                state[relation.of] = on_path
                nodes.append(relation.of)
                stack.append(iter(following.get(relation.of, [])))
    return []
