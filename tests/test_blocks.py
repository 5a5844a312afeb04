"""A large file's two passes against json, the plain oracle: the first pass
(`streaming.plan`) finds each event's bytes as json reads them; the second gives the timeline a whole parse
gives, read a window of any size at a time, or leaves it to the whole parse.
Whatever json refuses (a key given twice), the passes refuse too."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from backes_tui.formats.records import event_record
from backes_tui.storage.event_file import EventFile
from backes_tui.storage.events import EventFields
from backes_tui.storage.loader import TimelineError, load_timeline
from backes_tui.storage.streaming import load_planned, plan
from backes_tui.timeline.model import Timeline
from tests.conftest import examples, minimal

FIELDS = set(EventFields.__struct_fields__)

# Words that look like the structure around them, and escapes.
words = st.lists(
    st.sampled_from(["a", " ", ":", "}", "{", ",", "]", '"', "\\", "é", "😀", "\\u003a", "\n"]),
    max_size=6,
).map("".join)


def mostly(usual: Any, *others: Any) -> st.SearchStrategy[Any]:
    """The usual value three times in four, else one of the others."""
    return st.one_of(st.just(usual), st.just(usual), st.just(usual), st.sampled_from(others))


@st.composite
def event_pairs(draw: st.DrawFn, index: int = 0) -> list[tuple[str, Any]]:
    """An event's members, some of them odd: a key given twice, a key the
    quick path does not take, a value of the wrong type."""
    title = draw(words)
    pairs: list[tuple[str, Any]] = [
        ("id", draw(mostly(f"e{index}", " ", f"e:{index}"))),
        ("kind", draw(mostly("career", "life", "nope"))),
        ("title", "T" + title),
        ("summary", draw(mostly("S", "", "  ", "S:}"))),
        ("cites", [{"source": "src", "quote": "q" + draw(words)}]),
        ("date", draw(mostly("1995-03-02", "1995", None, "2000-02-30", 5))),
    ]
    odd = draw(
        mostly(None, "twice", "unknown", "supports", "bound", "end", "people", "places:[]", "list")
    )
    if odd == "twice":
        pairs.insert(draw(st.integers(0, len(pairs))), (draw(st.sampled_from(sorted(FIELDS))), "x"))
    elif odd == "unknown":
        pairs.append(("note", draw(words)))
    elif odd == "supports":
        pairs[4] = ("cites", [{"source": "src", "quote": "q", "supports": ["start"]}])
    elif odd == "bound":
        pairs.append(("date_by", "2001"))
    elif odd == "end":
        pairs.append(("end", draw(st.sampled_from(["1996", "1990", None, ""]))))
    elif odd == "people":
        pairs.append(("people", [draw(words), "P"]))
    elif odd == "places:[]":
        pairs.append(("places", []))
    elif odd == "list":
        pairs.append(("offices", "off1"))
    return pairs


def _render(value: Any, pairs: list[tuple[str, Any]] | None, style: dict[str, Any]) -> str:
    if pairs is None:
        return json.dumps(value, **style)
    items = [f"{json.dumps(k)}{style['separators'][1]}{json.dumps(v, **style)}" for k, v in pairs]
    return "{" + style["separators"][0].join(items) + "}"


@st.composite
def arrays(draw: st.DrawFn) -> tuple[str, int]:
    """A document whose "events" array holds events, odd ones and elements
    that are not objects; and where the array starts, in bytes."""
    style = {
        "ensure_ascii": draw(st.booleans()),
        "separators": draw(st.sampled_from([(",", ":"), (", ", ": "), (" ,\n  ", " :\t")])),
    }
    elements = []
    for index in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["event", "event", "event", "number", "text", "list"]))
        if kind == "event":
            elements.append(_render(None, draw(event_pairs(index)), style))
        else:
            value = {"number": 3.5, "text": "}, {", "list": [{"a": "}"}]}[kind]
            elements.append(_render(value, None, style))
    space = draw(st.sampled_from(["", " ", "\n  "]))
    array = "[" + space + (space + "," + space).join(elements) + space + "]"
    if draw(st.booleans()):
        array = array.replace("\\u00e9", "\\u003a", 1)  # an escaped colon
    after = draw(st.sampled_from(["", ', "more": {"x": [1, {"y": "}"}]}']))
    head = '{"events": '
    return head + array + after + "}", len(head.encode())


def _planned(path: Path) -> list[bytes] | None:
    """Each event's bytes as the first pass finds them, or None: left to the whole decode."""
    raw = path.read_bytes()
    found = plan(bytearray(raw))
    if found is None:
        return None
    return [raw[a:b] for a, b in zip(found.starts, found.ends, strict=True)]


@settings(max_examples=examples(300), deadline=None)
@given(document=arrays())
def test_the_first_pass_finds_each_event_as_json_reads_it(tmp_path_factory, document):
    text, _ = document
    path = tmp_path_factory.mktemp("plan") / "t.json"
    path.write_text(text, encoding="utf-8")
    # A key given twice inside an event is the second pass's to refuse.
    expected = json.loads(text)["events"]
    spans = _planned(path)
    assert spans is not None
    event("planned")
    assert [json.loads(span) for span in spans] == expected


@pytest.mark.parametrize(
    "text",
    [
        b"[]",
        b'{"events": {}}',
        b'{"events": [1, 2], "a": 1, "a": 2}',
        b'{"events": [{"a": 1},]}',
        b'{"events": [{"a": NaN}]}',
        b'{"a": 1}',
    ],
)
def test_what_the_first_pass_does_not_take(tmp_path, text):
    path = tmp_path / "t.json"
    path.write_bytes(text)
    assert _planned(path) is None


def load_streaming(path: Path, window: int) -> Timeline | None:
    """The timeline from both passes, or None: left to the whole parse."""
    planned = plan(bytearray(path.read_bytes()))
    if planned is None:
        return None
    return load_planned(
        planned, EventFile(os.open(path, os.O_RDONLY), str(path)), True, window=window
    )


def _records(timeline: Timeline) -> list[dict[str, Any]]:
    return [event_record(e, timeline) for e in timeline.events]


@settings(max_examples=examples(150), deadline=None)
@given(data=st.data(), count=st.integers(0, 8), window=st.integers(1, 400))
def test_a_streamed_timeline_is_the_whole_parse_or_left_to_it(
    tmp_path_factory, data, count, window
):
    """Read in windows of any size, a file gives the timeline a whole parse
    gives, or is left to the whole parse (which words its problems)."""
    timeline = minimal()
    style = {"ensure_ascii": False, "separators": (", ", ": ")}
    rendered = [_render(None, data.draw(event_pairs(i)), style) for i in range(count)]
    head = json.dumps({k: v for k, v in timeline.items() if k != "events"})[:-1]
    first = json.dumps(timeline["events"][0])
    text = head + ', "events": [' + ", ".join([first, *rendered]) + "]}"
    path = tmp_path_factory.mktemp("whole") / "t.json"
    path.write_text(text, encoding="utf-8")
    try:
        whole = load_timeline(path)
    except TimelineError:
        event("refused")
        assert load_streaming(path, window) is None
        return
    streamed = load_streaming(path, window)
    event("loaded")
    assert streamed is not None and streamed.text_source is not None
    assert _records(streamed) == _records(whole)
