"""The answers table: what the article allows about an item on a date, decided
from its words (not from the code), asked of the command line's JSON, its
table and the TUI's date cursor.

"absent" means the item is not listed at all.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from backes_tui.cli import main
from backes_tui.timeline.dates import PartialDate
from tests.conftest import press_each

# (date, item id, expected certainty, why: the article's words)
ANSWERS = [
    # "who had become a member of ... Renaissance party": no earlier limit.
    ("1976", "renaissance", "not_stated", "no start given; not possible back to her birth"),
    ("1980", "renaissance", "not_stated", "the first thing a new user noticed"),
    ("2020", "renaissance.start", "not_stated", "joined by July 2022, no earlier limit"),
    ("2022-06", "renaissance", "not_stated", "June 2022 is before the bound"),
    ("2022-07", "renaissance", "certain", "a member when appointed in July 2022"),
    ("2022-07-04", "renaissance", "certain", "appointed a member; the term began 4 July 2022"),
    ("2022-07-04", "renaissance.start", "possible", "joined on or before that day"),
    ("2024-07-14", "renaissance", "possible", "whether she is still a member, not said"),
    # "By 2012 she was part of a right faction within the UMP".
    ("1980", "loyalist-faction", "absent", "within the UMP, her party from 2004"),
    ("2003", "loyalist-faction", "absent", "decided: the UMP membership began in 2004"),
    ("2005", "loyalist-faction", "possible", "within her Rally–UMP years, by 2012"),
    ("2012", "loyalist-faction", "certain", "By 2012 she was part of"),
    ("2013", "loyalist-faction", "possible", "the Rally–UMP (2004–2013) may still hold"),
    ("2014", "loyalist-faction", "absent", "her Rally–UMP membership ended in 2013"),
    # "The following year, she decided to run ... in the September ... elections".
    ("2023", "senate-candidacy", "certain", "The following year (2023)"),
    ("2023-09", "senate-candidacy", "possible", "before the September vote"),
    ("2023-10-05", "senate-candidacy", "absent", "decided before the September vote"),
    ("2023-10-11", "senate-candidacy", "absent", "decided before the September vote"),
    # "a third referendum on independence from France (held in late 2021)".
    ("2021", "third-referendum", "certain", "held in late 2021"),
    ("2021-06", "third-referendum", "absent", "late 2021; its runup included 17 June"),
    ("2021-07", "third-referendum", "possible", "decided: late 2021 read as its second half"),
    ("2021-08", "third-referendum", "possible", "decided: late 2021 read as its second half"),
    # "her speech was praised by ... Virginie Ruffenach": no year given.
    ("2024", "ruffenach-praise", "possible", "after the 14 July 2024 speech, year not given"),
    ("2025", "ruffenach-praise", "not_stated", "no later limit stated"),
    ("2024-07-13", "ruffenach-praise", "absent", "before the speech it praised"),
    # "... following the 2024 New Caledonia unrest".
    ("2024-07-14", "unrest-2024", "possible", "some day of 2024 up to the speech"),
    ("2024-08", "unrest-2024", "absent", "decided: the speech followed the unrest"),
    # "She is the current leader of the Caledonian Republicans party".
    ("2024-07-14", "leads-caledonian-republicans", "certain", "current on the article's day"),
    (
        "2020",
        "leads-caledonian-republicans",
        "possible",
        "within her RC membership (from 2017); since when, not said",
    ),
    (
        "2010",
        "leads-caledonian-republicans",
        "absent",
        "a leader of the RC, which she joined in 2017",
    ),
    ("2025", "speech-criticised", "not_stated", "after the 14 July 2024 speech, no later limit"),
    ("2024-07-13", "speech-criticised", "absent", "before the speech it criticised"),
    # "created the ... MPC ... which then won the elections".
    ("2012", "mpc-wins-elections", "absent", "after the MPC's creation in 2013"),
    ("2013", "mpc-wins-elections", "possible", "then won: 2013 or later"),
    ("2014", "mpc-wins-elections", "not_stated", "no later limit stated"),
    # "Termend: 10 October 2023" against "In September 2023, ... resigned".
    ("2023-10-05", "state-secretary-citizenship", "disputed", "the two readings differ"),
    ("2023-10-11", "state-secretary-citizenship", "absent", "after both readings"),
    ("2022-08", "state-secretary", "certain", "the era of the post (its old id was paris)"),
    # "She joined ... in 1994 at the age of 18" (born 21 May 1976).
    ("1994-03", "rpcr", "absent", "not yet 18"),
    ("1994-06", "rpcr", "possible", "18 by then; joined some day of 1994"),
    ("2024-07-14", "south-province-president", "certain", "since 17 May 2019, current"),
    ("2023-09", "resigns-ministry", "certain", "In September 2023, Backès resigned"),
]

KINDS = ("eras", "offices", "parties", "events")


def answers_on(capsys: pytest.CaptureFixture[str], when: str) -> dict[str, dict]:
    assert main(["on", when, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    return {record["id"]: record for kind in KINDS for record in document[kind]}


def by_date() -> dict[str, list[tuple[str, str]]]:
    dates: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for when, item_id, expected, _ in ANSWERS:
        dates[when].append((item_id, expected))
    return dates


def test_the_table_has_at_least_thirty_answers_and_every_kind_of_answer():
    assert len(ANSWERS) >= 30
    assert {row[2] for row in ANSWERS} == {
        "certain",
        "possible",
        "not_stated",
        "disputed",
        "absent",
    }


@pytest.mark.parametrize("when", sorted(by_date()))
def test_the_command_lines_json_gives_each_answer(capsys, when):
    records = answers_on(capsys, when)
    for item_id, expected in by_date()[when]:
        got = records[item_id]["certainty"] if item_id in records else "absent"
        assert got == expected, (when, item_id)
        if expected == "not_stated":
            assert records[item_id]["not_stated"].split(":")[0] in {
                "start not stated",
                "date not stated",
            }
        elif item_id in records:
            assert records[item_id]["not_stated"] is None


def test_the_table_says_what_is_known_where_a_side_is_not_stated(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    assert main(["on", "1980"]) == 0
    out = capsys.readouterr().out
    assert "◌ start not stated: member by 4 July 2022" in out
    assert "? possible" not in out


async def test_the_date_cursor_gives_each_answer(make_app):
    app = make_app()
    found: dict[str, dict[str, str | None]] = {}
    strips: dict[str, str] = {}
    async with app.run_test(size=(200, 50)) as pilot:
        await press_each(pilot, "t")
        for when in by_date():
            app.explorer.set_date_cursor(PartialDate.parse(when))
            held = app.explorer.cursor_held
            found[when] = {h.item.id: h.certainty for h in held}
            chart = app.explorer.query_one("#chart").chart
            strips[when] = "\n".join(line.plain for line in chart.strip(198))
    for when, rows in by_date().items():
        for item_id, expected in rows:
            assert found[when].get(item_id, "absent") == expected, (when, item_id)
    # The strip says so in words, not only with its mark.
    assert "◌Renaissance (start not stated)" in strips["1976"]
    assert "?Renaissance" not in strips["1976"]


def listing(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_every_record_the_conflict_touches_carries_both_readings(capsys):
    """Infobox "Termend: 10 October 2023", text "In September 2023, ... resigned"."""
    both = {"2023-10-10", "2023-09"}
    office = next(
        o
        for o in json.loads(listing(capsys, "offices", "--format", "json"))
        if o["id"] == "state-secretary-citizenship"
    )
    assert office["end_status"] == "disputed"
    assert {r["date"] for r in office["date_readings"]} == both
    assert office["length"] == "1 year 1–3 months (two readings)"
    era = next(
        e
        for e in json.loads(listing(capsys, "eras", "--format", "json"))
        if e["id"] == "state-secretary"
    )
    assert era["end_status"] == "disputed" and {r["date"] for r in era["date_readings"]} == both
    events = {e["id"]: e for e in json.loads(listing(capsys, "events", "--format", "json"))}
    for event_id in ("state-secretary-citizenship.end", "resigns-ministry"):
        assert {r["date"] for r in events[event_id]["date_readings"]} == both, event_id
    assert events["bastille-day-speech"]["date_readings"] == []
    csv_text = listing(capsys, "offices", "--format", "csv")
    assert "disputed,Infobox: term end: 2023-10-10; Text: resignation: 2023-09" in csv_text
    markdown = listing(capsys, "offices", "--format", "markdown")
    assert "10 October 2023 ⚠ or September 2023" in markdown
    assert "1 year 1–3 months (two readings)" in markdown


def test_the_calendar_leaves_the_disputed_date_out_and_strict_says_so(tmp_path, capsys):
    out = tmp_path / "t.ics"
    assert main(["export", "--to", "ics", "-o", str(out), "--strict"]) == 3
    assert "events whose date the source reads two ways: 1" in capsys.readouterr().err
    calendar = out.read_text(encoding="utf-8")
    assert "state-secretary-citizenship.end@" not in calendar
    # Nor is a date with a side not stated written as a plain day.
    assert "ruffenach-praise@" not in calendar and "leads-caledonian-republicans@" not in calendar


def test_the_old_era_id_paris_still_selects_the_state_secretary_era(timeline):
    from backes_tui.timeline.query import Filter, selection_problem

    found = timeline.find("paris")
    assert found is not None and found.id == "state-secretary"
    assert selection_problem(timeline, Filter(), "paris") is None


def test_the_copy_keys_and_the_svg_carry_both_readings(timeline):
    from backes_tui.formats.citation import citations, item_markdown
    from backes_tui.formats.svg import chart_svg
    from backes_tui.timeline.query import Filter, TimelineQuery

    office = timeline.office("state-secretary-citizenship")
    copied = citations(timeline, office)
    assert "⚠ Text: resignation, September 2023: “In September 2023, Backès resigned" in copied
    assert "⚠ Infobox: term end, 10 October 2023: “Termend: 10 October 2023”" in copied
    markdown = item_markdown(timeline, office)
    assert "⚠ or September 2023" in markdown and markdown.count("In September 2023, Backès") == 1
    svg = chart_svg(timeline, TimelineQuery(timeline).view(Filter()))
    assert "10 October 2023 (or September 2023 (Text: resignation))" in svg


def test_the_o_dialog_says_what_is_known_of_a_side_not_stated(timeline):
    from backes_tui.timeline.query import TimelineQuery
    from backes_tui.tui.held import held_on, held_text

    when = PartialDate.parse("1980")
    held = held_on(timeline, TimelineQuery(timeline), when)
    text = held_text(timeline, when, held, separator="\n").plain
    assert "Parties: ◌Renaissance (start not stated: member by 4 July 2022)" in text
    assert "◌Member of Renaissance (date not stated: by 4 July 2022)" in text
    assert "?" not in text


def test_the_detail_shows_each_relation_with_its_quote(timeline):
    import io

    from rich.console import Console

    from backes_tui.tui.detail import describe

    def shown(item_id: str) -> str:
        console = Console(width=200, file=io.StringIO(), record=True)
        console.print(describe(timeline, timeline.find(item_id)))
        return console.export_text()

    text = shown("senate-candidacy")
    assert "Placed by the text" in text and "Before: [1] Defeated by Robert Xowie" in text
    assert "soundly defeated by Robert Xowie" in text
    assert "Decides to run for the Senate: before this" in shown("senate-defeat")
