"""The field's formats: TimelineJS, Popolo and iCalendar out; Wikidata and Popolo in."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backes_tui.cli import main
from backes_tui.formats import ical
from backes_tui.formats.popolo import from_popolo, to_popolo
from backes_tui.formats.printable import printable
from backes_tui.storage.loader import load_timeline, parse_timeline
from backes_tui.timeline.dates import Precision
from backes_tui.timeline.query import Filter, TimelineQuery
from tests.conftest import DATA, minimal, synth_module, write_json

WIKIDATA = Path(__file__).parent / "data" / "wikidata"
ROOT = Path(__file__).parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- TimelineJS ---------------------------------------------------------------------------


def check_date_object(date: object) -> None:
    """A TimelineJS date: a number year, and month and day only if stated."""
    assert isinstance(date, dict) and isinstance(date["year"], int)
    assert set(date) <= {"year", "month", "day", "display_date"}
    if "day" in date:
        assert "month" in date
    for part in ("month", "day"):
        assert part not in date or isinstance(date[part], int)


def check_timelinejs(document: dict) -> None:
    """The fields the Knight Lab JSON format requires, with their types."""
    assert isinstance(document["events"], list) and document["events"]
    assert isinstance(document["title"]["text"]["headline"], str)
    ids = [slide["unique_id"] for slide in document["events"]]
    assert len(ids) == len(set(ids)) and all(isinstance(i, str) for i in ids)
    for slide in document["events"]:
        check_date_object(slide["start_date"])
        if "end_date" in slide:
            check_date_object(slide["end_date"])
        assert isinstance(slide["text"]["headline"], str) and isinstance(slide["text"]["text"], str)
        assert isinstance(slide["group"], str)
        assert isinstance(slide.get("display_date", ""), str)
    for era in document["eras"]:
        check_date_object(era["start_date"])
        check_date_object(era["end_date"])
        assert isinstance(era["text"]["headline"], str)
    assert document["scale"] == "human"


def test_timelinejs_has_what_the_format_requires(capsys):
    code, out, err = run(capsys, "export", "--to", "timelinejs")
    assert code == 0
    document = json.loads(out)
    check_timelinejs(document)
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    assert slides["trade-unions"]["display_date"] == "c. 2005 – 2008"
    assert slides["renaissance"]["display_date"] == "by July 2022; end not stated"
    assert slides["caledonian-republicans"]["display_date"] == "2017 – ongoing as of 14 July 2024"
    assert slides["birth"]["start_date"] == {"year": 1976, "month": 5, "day": 21}
    assert slides["rpcr"]["start_date"] == {"year": 1994}
    assert "<blockquote>" in slides["un-address"]["text"]["text"]
    assert "⚠" in slides["state-secretary-citizenship"]["text"]["text"]
    assert (
        "TimelineJS: conflicts folded into text (TimelineJS has no way to hold both readings): 1"
        in err
    )


def test_the_committed_sample_is_the_shipped_timeline(capsys):
    sample = json.loads((ROOT / "docs" / "sample-timelinejs.json").read_text(encoding="utf-8"))
    check_timelinejs(sample)
    assert sample == json.loads(run(capsys, "export", "--to", "timelinejs")[1])


def test_timelinejs_escapes_html_from_the_data(tmp_path, capsys):
    data = minimal()
    data["events"][0]["title"] = "<b>bold</b> & <script>x()</script>"
    data["events"][0]["cites"][0]["quote"] = "<i>quoted</i>"
    path = write_json(tmp_path / "html.json", data)
    code, out, _ = run(capsys, "--data", str(path), "export", "--to", "timelinejs")
    assert code == 0
    (slide,) = [s for s in json.loads(out)["events"] if s["unique_id"] == "ev1"]
    assert (
        slide["text"]["headline"]
        == "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;"
    )
    assert (
        "&lt;i&gt;quoted&lt;/i&gt;" in slide["text"]["text"] and "<i>" not in slide["text"]["text"]
    )


def test_exports_honour_the_listing_filters(capsys):
    slides = json.loads(run(capsys, "export", "--to", "timelinejs", "--year", "2021")[1])["events"]
    ids = {slide["unique_id"] for slide in slides}
    assert {"un-address", "third-referendum", "south-province-president"} <= ids
    assert "birth" not in ids


# -- iCalendar ---------------------------------------------------------------------------


def icalendar_written(timeline, view, stamp: dt.datetime) -> bytes:
    """The calendar as the `icalendar` package writes it: the oracle for our
    own writer (which it replaced for speed)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//backes-tui//Sonia Backès timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", printable(f"{timeline.subject.name}: timeline"))
    for event in view.events:
        if timeline.other_readings(event) is not None:
            continue  # the source reads its date two ways: never one as a plain fact
        first = None if event.open_sided else ical._day(event.date)
        last = ical._day(event.end) if event.end is not None else first
        if first is None or last is None:
            continue
        entry = icalendar.Event()
        entry.add("uid", f"{event.id}@backes-tui")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", first)
        entry.add("dtend", last + dt.timedelta(days=1))
        entry.add("summary", printable(event.title))
        entry.add("description", ical._description(timeline, event))
        entry.add("categories", [event.kind])
        calendar.add_component(entry)
    return bytes(calendar.to_ical())


