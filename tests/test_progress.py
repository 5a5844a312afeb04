"""Progress on long work: the terminal bar, loading and exporting from the
command line, and the app's first screen while a large file is read."""

from __future__ import annotations

import io
import threading

import pytest

from backes_tui import cli
from backes_tui.formats import progress
from backes_tui.formats.progress import ReportingEvents, TerminalProgress
from backes_tui.storage import loader
from backes_tui.storage.loader import TimelineError, load_timeline
from backes_tui.tui.app import BackesApp
from backes_tui.tui.loading import LoadingScreen
from tests.conftest import (
    DATA,
    press_each,
    record_notifications,
    synth_module,
    wait_for,
    write_json,
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_draws_once_per_percent_never_backwards_and_clears():
    stream = Terminal()
    bar = TerminalProgress("loading big.json", 22_000_000, "MB", stream)
    for done in (0, 100, 220_000, 230_000, 11_000_000, 5_000_000, 22_000_000):
        bar.update(done)
    bar.close()
    drawn = stream.getvalue().split("\r")[1:]
    assert [line.split("%")[0][-3:].strip() for line in drawn[:-1]] == ["0", "1", "50", "100"]
    assert "[############············] 11 of 22 MB" in drawn[2]
    assert drawn[-1] == "\x1b[2K"
    quiet = io.StringIO()  # not a terminal: nothing at all
    bar = TerminalProgress("loading", 10, "MB", quiet)
    bar.update(5)
    bar.close()
    assert quiet.getvalue() == ""


def test_reporting_events_count_as_they_are_read(timeline):
    seen: list[int] = []
    events = ReportingEvents(timeline.events, seen.append)
    assert list(events) == list(timeline.events)
    assert seen == [0, len(timeline.events)]
    assert events[:3] == timeline.events[:3]


@pytest.fixture
def synthetic_file(tmp_path):
    return write_json(tmp_path / "synthetic.json", synth_module().synthesize(3000, seed=2))


def test_loading_and_exporting_a_large_file_show_bars_on_a_terminal(
    synthetic_file, monkeypatch, capsys
):
    # "Large" and "many" scaled down to the test's file.
    monkeypatch.setattr(progress, "LARGE_FILE", 1000)
    monkeypatch.setattr(progress, "MANY_ITEMS", 100)
    monkeypatch.setattr(loader, "STREAM_ABOVE", 1000)
    stderr = Terminal()
    monkeypatch.setattr("sys.stderr", stderr)
    assert cli.main(["events", "--data", str(synthetic_file), "--format", "json"]) == 0
    drawn = stderr.getvalue()
    assert "backes-tui: loading synthetic.json" in drawn and " 100% [" in drawn
    assert "backes-tui: writing events 100% [" in drawn and "of 3,144 events" in drawn
    assert drawn.endswith("\r\x1b[2K")  # the bar is gone before anything else is said
    assert capsys.readouterr().out.startswith("[")


async def test_a_large_file_opens_on_a_progress_bar_then_the_explorer(timeline):
    go = threading.Event()

    def load(report):
        report(5_000_000)
        go.wait(10)
        report(10_000_000)
        return timeline

    app = BackesApp.loading(load, 10_000_000, "big.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LoadingScreen))
        screen = app.screen
        bar = screen.query_one("#loading-bar")
        await wait_for(pilot, lambda: bar.progress == 5_000_000)
        assert not app.ready
        await press_each(pilot, "j")
        assert "Still loading" in str(screen.query_one("#loading-note").render())
        go.set()
        await wait_for(pilot, lambda: app.ready and app.screen is app.explorer)
        assert len(app.explorer.pane("events").items) == len(timeline.events)


async def test_a_large_file_that_cannot_be_read_ends_the_app_with_the_problem():
    def load(report):
        raise TimelineError(["big.json: $: not UTF-8 text (byte 0xff at offset 3)"])

    app = BackesApp.loading(load, 10_000_000, "big.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.load_error is not None)
    assert app.return_code == 2
    assert app.load_error is not None and "not UTF-8" in app.load_error.problems[0]


async def test_exporting_many_items_shows_progress_in_the_footer_line(
    make_app, tmp_path, monkeypatch
):
    from backes_tui.tui import export

    monkeypatch.setattr(export, "MANY_ITEMS", 10)
    monkeypatch.chdir(tmp_path)
    shown: list[str] = []
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        original = app.explorer.show_progress

        def watch(what: str, done: int, total: int) -> None:
            shown.append(f"{what} {done} {total}")
            original(what, done, total)

        app.explorer.show_progress = watch
        notices = record_notifications(app)
        await press_each(pilot, "e", "enter")
        await wait_for(pilot, lambda: bool(notices))
    assert (
        shown
        and shown[-1] == f"Exporting events {len(app.timeline.events)} {len(app.timeline.events)}"
    )


def test_the_shipped_file_loads_without_a_bar(monkeypatch):
    stderr = Terminal()
    monkeypatch.setattr("sys.stderr", stderr)
    cli.load(DATA)
    load_timeline(DATA, progress=lambda done: pytest.fail("a small file is not streamed"))
    assert stderr.getvalue() == ""
