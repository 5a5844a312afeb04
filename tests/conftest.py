from __future__ import annotations

import asyncio
import copy
import functools
import gc
import importlib.util
import itertools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import settings
from textual import events
from textual.keys import _character_to_key, key_to_character

from backes_tui.storage.loader import load_timeline
from backes_tui.timeline.model import Timeline

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "seeds" / "000_0c05cdf1fef42e46.txt"
DATA = ROOT / "data" / "timeline.json"
HOSTILE = ROOT / "tests" / "data" / "hostile.json"
SYNTH = ROOT / "benchmarks" / "synth.py"

# Bytecode is kept, as pip keeps it for an install: where the environment says
# PYTHONDONTWRITEBYTECODE, every one of the suite's Python processes compiled
# the package from source (0.1 s of CPU an app started in a terminal or a
# server's session) and each worker re-rewrote every test module (0.9 s).
# Cleared before the workers and the tests' child processes are started,
# which inherit it; the bytecode goes to __pycache__, which git ignores.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# Each app a test runs leaves garbage cycles and fills Textual's caches, so
# full collections come often and walk a large heap. Collected less often,
# the tests spend a quarter less CPU (test_app.py: 31 -> 22 s); memory stays
# bounded. The app itself is untouched: see tui/process_knobs.py.
gc.set_threshold(20_000, 50, 50)

# Textual's and Rich's lru_caches (on Strip, Region, Style, StylesCache...)
# keep what the suite's earlier apps drew alive: a test process grew by about
# 20,000 objects an app, to 850,000, and each full collection then took
# 0.3-1 s. pytest runs five at the end of each process (to report exceptions
# raised in finalizers): 4-13 s at the tail of every worker. Emptied after
# each test, they hold what one test drew; a test's own state is untouched
# (they only remember answers). Measured again with Textual 8.2.8 (the 19
# pilot files in one process, one run each, CPU): 71.2 s emptied against
# 74.8 s kept, garbage collection 11.2 s of it against 13.3 s; emptying them
# costs 0.8 s.
_LRU_CACHE = type(functools.lru_cache(maxsize=1)(len))
_borrowed_caches: list[Any] = []
_modules_seen = 0


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Any:
    global _modules_seen
    result = yield
    if len(sys.modules) != _modules_seen:  # modules imported since: their caches too
        _modules_seen = len(sys.modules)
        _borrowed_caches[:] = [
            o
            for o in gc.get_objects()
            if isinstance(o, _LRU_CACHE)
            and getattr(o, "__module__", "").partition(".")[0] in ("textual", "rich")
        ]
    for cache in _borrowed_caches:
        cache.cache_clear()
    return result


