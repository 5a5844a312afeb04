"""Outputs are safe wherever they land: a spreadsheet (CSV), a calendar
(iCalendar) and an XML reader (SVG) get text they cannot mistake for code."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import icalendar
import pytest

from backes_tui.cli import main
from tests.conftest import minimal, write_json

FORMULAS = [
    '=HYPERLINK("https://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def output(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def formula_file(tmp_path):
    data = minimal()
    data["events"] = [
        {**data["events"][0], "id": f"ev{n}", "title": text, "people": [text]}
        for n, text in enumerate(FORMULAS)
    ]
    return write_json(tmp_path / "formulas.json", data)


def test_csv_cells_that_a_spreadsheet_would_run_start_with_a_quote(capsys, tmp_path):
    out = output(capsys, "events", "--data", str(formula_file(tmp_path)), "--format", "csv")
    # The stored events, not those derived from the periods.
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out)) if r["derived"] == "false"}
    # As OWASP recommends: a leading single quote; tab and CR are already
    # shown as spaces, which no spreadsheet reads as a formula.
    expected = {
        "ev0": '\'=HYPERLINK("https://evil.example","x")',
        "ev1": "'+1+1",
        "ev2": "'-2+3",
        "ev3": "'@SUM(A1:A2)",
        "ev4": " =1+1",
        "ev5": " =1+1",
    }
    assert {i: r["title"] for i, r in rows.items()} == expected
    assert {i: r["people"] for i, r in rows.items()} == expected
    for row in rows.values():
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_json_keeps_the_same_text_exactly(capsys, tmp_path):
    out = output(capsys, "events", "--data", str(formula_file(tmp_path)), "--format", "json")
    assert [e["title"] for e in json.loads(out) if not e["derived"]] == FORMULAS


def test_the_app_export_of_csv_is_neutralised_too(tmp_path):
    from backes_tui.formats.kinds import KINDS
    from backes_tui.formats.view import export_view
    from backes_tui.storage.loader import load_timeline
    from backes_tui.timeline.query import Filter, TimelineQuery

    timeline = load_timeline(formula_file(tmp_path))
    view = TimelineQuery(timeline).view(Filter())
    text = export_view("csv", timeline, view, Filter(), KINDS["event"])
    rows = csv.DictReader(io.StringIO(text))
    titles = [r["title"] for r in rows if r["derived"] == "false"]
    assert titles[:4] == ["'" + f for f in FORMULAS[:4]]


@pytest.mark.parametrize("control", ["\x1b", "\x07", "\x1b[31m", "\x9b"])
def test_ical_uid_has_no_raw_control_characters(capsys, tmp_path, control):
    data = minimal()
    data["events"][0]["date"] = "1995-03-04"
    data["events"][0]["id"] = f"ev{control}1"
    path = write_json(tmp_path / "uid.json", data)
    out = output(capsys, "export", "--to", "ics", "--data", str(path))
    assert control not in out
    calendar = icalendar.Calendar.from_ical(out)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("ev")]
    escape = "".join(
        f"\\x{ord(c):02x}" if ord(c) < 0xA0 and not c.isprintable() else c for c in control
    )
    assert str(event["UID"]) == f"ev{escape}1@backes-tui"


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_svg_is_well_formed_xml_whatever_the_title_holds(capsys, tmp_path, char):
    data = minimal()
    for item in (data["events"][0], data["offices"][0], data["eras"][0]):
        item["title"] = f"A{char}B"
    data["subject"]["name"] = f"N{char}M"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = output(capsys, "chart", "--data", str(path))
    root = ET.fromstring(out.encode("utf-8"))  # expat: a real XML parser
    texts = " ".join(root.itertext())
    assert f"A\\u{ord(char):04x}B" in texts