@pytest.mark.parametrize("size", [0, 300])
def test_ics_is_the_bytes_icalendar_writes(timeline, size):
    """Shipped data, and a synthetic timeline (long titles, quotes and accents)."""
    if size:
        timeline = parse_timeline(synth_module().synthesize(size), "synthetic")
    view = TimelineQuery(timeline).view(Filter())
    ours, _ = ical.to_ics(timeline, view)
    stamp = re.search(rb"DTSTAMP:(\d{8}T\d{6})Z", ours)
    assert stamp is not None
    when = dt.datetime.strptime(stamp.group(1).decode(), "%Y%m%dT%H%M%S")
    assert ours == icalendar_written(timeline, view, when.replace(tzinfo=dt.timezone.utc))


# Text as a data file may give it, short and long, with the characters a TEXT
# value escapes and UTF-8 of every length, after a run of letters that brings
# them near where a line folds. (icalendar turns a literal "\\N" into "\\n"
# before escaping, so that one pair is left out of the comparison.)
ical_text = st.builds(
    lambda padding, text: "x" * padding + text,
    st.integers(0, 80) | st.integers(62, 68),  # "SUMMARY:" + 66 letters fill a line
    st.text(
        st.sampled_from(list('ab ,;:\\^\n"é€😀')) | st.characters(codec="utf-8"),
        max_size=300,
    ),
).filter(lambda text: "\\N" not in text)


@settings(max_examples=300, deadline=None)
@given(ical_text)
def test_ics_content_lines_match_icalendar(text):
    ours = ical.folded("SUMMARY:" + ical.escaped(text))
    entry = icalendar.Event()
    entry.add("summary", text)
    # BEGIN:VEVENT, the (folded) SUMMARY, END:VEVENT
    theirs = bytes(entry.to_ical()).removeprefix(b"BEGIN:VEVENT\r\n")
    assert ours == theirs.removesuffix(b"\r\nEND:VEVENT\r\n")
    for number, line in enumerate(ours.split(b"\r\n")):
        assert len(line) <= (75 if number else 74)
        line.decode("utf-8")  # no character split between two lines
    parsed = icalendar.Event.from_ical(b"BEGIN:VEVENT\r\n" + ours + b"\r\nEND:VEVENT\r\n")
    if "\\" not in text:  # icalendar reads "\\n" back as a line break
        assert str(parsed["summary"]) == text.replace("\r\n", "\n").replace("\r", "\n")


def test_ics_parses_back_with_exclusive_day_ends(capsys, timeline):
    code, out, err = run(capsys, "export", "--to", "ics")
    assert code == 0
    calendar = icalendar.Calendar.from_ical(out)
    entries = list(calendar.walk("VEVENT"))
    day_events = [
        e
        for e in timeline.events
        if e.date is not None
        and not e.open_sided
        and timeline.other_readings(e) is None
        and e.date.precision is Precision.DAY
        and not e.date.approximate
        and (e.end is None or e.end.precision is Precision.DAY)
    ]
    assert [str(entry["uid"]) for entry in entries] == [f"{e.id}@backes-tui" for e in day_events]
    for entry, event in zip(entries, day_events, strict=True):
        start, end = entry["dtstart"].dt, entry["dtend"].dt
        assert start == event.date.earliest
        assert end == (event.end or event.date).latest + dt.timedelta(days=1)
        assert event.cites[0].quote[:20] in str(entry["description"]).replace("\n", " ")
    skipped = len(timeline.events) - len(day_events) - 1
    assert f"iCalendar: events skipped because their date is not one known day: {skipped}" in err
    # The term's end, 10 October 2023 or September 2023: left out, and said so.
    assert "iCalendar: events whose date the source reads two ways: 1" in err


