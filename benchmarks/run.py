"""Measure backes-tui against baselines taken in the same run, and print ratios.

usage: python benchmarks/run.py [--quick | --only relations] [--runs N] [--out FILE.md]

Every figure is a ratio against a baseline measured in this run, so a noisy
machine moves both sides; each is the median over the runs, with the lowest
and highest beside it. Full mode needs tmux (start-up, key latency and memory
are measured in a real terminal, as ../shared/tools/tty_paint.py does) and the
[web] extra (the served figure). --quick measures only the in-process figures
(queries, certainty, search, the command line, exports) at 10k events, for
CI, and fails only when a target is missed by more than 2x. --only relations
measures just the load of a file with relations, as the full run does.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import io
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from synth import synthesize  # noqa: E402

# Loaded as the program loads, with the cyclic collector paused.
from backes_tui.cli import load as load_timeline  # noqa: E402
from backes_tui.timeline.dates import PartialDate  # noqa: E402
from backes_tui.timeline.query import Filter, TimelineQuery  # noqa: E402
from backes_tui.timeline.years import YearRange  # noqa: E402

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
# Relations between events in the 100k file of the relations figure.
RELATIONS = 1000


@dataclass
class Figure:
    name: str
    samples: list[float]  # of the value, one per run
    base_samples: list[float]  # of the baseline, taken in the same runs
    unit: str
    target: float | None  # highest acceptable ratio
    note: str = ""
    limit: float | None = None  # highest acceptable value, where the target is absolute

    @property
    def value(self) -> float:
        return statistics.median(self.samples)

    @property
    def baseline(self) -> float:
        return statistics.median(self.base_samples)

    @property
    def ratio(self) -> float:
        return self.value / self.baseline

    @property
    def verdict(self) -> str:
        if self.limit is not None:
            measure, allowed = self.value, self.limit
        elif self.target is not None:
            measure, allowed = self.ratio, self.target
        else:
            return "(no target)"
        if measure <= allowed:
            return "meets"
        return "MISSES" if measure <= 2 * allowed else "MISSES by >2x"

    @property
    def target_text(self) -> str:
        if self.limit is not None:
            return f"≤ {self.limit * 1000:.0f} ms" if self.unit == "s" else f"≤ {self.limit}"
        return "—" if self.target is None else f"≤ {self.target}x"


def sample_times(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Seconds of each action in each run, the actions taking turns run after
    run so that a spell of load on a shared machine weighs on all of them alike."""
    times: dict[str, list[float]] = {label: [] for label in actions}
    for _ in range(runs):
        for label, action in actions.items():
            start = time.perf_counter()
            action()
            times[label].append(time.perf_counter() - start)
    return times


def backes_command() -> list[str]:
    return [sys.executable, "-m", "backes_tui"]


# -- in a real terminal ----------------------------------------------------------------


class Terminal:
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
            terminal = Terminal(command)
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
    terminal = Terminal(command)
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


# -- the figures -------------------------------------------------------------------------


def query_figures(path: Path, runs: int) -> list[Figure]:
    timeline = load_timeline(path)
    query = TimelineQuery(timeline)
    cold_start = time.perf_counter()
    query.warm()
    warm_up = time.perf_counter() - cold_start
    aliases = [alias for place in timeline.places for alias in place.aliases]
    first, last = YearRange(2000, 2000).days
    # The query keeps its last answers, so each run asks another question of
    # the same kind: another year, the search's words in another order (with
    # spaces after them), another alias.
    turn = iter(range(10**6))

    def year() -> object:
        start = 1990 + next(turn) % 30
        return query.view(Filter(years=YearRange(start, start)))

    def search() -> object:
        n = next(turn)
        words = ("treaty", "senate") if n % 2 else ("senate", "treaty")
        return query.view(Filter(text=" ".join(words) + " " * n))

    def both() -> object:
        start = 1900 + 10 * (next(turn) % 12)
        return query.view(Filter(text="budget", years=YearRange(start, start + 9)))

    times = sample_times(
        {
            "load": lambda: load_timeline(path),
            "year": year,
            "search": search,
            "both": both,
            "alias": lambda: query.view(Filter(text=aliases[next(turn) % len(aliases)])),
            "on": lambda: query.on(PartialDate(1950 + next(turn) % 70)),
            "certainty": lambda: [timeline.answer(item, first, last) for item in timeline.items()],
        },
        runs,
    )
    load = times["load"]
    note = (
        f"search text made while loading; other indexes built once in {warm_up * 1000:.0f} ms, "
        "in a worker in the app"
    )
    items = len(timeline.eras) + len(timeline.offices) + len(timeline.parties)
    items += len(timeline.events)
    return [
        Figure("Year filter (one year)", times["year"], load, "s", 0.1, "vs loading the file"),
        Figure("Text search (2 words)", times["search"], load, "s", 0.1, note),
        Figure("A decade + search", times["both"], load, "s", 0.1, "vs loading the file"),
        Figure(
            "Alias search (a place's other name)",
            times["alias"],
            load,
            "s",
            0.1,
            "vs loading the file; events naming the place are found by its other name",
        ),
        Figure(
            "What held on a year (`on`, the date cursor)",
            times["on"],
            load,
            "s",
            0.1,
            "vs loading the file; certain, possible or disputed for every item it lists",
        ),
        Figure(
            f"Certainty of each of the {items} items for 2000",
            times["certainty"],
            load,
            "s",
            None,
            "vs loading the file; every item answered one by one, the most an export asks",
        ),
    ]


