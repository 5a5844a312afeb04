"""`check` refuses what the file cannot mean: foreign digits, a reading of an
end before its start, a bound past the end, a conflict id given twice; and
an output that the disk refuses exits as the README says."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from backes_tui.cli import main
from backes_tui.storage.loader import load_timeline
from backes_tui.timeline.dates import DateError, PartialDate
from tests.conftest import minimal, write_json
from tests.test_loader import problems_for

README = Path(__file__).parent.parent / "README.md"


def conflict(conflict_id: str = "c1", dates: tuple[str, str] = ("2003", "2004")) -> dict:
    return {
        "id": conflict_id,
        "title": "When did the office end?",
        "summary": "Two readings.",
        "offices": ["off1"],
        "readings": [
            {"label": f"Reading {i}", "date": d, "cites": [{"source": "src", "quote": "q"}]}
            for i, d in enumerate(dates)
        ],
    }


@pytest.mark.parametrize("text", ["٢٠١٩", "２０１９", "２０１٩", "2019-٠٣", "१९९५"])
def test_dates_in_other_scripts_digits_are_refused(text):
    with pytest.raises(DateError, match=r"digits must be 0-9, found '.' \(U\+[0-9A-F]{4}\)"):
        PartialDate.parse(text)


def test_check_names_the_place_of_a_foreign_digit(tmp_path):
    data = minimal()
    data["events"][0]["date"] = "١٩٩٥"
    (problem,) = problems_for(tmp_path, data)
    assert "events[0].date" in problem and "digits must be 0-9, found '١' (U+0661)" in problem


def test_a_reading_before_the_period_starts_is_refused(tmp_path):
    data = minimal()
    data["conflicts"] = [conflict(dates=("1950", "2004"))]
    (problem,) = problems_for(tmp_path, data)
    assert "conflicts[0].readings[0].date" in problem
    assert "'1950' is before the start '2000-01-01' of office 'off1'" in problem


def test_a_reading_in_the_start_year_is_allowed(tmp_path):
    """Only a reading that ends before the first possible day is refused."""
    data = minimal()
    data["conflicts"] = [conflict(dates=("2000", "2004"))]
    assert len(load_timeline(write_json(tmp_path / "t.json", data)).conflicts) == 1


def test_a_conflict_id_given_twice_is_refused(tmp_path):
    data = minimal()
    data["conflicts"] = [conflict("same"), conflict("same")]
    (problem,) = problems_for(tmp_path, data)
    assert "conflicts[1].id" in problem and "duplicate conflict id" in problem


def test_a_date_by_after_the_end_is_refused(tmp_path):
    data = minimal()
    event = data["events"][0]
    event["date"] = None
    event["date_by"] = "2010"
    event["end"] = "2005"
    (problem,) = problems_for(tmp_path, data)
    assert "events[0].date_by" in problem and "'2010' is after the end '2005'" in problem


def test_a_date_by_within_the_end_year_is_allowed(tmp_path):
    data = minimal()
    event = data["events"][0]
    event["date"] = None
    event["date_by"] = "2005-06"
    event["end"] = "2005"
    assert load_timeline(write_json(tmp_path / "t.json", data))


def _small_files() -> None:
    # A file may grow to 1,000 bytes: the write past it fails with EFBIG, as a
    # full disk fails with ENOSPC (the signal would kill the process instead).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))


def test_an_output_file_the_disk_refuses_exits_1_as_the_readme_says(tmp_path):
    target = tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-m", "backes_tui", "export", "--to", "timelinejs", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_small_files,
    )
    assert done.returncode == 1
    assert done.stderr == f"backes-tui: cannot write {target}: File too large\n"
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert "Output to a full disk gives one line and exit 1" in README.read_text(encoding="utf-8")


def test_an_output_refused_by_request_stays_a_usage_error(tmp_path, capsys):
    target = tmp_path / "out.json"
    target.write_text("kept")
    assert main(["export", "--to", "ics", "-o", str(target)]) == 2
    assert target.read_text() == "kept"


def test_a_number_too_long_to_read_is_placed_by_line_and_column(tmp_path, capsys):
    """Python refuses ints of over 4,300 digits; the file is named with the
    number's place, not Python's advice on raising the limit."""
    text = '{\n  "format": "backes-tui/timeline@1",\n  "as_of": ' + "7" * 5000 + "\n}\n"
    path = tmp_path / "long.json"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"{path}: $: line 3 column 12: a number of 5000 digits, "
        "more than the 4300 a number here may have\n"
    )
