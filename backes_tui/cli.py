"""The `backes-tui` command: the TUI by default, plus query subcommands.

Textual is imported only when the TUI actually starts, so the subcommands and
`check` stay quick and work without a terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
from collections.abc import Iterator, Sequence, Sized
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO, cast

from backes_tui import __version__
from backes_tui.formats.output import Replacing, is_utf8
from backes_tui.formats.printable import one_line, printable
from backes_tui.storage.loader import TimelineError, load_timeline, shipped_data_path
from backes_tui.timeline.dates import DateError, PartialDate
from backes_tui.timeline.model import Timeline
from backes_tui.timeline.years import YearRange, YearRangeError, parse_year_range

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad user input on the command line; the message is one line."""


def parse_when(text: str) -> PartialDate:
    """A date at the precision given: "2022", "Sept 2022", "1 September 2022".

    Free forms go through dateutil twice with different defaults; a part that
    changes with the default was not in the text, so it is never taken from
    today's date.
    """
    cleaned = text.strip()
    try:
        return PartialDate.parse(cleaned)
    except DateError:
        pass
    from dateutil import parser as date_parser

    try:
        one = date_parser.parse(cleaned, default=dt.datetime(1, 1, 1))
        two = date_parser.parse(cleaned, default=dt.datetime(2, 2, 2))
    except (ValueError, OverflowError):
        raise UsageError(
            f"cannot read {text!r} as a date: try 2022-09-01, 2022-09 or 2022"
        ) from None
    if one.year != two.year:
        raise UsageError(f"cannot read {text!r} as a date: it has no year")
    month = one.month if one.month == two.month else None
    day = one.day if one.day == two.day else None
    if month is None and day is not None:
        raise UsageError(f"cannot read {text!r} as a date: it has a day but no month")
    return PartialDate(one.year, month, day)


def parse_years_option(text: str | None) -> YearRange | None:
    if text is None:
        return None
    try:
        return parse_year_range(text).years
    except YearRangeError as error:
        raise UsageError(f"--year: {error}") from None


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data",
        type=Path,
        metavar="FILE",
        default=default,
        help="timeline file to load instead of the shipped one",
    )