def relations_figure(plain: Path, related: Path, runs: int) -> Figure:
    """Loading a file with relations against loading the same file without
    them, each complete: read, checked (the relations propagated) and every
    index the app builds in its worker made."""

    def complete(path: Path) -> Callable[[], object]:
        return lambda: TimelineQuery(load_timeline(path)).warm()

    times = sample_times({"plain": complete(plain), "related": complete(related)}, runs)
    return Figure(
        f"Complete load at 100k events with {RELATIONS} relations",
        times["related"],
        times["plain"],
        "s",
        1.2,
        "vs the same file without its relations; the load and every index built",
    )


def command_line_figure(path: Path, runs: int, in_process: bool) -> Figure:
    """`events --year 2000 --format json` against a plain json.load of the file.

    In a separate process each, as a user runs them; or, for --quick, both in
    this process, so that interpreter start-up does not swamp a small file.
    """
    argv = ["events", "--year", "2000", "--format", "json", "--data", str(path)]
    if in_process:
        from backes_tui.cli import main as cli_main

        def cli() -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                cli_main(argv)

        def plain() -> None:
            with open(path, encoding="utf-8") as handle:
                json.load(handle)

        times = sample_times({"cli": cli, "plain": plain}, runs)
        return Figure(
            "events --year 2000 --format json, in process",
            times["cli"],
            times["plain"],
            "s",
            3.0,
            "vs json.load(FILE), in process",
        )

    def run(command: list[str]) -> Callable[[], object]:
        return lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    plain_load = [sys.executable, "-c", f"import json; json.load(open({str(path)!r}))"]
    times = sample_times({"cli": run([*backes_command(), *argv]), "plain": run(plain_load)}, runs)
    return Figure(
        "events --year 2000 --format json",
        times["cli"],
        times["plain"],
        "s",
        2.0,
        "vs python -c json.load(FILE)",
    )


def export_figures(path: Path, size: str, runs: int) -> list[Figure]:
    """Each export of the whole timeline against a bare json.dumps of the
    records our JSON holds (made beforehand), in process."""
    from backes_tui.formats import ical, output, popolo, timelinejs
    from backes_tui.formats.kinds import KINDS
    from backes_tui.formats.view import export_view

    timeline = load_timeline(path)
    view = TimelineQuery(timeline).view(Filter())
    everything, events = Filter(), KINDS["event"]
    records = {
        kind.plural: kind.listing(kind.items(view), timeline, None).records
        for kind in KINDS.values()
    }
    makers: dict[str, Callable[[], object]] = {
        "JSON": lambda: export_view("json", timeline, view, everything, events),
        "CSV (events)": lambda: export_view("csv", timeline, view, everything, events),
        "Markdown": lambda: export_view("markdown", timeline, view, everything, events),
        "SVG chart": lambda: export_view("svg", timeline, view, everything, events),
        "TimelineJS": lambda: output.to_json(timelinejs.to_timelinejs(timeline, view)[0]),
        "Popolo": lambda: output.to_json(popolo.to_popolo(timeline, view)[0]),
        "iCalendar": lambda: ical.to_ics(timeline, view),
    }

    def plain() -> None:
        with open(os.devnull, "w", encoding="utf-8") as handle:
            json.dump(records, handle)

    # json.dump, as the target is set, streams through the stdlib's Python
    # encoder; json.dumps (its C encoder, five times quicker) is shown too.
    times = sample_times({"plain": plain, "dumps": lambda: json.dumps(records), **makers}, runs)
    figures = [
        Figure(
            f"Export at {size}: {name}",
            times[name],
            times["plain"],
            "s",
            3.0,
            "vs json.dump to a file of the records (made beforehand) of the whole timeline",
        )
        for name in makers
    ]
    figures.append(
        Figure(
            f"Export at {size}: JSON, against json.dumps",
            times["JSON"],
            times["dumps"],
            "s",
            None,
            "the same, against json.dumps in one piece (the stdlib's C encoder)",
        )
    )
    return figures


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


