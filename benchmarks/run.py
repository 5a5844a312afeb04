"""Measure backes-tui against baselines taken in the same run, and print ratios.

usage: python benchmarks/run.py [--quick] [--runs N] [--out FILE.md]

Every figure is a ratio against a baseline measured in this run, so a noisy
machine moves both sides. Full mode needs tmux (start-up, key latency and
memory are measured in a real terminal, as ../shared/tools/tty_paint.py does).
--quick measures only the in-process figures (query and command line) at 10k
events, for CI, and fails only when a target is missed by more than 2x.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import re
import shutil
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
from backes_tui.timeline.query import Filter, TimelineQuery  # noqa: E402
from backes_tui.timeline.years import YearRange  # noqa: E402

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Label, ListItem, ListView

class Minimal(App):
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


@dataclass
class Figure:
    name: str
    value: float
    baseline: float
    unit: str
    target: float | None  # highest acceptable ratio
    note: str = ""
    limit: float | None = None  # highest acceptable value, where the target is absolute

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


def median_times(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds of each action, the actions taking turns run after run so
    that a spell of load on a shared machine weighs on all of them alike."""
    times: dict[str, list[float]] = {label: [] for label in actions}
    for _ in range(runs):
        for label, action in actions.items():
            start = time.perf_counter()
            action()
            times[label].append(time.perf_counter() - start)
    return {label: statistics.median(samples) for label, samples in times.items()}


def backes_command() -> list[str]:
    return [sys.executable, "-m", "backes_tui"]


# -- in a real terminal ----------------------------------------------------------------