def build_parser() -> argparse.ArgumentParser:
    from backes_tui.formats.output import FORMATS
    from backes_tui.timeline.model import EVENT_KINDS

    parser = argparse.ArgumentParser(
        prog="backes-tui",
        description="Explore the career of Sonia Backès as a sourced timeline.",
    )
    parser.add_argument("--version", action="version", version=f"backes-tui {__version__}")
    _common(parser, suppress=False)
    parser.add_argument("--year", metavar="RANGE", help="start with a year filter, e.g. 2019-2023")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def listing(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _common(sub, suppress=True)
        sub.add_argument("--year", metavar="RANGE", help="2022, 2019-2023, since 2019, 1990s …")
        sub.add_argument("--format", choices=FORMATS, default="table")
        return sub

    events = listing("events", "List events, by date")
    events.add_argument(
        "--kind", choices=EVENT_KINDS, action="append", help="only this kind (repeatable)"
    )
    events.add_argument("--search", metavar="TEXT", help="words in title, summary, people, places")
    listing("offices", "List offices held")
    listing("parties", "List party memberships")
    listing("eras", "List eras")
    on = commands.add_parser(
        "on", help="What was true on a date", description="What was true on a date"
    )
    _common(on, suppress=True)
    on.add_argument("date", metavar="DATE", help="2022-09-01, 2022-09, 2022, 'Sept 2022' …")
    on.add_argument("--format", choices=("table", "json"), default="table")
    check = commands.add_parser(
        "check", help="Validate a timeline file", description="Validate a timeline file"
    )
    check.add_argument(
        "file", metavar="FILE", type=Path, nargs="?", help="defaults to the shipped timeline"
    )
    return parser


def run_listing(
    args: argparse.Namespace, timeline: Timeline, years: YearRange | None, out: TextIO
) -> None:
    from backes_tui.formats import output
    from backes_tui.formats.kinds import BY_PLURAL
    from backes_tui.timeline.query import Filter, TimelineQuery

    flt = Filter(
        years=years,
        text=getattr(args, "search", None) or "",
        kinds=frozenset(getattr(args, "kind", None) or ()),
    )
    kind = BY_PLURAL[args.command]
    view = TimelineQuery(timeline).view(flt)
    listing = kind.listing(kind.items(view), timeline, view.window)
    caption = "" if view.window is None else horizon_note(timeline, view.window[1])
    output.write(
        args.format, listing.fields, listing.records, listing.headers, listing.rows, out, caption
    )


def horizon_note(timeline: Timeline, last_day: dt.date) -> str:
    """What to say when a question reaches past the source's last word."""
    if not timeline.after_as_of(last_day):
        return ""
    return (
        f"The source says nothing after {timeline.as_of.format()}: "
        "what held after it is at most possible."
    )


def run_on(args: argparse.Namespace, timeline: Timeline, when: PartialDate, out: TextIO) -> None:
    from backes_tui.formats import output, records
    from backes_tui.formats.kinds import KINDS
    from backes_tui.timeline.query import TimelineQuery

    view = TimelineQuery(timeline).on(when)
    window = (when.earliest, when.latest)
    age = timeline.age(when)
    listings = {kind: kind.listing(kind.items(view), timeline, window) for kind in KINDS.values()}
    if args.format == "json":
        document: dict[str, Any] = {
            "date": str(when),
            "age": records.age_value(age),
            "after_as_of": timeline.after_as_of(when.latest),
        }
        for kind, listing in listings.items():
            document[kind.plural] = listing.records
        out.write(output.to_json(document, getattr(out, "encoding", None) or "utf-8") + "\n")
        return
    console = output.console(out)
    heading = f"{timeline.subject.name} on {when.format()}"
    console.print(one_line(heading + (f" ({age.format()})" if age else "")))
    note = horizon_note(timeline, when.latest)
    if note:
        console.print(note)
    for kind, listing in listings.items():
        if listing.rows:
            output.print_rows(console, listing.headers, listing.rows, title=kind.title)
        else:
            console.print(f"{kind.title}: none")


def _count(items: Sized, one: str, many: str = "") -> str:
    return f"{len(items)} {one if len(items) == 1 else many or one + 's'}"


def run_check(path: Path | None, out: TextIO) -> None:
    timeline = load(path)
    label = path if path is not None else "shipped timeline"
    derived = sum(e.derived for e in timeline.events)
    t = timeline
    summary = (
        f"{label}: OK: {_count(t.events, 'event')} ({derived} derived), "
        f"{_count(t.offices, 'office')}, {_count(t.parties, 'party', 'parties')}, "
        f"{_count(t.eras, 'era')}, {_count(t.conflicts, 'conflict')}"
    )
    out.write(one_line(summary) + "\n")


LARGE_FILE = 5_000_000


def run_tui(args: argparse.Namespace, years: YearRange | None) -> int:
    encoding = getattr(sys.stdout, "encoding", None)
    if not is_utf8(encoding):
        # Textual draws with box and block characters: anything else shows garbage.
        raise UsageError(
            f"the app needs a UTF-8 terminal, and this one is {encoding}; "
            "run it with LANG=C.UTF-8 (or PYTHONIOENCODING=utf-8), "
            "or use a subcommand such as 'backes-tui events'"
        )
    size = args.data.stat().st_size if args.data is not None and args.data.is_file() else 0
    if size > LARGE_FILE and sys.stderr.isatty():
        # A big file takes a second or more to check; say so rather than sit blank.
        print(f"backes-tui: loading {size / 1e6:.0f} MB…", file=sys.stderr, flush=True)
    timeline = load(args.data)
    from backes_tui.tui.app import BackesApp

    app = BackesApp(timeline, initial_years=years)
    app.run()
    return app.return_code or 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading allocates millions of objects that all live on; letting the cyclic
    collector rescan them after every few thousand allocations costs more than
    the load itself. Survivors are frozen so later collections skip them too.

    This is a process-wide setting, so the program sets it, not the library.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load(path: Path | None) -> Timeline:
    with collector_paused():
        return load_timeline(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Any stream takes the output: what its encoding cannot carry becomes "?"
    # (JSON uses \\u escapes instead), and stderr says so once, below.
    out = cast(TextIO, Replacing(sys.stdout))
    try:
        code = _run(args, out)
    finally:
        _warn_replaced(cast(Replacing, out))
    return code


def _warn_replaced(out: Replacing) -> None:
    if out.replaced:
        print(
            f"backes-tui: {out.replaced} character(s) that {out.encoding} cannot show "
            "were printed as '?'; for UTF-8 output set PYTHONIOENCODING=utf-8",
            file=sys.stderr,
        )


def _run(args: argparse.Namespace, out: TextIO) -> int:
    try:
        if args.command == "check":
            run_check(args.file, out)
            return 0
        # Read the user's input before the file, which may take seconds to load.
        years = parse_years_option(getattr(args, "year", None))
        when = parse_when(args.date) if args.command == "on" else None
        if args.command is None:
            return run_tui(args, years)
        timeline = load(args.data)
        if when is not None:
            run_on(args, timeline, when, out)
        else:
            run_listing(args, timeline, years, out)
        if timeline.changed_on_disk():
            # Words of events are read back from the file as they are printed.
            label = args.data or shipped_data_path()
            raise TimelineError([f"{label}: $: changed on disk while being read; run again"])
    except TimelineError as error:
        for problem in error.problems:
            print(printable(problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    except UsageError as error:
        print(f"backes-tui: {printable(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # `backes-tui events | head` closes the pipe early; that is not an error.
        sys.stderr.close()
    except KeyboardInterrupt:
        # Ctrl+C while a large file loads: stop quietly, as a shell expects.
        return EXIT_INTERRUPTED
    return 0
