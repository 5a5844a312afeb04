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
import contextlib
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from figure import Figure, sample_times, table  # noqa: E402
from in_terminal import KeepTmuxAlive, backes_command, terminal_figures  # noqa: E402
from served import served_figure  # noqa: E402
from synth import synthesize  # noqa: E402

# Loaded as the program loads, with the cyclic collector paused.
from backes_tui.cli import load as load_timeline  # noqa: E402
from backes_tui.timeline.dates import PartialDate  # noqa: E402
from backes_tui.timeline.query import Filter, TimelineQuery  # noqa: E402
from backes_tui.timeline.years import YearRange  # noqa: E402

# Relations between events in the 100k file of the relations figure.
RELATIONS = 1000


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
