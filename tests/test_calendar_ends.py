"""The ends of the calendar: every year `check` accepts (0001..9999) works in
every command and in the app; the rest is refused by `check`."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import icalendar
import pytest

from backes_tui.cli import main
from backes_tui.storage.loader import load_timeline
from backes_tui.timeline.years import parse_year_range
from backes_tui.tui.app import BackesApp
from tests.conftest import minimal, press_each, write_json

EDGE_YEARS = ["9999", "0001", "since 0001", "until 9999", "9990s", "2000..9999", "0001..2000"]


def edge_file(tmp_path: Path) -> Path:
    """A file `check` accepts, with dates at both ends of the calendar."""
    data = minimal()
    data["as_of"] = "9999-12-31"
    data["eras"][0]["start"] = "0001~"
    data["events"] += [
        {**data["events"][0], "id": "last-day", "date": "9999-12-31"},
        {**data["events"][0], "id": "late", "date": "9999~"},
        {**data["events"][0], "id": "first-day", "date": "0001-01-01"},
    ]
    return write_json(tmp_path / "edge.json", data)


@pytest.mark.parametrize("years", EDGE_YEARS)
def test_chart_draws_the_years_at_the_ends(capsys, years):
    assert main(["chart", "--year", years]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("<svg") or captured.out.startswith("<?xml")


def test_a_file_check_accepts_works_in_every_command(capsys, tmp_path):
    path = edge_file(tmp_path)
    assert main(["check", str(path)]) == 0
    for argv in (
        ["chart"],
        ["chart", "--year", "9999"],
        ["export", "--to", "ics"],
        ["export", "--to", "timelinejs"],
        ["events", "--year", "until 9999"],
        ["on", "9999-12-31"],
    ):
        capsys.readouterr()
        assert main(["--data", str(path), *argv]) == 0, argv
        assert "Error" not in capsys.readouterr().err, argv


def test_the_last_day_of_the_calendar_is_one_ical_day(capsys, tmp_path):
    assert main(["--data", str(edge_file(tmp_path)), "export", "--to", "ics"]) == 0
    calendar = icalendar.Calendar.from_ical(capsys.readouterr().out)
    last = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("last-day@"))
    # No DTEND can say "the day after 31 December 9999" in four digits.
    assert last.decoded("DTSTART") == dt.date(9999, 12, 31)
    assert last.decoded("DURATION") == dt.timedelta(days=1)
    assert "DTEND" not in last


@pytest.mark.parametrize("date", ["10000", "0000", "9999-13", "99999~"])
def test_check_refuses_years_outside_the_calendar(capsys, tmp_path, date):
    data = minimal()
    data["events"][0]["date"] = date
    assert main(["check", str(write_json(tmp_path / "bad.json", data))]) == 2
    assert "events[0].date" in capsys.readouterr().err


async def _run_app(app: BackesApp, *keys: str) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key in keys:
            await press_each(pilot, key)
        await pilot.pause()
        assert app.is_running
        assert app.explorer.is_current


@pytest.mark.parametrize("years", EDGE_YEARS)
async def test_the_app_opens_on_the_years_at_the_ends(timeline, years):
    app = BackesApp(timeline, initial_years=parse_year_range(years).years)
    await _run_app(app, "right_square_bracket", "right_curly_bracket", "t", "L", "o", "enter")
    assert app.return_code is None


async def test_y_9999_in_the_app(timeline):
    app = BackesApp(timeline)
    await _run_app(app, "y", *"9999", "enter", "left_curly_bracket")
    assert app.explorer.active_filter.years is not None


async def test_the_app_starts_on_a_file_at_the_ends(tmp_path):
    app = BackesApp(load_timeline(edge_file(tmp_path)))
    await _run_app(app, "G", "t", "L", "o", "enter")
    assert app.return_code is None


@pytest.mark.parametrize(("first", "width"), [(2000, 100), (1, 900), (1, 100)])
def test_an_axis_of_thousands_of_years_still_says_which(first, width):
    from backes_tui.formats.lanes import Axis

    ticks = Axis(dt.date(first, 1, 1), dt.date(9999, 12, 31), width).ticks()
    years = [int(label) for _, label in ticks]
    assert len(years) >= 4 and years == sorted(years)
    assert all(b[0] - a[0] >= 5 for a, b in itertools.pairwise(ticks))
