"""A closed terminal ends the app, at any moment of its life, in a real
terminal (tmux): start-up, the first frame, keys, the load of a large file,
each dialog, an export. And `q` during an export finishes it and says so."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backes_tui.formats.progress import LARGE_FILE
from tests.conftest import synth_module
from tests.tmux import TmuxScreen, until

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

APP = [sys.executable, "-m", "backes_tui", "--no-config"]
# The bound: no process is left 2 s after its terminal closed.
GONE_WITHIN = 2.0


def gone(pid: int) -> bool:
    """Ended: no such process, or one only waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


@pytest.fixture(scope="module")
def large(tmp_path_factory, worker_id) -> Path:
    """Over 10 MB: the app shows its loading screen, and an export its progress.
    30,000 events (11 MB) are just over it; an export of them takes the app
    about a second, time enough to close its terminal or press q during it.
    Made once a run, in the folder the workers share (it takes 0.4 s of CPU),
    by whichever worker takes the lock first; the app never writes it."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    path = shared / "closed-terminal-large.json"
    with open(shared / "closed-terminal-large.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            made = path.with_suffix(".part")
            made.write_text(json.dumps(synth_module().synthesize(30_000, seed=5)), "utf-8")
            made.replace(path)
    assert path.stat().st_size > LARGE_FILE
    return path


@pytest.fixture
def open_terminal(request) -> Iterator[Callable[[list[str]], TmuxScreen]]:
    """Opens ``command`` in a terminal of 120x40, closed at the test's end."""
    name = "closed-" + (request.node.callspec.id if hasattr(request.node, "callspec") else "q")
    opened: list[TmuxScreen] = []

    def open_one(command: list[str]) -> TmuxScreen:
        opened.append(TmuxScreen(name, command, 120, 40))
        return opened[-1]

    yield open_one
    for screen in opened:
        screen.close()


def _at_once(t: TmuxScreen, pid: int) -> None:
    """Closed before Python has even started the app."""


def _in_application_mode(t: TmuxScreen, pid: int) -> None:
    until(lambda: t.display("#{alternate_on}") == "1", "no app")


def _first_frame(t: TmuxScreen, pid: int) -> None:
    # A large file takes seconds to load, more on a busy machine.
    until(t.shows("y years"), lambda: f"no first frame:\n{t.screen()}", within=90)


def _amid_keys(t: TmuxScreen, pid: int) -> None:
    _first_frame(t, pid)
    t.keys("j", "j", "l", "j", "tab", "k", "J")


def _opened(key: str, shown: str) -> Callable[[TmuxScreen, int], None]:
    """The moment ``key`` has opened what says ``shown``, after the first frame."""

    def reach(t: TmuxScreen, pid: int) -> None:
        _first_frame(t, pid)
        t.keys(key)
        until(t.shows(shown), f"{key} did not open {shown!r}")

    return reach


_help = _opened("?", "Keys and marks")
_years_dialog = _opened("y", "Filter years")
_export_dialog = _opened("e", "Export view")
_palette = _opened("C-p", "Search for commands")


def _loading(t: TmuxScreen, pid: int) -> None:
    until(t.shows("%"), "no loading screen")
    assert "y years" not in t.screen()


def _exporting(t: TmuxScreen, pid: int) -> None:
    _export_dialog(t, pid)
    t.keys("Enter")
    until(t.shows("Exporting events"), "no export under way")


MOMENTS = {
    "at-once": (False, _at_once),
    "application-mode": (False, _in_application_mode),
    "first-frame": (False, _first_frame),
    "amid-keys": (False, _amid_keys),
    "help": (False, _help),
    "years-dialog": (False, _years_dialog),
    "export-dialog": (False, _export_dialog),
    "palette": (False, _palette),
    "loading-a-large-file": (True, _loading),
    "exporting": (True, _exporting),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_closed_terminal_ends_the_app(moment, open_terminal, large, tmp_path):
    needs_large, reach = MOMENTS[moment]
    command = [*APP, "--data", str(large)] if needs_large else APP
    os.chdir(tmp_path)  # where an export goes
    terminal = open_terminal(command)
    pid = terminal.pid()
    reach(terminal, pid)
    assert not gone(pid), "the app ended before its terminal closed"
    terminal.run("kill-session", "-t", "t")
    closed = time.monotonic()
    until(
        lambda: gone(pid),
        f"the app still runs {GONE_WITHIN} s after its terminal closed",
        GONE_WITHIN,
    )
    assert time.monotonic() - closed < GONE_WITHIN


def test_q_during_an_export_finishes_it_and_says_so(open_terminal, large, tmp_path):
    terminal = open_terminal(["bash", "--norc", "--noprofile"])
    shell = terminal.pid()
    app = " ".join([*APP, "--data", str(large)])
    terminal.keys(f"cd {tmp_path} && {app}; echo exit-$?", "Enter")
    _exporting(terminal, shell)
    terminal.keys("q")
    until(terminal.shows("exit-0"), "the app did not end after the export")
    written = list(tmp_path.glob("*.md"))
    assert len(written) == 1 and written[0].stat().st_size > 1_000_000
    # Its full path, which the terminal may wrap anywhere: compared without spaces.
    said = "".join(terminal.screen().split())
    assert "".join(f"backes-tui: the export ended first: Saved {written[0]}".split()) in said


@pytest.mark.parametrize("moment", ["at-once", "loading-a-large-file", "years-dialog", "exporting"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_at_any_moment_ends_the_app(moment, signum, open_terminal, large, tmp_path):
    needs_large, reach = MOMENTS[moment]
    command = [*APP, "--data", str(large)] if needs_large else APP
    os.chdir(tmp_path)
    terminal = open_terminal(command)
    pid = terminal.pid()
    reach(terminal, pid)
    os.kill(pid, signum)
    until(lambda: gone(pid), f"the app still runs {GONE_WITHIN} s after the signal", GONE_WITHIN)


def test_after_ctrl_z_and_fg_the_screen_is_drawn_again(open_terminal, tmp_path):
    terminal = open_terminal(["bash", "--norc", "--noprofile"])
    shell = terminal.pid()
    pid_file = tmp_path / "pid"
    app = " ".join(APP)
    terminal.keys(f"sh -c 'echo $$ > {pid_file}; exec {app}'", "Enter")
    _first_frame(terminal, shell)
    os.kill(int(pid_file.read_text()), signal.SIGTSTP)
    until(terminal.shows("Stopped"), "the shell did not take the terminal back")
    assert "y years" not in terminal.screen()
    terminal.keys("fg", "Enter")
    # No key pressed: the whole screen is back, footer included.
    until(terminal.shows("y years"), lambda: f"nothing drawn after fg:\n{terminal.screen()}", 10)
    until(terminal.shows("q Quit"), "the footer was not drawn again", 10)