# -- Popolo ------------------------------------------------------------------------------


def _holdable(timeline) -> dict[str, tuple]:
    """What Popolo can hold of each period and stored event: id, stated date
    parts and precision, by the plain rules (no "by", no "~", no open end)."""
    found = {}
    for period in (*timeline.offices, *timeline.parties):
        span = period.span
        if span.start_is_bound:
            continue
        end = None if span.end is None else (str(span.end).rstrip("~"), span.end.precision)
        found[period.id] = (str(span.start).rstrip("~"), span.start.precision, end)
    for event in timeline.events:
        if event.derived or event.date is None or event.open_sided:
            continue
        end = None if event.end is None else (str(event.end), event.end.precision)
        found[event.id] = (str(event.date).rstrip("~"), event.date.precision, end)
    return found


@pytest.mark.parametrize("source", ["shipped", "synthetic"])
def test_popolo_round_trip_keeps_what_popolo_can_hold(source):
    if source == "shipped":
        original = load_timeline(DATA)
    else:
        original = parse_timeline(synth_module().synthesize(1000, seed=5), "synthetic")
    exported, lost_out = to_popolo(original, TimelineQuery(original).view(Filter()))
    imported, lost_in = from_popolo(json.loads(json.dumps(exported)), "round-trip.json")
    back = parse_timeline(imported, "round trip")
    assert _holdable(back) == _holdable(original)
    # The loss report lists exactly the rest.
    eras, conflicts = len(original.eras), len(original.conflicts)
    assert lost_out.count("eras left out (Popolo has no eras)") == eras
    assert (
        lost_out.count("conflicts left out (Popolo holds one reading: the file's own)") == conflicts
    )
    bound = sum(p.span.start_is_bound for p in (*original.offices, *original.parties))
    bound += sum(e.by for e in original.events if not e.derived)
    assert lost_out.count("upper bounds moved into notes") == bound
    approximate = sum(
        d is not None and d.approximate
        for p in (*original.offices, *original.parties)
        for d in (p.span.start, p.span.end)
    ) + sum(e.date is not None and e.date.approximate for e in original.events if not e.derived)
    assert lost_out.count("approximate dates moved into notes") == approximate
    starts_lost = sum(p.span.start_is_bound for p in (*original.offices, *original.parties))
    assert lost_in.count("memberships without a start date left out") == starts_lost
    undated = sum(e.date is None for e in original.events if not e.derived)
    assert lost_out.count("undated events left out") == undated


def test_popolo_has_person_parties_posts_and_memberships(capsys):
    document = json.loads(run(capsys, "export", "--to", "popolo")[1])
    (person,) = document["persons"]
    assert person["name"] == "Sonia Backès" and person["birth_date"] == "1976-05-21"
    assert person["identifiers"] == [{"scheme": "backes-tui", "identifier": person["id"]}]
    assert {o["classification"] for o in document["organizations"]} == {"party"}
    assert {p["id"] for p in document["posts"]} == {
        "south-province-president",
        "state-secretary-citizenship",
    }
    membership = next(m for m in document["memberships"] if m["id"] == "membership-renaissance")
    assert "start_date" not in membership and "by July 2022" in membership["label"]


# -- Wikidata -----------------------------------------------------------------------------


@pytest.fixture
def imported(capsys, tmp_path):
    out = tmp_path / "wd.json"
    argv = ["import", "wikidata", str(WIKIDATA / "entity.json"), "--labels"]
    code, _, err = run(capsys, *argv, str(WIKIDATA / "labels.json"), "-o", str(out))
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8")), err


def test_wikidata_precisions_become_our_dates(imported):
    document, _ = imported
    offices = {o["id"]: o for o in document["offices"]}
    parties = {p["id"]: p for p in document["parties"]}
    assert document["subject"]["born"] == "1976-05-21"  # precision 11
    assert parties["q90042"]["start"] == "2017-03"  # precision 10: "-00" is no day
    assert (parties["q90040"]["start"], parties["q90040"]["end"]) == ("1994", "2004")  # 9
    assert offices["q90020"]["end"] == "unknown"  # no end time: not stated, not ongoing
    assert offices["q90020"]["predecessor"] == "Philippe Michel"  # P1365
    assert offices["q90021"]["successor"] == "Sabrina Agresti-Roubache"  # P1366
    assert document["subject"]["birth_place"] == "Nouméa"


