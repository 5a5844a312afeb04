"""Snapshot tests: look at every SVG under __snapshots__ before accepting it."""

import pytest

from backes_tui.storage.loader import load_timeline
from backes_tui.timeline.years import YearRange
from backes_tui.tui.app import BackesApp
from tests.conftest import HOSTILE, press_at_once


def burst(*keys: str):
    """For `run_before`: ``keys`` in one burst, then one settle (snap_compare's
    `press` settles after each key); the snapshot is of where they lead."""

    async def send(pilot) -> None:
        await pilot.pause()  # run_before comes before the first settle, press after it
        await press_at_once(pilot, *keys)

    return send


@pytest.fixture
def app(timeline) -> BackesApp:
    return BackesApp(timeline)


def test_main_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24))


def test_main_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40))


def test_filtered_2019_2023(snap_compare, timeline):
    app = BackesApp(timeline, initial_years=YearRange(2019, 2023))
    assert snap_compare(app, terminal_size=(120, 40), run_before=burst("j", "j"))


def test_office_detail(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=burst("2", "j"))


def test_help_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(100, 30), press=["question_mark"])


def test_small_terminal_message(snap_compare, app):
    assert snap_compare(app, terminal_size=(50, 12))


def test_markup_like_text_shows_literally(snap_compare):
    app = BackesApp(load_timeline(HOSTILE))
    assert snap_compare(app, terminal_size=(120, 40), press=["j"])


def test_main_60x16(snap_compare, app):
    assert snap_compare(app, terminal_size=(60, 16))


def test_main_200x60_with_the_chart_key(snap_compare, app):
    assert snap_compare(app, terminal_size=(200, 60), press=["K"])


def test_search_highlights_at_160x50(snap_compare, app):
    assert snap_compare(
        app, terminal_size=(160, 50), run_before=burst("slash", *"state", "enter", "n")
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_light_theme(snap_compare, app, size):
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await pilot.pause()
        await burst("2", "j")(pilot)

    assert snap_compare(app, terminal_size=size, run_before=light)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_date_cursor(snap_compare, timeline, size):
    app = BackesApp(timeline, initial_years=YearRange(2022, 2023))
    assert snap_compare(app, terminal_size=size, run_before=burst("t", "l", "l"))


@pytest.mark.parametrize("size", [(160, 50), (200, 60)])
def test_an_ongoing_office_and_its_detail(snap_compare, app, size):
    # The detail's fair width (40 columns of text from 150), and "2019–▶".
    assert snap_compare(app, terminal_size=size, press=["2"])
