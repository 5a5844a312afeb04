"""Figures measured in a real terminal: start-up, key latency and peak RSS,
against a minimal Textual app, each program run in a tmux session of the
benchmark's own and read back through a tmux control-mode client."""

from __future__ import annotations

import compileall
import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from figure import Figure

HERE = Path(__file__).resolve().parent

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Label, ListItem, ListView

class Minimal(App):
    # Escape moves the cursor too, so that its latency (which includes the
    # terminal's escape delay, ESCDELAY, 100 ms) has a baseline.
    BINDINGS = [("escape", "move")]

    def action_move(self):
        self.query_one(ListView).action_cursor_down()

    def compose(self):
        yield Header()
        yield ListView(*(ListItem(Label(f"Item {i}")) for i in range(30)))
        yield Footer()

Minimal().run()
"""
# The footer is drawn in the same frame as the rest of the first screen.
PAINTED = "palette"
# Anything at all: a large file's loading screen, or the complete screen.
FIRST_PAINT = "Reading|palette"
# A tmux server of the run's own, apart from any the user has.
TMUX = ["tmux", "-L", f"backes-bench-{os.getpid()}"]
# Every bound key answers within this, at 100k events.
KEY_LIMIT = 0.05


def backes_command() -> list[str]:
    return [sys.executable, "-m", "backes_tui"]


class TmuxClient:
    """One program in a detached tmux session, driven and read back through a
    tmux control-mode client.

    One client for the whole session, rather than a `tmux capture-pane` or
    `send-keys` process at each look: those took about 2 ms each, and polling
    the screen every 2 ms kept one of the machine's two cores busy with them
    while the program being timed wanted it. A look through the client takes
    under 0.1 ms of tmux's time. It is still the screen that is read: a key
    is answered when what tmux shows has changed.
    """

    def __init__(self, command: list[str], size: str = "100x30") -> None:
        self.name = f"bench-{uuid.uuid4().hex[:8]}"
        width, height = size.split("x")
        self.started = time.perf_counter()
        subprocess.run(
            [*TMUX, "new-session", "-d", "-s", self.name, "-x", width, "-y", height, *command],
            check=True,
        )
        # A control client has no size of its own, so the window keeps the
        # session's; it is told not to copy the program's output to us.
        self.client = subprocess.Popen(
            [*TMUX, "-C", "attach-session", "-t", self.name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            errors="replace",
        )
        self._reply()  # to attaching
        self.command("refresh-client -f no-output")

    def _reply(self) -> str:
        """The output of the client's next reply: the lines between a
        `%begin` and the `%end` (or `%error`) with the same time and number;
        notifications outside a reply are skipped. Empty once the session has
        ended (the program exited)."""
        assert self.client.stdout is not None
        begin = None
        lines: list[str] = []
        while line := self.client.stdout.readline():
            if begin is None:
                if line.startswith("%begin "):
                    begin = line.split()[1:3]
            elif line.startswith(("%end ", "%error ")) and line.split()[1:3] == begin:
                return "".join(lines)
            else:
                lines.append(line)
        return ""

    def command(self, line: str) -> str:
        assert self.client.stdin is not None
        try:
            self.client.stdin.write(line + "\n")
            self.client.stdin.flush()
        except BrokenPipeError:  # the session has ended
            return ""
        return self._reply()

    def screen(self, styled: bool = False) -> str:
        """The visible text; with ``styled``, colours too (a moved highlight
        changes only colours)."""
        return self.command(f"capture-pane -p{' -e' if styled else ''} -t {self.name}")

    def send(self, key: str) -> None:
        assert "'" not in key
        self.command(f"send-keys -t {self.name} '{key}'")  # quoted: { } ; mean things to tmux

    def wait_for(self, pattern: str, timeout: float = 60) -> float:
        """Seconds since launch until ``pattern`` is on screen."""
        while time.perf_counter() - self.started < timeout:
            if re.search(pattern, self.screen()):
                return time.perf_counter() - self.started
            time.sleep(0.005)
        raise TimeoutError(f"{pattern!r} never appeared:\n{self.screen()}")

    def settle(self, quiet: float = 0.05, timeout: float = 2.0) -> str:
        """The screen once it has not changed for ``quiet`` seconds, so that a
        key's later frames (a footer rebuilt after the first) are not taken
        for the next key's answer; at most ``timeout`` seconds of waiting."""
        last = self.screen(styled=True)
        start = since = time.perf_counter()
        while time.perf_counter() - since < quiet and time.perf_counter() - start < timeout:
            time.sleep(0.005)
            now = self.screen(styled=True)
            if now != last:
                last, since = now, time.perf_counter()
        return last

    def key_latency(self, key: str, timeout: float = 10) -> float:
        """Seconds from sending ``key`` until the screen changes."""
        before = self.settle()
        start = time.perf_counter()
        self.send(key)
        while time.perf_counter() - start < timeout:
            if self.screen(styled=True) != before:
                return time.perf_counter() - start
            time.sleep(0.002)
        raise TimeoutError(f"screen did not change after {key!r}")

    def pid(self) -> int:
        return int(self.command(f"display-message -p -t {self.name} '#{{pane_pid}}'").strip())

    def peak_rss_kb(self) -> int:
        status = Path(f"/proc/{self.pid()}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        assert match is not None
        return int(match.group(1))

    def close(self) -> None:
        # The program first: an app whose terminal goes away may linger.
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(self.pid(), signal.SIGKILL)
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True)
        with contextlib.suppress(BrokenPipeError):
            assert self.client.stdin is not None
            self.client.stdin.close()
        self.client.wait()


