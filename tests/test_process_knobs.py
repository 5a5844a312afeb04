"""The process-wide settings: all in one place, behind one switch, given back."""

from __future__ import annotations

import gc
import sys

from backes_tui.tui.process_knobs import HELD_OFF, KNOBS, SWITCH_INTERVAL, ProcessKnobs
from tests.conftest import press_each


def process_settings() -> tuple[float, tuple[int, int, int], bool]:
    return sys.getswitchinterval(), gc.get_threshold(), gc.isenabled()


def test_every_knob_changes_while_enabled_and_restore_gives_each_back():
    gc.unfreeze()  # whatever an earlier test in this process left frozen
    before = process_settings()
    assert before[0] != SWITCH_INTERVAL and before[1][2] != HELD_OFF
    knobs = ProcessKnobs()
    knobs.hand_lock_over_often()
    assert sys.getswitchinterval() == SWITCH_INTERVAL
    assert knobs.hold_off_full_collections() == before[1]
    assert gc.get_threshold() == (before[1][0], before[1][1], HELD_OFF)
    kept = [[n] for n in range(1000)]  # lives on, as a loaded timeline does
    with knobs.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    knobs.restore()
    assert process_settings() == before
    knobs.thaw()
    assert gc.get_freeze_count() == 0
    assert kept


def test_switched_off_nothing_in_the_process_changes():
    before = process_settings(), gc.get_freeze_count()
    knobs = ProcessKnobs()
    knobs.enabled = False
    knobs.hand_lock_over_often()
    assert knobs.hold_off_full_collections() is None
    with knobs.collector_paused():
        assert gc.isenabled() == before[0][2]
    knobs.freeze()
    assert (process_settings(), gc.get_freeze_count()) == before
    knobs.restore()
    knobs.thaw()
    assert (process_settings(), gc.get_freeze_count()) == before


async def test_the_app_gives_the_process_its_settings_back_on_exit(make_app):
    before = process_settings()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press_each(pilot, "j")
        assert sys.getswitchinterval() == SWITCH_INTERVAL
    assert process_settings() == before


def test_a_one_shot_command_gives_the_process_its_settings_back(capsys):
    from backes_tui.cli import main

    before = process_settings()
    try:
        assert main(["events", "--format", "json"]) == 0
        assert process_settings() == before
    finally:
        KNOBS.thaw()  # this test process lives on: let what the command left go
