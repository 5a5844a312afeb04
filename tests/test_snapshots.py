"""Snapshot tests: look at every SVG under __snapshots__ before accepting it."""

import pytest

from backes_tui.storage.loader import load_timeline
from backes_tui.timeline.years import YearRange
from backes_tui.tui.app import BackesApp
from tests.conftest import HOSTILE


@pytest.fixture
def app(timeline) -> BackesApp:
    return BackesApp(timeline)


def test_main_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24))


def test_main_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40))


def test_filtered_2019_2023(snap_compare, timeline):
    app = BackesApp(timeline, initial_years=YearRange(2019, 2023))
    assert snap_compare(app, terminal_size=(120, 40), press=["j", "j"])


def test_office_detail(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), press=["2", "j"])


def test_help_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(100, 30), press=["question_mark"])


def test_small_terminal_message(snap_compare, app):
    assert snap_compare(app, terminal_size=(50, 12))


def test_markup_like_text_shows_literally(snap_compare):
    app = BackesApp(load_timeline(HOSTILE))
    assert snap_compare(app, terminal_size=(120, 40), press=["j"])
