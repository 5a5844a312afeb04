"""Reading a large file in two passes (`streaming`) gives the same timeline
as parsing it whole; event words read back from the file are the ones
loaded, and a file changed on disk is reported, never misread."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backes_tui.formats.records import event_record
from backes_tui.storage.event_file import EventFile
from backes_tui.storage.loader import (
    STREAM_ABOVE,
    TimelineError,
    load_timeline,
    parse_timeline,
)
from backes_tui.storage.streaming import StoredIds, load_planned, plan
from backes_tui.timeline.model import Timeline
from backes_tui.timeline.query import Filter, TimelineQuery
from tests.conftest import DATA, HOSTILE, examples, minimal, write_json


def streamed_load(path: Path) -> Timeline:
    """Load as a large file is: streamed, whatever its size."""
    return load_timeline(path, stream_above=0)


def _records(timeline: Timeline) -> list[dict]:
    return [event_record(e, timeline) for e in timeline.events]


def _read_stream(path: Path) -> tuple[dict, list[tuple[int, int]]] | None:
    """The document as the first pass reads it, and the byte range of each
    event; None if it leaves the document to the whole decode."""
    raw = path.read_bytes()
    planned = plan(bytearray(raw))
    if planned is None:
        return None
    ranges = list(zip(planned.starts, planned.ends, strict=True))
    return {**planned.data, "events": [json.loads(raw[a:b]) for a, b in ranges]}, ranges


def _both_passes(path: Path, window: int = 1 << 20) -> Timeline | None:
    """The timeline from both passes, or None: left to the whole parse."""
    planned = plan(bytearray(path.read_bytes()))
    if planned is None:
        return None
    file = EventFile(os.open(path, os.O_RDONLY), str(path))
    return load_planned(planned, file, True, window=window)


@pytest.mark.parametrize("path", [DATA, HOSTILE], ids=["shipped", "hostile"])
def test_streamed_file_equals_the_whole_parse(path):
    streamed = streamed_load(path)
    parsed = parse_timeline(json.loads(path.read_text(encoding="utf-8")), str(path))
    assert streamed.text_source is not None and parsed.text_source is None
    assert _records(streamed) == _records(parsed)
    for text in ("noumea", "RPCR", "senat", "2023", "[", "x y"):
        got = TimelineQuery(streamed).events(Filter(text=text))
        assert [e.text for e in got] == [
            e.text for e in TimelineQuery(parsed).events(Filter(text=text))
        ], text


@pytest.mark.parametrize("window", [1, 2, 3, 7, 64, 4096])
def test_windows_of_any_size_give_the_same_document(tmp_path, window):
    # Accents, a four-byte character, escapes, numbers and literals, a BOM.
    data = minimal()
    data["events"][0]["summary"] = 'Nouméa 🗳 "quoted" \\ \u00e9t\u00e9'
    data["extra"] = [12345, -0.5e3, True, None, "ünïcode"]
    path = tmp_path / "t.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False, indent=1).encode())
    read = _read_stream(path)
    assert read is not None
    document, ranges = read
    assert document == data
    raw = path.read_bytes()
    assert [json.loads(raw[a:b]) for a, b in ranges] == data["events"]
    timeline = _both_passes(path, window)
    assert timeline is not None and timeline.text_source is not None
    assert [e.summary for e in timeline.events if not e.derived] == [data["events"][0]["summary"]]


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"   ",
        b"[1, 2]",
        b'{"a": 1} x',
        b'{"a": 1, "a": 2}',
        b'{"a": [1, 2,]}',
        b'{"events": [{"a": 1}, ]}',
        b'{"a": NaN}',
        b'{"a": 1',
        b'{"a" 1}',
        b'{"a": "\xff"}',
        b'{"events": [1 2]}',
    ],
)
def test_what_the_stream_does_not_take(tmp_path, text):
    path = tmp_path / "t.json"
    path.write_bytes(text)
    assert _read_stream(path) is None


@pytest.mark.parametrize("places", [{"a": 1}, [3], [{"name": 5}], [{"name": "A", "aliases": "B"}]])
def test_malformed_places_are_worded_as_for_a_small_file(tmp_path, places):
    # The second pass once read the places on its own and stopped with a traceback.
    data = minimal()
    data["places"] = places
    path = write_json(tmp_path / "t.json", data)
    with pytest.raises(TimelineError) as small:
        load_timeline(path)
    with pytest.raises(TimelineError) as streamed:
        streamed_load(path)
    assert streamed.value.problems == small.value.problems
    assert streamed.value.problems[0].startswith(f"{path}: places")


def test_events_before_sources_are_read_from_the_file_too(tmp_path):
    # The first pass decodes every other member before any event is checked.
    data = minimal()
    reordered = {"events": data.pop("events"), **data}
    timeline = streamed_load(write_json(tmp_path / "t.json", reordered))
    assert timeline.text_source is not None
    assert [e.title for e in timeline.events if not e.derived] == ["Event"]


def test_a_pipe_is_read_whole(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    text = DATA.read_bytes()

    def feed() -> None:
        with open(fifo, "wb") as handle:
            handle.write(text)

    writer = threading.Thread(target=feed)
    writer.start()
    timeline = streamed_load(fifo)
    writer.join()
    assert timeline.text_source is None
    assert _records(timeline) == _records(
        parse_timeline(json.loads(DATA.read_text(encoding="utf-8")), str(DATA))
    )


def test_file_changed_in_place_is_reported_not_misread(tmp_path):
    path = write_json(tmp_path / "t.json", minimal())
    timeline = streamed_load(path)
    event = next(e for e in timeline.events if not e.derived)
    assert not timeline.changed_on_disk()
    changed = minimal()
    changed["events"][0]["title"] = "Something else entirely"
    write_json(path, changed)  # rewrites the same file, as some editors save
    assert timeline.changed_on_disk()
    text = event.text
    assert "changed" in text.title and str(path) in text.summary
    assert text.title != "Something else entirely"


def test_file_replaced_by_rename_still_reads_as_loaded(tmp_path):
    path = write_json(tmp_path / "t.json", minimal())
    timeline = streamed_load(path)
    event = next(e for e in timeline.events if not e.derived)
    changed = minimal()
    changed["events"][0]["title"] = "New title"
    write_json(tmp_path / "new.json", changed).replace(path)
    assert not timeline.changed_on_disk()
    assert event.title == "Event"


@settings(max_examples=examples(30), deadline=None)
@given(
    titles=st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=8),
    window=st.integers(1, 500),
)
def test_any_event_text_comes_back_as_written(tmp_path_factory, titles, window):
    data = minimal()
    template = data["events"][0]
    data["events"] = [
        {**template, "id": f"e{i}", "title": title, "summary": title[::-1] + "."}
        for i, title in enumerate(titles)
    ]
    path = write_json(tmp_path_factory.mktemp("t") / "t.json", data)
    read = _read_stream(path)
    assert read is not None
    document, ranges = read
    assert document == data
    raw = path.read_bytes()
    assert [json.loads(raw[a:b]) for a, b in ranges] == data["events"]
    timeline = _both_passes(path, window)
    assert timeline is not None
    stored = sorted((e for e in timeline.events if not e.derived), key=lambda e: e.id)
    assert [e.title for e in stored] == [
        e["title"] for e in sorted(data["events"], key=lambda e: e["id"])
    ]


def _problems(load) -> list[str]:
    with pytest.raises(TimelineError) as caught:
        load()
    return caught.value.problems


def _second_event(data: dict, **changes) -> dict:
    data["events"].append({**data["events"][0], **changes})
    return data


@pytest.mark.parametrize(
    "change",
    [
        lambda d: _second_event(d),  # the same id twice
        lambda d: _second_event(d, id="off1.start"),  # a derived event's id
        lambda d: _second_event(d, id="ev2", offices=["nope"]),
        lambda d: _second_event(d, id="ev2", parties=["off1"]),
        lambda d: _second_event(d, id="ev2", cites=[{"source": "nope", "quote": "q"}]),
        lambda d: d.update(conflicts=[_conflict(["ev1", "gone"])]),
        lambda d: d["offices"][0].update(start="2000-02-30"),
    ],
    ids=[
        "duplicate",
        "derived-id",
        "office",
        "party-as-office",
        "source",
        "conflict",
        "office-date",
    ],
)
def test_a_problem_found_while_streaming_is_worded_as_in_a_whole_parse(tmp_path, change):
    data = minimal()
    change(data)
    path = write_json(tmp_path / "t.json", data)
    expected = _problems(lambda: parse_timeline(json.loads(path.read_text()), str(path)))
    assert expected and _problems(lambda: streamed_load(path)) == expected


def _conflict(events: list[str]) -> dict:
    reading = {"label": "L", "date": "2001", "cites": [{"source": "src", "quote": "q"}]}
    return {
        "id": "c",
        "title": "C",
        "summary": "S",
        "readings": [reading, reading],
        "events": events,
    }


def test_conflicts_may_name_stored_and_derived_events(tmp_path):
    data = minimal()
    data["conflicts"] = [_conflict(["ev1", "off1.end"])]
    timeline = streamed_load(write_json(tmp_path / "t.json", data))
    assert timeline.text_source is not None
    assert timeline.conflicts[0].events == ("ev1", "off1.end")


def test_stored_ids_answer_exactly(tmp_path):
    data = minimal()
    data["events"] = [{**data["events"][0], "id": f"event {i}"} for i in range(300)]
    path = write_json(tmp_path / "t.json", data)
    timeline = streamed_load(path)
    file = timeline.text_source
    assert isinstance(file, EventFile)
    ids = StoredIds(file)
    ids.note_all([f"event {i}" for i in range(300)])
    assert ids.seal()
    assert all(f"event {i}" in ids for i in range(300))
    assert "event 300" not in ids and "event" not in ids and "" not in ids
    ids.add("event 300")
    assert "event 300" in ids


def test_only_a_large_file_is_streamed(tmp_path):
    path = write_json(tmp_path / "t.json", minimal())
    size = path.stat().st_size
    assert load_timeline(path, stream_above=size).text_source is None
    assert load_timeline(path, stream_above=size - 1).text_source is not None
    assert load_timeline(DATA).text_source is None  # the shipped file is small
    assert DATA.stat().st_size < STREAM_ABOVE


BAD = sorted((Path(__file__).parent / "data" / "bad").iterdir())


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_every_bad_file_is_reported_the_same_when_streamed(path):
    assert _problems(lambda: streamed_load(path)) == _problems(lambda: load_timeline(path))


def test_a_stream_read_without_search_text_searches_the_same(tmp_path):
    """The command line makes no search text while reading unless it searches;
    a search then reads the words back from the file, and finds the same."""
    from tests.conftest import synth_module

    path = write_json(tmp_path / "synthetic.json", synth_module().synthesize(2000, seed=5))
    with_text = load_timeline(path, stream_above=0)
    without = load_timeline(path, stream_above=0, searchable=False)
    assert with_text.search is not None and without.search is None
    aliases = [alias for place in with_text.places for alias in place.aliases]
    for words in ("treaty senate", "person 12", aliases[0], "zzz"):
        expected = TimelineQuery(with_text).events(Filter(text=words))
        found = TimelineQuery(without).events(Filter(text=words))
        assert [e.id for e in found] == [e.id for e in expected], words


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json"])
def test_an_export_reads_each_stored_event_from_the_file_once(tmp_path, monkeypatch, fmt):
    """A large file's words stay in it: an export must not read them twice
    (Markdown made records it never wrote, and a second pass missed the cache)."""
    from backes_tui.formats.kinds import KINDS
    from backes_tui.formats.view import export_view
    from tests.conftest import synth_module

    path = write_json(tmp_path / "synthetic.json", synth_module().synthesize(1500, seed=3))
    timeline = streamed_load(path)
    reads: list[int] = []
    original = EventFile.read

    def counted(self: EventFile, row: int) -> object:
        if row not in self._cache:
            reads.append(row)
        return original(self, row)

    monkeypatch.setattr(EventFile, "read", counted)
    view = TimelineQuery(timeline).view(Filter())
    export_view(fmt, timeline, view, Filter(), KINDS["event"])
    stored = [e for e in timeline.events if not e.derived]
    assert len(stored) > 1000
    assert sorted(reads) == sorted(set(reads)) and len(reads) == len(stored)


# Text that a JSON writer escapes: surrogate pairs for characters past U+FFFF,
# lone halves of pairs, and backslashes that make "\ud800" mere letters.
surrogate_text = st.lists(
    st.sampled_from(
        ["\ud800", "\udbff", "\udc00", "\udfff", "😀", "𝄞", "\\", "\\ud800", "\\udc00", "a", "é"]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(titles=st.lists(surrogate_text, min_size=1, max_size=4), window=st.integers(1, 400))
def test_half_a_surrogate_pair_is_refused_streamed_or_whole(tmp_path_factory, titles, window):
    """The oracle: whether a title holds a surrogate once json has read it (a
    whole pair becomes one character). The file is refused with the title's
    path either way, and a stream cut anywhere decides as the whole text does."""
    data = minimal()
    for index, title in enumerate(titles):
        event = dict(data["events"][0], id=f"surrogates-{index}", title=f"T{title}")
        data["events"].append(event)
    path = tmp_path_factory.mktemp("surrogates") / "timeline.json"
    path.write_text(json.dumps(data), encoding="ascii")  # every such character escaped
    read = [json.loads(json.dumps(title)) for title in titles]
    lone = [i for i, t in enumerate(read) if any("\ud800" <= c <= "\udfff" for c in t)]
    first = len(minimal()["events"])
    if not lone:
        for timeline in (load_timeline(path), streamed_load(path)):
            assert [e.title for e in timeline.events if e.id.startswith("surrogates-")] == [
                f"T{title}" for title in read
            ]
        read = _read_stream(path)
        assert read is not None
        assert read[0]["events"] == json.loads(path.read_text())["events"]
        assert _both_passes(path, window) is not None
        return
    expected = f"{path}: events[{first + lone[0]}].title: \\u"
    for load in (lambda: load_timeline(path), lambda: streamed_load(path)):
        problems = _problems(load)
        assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert _both_passes(path, window) is None


def _between_the_passes(monkeypatch, change) -> None:
    """``change`` the file once the first pass is done, before the second."""
    from backes_tui.storage import streaming

    first_pass = streaming.plan

    def planned_then_changed(raw: bytearray) -> object:
        found = first_pass(raw)
        change()
        return found

    monkeypatch.setattr(streaming, "plan", planned_then_changed)


def test_a_file_truncated_between_the_passes_is_one_line_not_a_crash(tmp_path, monkeypatch):
    data = minimal()
    data["events"] = [{**data["events"][0], "id": f"e{i}"} for i in range(200)]
    path = write_json(tmp_path / "t.json", data)

    def truncate() -> None:
        with open(path, "r+b") as handle:
            handle.truncate(path.stat().st_size // 2)

    _between_the_passes(monkeypatch, truncate)
    assert _problems(lambda: streamed_load(path)) == [
        f"{path}: $: changed on disk while being read; run again"
    ]


def test_a_file_deleted_between_the_passes_is_read_as_it_was(tmp_path, monkeypatch):
    path = write_json(tmp_path / "t.json", minimal())
    _between_the_passes(monkeypatch, path.unlink)
    timeline = streamed_load(path)
    assert timeline.text_source is not None
    assert [e.title for e in timeline.events if not e.derived] == ["Event"]


def test_what_a_citation_supports_comes_back_from_the_file(tmp_path):
    data = minimal()
    data["events"][0]["cites"][0]["supports"] = ["end", "start"]
    timeline = streamed_load(write_json(tmp_path / "t.json", data))
    assert timeline.text_source is not None
    (event,) = [e for e in timeline.events if not e.derived]
    assert [cite.supports for cite in event.text.cites] == [("start", "end")]
