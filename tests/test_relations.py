"""Relations between items' dates: propagation held to a brute force over a day grid,
and the checker's words for relations that cannot hold."""

from __future__ import annotations

import copy
import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from backes_tui.cli import main
from backes_tui.storage.loader import TimelineError, load_timeline
from backes_tui.timeline.certainty import Bounds
from backes_tui.timeline.claims import Relation
from backes_tui.timeline.relations import propagate
from tests.conftest import DATA, examples, write_json

GRID = 5  # days 0..4: every assignment of every item can be walked


@st.composite
def bounded_items(draw: st.DrawFn) -> dict[str, Bounds]:
    count = draw(st.integers(1, 3))
    items = {}
    for index in range(count):
        a, b, c, d = sorted(draw(st.lists(st.integers(0, GRID - 1), min_size=4, max_size=4)))
        start_low, start_high = draw(st.sampled_from([(a, b), (a, c)]))
        end_low, end_high = draw(st.sampled_from([(c, d), (b, d)]))
        items[f"i{index}"] = Bounds(start_low, start_high, end_low, end_high)
    return items


@st.composite
def timelines(draw: st.DrawFn) -> tuple[dict[str, Bounds], list[Relation]]:
    items = draw(bounded_items())
    ids = sorted(items)
    relations = []
    # Only from a later item to an earlier one: no cycles (tested apart).
    pairs = [(a, b) for a in ids for b in ids if a > b]
    for item, other in draw(st.lists(st.sampled_from(pairs), max_size=3)) if pairs else []:
        kind = draw(st.sampled_from(["before", "after", "during"]))
        side = draw(st.sampled_from(["", "start", "end"]))
        relations.append(Relation(item, kind, other, (), side))
    return items, relations


def holds(relation: Relation, days: dict[str, tuple[int, int]]) -> bool:
    """The relation read literally from its documentation."""
    (start, end), (other_start, other_end) = days[relation.item], days[relation.of]
    side = {"start": start, "end": end}.get(relation.side)
    if relation.relation == "before":
        return (end if side is None else side) <= other_start
    if relation.relation == "after":
        return (start if side is None else side) >= other_end
    first, last = (start, end) if side is None else (side, side)
    return other_start <= first and last <= other_end


@settings(max_examples=examples(300), deadline=None)
@given(timelines())
def test_propagated_bounds_are_what_every_assignment_on_a_day_grid_allows(case):
    items, relations = case
    ids = sorted(items)
    choices = [
        [
            (s, e)
            for s in range(items[i].start_low, items[i].start_high + 1)
            for e in range(items[i].end_low, items[i].end_high + 1)
            if s <= e
        ]
        for i in ids
    ]
    solutions = [
        dict(zip(ids, days, strict=True))
        for days in itertools.product(*choices)
        if all(holds(r, dict(zip(ids, days, strict=True))) for r in relations)
    ]
    narrowed, problems = propagate(items, relations)
    named = {i for r in relations for i in (r.item, r.of)}
    if not solutions:
        assert problems or not named
        return
    assert not problems
    for item in named:
        starts = [s[item][0] for s in solutions]
        ends = [s[item][1] for s in solutions]
        got = narrowed[item]
        assert (got.start_low, got.start_high) == (min(starts), max(starts)), item
        assert (got.end_low, got.end_high) == (min(ends), max(ends)), item


def test_a_cycle_is_a_problem_naming_its_items():
    items = {"a": Bounds(0, 1, 2, 3), "b": Bounds(0, 1, 2, 3)}
    relations = [Relation("a", "before", "b", ()), Relation("b", "before", "a", ())]
    _, problems = propagate(items, relations)
    assert problems and "a → b → a" in problems[0].message


def test_the_items_left_without_a_date_are_told_in_the_order_the_relations_name_them():
    # Each "a before b" with a on day 5 and b on day 0 leaves both without a
    # day. Sixteen items: an order that followed their ids' hashes (a set's)
    # would differ from run to run, and match this one about never.
    items, relations = {}, []
    for index in range(8):
        items[f"a{index}"], items[f"b{index}"] = Bounds(5, 5, 5, 5), Bounds(0, 0, 0, 0)
        relations.append(Relation(f"a{index}", "before", f"b{index}", ()))
    _, problems = propagate(items, relations)
    named = [f"{side}{index}" for index in range(8) for side in "ab"]
    assert [p.message for p in problems] == [f"leaves {i!r} with no possible date" for i in named]


def shipped() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def test_check_names_both_items_and_paths_for_a_relation_that_empties_a_date(tmp_path, capsys):
    data = shipped()
    added = len(data["relations"])
    # The speech (14 July 2024) placed before the unrest of 2024, which is before it.
    data["relations"].append(
        {
            "item": "bastille-day-speech",
            "relation": "before",
            "of": "grandparents-arrive",
            "cites": [{"source": "article", "quote": "arriving in Nouméa in 1952"}],
        }
    )
    path = write_json(tmp_path / "t.json", data)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr()
    words = err.out + err.err
    assert f"relations[{added}]" in words and "'bastille-day-speech' (events[" in words
    assert "'grandparents-arrive' (events[0])" in words and "no possible date" in words


def test_check_reports_a_cycle_and_an_unknown_id(tmp_path, capsys):
    data = shipped()
    added = len(data["relations"])
    quote = [{"source": "article", "quote": "Soon afterward, she resigned her ministerial post."}]
    data["relations"] += [
        {"item": "senate-defeat", "relation": "after", "of": "resigns-ministry", "cites": quote},
        {"item": "nobody", "relation": "during", "of": "rpcr", "cites": quote},
    ]
    path = write_json(tmp_path / "t.json", data)
    try:
        load_timeline(path)
    except TimelineError as error:
        words = str(error)
    else:
        raise AssertionError("loaded")
    assert f"relations[{added + 1}].item: no item with the id 'nobody'" in words
    # The cycle is found once the ids are known.
    del data["relations"][added + 1]
    write_json(path, data)
    try:
        load_timeline(path)
    except TimelineError as error:
        words = str(error)
    assert "cycle" in words and "resigns-ministry" in words and "senate-defeat" in words


def test_a_relation_needs_its_quote(tmp_path, capsys):
    data = copy.deepcopy(shipped())
    del data["relations"][0]["cites"]
    path = write_json(tmp_path / "t.json", data)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr()
    assert "relations[0].cites" in err.out + err.err


def test_a_large_files_relations_give_the_same_bounds_streamed_or_whole(tmp_path):
    from backes_tui.storage.loader import parse_timeline
    from backes_tui.timeline.dates import PartialDate
    from tests.conftest import synth_module

    data = synth_module().synthesize(6000)
    dated = sorted(
        (e for e in data["events"] if e.get("date")),
        key=lambda e: PartialDate.parse(e["date"]).sort_key,
    )
    cite = [{"source": data["sources"][0]["id"], "quote": "q"}]
    data["relations"] = [
        {"item": dated[i]["id"], "relation": "before", "of": dated[-1 - i]["id"], "cites": cite}
        for i in range(5)
    ]
    path = write_json(tmp_path / "large.json", data)
    assert path.stat().st_size > 1_000_000
    streamed = load_timeline(path)
    assert streamed.text_source is not None  # read as a stream, its words left in the file
    whole = parse_timeline(json.loads(path.read_text(encoding="utf-8")), "whole")
    assert streamed.related == whole.related and len(whole.related) == 10