class Terminal:
    """One program in a detached tmux session, read back with capture-pane."""

    def __init__(self, command: list[str], size: str = "100x30") -> None:
        self.name = f"bench-{uuid.uuid4().hex[:8]}"
        width, height = size.split("x")
        self.started = time.perf_counter()
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", width, "-y", height, *command],
            check=True,
        )

    def screen(self, styled: bool = False) -> str:
        """The visible text; with ``styled``, colours too (a moved highlight
        changes only colours)."""
        flags = ["-p", "-e"] if styled else ["-p"]
        return subprocess.run(
            ["tmux", "capture-pane", *flags, "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, pattern: str, timeout: float = 60) -> float:
        """Seconds since launch until ``pattern`` is on screen."""
        while time.perf_counter() - self.started < timeout:
            if re.search(pattern, self.screen()):
                return time.perf_counter() - self.started
            time.sleep(0.005)
        raise TimeoutError(f"{pattern!r} never appeared:\n{self.screen()}")

    def key_latency(self, key: str, timeout: float = 10) -> float:
        """Seconds from sending ``key`` until the screen changes."""
        before = self.screen(styled=True)
        start = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
        while time.perf_counter() - start < timeout:
            if self.screen(styled=True) != before:
                return time.perf_counter() - start
            time.sleep(0.002)
        raise TimeoutError(f"screen did not change after {key!r}")

    def peak_rss_kb(self) -> int:
        pid = subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.name, "#{pane_pid}"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        assert match is not None
        return int(match.group(1))

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


class KeepTmuxAlive:
    """tmux's server exits with its last session, and a session started as it
    shuts down fails; one idle session keeps it up for the whole run."""

    def __enter__(self) -> None:
        self.name = f"bench-keep-{os.getpid()}"
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "sleep", "3600"], check=True)

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def start_ups(
    commands: dict[str, list[str]], runs: int, pattern: str = PAINTED
) -> dict[str, float]:
    """Median seconds until ``pattern`` (the first complete screen) shows, per command.

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
    return {label: statistics.median(samples) for label, samples in times.items()}


def session_figures(command: list[str], keys: list[str], runs: int) -> tuple[dict[str, float], int]:
    """Median latency per key and peak RSS, in one session of ``command``."""
    terminal = Terminal(command)
    try:
        terminal.wait_for(PAINTED)
        time.sleep(1.0)  # let start-up work settle before timing keys
        latencies = {}
        for key in keys:
            samples = []
            for _ in range(runs):
                samples.append(terminal.key_latency(key))
                time.sleep(0.1)
            latencies[key] = statistics.median(samples)
        return latencies, terminal.peak_rss_kb()
    finally:
        terminal.close()


# -- the figures -------------------------------------------------------------------------


def query_figures(path: Path, runs: int) -> list[Figure]:
    query = TimelineQuery(load_timeline(path))
    cold_start = time.perf_counter()
    query.warm()
    warm_up = time.perf_counter() - cold_start
    times = median_times(
        {
            "load": lambda: load_timeline(path),
            "year": lambda: query.view(Filter(years=YearRange(2000, 2000))),
            "search": lambda: query.view(Filter(text="treaty senate")),
            "both": lambda: query.view(Filter(text="budget", years=YearRange(1990, 1999))),
        },
        runs,
    )
    load, year, search, both = (times[k] for k in ("load", "year", "search", "both"))
    note = (
        f"search text made while loading; other indexes built once in {warm_up * 1000:.0f} ms, "
        "in a worker in the app"
    )
    return [
        Figure("Year filter (2000)", year, load, "s", 0.1, "vs loading the file"),
        Figure("Text search (2 words)", search, load, "s", 0.1, note),
        Figure("Years 1990s + search", both, load, "s", 0.1, "vs loading the file"),
    ]


def command_line_figure(path: Path, runs: int, in_process: bool) -> Figure:
    """`events --year 2000 --format json` against a plain json.load of the file.

    In a separate process each, as a user runs them; or, for --quick, both in
    this process, so that interpreter start-up does not swamp a small file.
    """
    argv = ["events", "--year", "2000", "--format", "json", "--data", str(path)]
    if in_process:
        import contextlib
        import io
        import json

        from backes_tui.cli import main as cli_main

        def cli() -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                cli_main(argv)

        def plain() -> None:
            with open(path, encoding="utf-8") as handle:
                json.load(handle)

        times = median_times({"cli": cli, "plain": plain}, runs)
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
    times = median_times({"cli": run([*backes_command(), *argv]), "plain": run(plain_load)}, runs)
    return Figure(
        "events --year 2000 --format json",
        times["cli"],
        times["plain"],
        "s",
        3.0,
        "vs python -c json.load(FILE)",
    )


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
            1.3,
            "vs a minimal Textual app",
        ),
    ]
    for label in files:
        figures.append(
            Figure(
                f"Start-up, {label} events",
                times[label],
                baseline,
                "s",
                4.0 if label == "100k" else None,
                "vs a minimal Textual app",
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
    base_latency, base_rss = session_figures(minimal, ["Down"], runs)
    big = [*backes_command(), "--data", str(files["100k"])]
    latency, rss = session_figures(big, ["j", "]"], runs)
    for key, label in (("j", "j (cursor)"), ("]", "] (next year)")):
        figures.append(
            Figure(
                f"Key latency at 100k, {label}",
                latency[key],
                base_latency["Down"],
                "s",
                None,
                "vs Down in the minimal app",
                limit=0.1,
            )
        )
    figures.append(
        Figure("Peak RSS at 100k", rss / 1024, base_rss / 1024, "MB", 3.0, "vs the minimal app")
    )
    os.unlink(handle.name)
    return figures


def table(figures: list[Figure]) -> str:
    lines = [
        "| Figure | Value | Baseline | Ratio | Target | Verdict | Baseline is |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        scale, unit = (1000, "ms") if f.unit == "s" else (1, f.unit)
        lines.append(
            f"| {f.name} | {f.value * scale:.1f} {unit} | {f.baseline * scale:.1f} {unit} "
            f"| {f.ratio:.2f}x | {f.target_text} | {f.verdict} | {f.note} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="in-process figures at 10k only")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="backes-bench-"))
    try:
        sizes = {"10k": 10_000} if args.quick else {"10k": 10_000, "100k": 100_000}
        files = {}
        for label, n in sizes.items():
            files[label] = work / f"synth-{label}.json"
            files[label].write_text(__import__("json").dumps(synthesize(n)), encoding="utf-8")
        biggest = files["10k" if args.quick else "100k"]
        figures = query_figures(biggest, args.runs)
        figures.append(command_line_figure(biggest, args.runs, in_process=args.quick))
        if not args.quick:
            if shutil.which("tmux") is None:
                print("tmux is needed for the terminal figures", file=sys.stderr)
                return 2
            with KeepTmuxAlive():
                figures += terminal_figures(files, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    size = "10k" if args.quick else "100k"
    header = (
        f"backes-tui benchmarks ({'quick, ' if args.quick else ''}queries at {size} events, "
        f"median of {args.runs})\n{platform.platform()}, Python {platform.python_version()}, "
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