# A short run while developing; CI (and `.ci/run`) runs the long one.
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("ci", max_examples=100, deadline=None)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """Two workers a core for `-n auto`: a Textual pilot spends much of each
    key waiting for the app to go idle (textual._wait), and a second worker
    uses that time (the suite: 88 s with one a core, 60 s with two, on 2
    cores). PYTEST_XDIST_AUTO_NUM_WORKERS still decides where it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return 2 * len(os.sched_getaffinity(0))


# The longest tests (pytest --durations=30), longest first. With work
# stealing, each worker starts on an equal slice of the collection, in order,
# and an idle one takes the back half of the longest queue; a long test left
# at the end of a slice was what the whole run waited for. Each slice now
# starts with its share of these.
LONGEST = (
    "test_kept_rows_and_charts_match_a_fresh_draw_at_every_step",
    "test_list_keys_in_the_same_tick_as_a_dialog_opens",
    "test_key_mashing_never_breaks_the_app",
    "test_each_key_of_the_benchmark_round_does_what_it_is_named_for",
    "test_the_footer_is_rebuilt_when_what_it_shows_changes_and_only_then",
    "test_live_resizing_in_any_order",
    "test_detail_scrolls_with_keys",
    "test_a_large_timeline_holds_full_collections_off_while_the_app_runs",
    "test_keys_typed_behind_a_dialog_key_go_to_the_dialog",
    "test_q_during_an_export_finishes_it_and_says_so",
    "test_help_explains_every_mark_on_screen",
    "test_sessions_with_huge_and_negative_sizes_at_the_cap_leave_no_process",
    "test_the_detail_is_read_from_the_keyboard_without_changing_it",
    "test_the_screen_gives_the_detail_what_the_rule_says",
    "test_a_dialog_answers_once_to_keys_in_one_tick",
)


@pytest.hookimpl(trylast=True)  # after `-m` has deselected what it leaves out
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    if workers < 2:
        return
    rank = {name: at for at, name in enumerate(LONGEST)}
    ranked = [(rank.get(getattr(item, "originalname", "")), item) for item in items]
    longest = [item for r, item in sorted(ranked, key=lambda pair: pair[0] or 0) if r is not None]
    rest = iter([item for r, item in ranked if r is None])
    slices: list[list[pytest.Item]] = [[] for _ in range(workers)]
    for at, item in enumerate(longest):
        slices[at % workers].append(item)
    left = len(items)
    for at, part in enumerate(slices):
        size = left // (workers - at)  # as xdist's worksteal scheduler cuts them
        left -= size
        part.extend(itertools.islice(rest, max(size - len(part), 0)))
    slices[-1].extend(rest)
    items[:] = [item for part in slices for item in part]


def examples(in_ci: int) -> int:
    """How many examples a property test with its own count runs: all of
    them in CI, a quarter (at least 5) while developing."""
    return in_ci if PROFILE == "ci" else max(in_ci // 4, 5)


def synth_module() -> ModuleType:
    """`benchmarks/synth.py`, which writes valid synthetic timelines."""
    spec = importlib.util.spec_from_file_location("synth", SYNTH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def record_notifications(app: Any) -> list[str]:
    """Every message the app is asked to show through `App.notify`, from now on."""
    seen: list[str] = []
    notify = app.notify

    def recording(message: str, **kwargs: Any) -> None:
        seen.append(str(message))
        notify(message, **kwargs)

    app.notify = recording
    return seen


def record_restyles(app: Any) -> list[Any]:
    """Every node the app is asked to restyle (`App.update_styles`), from now on."""
    seen: list[Any] = []
    update_styles = app.update_styles

    def recording(node: Any, animate: bool = True) -> None:
        seen.append(node)
        update_styles(node, animate=animate)

    app.update_styles = recording
    return seen


async def press_at_once(pilot: Any, *keys: str) -> None:
    """``keys``, named as for `Pilot.press`, arriving in one burst (as from a
    paste, a fast typist or a laggy link), then one settle. For a test that
    checks where the keys lead, not each step on the way: `Pilot.press`
    settles after every key, about 125 ms each."""
    for key in keys:
        if len(key) == 1:  # a character: "-" is the key "minus", as Pilot names it
            name, character = key if key.isalnum() else _character_to_key(key), key
        else:
            name, character = key, key_to_character(key)
        pilot.app.post_message(events.Key(name, character))
    await pilot.pause()


async def press_each(pilot: Any, *keys: str) -> None:
    """``keys`` one at a time, the app settled after each (its messages
    handled, idle, no animation running), as `Pilot.press` settles them but
    with one idle wait a key instead of two: each sleeps at least 20 ms
    (textual._wait), and the suite presses keys some six hundred times."""
    for key in keys:
        await press_at_once(pilot, key)
        await pilot.wait_for_animation()


async def wait_for(pilot: Any, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until ``condition`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        await pilot.pause()
        await asyncio.sleep(0.01)


async def resize(pilot: Any, width: int, height: int) -> None:
    """The terminal resized, and the app settled at the new size. The app
    takes a resize on a timer (1/120 s), and `Pilot.resize_terminal`'s idle
    wait can end before it fires on a loaded machine (it reads the process's
    CPU time over 20 ms): the tests then saw the old layout. So wait for the
    screen to be laid out at the new size, then settle what that starts."""
    await pilot.resize_terminal(width, height)
    await wait_for(pilot, lambda: pilot.app.screen.outer_size == (width, height))
    await pilot.pause()


MINIMAL: dict[str, Any] = {
    "format": "backes-tui/timeline@1",
    "subject": {
        "name": "Test Person",
        "birth_name": "Test Birth",
        "born": "1970-01-15",
        "birth_place": "Nowhere",
        "nationality": "None",
    },
    "as_of": "2020-06-01",
    "sources": [{"id": "src", "title": "A source"}],
    "eras": [{"id": "era1", "title": "Era", "start": "1970", "end": None, "summary": "S"}],
    "offices": [
        {
            "id": "off1",
            "title": "Office",
            "start": "2000-01-01",
            "end": "2004",
            "predecessor": None,
            "successor": None,
            "summary": "S",
            "cites": [{"source": "src", "quote": "q"}],
        }
    ],
    "parties": [
        {
            "id": "par1",
            "name": "Party",
            "short": "P",
            "start": "1990",
            "end": None,
            "summary": "S",
            "cites": [{"source": "src", "quote": "q"}],
        }
    ],
    "events": [
        {
            "id": "ev1",
            "date": "1995-03",
            "kind": "career",
            "title": "Event",
            "summary": "S",
            "offices": ["off1"],
            "parties": ["par1"],
            "cites": [{"source": "src", "quote": "q"}],
        }
    ],
}


def minimal() -> dict[str, Any]:
    """A fresh copy of a small valid timeline, for tests to break."""
    return copy.deepcopy(MINIMAL)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def timeline() -> Timeline:
    return load_timeline(DATA)


@pytest.fixture
def make_app(timeline: Timeline) -> Callable[..., Any]:
    """A new app over the shipped timeline; keyword arguments go to `BackesApp`."""
    from backes_tui.tui.app import BackesApp

    def make(**kwargs: Any) -> BackesApp:
        return BackesApp(timeline, **kwargs)

    return make


@pytest.fixture
def app_never_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """For `main()` called in-process where the app must refuse before it
    draws: the app's run() fails the test instead of taking the terminal."""
    from backes_tui.tui.app import BackesApp

    def drawn(self: BackesApp, *args: object, **kwargs: object) -> None:
        raise AssertionError("the app started")

    monkeypatch.setattr(BackesApp, "run", drawn)
