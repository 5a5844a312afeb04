"""Export view from the TUI: each format holds what the command line prints
for the same filter; nothing is overwritten without a second enter."""

from __future__ import annotations

import json
from pathlib import Path

from backes_tui.cli import main
from backes_tui.formats.view import VIEW_FORMATS
from backes_tui.timeline.years import YearRange
from tests.conftest import press_at_once, press_each, record_notifications, wait_for

FORMATS = list(VIEW_FORMATS)


def cli(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


async def _export(app, pilot, fmt: str, *extra: str) -> None:
    await press_at_once(pilot, "e", *["down"] * FORMATS.index(fmt), *extra, "enter")


async def test_export_view_holds_what_the_command_line_prints(
    make_app, tmp_path, monkeypatch, capsys
):
    # One app exports every format, each into a folder of its own (the app
    # saves where it runs from, as a person would `cd` before starting it):
    # an export leaves the explorer as it was.
    app = make_app(initial_years=YearRange(2019, 2023))
    saved: dict[str, tuple[str, Path]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        notices = record_notifications(app)
        for fmt in FORMATS:
            folder = tmp_path / fmt
            folder.mkdir()
            monkeypatch.chdir(folder)
            before = len(notices)
            await _export(app, pilot, fmt)
            await wait_for(pilot, lambda before=before: len(notices) > before)
            assert app.screen is app.explorer, fmt
            saved[fmt] = notices[before], folder
    for fmt, (notice, folder) in saved.items():
        assert notice.startswith("Saved "), (fmt, notice)
        [written] = [p for p in folder.iterdir() if p.suffix == "." + VIEW_FORMATS[fmt][0]]
        assert list(folder.iterdir()) == [written], fmt  # no temporary file left behind
        # Where it saved, as a full path, whatever folder the app was started in.
        assert notice == f"Saved {written}" and written.is_absolute(), fmt
        holds_what_the_command_line_prints(capsys, fmt, written.read_text(encoding="utf-8"))


def holds_what_the_command_line_prints(capsys, fmt: str, text: str) -> None:
    year = ("--year", "2019-2023")
    if fmt == "markdown":
        for kind in ("eras", "offices", "parties", "events"):
            assert cli(capsys, kind, *year, "--format", "markdown") in text
        # The citations come with the tables: the quotes, as the article writes them.
        assert "> “Term Start1: 17 May 2019”" in text
        assert "**Citations** (all from Sonia Backès" in text
    elif fmt == "json":
        document = json.loads(text)
        assert document["filter"]["years"] == "2019–2023"
        for kind in ("eras", "offices", "parties", "events"):
            assert document[kind] == json.loads(cli(capsys, kind, *year, "--format", "json"))
    elif fmt == "csv":  # one table: the pane the cursor is in, Events
        assert text == cli(capsys, "events", *year, "--format", "csv")
    elif fmt == "html":
        assert text == cli(capsys, "export", "--to", "html", *year)
    else:
        assert text == cli(capsys, "chart", *year)


async def test_export_never_overwrites_without_a_second_enter(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press_each(pilot, "e")
        name = app.screen.query_one("#export-name").value
        (tmp_path / name).write_text("keep me", encoding="utf-8")
        await press_each(pilot, "enter")
        warning = str(app.screen.query_one("#export-warning").render())
        assert "exists" in warning and "Enter again replaces it" in warning
        assert (tmp_path / name).read_text(encoding="utf-8") == "keep me"
        notices = record_notifications(app)
        await press_each(pilot, "enter")
        await wait_for(pilot, lambda: bool(notices))
    assert (tmp_path / name).read_text(encoding="utf-8").startswith("# Sonia Backès")


async def test_export_reports_a_folder_that_cannot_be_written(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        notices = record_notifications(app)
        await press_at_once(pilot, "e", "tab")
        name = app.screen.query_one("#export-name")
        name.value = str(tmp_path / "missing" / "out.md")
        await press_each(pilot, "enter")
        await wait_for(pilot, lambda: bool(notices))
        assert "missing" in notices[0] and app.is_running
    assert not (tmp_path / "missing").exists()
