"""The command line's grammar: its options and subcommands, and the checks
that make what was typed mean one thing, before anything is read or run."""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import Any

from backes_tui import __version__
from backes_tui.formats.chart_width import MAX_WIDTH, MIN_WIDTH
from backes_tui.formats.printable import printable
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.when import WhenError, read_when
from backes_tui.timeline.years import ParsedYears, YearRangeError, parse_year_range


class UsageError(Exception):
    """Bad user input on the command line; the message is one line."""


def parse_when(text: str) -> PartialDate:
    """`read_when` for the command line: its complaints are usage errors."""
    try:
        return read_when(check_argument("DATE", text))
    except WhenError as error:
        raise UsageError(str(error)) from None


# Longer than any date or year range anyone types; past it, input is a mistake or an attack.
MAX_ARGUMENT = 200


def check_argument(name: str, text: str) -> str:
    """``text`` if it is a plausible argument; else a one-line refusal that
    shows control characters as escapes."""
    if len(text) > MAX_ARGUMENT:
        raise UsageError(f"{name}: too long ({len(text)} characters; at most {MAX_ARGUMENT})")
    if printable(text) != text:
        raise UsageError(f"{name}: control characters in '{printable(text)}'")
    return text


def parse_years_option(text: str | None) -> ParsedYears | None:
    """The --year range; one read otherwise than typed is said so on stderr,
    so that the output itself stays clean."""
    if text is None:
        return None
    try:
        parsed = parse_year_range(check_argument("--year", text))
    except YearRangeError as error:
        raise UsageError(f"--year: {error}") from None
    if parsed.notice:
        read = parsed.years.describe()
        print(f"backes-tui: --year {text!r} read as {read} ({parsed.notice})", file=sys.stderr)
    return parsed


# Options that mean the same before or after the subcommand.
GLOBAL_OPTIONS = ("data", "year", "format", "screen_reader")


def _global_options(parser: argparse.ArgumentParser, *, after: bool) -> None:
    """--data, --year and --format, on the program (``after`` False) or on a
    subcommand, where they are kept apart so that both places can be compared."""
    from backes_tui.formats.output import FORMATS

    suffix = "_after" if after else ""
    default: Any = argparse.SUPPRESS if after else None
    parser.add_argument(
        "--data",
        type=Path,
        metavar="FILE",
        dest=f"data{suffix}",
        default=default,
        help="timeline file to load instead of the shipped one",
    )
    parser.add_argument(
        "--year",
        metavar="RANGE",
        dest=f"year{suffix}",
        default=default,
        help="years to show: 2022, 2019-2023, since 2019, 1990s …",
    )
    parser.add_argument(
        "--format", choices=FORMATS, dest=f"format{suffix}", default=default, help="output format"
    )
    parser.add_argument(
        "--screen-reader",
        action="store_const",
        const=True,
        dest=f"screen_reader{suffix}",
        default=default,
        help="the app, or tables, in plain lines and words, without box drawing or marks",
    )


def settle_options(args: argparse.Namespace) -> None:
    """One meaning for each global option wherever it was given, or a refusal."""
    for name in GLOBAL_OPTIONS:
        before, after = getattr(args, name), getattr(args, f"{name}_after", None)
        if before is not None and after is not None and before != after:
            raise UsageError(f"--{name} given twice, as {str(before)!r} and {str(after)!r}")
        setattr(args, name, before if after is None else after)
    command = args.command
    opening = [
        name
        for name, value in (
            ("--select", args.open_select),
            ("--search", args.open_search),
            ("--kind", args.open_kinds),
            ("--no-config", args.no_config),
        )
        if value
    ]
    if command is not None and opening:
        own = command in _OWN_OPTIONS.get(opening[0], ())
        takes = f", as in 'backes-tui {command} {opening[0]} …'" if own else ""
        raise UsageError(
            f"{opening[0]} before a command says where the app opens; "
            f"{command} takes its own options after its name{takes}"
        )
    if args.screen_reader and command == "serve":
        # Said, not ignored: the browser's page would look no different to its reader.
        raise UsageError(
            "--screen-reader: the browser page has no screen-reader mode yet; the app "
            "in a terminal, the commands (events, on, check …) and 'export --to html' have"
        )
    if args.year is not None and command in ("on", "check", "import"):
        raise UsageError(f"{command} does not take --year")
    if args.data is not None and command == "import":
        raise UsageError("import reads FILE, not --data")
    allowed = {
        None: (),
        "check": (),
        "export": (),
        "import": (),
        "chart": (),
        "serve": (),
        "on": ("table", "plain", "json"),
    }.get(command)
    if args.format is not None and allowed is not None and args.format not in allowed:
        what = "the app" if command is None else command
        raise UsageError(f"{what} does not take --format {args.format}")
    args.format = args.format or ("plain" if args.screen_reader else "table")
    if command == "check":
        if args.file is not None and args.data is not None and args.file != args.data:
            raise UsageError(f"check was given two files: {args.file} and --data {args.data}")
        args.file = args.file or args.data


