"""Each validation rule, with a file that breaks it."""

from pathlib import Path

import pytest

from backes_tui.cli import main
from backes_tui.storage.loader import TimelineError, load_timeline
from tests.conftest import minimal, write_json


def problems_for(tmp_path: Path, data) -> list[str]:
    path = write_json(tmp_path / "t.json", data)
    with pytest.raises(TimelineError) as error:
        load_timeline(path)
    return error.value.problems


def broken(mutate):
    data = minimal()
    mutate(data)
    return data


def test_minimal_is_valid(tmp_path):
    timeline = load_timeline(write_json(tmp_path / "t.json", minimal()))
    assert [e.id for e in timeline.events] == ["par1.start", "ev1", "off1.start", "off1.end"]


CASES = [
    ("missing format", lambda d: d.pop("format"), "format: required field is missing"),
    (
        "wrong format",
        lambda d: d.update(format="other"),
        "format: expected 'backes-tui/timeline@1'",
    ),
    (
        "subject not object",
        lambda d: d.update(subject=[]),
        "subject: expected an object, found an array",
    ),
    (
        "subject name missing",
        lambda d: d["subject"].pop("name"),
        "subject.name: required field is missing",
    ),
    (
        "born bad",
        lambda d: d["subject"].update(born="1976-02-30"),
        "subject.born: '1976-02-30' is not a valid date (day 30",
    ),
    (
        "as_of wrong type",
        lambda d: d.update(as_of=2020),
        "as_of: expected a string, found a number",
    ),
    (
        "sources not list",
        lambda d: d.update(sources={}),
        "sources: expected an array, found an object",
    ),
    (
        "event month 13",
        lambda d: d["events"][0].update(date="2019-13-01"),
        "events[0].date: '2019-13-01' is not a valid date (month 13)",
    ),
    (
        "event short year",
        lambda d: d["events"][0].update(date="201"),
        "events[0].date: '201' is not a valid date",
    ),
    (
        "event unpadded",
        lambda d: d["events"][0].update(date="2019-1-1"),
        "events[0].date: '2019-1-1' is not a valid date",
    ),
    (
        "event title type",
        lambda d: d["events"][0].update(title=5),
        "events[0].title: expected a string, found a number",
    ),
    (
        "event title empty",
        lambda d: d["events"][0].update(title="  "),
        "events[0].title: must not be empty",
    ),
    (
        "event kind unknown",
        lambda d: d["events"][0].update(kind="party-time"),
        "events[0].kind: unknown kind 'party-time'",
    ),
    (
        "event missing date key",
        lambda d: d["events"][0].pop("date"),
        "events[0].date: required field is missing",
    ),
    (
        "event bool as string",
        lambda d: d["events"][0].update(summary=True),
        "events[0].summary: expected a string, found true or false",
    ),
    (
        "event offices not list",
        lambda d: d["events"][0].update(offices="off1"),
        "events[0].offices: expected an array, found a string",
    ),
    (
        "event unknown office",
        lambda d: d["events"][0].update(offices=["nope"]),
        "events[0].offices[0]: unknown office id 'nope'",
    ),
    (
        "event unknown party",
        lambda d: d["events"][0].update(parties=["nope"]),
        "events[0].parties[0]: unknown party id 'nope'",
    ),
    (
        "event not object",
        lambda d: d["events"].append("x"),
        "events[1]: expected an object, found a string",
    ),
    (
        "cites empty",
        lambda d: d["events"][0].update(cites=[]),
        "events[0].cites: needs at least one citation",
    ),
    (
        "cite unknown source",
        lambda d: d["events"][0]["cites"][0].update(source="zz"),
        "events[0].cites[0].source: unknown source 'zz'",
    ),
    (
        "cite missing quote",
        lambda d: d["offices"][0]["cites"][0].pop("quote"),
        "offices[0].cites[0].quote: required field is missing",
    ),
    (
        "office end before start",
        lambda d: d["offices"][0].update(end="1999"),
        "offices[0].end: '1999' is before the start '2000-01-01'",
    ),
    (
        "event end before date",
        lambda d: d["events"][0].update(end="1990"),
        "events[0].end: '1990' is before the start '1995-03'",
    ),
    (
        "duplicate event id",
        lambda d: d["events"].append(dict(d["events"][0])),
        "events[1].id: duplicate event id 'ev1'",
    ),
    (
        "duplicate party id",
        lambda d: d["parties"].append(dict(d["parties"][0])),
        "parties[1].id: duplicate party id 'par1'",
    ),
    (
        "event id clashes with derived",
        lambda d: d["events"][0].update(id="off1.start"),
        "duplicate event id 'off1.start'",
    ),
    (
        "null start without bound",
        lambda d: d["parties"][0].update(start=None),
        "parties[0].start: is null, so start_by",
    ),
    (
        "start and start_by",
        lambda d: d["parties"][0].update(start_by="1990"),
        "parties[0].start_by: give start or start_by, not both",
    ),
    (
        "era missing summary",
        lambda d: d["eras"][0].pop("summary"),
        "eras[0].summary: required field is missing",
    ),
    (
        "conflict one reading",
        lambda d: d.update(
            conflicts=[
                {
                    "id": "c",
                    "title": "t",
                    "summary": "s",
                    "readings": [
                        {"label": "a", "date": "2000", "cites": [{"source": "src", "quote": "q"}]}
                    ],
                }
            ]
        ),
        "conflicts[0].readings: a conflict needs at least two readings",
    ),
    (
        "conflict unknown event",
        lambda d: d.update(
            conflicts=[{"id": "c", "title": "t", "summary": "s", "events": ["zz"], "readings": []}]
        ),
        "conflicts[0].events[0]: unknown event id 'zz'",
    ),
]