class KeepTmuxAlive:
    """tmux's server exits with its last session, and a session started as it
    shuts down fails; one idle session keeps it up for the whole run."""

    def __enter__(self) -> None:
        self.name = f"bench-keep-{os.getpid()}"
        subprocess.run([*TMUX, "new-session", "-d", "-s", self.name, "sleep", "3600"], check=True)

    def __exit__(self, *exc: object) -> None:
        subprocess.run([*TMUX, "kill-server"], capture_output=True)


def start_ups(
    commands: dict[str, list[str]], runs: int, pattern: str = PAINTED
) -> dict[str, list[float]]:
    """Seconds until ``pattern`` (the first complete screen) shows, per command and run.

    The commands take turns, run after run, so that a spell of load on a
    shared machine slows the baseline as much as what is compared with it.
    """
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            terminal = TmuxClient(command)
            try:
                times[label].append(terminal.wait_for(pattern))
            finally:
                terminal.close()
    return times


# Every bound key, in an order in which each changes the screen, as a user
# would press them at 100k events: (what tmux sends, what the key is called).
# The round starts by going to another pane and back (3, then 4), so that each
# run of it starts alike wherever the last one ended. tests/test_benchmark_round.py
# checks that each key does what it is named for: before it did, "follow link
# 1" was pressed on an event with no links and went to the eras pane, and
# "back from the link" timed a jump back to a year.
KEY_ROUND = [
    ("3", "3 (parties)"),
    ("4", "4 (events)"),
    ("j", "j"),
    ("k", "k"),
    ("G", "G"),
    ("g", "g"),
    ("NPage", "pagedown"),
    ("PPage", "pageup"),
    ("Tab", "tab"),
    ("BTab", "shift+tab"),
    ("]", "] (a year)"),
    ("]", "] (next year)"),
    ("[", "["),
    ("}", "}"),
    ("{", "{"),
    ("Escape", "escape (clear years)"),
    ("Enter", "enter (filter to the item)"),
    ("Escape", "escape (clear again)"),
    ("t", "t (date cursor)"),
    ("l", "l"),
    ("h", "h"),
    ("L", "L"),
    ("H", "H"),
    ("Escape", "escape (hide the cursor)"),
    ("C-o", "ctrl+o (back)"),
    ("M-Right", "alt+right (forward)"),
    ("1", "1 (eras)"),
    ("C-o", "ctrl+o (back to a year, in another pane)"),
    ("M-Right", "alt+right (forward, to another pane)"),
    ("2", "2 (offices)"),
    ("Right", "right (into the detail)"),
    ("1", "1 (follow link 1)"),
    ("C-o", "ctrl+o (back from the link)"),
]


def session_figures(
    command: list[str], keys: list[str], runs: int
) -> tuple[list[list[float]], int]:
    """Each key's latency in each run (the keys pressed in turn ``runs``
    times over), by its place in ``keys``, and the peak RSS after them, in
    one session of ``command``."""
    terminal = TmuxClient(command)
    try:
        terminal.wait_for(PAINTED)
        time.sleep(1.0)  # let start-up work settle before timing keys
        latencies: list[list[float]] = [[] for _ in keys]
        for _ in range(runs):
            for index, key in enumerate(keys):
                latencies[index].append(terminal.key_latency(key))
                time.sleep(0.1)
        return latencies, terminal.peak_rss_kb()
    finally:
        terminal.close()


def terminal_figures(files: dict[str, Path], runs: int) -> list[Figure]:
    # As installed: pip compiles bytecode at install, as Textual's was, so a
    # source checkout (or PYTHONDONTWRITEBYTECODE) must not charge compiling
    # the package to every launch.
    compileall.compile_dir(HERE.parent / "backes_tui", quiet=1)
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(MINIMAL_APP)
    minimal = [sys.executable, handle.name]
    commands = {"minimal": minimal, "shipped": backes_command()}
    for label, path in files.items():
        commands[label] = [*backes_command(), "--data", str(path)]
    times = start_ups(commands, runs)
    baseline = times["minimal"]
    figures = [
        Figure(
            "Start-up, shipped data",
            times["shipped"],
            baseline,
            "s",
            1.15,
            "vs a minimal Textual app",
        ),
    ]
    for label in files:
        figures.append(
            Figure(
                f"Start-up to the complete screen, {label} events",
                times[label],
                baseline,
                "s",
                None,
                "vs a minimal Textual app (a file over 10 MB shows a progress bar first)",
            )
        )
    # A file over 10 MB opens on a progress bar at once: the first paint.
    first = start_ups({"minimal": minimal, "100k": commands["100k"]}, runs, FIRST_PAINT)
    figures.append(
        Figure(
            "First paint, 100k events",
            first["100k"],
            first["minimal"],
            "s",
            1.5,
            "vs a minimal Textual app (the loading screen counts)",
        )
    )
    base, base_rss = session_figures(minimal, ["Down", "Escape"], runs)
    big = [*backes_command(), "--data", str(files["100k"])]
    latency, rss = session_figures(big, [key for key, _ in KEY_ROUND], runs)
    escape_delay = statistics.median(base[1])
    for (key, label), samples in zip(KEY_ROUND, latency, strict=True):
        escaped = key == "Escape"
        figures.append(
            Figure(
                f"Key at 100k: {label}",
                samples,
                base[1] if escaped else base[0],
                "s",
                None,
                "vs Escape in the minimal app, which has the terminal's 100 ms escape delay "
                "too; target 50 ms over it"
                if escaped
                else "vs Down in the minimal app",
                limit=(escape_delay if escaped else 0) + KEY_LIMIT,
            )
        )
    figures.append(
        Figure("Peak RSS at 100k", [rss / 1024], [base_rss / 1024], "MB", 2.5, "vs the minimal app")
    )
    os.unlink(handle.name)
    return figures
