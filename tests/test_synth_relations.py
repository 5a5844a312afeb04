"""`benchmarks/synth.py --relations`: valid relations for the load benchmark."""

from __future__ import annotations

import collections
import json

from backes_tui.cli import main
from backes_tui.storage.loader import load_timeline, parse_timeline
from tests.conftest import synth_module, write_json


def test_synthetic_relations_pass_check_and_narrow_bounds(tmp_path, capsys):
    synth = synth_module()
    data = synth.synthesize(2000, seed=5, relations=300)
    assert json.dumps(data) == json.dumps(synth.synthesize(2000, seed=5, relations=300))
    plain = synth.synthesize(2000, seed=5)
    assert {k: v for k, v in data.items() if k != "relations"} == plain
    kinds = collections.Counter(r["relation"] for r in data["relations"])
    assert len(data["relations"]) == 300 and set(kinds) == {"before", "after", "during"}
    ids = {e["id"] for e in plain["events"]}
    assert all({r["item"], r["of"]} <= ids for r in data["relations"])

    path = write_json(tmp_path / "related.json", data)
    assert main(["check", str(path)]) == 0, capsys.readouterr()
    streamed = load_timeline(path, stream_above=0)
    assert streamed.text_source is not None
    whole = parse_timeline(data, "whole")
    assert streamed.related == whole.related and whole.related
    own = parse_timeline(plain, "plain")
    events = {e.id: e for e in own.events}
    narrowed = [
        item_id
        for item_id, bounds in whole.related.items()
        if [b for _, b in own.readings(events[item_id])] != [bounds]
    ]
    assert narrowed, "some relation narrows an event's own dates"