@pytest.mark.parametrize(("name", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_is_reported_with_file_and_path(tmp_path, name, mutate, expected):
    problems = problems_for(tmp_path, broken(mutate))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"{tmp_path / 't.json'}: ") for p in problems)


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    def mutate(d):
        d["events"][0]["date"] = "2019-13-01"
        d["offices"][0]["end"] = "1999"
        d["parties"][0]["cites"][0]["source"] = "zz"

    problems = problems_for(tmp_path, broken(mutate))
    assert len(problems) == 3


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "$: file is empty"),
        (b"{", "$: invalid JSON at line 1 column 2"),
        (b"\xff\xfe{}", "$: not UTF-8 text (byte 0xff at offset 0)"),
        (b"[1, 2]", "$: expected a JSON object at the top level, found an array"),
        (b'{"x": NaN}', "x: NaN is not allowed in JSON (line 1 column 7)"),
        (b'{\n  "x": [1, -Infinity]}', "x[1]: Infinity is not allowed in JSON (line 2 column 12)"),
        (b'{"a": {"b": 1,\n "b": 2}}', "a.b: duplicate key 'b' (line 2 column 2)"),
        (
            b'{"events": [{"id": "e"}, {"id": "f", "id": "g"}]}',
            "events[1].id: duplicate key 'id' (line 1 column 38)",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "$: JSON is nested too deeply"),
    ],
)
def test_unreadable_files(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(TimelineError) as error:
        load_timeline(path)
    assert error.value.problems == [f"{path}: {expected}"] or expected in error.value.problems[0]


def test_missing_file(tmp_path):
    path = tmp_path / "absent.json"
    with pytest.raises(TimelineError) as error:
        load_timeline(path)
    assert error.value.problems == [f"{path}: $: cannot read file: No such file or directory"]


def test_check_command_exit_codes(tmp_path, capsys):
    assert main(["check"]) == 0
    assert capsys.readouterr().out == (
        "shipped timeline: OK: 42 events (13 derived), 2 offices, 6 parties, 7 eras, 1 conflict\n"
    )
    bad = write_json(
        tmp_path / "t.json", broken(lambda d: d["events"][0].update(date="2019-13-01"))
    )
    assert main(["check", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == (
        f"{bad}: events[0].date: '2019-13-01' is not a valid date (month 13)"
    )
    assert "Traceback" not in captured.err
    assert main(["check", str(tmp_path / "absent.json")]) == 2
    assert main(["check", str(tmp_path)]) == 2
    assert "cannot read file" in capsys.readouterr().err
