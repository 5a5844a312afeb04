"""The command line's plain form (`--screen-reader`, `--format plain`): no box
drawing or block characters, no glyph marks, every field in words, one
"Field: value" a line, whatever the terminal's width."""

from __future__ import annotations

import json
import re

import pytest

from backes_tui.cli import main

BOXES = re.compile(r"[\u2500-\u259f]")
COMMANDS = [["events"], ["offices"], ["parties"], ["eras"], ["on", "2023-10"], ["check"]]


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("columns", ["40", "80", "250"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_box_drawing_and_no_glyph_marks(capsys, monkeypatch, command, columns):
    monkeypatch.setenv("COLUMNS", columns)
    before = run(capsys, "--screen-reader", *command)
    after = run(capsys, *command, "--screen-reader")
    assert before == after
    assert BOXES.findall(before) == []
    assert "⚠" not in before and "? possible" not in before
    if command[0] != "check":
        assert before == run(capsys, *command, "--format", "plain")
        assert re.search(r"^[A-Z][a-z]+: ", before, re.MULTILINE)  # "Field: value" lines
    if columns == "250" and command[0] != "check":
        # Without the flag the same command draws a table (so the test can fail).
        assert BOXES.findall(run(capsys, *command))


def test_marks_are_words(capsys):
    out = run(capsys, "--screen-reader", "offices")
    assert "Office: State Secretary for Citizenship (disputed)\n" in out
    assert (
        "Term: 4 July 2022 – 10 October 2023, or by another reading "
        "September 2023 (Text: resignation)\n"
    ) in out
    out = run(capsys, "--screen-reader", "on", "2023-10")
    assert "Certainty: disputed (Infobox: term end: certain; Text: resignation: absent)" in out
    assert "Certainty: possible\n" in out
    assert "Certainty: certain\n" in out  # the table leaves it blank; words say it


def test_every_item_and_field_is_there(capsys):
    argv = ("events", "--year", "2019-2023")
    records = json.loads(run(capsys, *argv, "--format", "json"))
    out = run(capsys, *argv, "--screen-reader")
    items = out.strip().split("\n\n")
    assert len(items) == len(records)
    for item, record in zip(items, records, strict=True):
        assert f"Title: {record['title']}" in item
        assert item.startswith("Date: ")
        assert "Certainty: " in item


def test_long_lines_are_left_whole_for_the_terminal_to_wrap(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    out = run(capsys, "--screen-reader", "eras")
    summary = [line for line in out.splitlines() if line.startswith("Summary: A member of")]
    assert len(summary) == 1 and len(summary[0]) > 100


def test_nothing_found_is_said(capsys):
    out = run(capsys, "events", "--search", "zzzz", "--screen-reader")
    assert out == "No events matching “zzzz”\n"


def test_machine_formats_are_untouched_and_json_stays_json(capsys):
    plain = run(capsys, "--screen-reader", "events", "--format", "json")
    assert plain == run(capsys, "events", "--format", "json")
    page = run(capsys, "export", "--to", "html", "--screen-reader")
    assert page == run(capsys, "export", "--to", "html")  # the page is for every reader


@pytest.mark.parametrize("at_a_time", [1, 2, 3])
def test_items_printed_a_few_at_a_time_read_as_one_print(capsys, monkeypatch, at_a_time):
    # The lines of many items go to the console a batch at a time; where a
    # batch ends, the blank line between two items must still be there.
    from backes_tui.formats import output

    whole = run(capsys, "--screen-reader", "events")
    items = whole.strip().split("\n\n")
    assert len(items) == len(json.loads(run(capsys, "events", "--format", "json")))
    monkeypatch.setattr(output, "ITEMS_A_PRINT", at_a_time)
    assert run(capsys, "--screen-reader", "events") == whole