# -- served in a browser -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _first_screen(url: str, wanted: bytes) -> float:
    """Seconds from opening the websocket until its frames, read as text
    without their escape sequences, hold ``wanted``."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        start = time.perf_counter()
        async with session.ws_connect(url + "/ws?width=100&height=30") as ws:
            seen = bytearray()
            while wanted not in re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", bytes(seen)):
                left = 60 - (time.perf_counter() - start)
                if left <= 0:
                    raise TimeoutError(f"{wanted!r} never arrived from {url}")
                message = await ws.receive(timeout=left)
                if message.type == aiohttp.WSMsgType.BINARY:
                    seen += message.data
                elif message.type != aiohttp.WSMsgType.TEXT:
                    raise RuntimeError(f"the websocket closed before {wanted!r}: {message}")
            return time.perf_counter() - start


def served_figure(runs: int) -> Figure:
    """`backes-tui serve` against the minimal app served by textual-serve the
    same way: from opening a websocket to the first complete screen."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(MINIMAL_APP)
    minimal_port, ours_port = _free_port(), _free_port()
    minimal_server = (
        "import sys; from textual_serve.server import Server; "
        f"Server(sys.executable + ' {handle.name}', port={minimal_port}).serve()"
    )
    servers = [
        subprocess.Popen(
            [sys.executable, "-c", minimal_server],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [*backes_command(), "serve", "--port", str(ours_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        for port in (minimal_port, ours_port):
            _wait_for_port(port)
        times: dict[str, list[float]] = {"minimal": [], "ours": []}
        for _ in range(runs):
            # Each footer is drawn with the rest of its first screen.
            for label, port, wanted in (
                ("minimal", minimal_port, b"palette"),
                ("ours", ours_port, b"Quit"),
            ):
                url = f"http://127.0.0.1:{port}"
                times[label].append(asyncio.run(_first_screen(url, wanted)))
    finally:
        for server in servers:
            # Ctrl+C, which ends its sessions' programs too.
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        os.unlink(handle.name)
    return Figure(
        "Served: websocket to first screen",
        times["ours"],
        times["minimal"],
        "s",
        1.3,
        "vs the minimal app served by textual-serve the same way (shipped data)",
    )


def _wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


def _ms(values: list[float], unit: str) -> str:
    scale, shown = (1000, "ms") if unit == "s" else (1, unit)
    median = statistics.median(values) * scale
    if len(values) == 1:
        return f"{median:.1f} {shown}"
    return f"{median:.1f} {shown} ({min(values) * scale:.1f}–{max(values) * scale:.1f})"


def table(figures: list[Figure]) -> str:
    lines = [
        "| Figure | Value (lowest–highest) | Baseline (lowest–highest) | Ratio | Target | Verdict "
        "| Baseline is |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f.name} | {_ms(f.samples, f.unit)} | {_ms(f.base_samples, f.unit)} "
            f"| {f.ratio:.2f}x | {f.target_text} | {f.verdict} | {f.note} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="in-process figures at 10k only")
    mode.add_argument(
        "--only", choices=["relations"], help="only this figure (as the full run measures it)"
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="backes-bench-"))
    size = "10k" if args.quick else "100k"
    try:
        sizes = {"10k": 10_000} if args.quick else {"10k": 10_000, "100k": 100_000}
        if args.only:
            sizes = {"100k": 100_000}
        files = {}
        for label, n in sizes.items():
            files[label] = work / f"synth-{label}.json"
            files[label].write_text(json.dumps(synthesize(n)), encoding="utf-8")
        biggest = files[size]
        loads: list[Figure] = []
        if not args.quick:
            # The 100k file again, with relations between its events added.
            related = work / "synth-100k-relations.json"
            related.write_text(json.dumps(synthesize(100_000, relations=RELATIONS)), "utf-8")
            loads.append(relations_figure(files["100k"], related, args.runs))
            related.unlink()
        if args.only:
            return _report(args, size, loads)
        figures = query_figures(biggest, args.runs) + loads
        figures.append(command_line_figure(biggest, args.runs, in_process=args.quick))
        figures += export_figures(biggest, size, args.runs)
        print(table(figures), file=sys.stderr, flush=True)  # so far, in case a later part fails
        if not args.quick:
            if shutil.which("tmux") is None:
                print("tmux is needed for the terminal figures", file=sys.stderr)
                return 2
            with KeepTmuxAlive():
                figures += terminal_figures(files, args.runs)
            print(table(figures), file=sys.stderr, flush=True)
            figures.append(served_figure(args.runs))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _report(args, size, figures)


def _report(args: argparse.Namespace, size: str, figures: list[Figure]) -> int:
    """Print the table (and write it to ``--out``); 1 if --quick missed a target badly."""
    header = (
        f"backes-tui benchmarks ({'quick, ' if args.quick else ''}at {size} events, "
        f"median of {args.runs} runs, lowest and highest in brackets)\n"
        f"{platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d')}\n"
    )
    report = header + "\n" + table(figures) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    badly_missed = [f.name for f in figures if f.verdict == "MISSES by >2x"]
    if args.quick and badly_missed:
        print("targets missed by more than 2x: " + ", ".join(badly_missed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
