"""Reading a large array a block at a time (`json_blocks`) against json, the
plain oracle: every element comes back as json reads it, from the bytes it was
written in; a block's typed values are taken only where they drop nothing;
and whatever json refuses, the blocks refuse too."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from backes_tui.formats.records import event_record
from backes_tui.storage.event_fields import EventFields
from backes_tui.storage.json_blocks import ArrayBlocks, element_value
from backes_tui.storage.json_positions import no_duplicates
from backes_tui.storage.json_stream import JsonStream, NotStreamable, reject_constant
from backes_tui.storage.loader import TimelineError, load_timeline
from backes_tui.storage.streaming import load_streaming
from backes_tui.timeline.model import Timeline
from tests.conftest import examples, minimal

EVENTS = msgspec.json.Decoder(list[EventFields])
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


def _blocks(path: Path, start: int, chunk: int) -> tuple[list[Any], list[bytes], int, int]:
    """Each element as read, its bytes in the file, the byte after the array,
    and how many blocks were taken typed."""
    raw = path.read_bytes()
    fd = os.open(path, os.O_RDONLY)
    try:
        blocks = ArrayBlocks(fd, start + 1, EVENTS, chunk=chunk)
        elements: list[Any] = []
        spans: list[bytes] = []
        typed = 0
        for block in blocks:
            spans += [raw[a:b] for a, b in zip(block.starts, block.ends, strict=True)]
            if block.values is not None:
                typed += 1
                # Taken typed: json reads the same and finds nothing dropped.
                try:
                    read = [element_value(r) for r in block.raws]
                except NotStreamable:
                    pytest.fail("a block json refuses was taken typed")
                for obj in read:
                    assert set(obj) <= FIELDS and all(
                        set(c) == {"source", "quote"} for c in obj["cites"]
                    )
                assert [msgspec.convert(obj, EventFields) for obj in read] == block.values
            elements += [element_value(r) for r in block.raws]
        return elements, spans, blocks.end, typed
    finally:
        os.close(fd)


@settings(max_examples=examples(300), deadline=None)
@given(document=arrays(), chunk=st.integers(1, 300))
def test_blocks_read_an_array_as_json_does(tmp_path_factory, document, chunk):
    text, start = document
    path = tmp_path_factory.mktemp("blocks") / "t.json"
    path.write_text(text, encoding="utf-8")
    array_text = text[len('{"events": ') :]
    try:
        expected, end = json.JSONDecoder(
            parse_constant=reject_constant, object_pairs_hook=no_duplicates
        ).raw_decode(array_text)
    except ValueError:  # a key given twice
        event("json refuses")
        with pytest.raises(NotStreamable):
            _blocks(path, start, chunk)
        return
    if not all(isinstance(element, dict) for element in expected):
        # An array of events is an array of objects: others may be left to
        # the whole parse, which says what is wrong; if taken, they are exact.
        try:
            elements, spans, after, typed = _blocks(path, start, chunk)
        except NotStreamable:
            event("not objects: left to the whole parse")
            return
    else:
        elements, spans, after, typed = _blocks(path, start, chunk)
    event("some blocks taken typed" if typed else "no block taken typed")
    assert elements == expected
    assert [json.loads(span) for span in spans] == expected
    assert after == start + len(array_text[:end].encode())


@pytest.mark.parametrize(
    "array",
    [b"[", b"[,]", b'[{"a": 1},]', b'[{"a": 1} {"b": 2}]', b'[{"a": 1}, 2', b'[{"a": NaN}]'],
)
def test_what_the_blocks_do_not_take(tmp_path, array):
    path = tmp_path / "t.json"
    path.write_bytes(array)
    with pytest.raises(NotStreamable):
        _blocks(path, 0, 4)


def test_the_stream_goes_on_after_the_array(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"events": [{"id": "}"}] , "after": {"x": "é"}}', encoding="utf-8")
    fd = os.open(path, os.O_RDONLY)
    try:
        stream = JsonStream(fd, chunk=3)
        members = stream.members()
        assert next(members) == "events"
        blocks = ArrayBlocks(fd, stream.array_start(), EVENTS, chunk=3)
        assert [element_value(r) for b in blocks for r in b.raws] == [{"id": "}"}]
        stream.resume_at(blocks.end)
        assert next(members) == "after"
        assert stream.value() == {"x": "é"}
        assert list(members) == []
    finally:
        os.close(fd)


def _records(timeline: Timeline) -> list[dict[str, Any]]:
    return [event_record(e, timeline) for e in timeline.events]


@settings(max_examples=examples(150), deadline=None)
@given(data=st.data(), count=st.integers(0, 8), block=st.integers(1, 400))
def test_a_streamed_timeline_is_the_whole_parse_or_left_to_it(tmp_path_factory, data, count, block):
    """Streamed in blocks of any size, a file gives the timeline a whole parse
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
        assert load_streaming(path, str(path), 0, block=block) is None
        return
    streamed = load_streaming(path, str(path), 0, block=block)
    event("loaded")
    assert streamed is not None and streamed.text_source is not None
    assert _records(streamed) == _records(whole)
