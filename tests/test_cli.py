"""The query subcommands, run against the shipped data."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from backes_tui.cli import main, parse_when
from backes_tui.formats import records
from backes_tui.formats.kinds import BY_PLURAL
from backes_tui.timeline.dates import PartialDate
from tests.conftest import minimal, write_json


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def as_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--format", "json")
    assert (code, err) == (0, "")
    return json.loads(out)


def test_offices_2020_is_exactly_the_south_province_presidency(capsys):
    offices = as_json(capsys, "offices", "--year", "2020")
    assert [o["id"] for o in offices] == ["south-province-president"]
    assert offices[0]["start"] == "2019-05-17"
    assert offices[0]["end"] is None
    assert offices[0]["predecessor"] == "Philippe Michel"


def test_on_a_day_lists_both_offices_and_her_parties(capsys):
    code, out, err = run(capsys, "on", "2022-09-01", "--format", "json")
    assert (code, err) == (0, "")
    state = json.loads(out)
    assert set(state) == {"date", "age", "after_as_of", "eras", "offices", "parties", "events"}
    assert state["date"] == "2022-09-01"
    assert state["age"] == 46
    assert state["after_as_of"] is False
    assert {o["id"]: o["certainty"] for o in state["offices"]} == {
        "south-province-president": "certain",
        "state-secretary-citizenship": "certain",
    }
    # A member by July 2022, end not stated: September is possible, not certain.
    assert {p["short"]: p["certainty"] for p in state["parties"]} == {
        "RC": "certain",
        "Renaissance": "possible",
    }


def test_on_a_coarse_date_gives_an_age_range_and_that_years_events(capsys):
    state = json.loads(run(capsys, "on", "1994", "--format", "json")[1])
    assert state["age"] == [17, 18]
    # Joining the RPCR is certainly in 1994. The faction, within her
    # Rally–UMP membership (from 2004), is not there, nor her leadership,
    # within her RC membership (from 2017); joining Renaissance ("by July
    # 2022") reaches 1994 only through a start the article does not state.
    events = {e["id"]: e["certainty"] for e in state["events"]}
    assert events == {
        "rpcr.start": "certain",
        "renaissance.start": "not_stated",
    }
    notes = {e["id"]: e["not_stated"] for e in state["events"]}
    assert notes["renaissance.start"] == "date not stated: by 4 July 2022"
    parties = {p["id"]: p["certainty"] for p in state["parties"]}
    assert parties == {"rpcr": "certain", "renaissance": "not_stated"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-09-01", "2022-09-01"),
        ("2022-09", "2022-09"),
        ("2022", "2022"),
        ("1 September 2022", "2022-09-01"),
        ("Sept 2022", "2022-09"),
        ("September 2022", "2022-09"),
    ],
)
def test_on_dates_never_borrow_parts_from_today(text, expected):
    assert parse_when(text) == PartialDate.parse(expected)


@pytest.mark.parametrize("bad", ["hello", "September", "31 February 2022", "2022-13"])
def test_on_bad_dates_exit_2(capsys, bad):
    code, out, err = run(capsys, "on", bad)
    assert code == 2 and out == ""
    assert err.startswith("backes-tui: cannot read") and repr(bad) in err
    assert err.count("\n") == 1


def test_events_json_contract(capsys):
    events = as_json(capsys, "events")
    assert all(set(records.EVENT_FIELDS) == set(e) for e in events)
    ids = [e["id"] for e in events]
    assert ids.index("birth") < ids.index("un-address") < ids.index("family")
    derived = {e["id"]: e["derived"] for e in events}
    assert derived["rpcr.start"] is True and derived["un-address"] is False
    when = ("date", "date_by", "date_after", "held")
    dated = [e for e in events if any(e[key] for key in when)]
    undated = [e for e in events if not any(e[key] for key in when)]
    assert events == dated + undated
    assert next(e for e in events if e["id"] == "trade-unions")["date"] == "2005~"
    faction = next(e for e in events if e["id"] == "loyalist-faction")
    assert (faction["date"], faction["date_by"], faction["held"]) == (None, None, "2012")
    praise = next(e for e in events if e["id"] == "ruffenach-praise")
    assert (praise["date"], praise["date_after"]) == (None, "2024-07-14")
    referendum = next(e for e in events if e["id"] == "third-referendum")
    assert (referendum["date"], referendum["date_not_before"]) == ("2021", "2021-07-01")
    assert "certainty" not in events[0]  # only answers about a window say how sure


def test_year_filter_drops_undated(capsys):
    events = as_json(capsys, "events", "--year", "1990s")
    assert {e["id"]: e["certainty"] for e in events} == {
        "lycee-graduation": "certain",
        "rpcr.start": "certain",
        "masters-pau": "certain",
        "renaissance.start": "not_stated",  # by July 2022
    }
    assert all(e["date"] or e["date_by"] or e["held"] for e in events)


def test_kind_and_search_filters(capsys):
    assert [e["id"] for e in as_json(capsys, "events", "--kind", "speech")] == [
        "bastille-day-speech",
        "speech-criticised",
        "ruffenach-praise",
    ]
    found = as_json(capsys, "events", "--search", "XOWIE", "--year", "2023")
    assert [e["id"] for e in found] == ["senate-defeat"]


def test_parties_and_eras_contract(capsys):
    parties = as_json(capsys, "parties")
    renaissance = next(p for p in parties if p["id"] == "renaissance")
    assert (renaissance["start"], renaissance["start_by"]) == (None, "2022-07")
    assert (renaissance["end"], renaissance["end_status"]) == (None, "unknown")
    statuses = {p["id"]: p["end_status"] for p in parties}
    assert statuses["rpcr"] == "known" and statuses["caledonian-republicans"] == "ongoing"
    assert all(set(p) == set(records.PARTY_FIELDS) for p in parties)
    eras = as_json(capsys, "eras", "--year", "2022")
    assert [e["id"] for e in eras] == ["south-province", "state-secretary"]
    window = set(records.WINDOW_FIELDS)
    assert all(set(e) == set(records.ERA_FIELDS) | window for e in eras)


@pytest.mark.parametrize("command", ["events", "offices", "parties", "eras"])
def test_csv_round_trips_with_a_header(capsys, command):
    code, out, _ = run(capsys, command, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == BY_PLURAL[command].shape.fields
    as_json_rows = as_json(capsys, command)
    assert len(rows) == len(as_json_rows) + 1
    assert [r[0] for r in rows[1:]] == [item["id"] for item in as_json_rows]


def test_csv_joins_lists_with_semicolons(capsys):
    rows = list(
        csv.DictReader(io.StringIO(run(capsys, "events", "--kind", "speech", "--format", "csv")[1]))
    )
    by_id = {row["id"]: row for row in rows}
    assert by_id["speech-criticised"]["people"] == "Aloisio Sako; Judickaël Selefen"


def test_empty_csv_still_has_its_header(capsys):
    code, out, _ = run(capsys, "offices", "--year", "1980", "--format", "csv")
    header = ",".join((*records.OFFICE_FIELDS, *records.WINDOW_FIELDS))
    assert code == 0 and out.splitlines() == [header]


@pytest.mark.parametrize("command", ["events", "offices", "parties", "eras"])
def test_markdown_is_a_table(capsys, command):
    code, out, _ = run(capsys, command, "--format", "markdown")
    # The table, then (for what cites the article) its citations.
    table, _, citations = out.partition("\n\n")
    lines = table.splitlines()
    assert code == 0
    assert command == "eras" or citations.startswith("**Citations** (all from Sonia Backès")
    assert lines[0] == "| " + " | ".join(BY_PLURAL[command].shape.headers) + " |"
    assert set(lines[1]) <= {"|", "-"}
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines[2:])
    assert len(lines) == 2 + len(as_json(capsys, command))


@pytest.mark.parametrize("command", ["events", "offices", "parties", "eras"])
def test_table_format_prints_titles(capsys, command):
    code, out, _ = run(capsys, command)
    assert code == 0
    first = as_json(capsys, command)[0]
    title = first.get("title") or first.get("short")
    assert title.split()[0] in out


def test_on_table(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = run(capsys, "on", "2022-09-01")
    assert code == 0
    assert "Sonia Backès on 1 September 2022 (age 46)" in out
    # No event is dated then: her leadership (within her RC years, since when
    # not said) possibly held; the MPC's win, whose date the article bounds
    # on one side only, reaches it only through that side, and says so.
    assert "Renaissance" in out and "Leader of the Caledonian" in out
    assert "date not stated: in or after 2013" in out


@pytest.mark.parametrize("bad", ["20x", "2019-2020-2021", "since"])
def test_bad_year_range_exits_2_quoting_the_input(capsys, bad):
    code, out, err = run(capsys, "events", "--year", bad)
    assert code == 2 and out == ""
    assert err.startswith(f"backes-tui: --year: cannot read {bad!r}")
    assert err.count("\n") == 1


def test_reversed_year_range_is_read_swapped_and_said_so(capsys):
    code, reversed_out, err = run(capsys, "offices", "--year", "2023-2019", "--format", "json")
    assert code == 0
    assert err == "backes-tui: --year '2023-2019' read as 2019–2023 (a reversed range, swapped)\n"
    assert json.loads(reversed_out) == as_json(capsys, "offices", "--year", "2019-2023")


@pytest.mark.parametrize(
    "command", [["events"], ["offices"], ["parties"], ["eras"], ["on", "2020"]]
)
def test_bad_data_file_exits_2_with_loader_messages(capsys, tmp_path, command):
    data = minimal()
    data["events"][0]["date"] = "2019-02-30"
    bad = write_json(tmp_path / "bad.json", data)
    code, out, err = run(capsys, *command, "--data", str(bad))
    assert code == 2 and out == ""
    assert (
        err
        == f"{bad}: events[0].date: '2019-02-30' is not a valid date (day 30; February 2019 has 28 days)\n"
    )
    code, _, err = run(capsys, *command, "--data", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read file" in err


def test_data_option_loads_another_timeline(capsys, tmp_path):
    good = write_json(tmp_path / "good.json", minimal())
    events = as_json(capsys, "events", "--data", str(good))
    assert "ev1" in [e["id"] for e in events]


def test_tui_with_bad_data_exits_2_before_drawing(capsys, app_never_runs, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    code, out, err = run(capsys, "--data", str(bad))
    assert code == 2
    assert out == ""
    assert err == f"{bad}: $: expected a JSON object at the top level, found an array\n"


def test_tui_with_bad_year_exits_2(capsys, app_never_runs):
    code, _, err = run(capsys, "--year", "nope")
    assert code == 2
    assert "--year: cannot read 'nope'" in err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("backes-tui ")


def test_query_commands_do_not_import_textual():
    """Nor the SVG chart's XML helpers, which bring in half of urllib."""
    code = (
        "import sys; from backes_tui.cli import main; main(['events', '--format', 'json']);"
        "assert 'textual' not in sys.modules, 'textual imported';"
        "assert 'xml.sax.saxutils' not in sys.modules, 'saxutils imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_start_up_on_a_small_file_does_not_import():
    """The reader of a large file's events (and its msgspec decoders), and isal, which packs a
    large timeline's search text: a start on the shipped file (the app and
    its model, searched) should not pay for making either. One process for
    both: it names each of them it finds imported."""
    unwanted = ["backes_tui.storage.streaming", "isal"]
    code = (
        "import sys; import backes_tui.tui.app; from backes_tui.cli import load;"
        "from backes_tui.timeline.query import Filter, TimelineQuery;"
        "TimelineQuery(load(None)).view(Filter(text='senate'));"
        f"print([m + ' imported' for m in {unwanted!r} if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n", result.stdout


def test_ctrl_c_while_loading_exits_quietly(capsys, monkeypatch):
    def interrupted(path=None, progress=None, **options):
        raise KeyboardInterrupt

    monkeypatch.setattr("backes_tui.cli.load_timeline", interrupted)
    assert main(["events"]) == 130
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


@pytest.mark.parametrize("argv", [["events", "--year", "nope"], ["on", "someday"]])
def test_bad_input_is_reported_before_the_file_is_read(capsys, tmp_path, argv):
    code, _, err = run(capsys, *argv, "--data", str(tmp_path / "missing.json"))
    assert code == 2
    assert err.startswith("backes-tui: ") and "cannot read file" not in err


def test_a_file_changed_while_printing_is_an_error_not_silent(capsys, tmp_path, monkeypatch):
    from backes_tui.storage import loader
    from backes_tui.storage.event_file import EventFile

    monkeypatch.setattr(loader, "STREAM_ABOVE", 0)  # as a large file is read
    path = write_json(tmp_path / "t.json", minimal())
    original = EventFile.read

    def read_after_an_edit(self: EventFile, row: int):
        # As if an editor saved the file in place just as the first event was printed.
        write_json(path, {**minimal(), "as_of": "2021-01-01"})
        return original(self, row)

    monkeypatch.setattr(EventFile, "read", read_after_an_edit)
    code, out, err = run(capsys, "events", "--data", str(path), "--format", "json")
    assert code == 2
    assert err == f"{path}: $: changed on disk while being read; run again\n"
    assert "the data file has changed" in out


def test_an_event_with_no_later_limit_has_no_highest_age(capsys):
    """ "which then won the elections": on or after 2013, so she was 36 or
    more, not 36–37; the praise of the 14 July 2024 speech, 48 or more."""
    events = {
        e["id"]: e for e in as_json(capsys, "events", "--kind", "election", "--kind", "speech")
    }
    assert events["mpc-wins-elections"]["age"] == [36, None]
    assert events["ruffenach-praise"]["age"] == [48, None]
    assert events["bastille-day-speech"]["age"] == 48