def test_wikidata_deprecated_beside_preferred_is_a_conflict(imported):
    document, _ = imported
    (conflict,) = document["conflicts"]
    assert conflict["offices"] == ["q90021"]
    assert [r["date"] for r in conflict["readings"]] == ["2023-10-10", "2023-09"]


def test_wikidata_missing_label_is_kept_and_reported(imported):
    document, err = imported
    assert any(p["name"] == "Q90041" for p in document["parties"])
    assert "backes-tui: loss: Wikidata import: items without a label, kept as their Q-id: 1" in err


def test_wikidata_references_become_sources_and_quotes_say_the_statement(imported):
    document, _ = imported
    titles = {s["title"] for s in document["sources"]}
    assert "https://example.org/assemblee-province-sud" in titles
    assert "stated in Journal officiel" in titles
    office = next(o for o in document["offices"] if o["id"] == "q90020")
    assert office["cites"][0]["quote"] == (
        "position held: President of the Assembly of South Province; start time: 2019-05-17"
    )


def test_an_imported_timeline_passes_check(imported, tmp_path, capsys):
    path = tmp_path / "again.json"
    path.write_text(json.dumps(imported[0]), encoding="utf-8")
    assert run(capsys, "check", str(path))[0] == 0


def test_a_malformed_wikidata_document_names_the_path(capsys):
    code, out, err = run(capsys, "import", "wikidata", str(WIKIDATA / "malformed.json"))
    assert (code, out) == (2, "")
    assert err == (
        f"{WIKIDATA / 'malformed.json'}: entities.Q90001.claims.P39[0].qualifiers.P580[0]"
        ".datavalue.value.time: expected a string, found a number\n"
    )


# -- writing ------------------------------------------------------------------------------


def test_output_files_are_kept_unless_forced_and_never_the_input(tmp_path, capsys):
    target = tmp_path / "out.json"
    target.write_text("precious")
    code, _, err = run(capsys, "export", "--to", "popolo", "-o", str(target))
    assert code == 2 and "exists; give --force" in err and target.read_text() == "precious"
    assert run(capsys, "export", "--to", "popolo", "-o", str(target), "--force")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["persons"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary left


def test_strict_turns_any_loss_into_status_3(capsys):
    assert run(capsys, "export", "--to", "ics", "--strict")[0] == 3
    no_loss = run(capsys, "export", "--to", "ics", "--strict", "--kind", "international")
    assert no_loss[0] == 0 and no_loss[2] == ""


def test_export_to_a_full_disk_gives_one_line():
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "backes_tui", "export", "--to", "timelinejs"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "backes-tui: cannot write the output: No space left on device"
    )


def test_a_malformed_popolo_document_names_the_path(tmp_path, capsys):
    bad = tmp_path / "popolo.json"
    bad.write_text(json.dumps({"persons": [{"id": "p", "name": "P", "birth_date": "1970-13"}]}))
    code, out, err = run(capsys, "import", "popolo", str(bad))
    assert (code, out) == (2, "")
    assert err.startswith(f"{bad}: persons[0].birth_date: ") and err.count("\n") == 1


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_an_output_that_is_a_device_is_refused_not_replaced(capsys, force):
    code, out, err = run(capsys, "export", "--to", "ics", "-o", "/dev/full", *force)
    assert (code, out) == (2, "")
    assert err.endswith(
        "backes-tui: /dev/full is not a regular file; leave out -o to write to standard output\n"
    )
    assert not Path("/dev/full").is_file()


def test_an_import_refuses_a_key_given_twice_with_its_place(tmp_path, capsys):
    doc = tmp_path / "dup.json"
    doc.write_text('{"entities": {"Q1": {"id": "Q1",\n "id": "Q2"}}}')
    code, out, err = run(capsys, "import", "wikidata", str(doc))
    assert (code, out) == (2, "")
    assert err == f"{doc}: entities.Q1.id: duplicate key 'id' (line 2 column 2)\n"
