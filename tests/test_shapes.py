"""JSON shapes worded one way (`storage.shapes`): msgspec's validation errors
become the checker's words, member by member, so that every problem of an
event is told as before the event's shape was declared as a struct."""

from __future__ import annotations

import pytest

from backes_tui.storage.checker import Checker
from backes_tui.storage.shapes import ShapeError, entries, expect, field

EVENT = {
    "id": "e",
    "title": "t",
    "kind": "career",
    "summary": "s",
    "date": None,
    "cites": [{"source": "x", "quote": "q"}],
}


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ({"end": 5}, [("events[0].end", "expected a string, found a number")]),
        ({"date_by": []}, [("events[0].date_by", "expected a string, found an array")]),
        ({"date": 5}, [("events[0].date", "expected a string or null, found a number")]),
        ({"offices": None}, [("events[0].offices", "expected an array, found null")]),
        ({"people": ["a", 1]}, [("events[0].people[1]", "expected a string, found a number")]),
        (
            {"cites": [{"source": 3, "quote": 4}]},
            [
                ("events[0].cites[0].source", "expected a string, found a number"),
                ("events[0].cites[0].quote", "expected a string, found a number"),
            ],
        ),
        ({"cites": [{"source": "x"}]}, [("events[0].cites[0].quote", "required field is missing")]),
        (
            {"title": True, "kind": 3},
            [
                ("events[0].title", "expected a string, found true or false"),
                ("events[0].kind", "expected a string, found a number"),
            ],
        ),
        ({"cites": "x"}, [("events[0].cites", "expected an array, found a string")]),
        ({"cites": [7]}, [("events[0].cites[0]", "expected an object, found a number")]),
    ],
)
def test_an_event_of_the_wrong_shape_is_worded_member_by_member(change, problems):
    checker = Checker()
    assert checker.event("events[0]", {**EVENT, **change}, {"x"}) is None
    assert checker.problems == problems


def test_a_missing_member_is_named():
    checker = Checker()
    without_id = {k: v for k, v in EVENT.items() if k != "id"}
    assert checker.event("events[0]", without_id, {"x"}) is None
    assert checker.problems == [("events[0].id", "required field is missing")]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: expect([], dict, "$"), "$: expected an object, found an array"),
        (lambda: field({"a": 1}, "a", "x[0]", str), "x[0].a: expected a string, found a number"),
        (lambda: field({}, "a", "$", str), "a: required field is missing"),
        (lambda: field(5, "a", "p", str), "p: expected an object, found a number"),
        (
            lambda: entries({"l": [{}, 2]}, "l", "$", dict),
            "l[1]: expected an object, found a number",
        ),
        (lambda: entries({"l": {}}, "l", "q", dict), "q.l: expected an array, found an object"),
    ],
)
def test_the_importers_helpers_say_where_and_what(call, message):
    with pytest.raises(ShapeError) as raised:
        call()
    assert str(raised.value) == message


def test_an_optional_member_may_be_left_out():
    assert field({}, "a", "$", str, required=False) is None
    assert entries({}, "l", "$", dict) == []