# Where each of the app's opening options is also a command's own.
_OWN_OPTIONS = {
    "--search": ("events", "offices", "parties", "eras", "export", "chart"),
    "--kind": ("events", "export", "chart"),
}


EXPORTS = ("timelinejs", "popolo", "ics", "html")
# The same rule as the app's `/` (README, "Search").
SEARCH_HELP = "only items with these words, or naming what they link to by any of its names"
IMPORTS = ("wikidata", "popolo")


def _chart_width(text: str) -> int:
    """A width the chart can be drawn at; anything else is refused, not
    silently replaced by another width."""
    try:
        width = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of pixels: {printable(text)!r}") from None
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise argparse.ArgumentTypeError(
            f"{width} pixels: the chart is drawn from {MIN_WIDTH} to {MAX_WIDTH} pixels wide"
        )
    return width


def _writing_options(parser: argparse.ArgumentParser, *, lossy: bool = True) -> None:
    parser.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write here (standard output by default)"
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    if lossy:
        parser.add_argument(
            "--strict", action="store_true", help="exit 3 if the format cannot hold everything"
        )


# Made once a process: parsing leaves it as it was, and building it takes
# 2-3 ms (argparse looks up translations for every option), which in-process
# callers of main() such as the test suite paid on every call.
@functools.cache
def build_parser() -> argparse.ArgumentParser:
    from backes_tui.timeline.model import EVENT_KINDS

    parser = argparse.ArgumentParser(
        prog="backes-tui",
        description="Explore the career of Sonia Backès as a sourced timeline.",
    )
    parser.add_argument("--version", action="version", version=f"backes-tui {__version__}")
    _global_options(parser, after=False)
    parser.add_argument(
        "--no-config",
        action="store_true",
        help="ignore the settings file (theme and keys) and write none",
    )
    # Where the app opens: a deep link a colleague can paste.
    parser.add_argument(
        "--select", metavar="ID", dest="open_select", help="open the app on this item"
    )
    parser.add_argument(
        "--search", metavar="TEXT", dest="open_search", help="open the app with this search"
    )
    parser.add_argument(
        "--kind",
        choices=EVENT_KINDS,
        action="append",
        dest="open_kinds",
        help="open the app showing only this kind of event (repeatable)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _global_options(sub, after=True)
        return sub

    events = command("events", "List events, by date")
    events.add_argument(
        "--kind", choices=EVENT_KINDS, action="append", help="only this kind (repeatable)"
    )
    events.add_argument("--search", metavar="TEXT", help=SEARCH_HELP)
    for name, help_text in (
        ("offices", "List offices held"),
        ("parties", "List party memberships"),
        ("eras", "List eras"),
    ):
        command(name, help_text).add_argument("--search", metavar="TEXT", help=SEARCH_HELP)
    on = command("on", "What was true on a date")
    on.add_argument("date", metavar="DATE", help="2022-09-01, 2022-09, 2022, 'Sept 2022' …")
    export = command("export", "Write the timeline as TimelineJS, Popolo, iCalendar or HTML")
    export.add_argument("--to", choices=EXPORTS, required=True, help="the format to write")
    export.add_argument("--kind", choices=EVENT_KINDS, action="append", help="only this kind")
    export.add_argument("--search", metavar="TEXT", help="only items with these words")
    _writing_options(export)
    chart = command("chart", "Draw the chart as SVG, for documents")
    chart.add_argument(
        "--width",
        metavar="PX",
        type=_chart_width,
        default=1000,
        help=f"width in pixels ({MIN_WIDTH} to {MAX_WIDTH})",
    )
    chart.add_argument("--kind", choices=EVENT_KINDS, action="append", help="only this kind")
    chart.add_argument("--search", metavar="TEXT", help="only items with these words")
    _writing_options(chart, lossy=False)
    imports = command("import", "Read Wikidata or Popolo into a timeline file")
    imports.add_argument("source", choices=IMPORTS, help="the format to read")
    imports.add_argument("input", metavar="FILE", type=Path, help="the document to read")
    imports.add_argument(
        "--labels", metavar="FILE", type=Path, help="Wikidata: labels of the items it names"
    )
    _writing_options(imports)
    serve = command("serve", "Run the explorer in a web browser (needs the web extra)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--public",
        action="store_true",
        help="allow a --host other than loopback: anyone who can reach it can use the app",
    )
    serve.add_argument(
        "--max-sessions",
        metavar="N",
        type=int,
        default=4,
        help="at most N browser sessions (app processes) at once (default 4)",
    )
    check = command("check", "Validate a timeline file: FILE, or --data, or the shipped one")
    check.add_argument(
        "file", metavar="FILE", type=Path, nargs="?", help="defaults to the shipped timeline"
    )
    return parser
