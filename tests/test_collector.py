"""Full garbage collections at quiet moments: the real collector, a made-up clock."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from backes_tui.formats.progress import MANY_ITEMS
from backes_tui.storage.loader import parse_timeline
from backes_tui.timeline.model import Timeline
from backes_tui.tui.app import BackesApp
from backes_tui.tui.process_knobs import (
    HELD_OFF,
    LONGEST_WAIT,
    QUIET,
    IdleCollector,
    freeze_lasting,
)
from tests.conftest import press_each, synth_module, wait_for


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """The generation of every collection that starts from now on, automatic or asked for."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)


@pytest.fixture
def collector() -> Iterator[tuple[IdleCollector, Clock]]:
    clock = Clock()
    made = IdleCollector(clock)
    made.start()
    try:
        yield made, clock
    finally:
        made.stop()


def test_start_holds_off_only_full_collections_and_stop_gives_the_thresholds_back():
    before = gc.get_threshold()
    made = IdleCollector()
    made.start()
    made.start()  # twice is once: stop must still give back the process's own
    try:
        assert gc.get_threshold() == (before[0], before[1], HELD_OFF)
    finally:
        made.stop()
    assert gc.get_threshold() == before
    made.stop()
    assert gc.get_threshold() == before


# Python's own: younger collections before it starts a full one.
PYTHONS_OWN = gc.get_threshold()[2]


def make_due(made: IdleCollector) -> None:
    """As many younger collections as make Python start a full one, from none."""
    gc.collect()
    assert not made.look(), "no younger collection yet: nothing is due"
    for _ in range(PYTHONS_OWN):
        gc.collect(1)


def test_a_due_collection_waits_for_a_pause(collector, full_collections):
    made, clock = collector
    make_due(made)
    full_collections.clear()
    made.input_seen()
    clock.now += QUIET / 2
    assert not made.look(), "still typing"
    clock.now += QUIET
    assert made.look()
    assert 2 in full_collections
    full_collections.clear()
    clock.now += QUIET * 10
    assert not made.look(), "done, and nothing younger ran since: not due again"
    assert 2 not in full_collections


def test_steady_use_still_collects_when_due(collector, full_collections):
    made, clock = collector
    clock.now += LONGEST_WAIT * 3  # a while idle: the wait counts from when it is due
    make_due(made)
    full_collections.clear()
    looked = []
    # A key every hundredth of a second, without a pause.
    for _ in range(int(LONGEST_WAIT / 0.01) + 5):
        clock.now += 0.01
        made.input_seen()
        looked.append(made.look())
    assert looked.count(True) == 1
    assert looked.index(True) == pytest.approx(LONGEST_WAIT / 0.01, abs=1)
    assert 2 in full_collections


def test_nothing_runs_while_the_collector_is_paused_or_stopped(collector, full_collections):
    made, clock = collector
    make_due(made)
    full_collections.clear()
    clock.now += LONGEST_WAIT * 2
    gc.disable()  # as loading a large file does
    try:
        assert not made.look()
    finally:
        gc.enable()
    made.stop()
    assert not made.look()
    assert 2 not in full_collections


@pytest.fixture(scope="module")
def large() -> Timeline:
    return parse_timeline(synth_module().synthesize(MANY_ITEMS, seed=4), "synthetic")


@pytest.mark.parametrize("how", ["given", "loaded in a worker"])
async def test_a_large_timeline_holds_full_collections_off_while_the_app_runs(large, how):
    before = gc.get_threshold()
    if how == "given":
        app = BackesApp(large)
    else:
        app = BackesApp.loading(lambda progress: large, 1, "large.json")
    frozen = gc.get_freeze_count()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.ready and app.screen is app.explorer)
            assert gc.get_threshold() == (before[0], before[1], HELD_OFF)
            seen = app.collector.last_input
            await press_each(pilot, "j")
            assert app.collector.last_input > seen, "a key counts as use"
            # Once its indexes are built, they are frozen out of full collections.
            await wait_for(pilot, lambda: gc.get_freeze_count() > frozen)
    finally:
        gc.unfreeze()  # this test process lives on: let what the app left go
    assert gc.get_threshold() == before


def test_freezing_what_lasts_collects_first():
    class Cyclic:
        pass

    garbage = Cyclic()
    garbage.me = garbage  # type: ignore[attr-defined]
    gone = weakref.ref(garbage)
    del garbage
    try:
        freeze_lasting()
        assert gone() is None, "garbage of the moment was kept for good"
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


async def test_the_shipped_timeline_leaves_the_collector_as_it_is(make_app):
    before = gc.get_threshold()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press_each(pilot, "j")
        assert gc.get_threshold() == before
