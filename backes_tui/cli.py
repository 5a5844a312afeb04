"""The `backes-tui` command: the TUI by default, plus query subcommands.

Textual is imported only when the TUI actually starts, so the subcommands and
`check` stay quick and work without a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence, Sized
from pathlib import Path
from typing import Any, TextIO, cast

from backes_tui.arguments import (
    UsageError,
    build_parser,
    check_argument,
    parse_when,
    parse_years_option,
    settle_options,
)
from backes_tui.formats.output import Replacing, is_utf8
from backes_tui.formats.printable import one_line, printable
from backes_tui.storage.loader import TimelineError, load_timeline, shipped_data_path
from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import Timeline
from backes_tui.timeline.query import Filter, FilteredView
from backes_tui.timeline.years import ParsedYears, YearRange
from backes_tui.tui.process_knobs import KNOBS

EXIT_OUTPUT = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


EXIT_LOSSY = 3


def run_listing(
    args: argparse.Namespace, timeline: Timeline, years: YearRange | None, out: TextIO
) -> None:
    from backes_tui.formats.kinds import BY_PLURAL
    from backes_tui.formats.view import write_kind

    view = _view(args, timeline, years)
    write_kind(args.format, BY_PLURAL[args.command], timeline, view, out, _filter(args, years))


def _view(args: argparse.Namespace, timeline: Timeline, years: YearRange | None) -> FilteredView:
    """What the command's filter options keep: years, search words, event kinds.

    More than `MANY_ITEMS` events written anywhere but this terminal show a
    bar on standard error as they are written (`_EXPORT_BARS` closes it)."""
    from msgspec.structs import replace

    from backes_tui.formats.progress import MANY_ITEMS, ReportingEvents, TerminalProgress
    from backes_tui.timeline.query import TimelineQuery

    view = TimelineQuery(timeline).view(_filter(args, years))
    to_terminal = getattr(args, "output", None) is None and sys.stdout.isatty()
    if len(view.events) > MANY_ITEMS and not to_terminal:
        bar = TerminalProgress(f"writing {args.command}", len(view.events), "events")
        _EXPORT_BARS.append(bar)
        view = replace(view, events=ReportingEvents(view.events, bar.update))
    return view


def _filter(args: argparse.Namespace, years: YearRange | None) -> Filter:
    return Filter(
        years=years,
        text=getattr(args, "search", None) or "",
        kinds=frozenset(getattr(args, "kind", None) or ()),
    )


# Export bars drawn while a command runs, taken off when it has written.
_EXPORT_BARS: list[Any] = []


def run_chart(
    args: argparse.Namespace, timeline: Timeline, years: YearRange | None, out: TextIO
) -> int:
    from backes_tui.formats.svg import chart_svg

    return _deliver(
        args, chart_svg(timeline, _view(args, timeline, years), years, args.width), [], out
    )


def run_on(args: argparse.Namespace, timeline: Timeline, when: PartialDate, out: TextIO) -> None:
    from backes_tui.formats import output, records
    from backes_tui.formats.kinds import KINDS
    from backes_tui.formats.view import horizon_note
    from backes_tui.timeline.query import TimelineQuery

    view = TimelineQuery(timeline).on(when)
    window = (when.earliest, when.latest)
    age = timeline.age(when)
    plain = args.format == "plain"
    listings = {
        kind: kind.listing(kind.items(view), timeline, window, in_words=plain)
        for kind in KINDS.values()
    }
    if args.format == "json":
        document: dict[str, Any] = {
            "date": str(when),
            "age": records.age_value(age),
            "after_as_of": timeline.after_as_of(when.latest),
        }
        for kind, listing in listings.items():
            document[kind.plural] = listing.records
        out.write(output.to_json(document, output.stream_encoding(out)) + "\n")
        return
    console = output.console(out)
    heading = f"{timeline.subject.name} on {when.format()}"
    console.print(one_line(heading + (f" ({age.format()})" if age else "")))
    note = horizon_note(timeline, when.latest)
    if note:
        console.print(note)
    for kind, listing in listings.items():
        if listing.rows:
            output.print_rows(console, listing.headers, listing.rows, title=kind.title, plain=plain)
        else:
            console.print(f"{kind.title}: none")


def run_export(
    args: argparse.Namespace, timeline: Timeline, years: YearRange | None, out: TextIO
) -> int:
    from backes_tui.formats import ical, output, popolo, timelinejs

    view = _view(args, timeline, years)
    if args.to == "html":
        from backes_tui.formats.html_page import timeline_page

        page = timeline_page(timeline, view, _filter(args, years))
        if not is_utf8(_target_encoding(args, out)):
            # The page says it is UTF-8; in ASCII, with character references, it is in any.
            page = page.encode("ascii", "xmlcharrefreplace").decode("ascii")
        return _deliver(args, page, [], out)
    if args.to == "ics":
        try:
            data, losses = ical.to_ics(timeline, view)
        except ical.EmptyCalendar as error:
            raise UsageError(str(error)) from None
        text = data.decode("utf-8")
    else:
        make = timelinejs.to_timelinejs if args.to == "timelinejs" else popolo.to_popolo
        document, losses = make(timeline, view)
        text = output.to_json(document, _target_encoding(args, out)) + "\n"
    return _deliver(args, text, losses.lines(), out)


def run_import(args: argparse.Namespace, out: TextIO) -> int:
    import json

    from backes_tui.formats import output, popolo, wikidata
    from backes_tui.storage.loader import parse_timeline, read_json
    from backes_tui.storage.shapes import ShapeError

    document = read_json(args.input)
    try:
        if args.source == "wikidata":
            labels = read_json(args.labels) if args.labels else None
            made, losses = wikidata.from_wikidata(document, labels, args.input.name)
        else:
            made, losses = popolo.from_popolo(document, args.input.name)
    except ShapeError as error:  # WikidataError and PopoloError among them
        named = args.labels if isinstance(error, wikidata.LabelsError) else args.input
        raise TimelineError([f"{named}: {error}"]) from None
    # What is written must pass `check`, like any timeline file.
    parse_timeline(json.loads(json.dumps(made)), f"{args.input} (as imported)")
    text = output.to_json(made, _target_encoding(args, out)) + "\n"
    return _deliver(args, text, losses.lines(), out)


def _target_encoding(args: argparse.Namespace, out: TextIO) -> str:
    """Files this program opens are always UTF-8; standard output is what it is."""
    from backes_tui.formats.output import stream_encoding

    return "utf-8" if args.output else stream_encoding(out)


def _deliver(args: argparse.Namespace, text: str, losses: list[str], out: TextIO) -> int:
    """Write the result (a file atomically, or standard output), then the loss report."""
    from backes_tui.formats.atomic import OutputError, WriteFailed, write_atomically

    if args.output is not None:
        try:
            # Files this program opens are always UTF-8, whatever the terminal.
            write_atomically(
                args.output, text.encode("utf-8"), replace=args.force, inputs=_inputs(args)
            )
        except WriteFailed as error:
            # As a full standard output does: an output failure, not a usage error.
            print(f"backes-tui: {printable(str(error))}", file=sys.stderr)
            return EXIT_OUTPUT
        except OutputError as error:
            raise UsageError(str(error)) from None
    else:
        out.write(text)
    for line in losses:
        print(f"backes-tui: loss: {printable(line)}", file=sys.stderr)
    return EXIT_LOSSY if getattr(args, "strict", False) and losses else 0


def _inputs(args: argparse.Namespace) -> list[Path | None]:
    """Every file this command reads, none of which it may write."""
    return [
        args.data or shipped_data_path(),
        getattr(args, "input", None),
        getattr(args, "labels", None),
    ]


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


def run_tui(args: argparse.Namespace, years: ParsedYears | None) -> int:
    encoding = getattr(sys.stdout, "encoding", None)
    if not is_utf8(encoding):
        # Textual draws with box and block characters: anything else shows garbage.
        raise UsageError(
            f"the app needs a UTF-8 terminal, and this one is {encoding}; "
            "run it with LANG=C.UTF-8 (or PYTHONIOENCODING=utf-8), "
            "or use a subcommand such as 'backes-tui events'"
        )
    from backes_tui.formats.progress import LARGE_FILE
    from backes_tui.timeline.query import Filter, selection_problem

    search = check_argument("--search", args.open_search) if args.open_search else ""
    if args.open_select is not None:
        check_argument("--select", args.open_select)
    opening: dict[str, Any] = {
        "years": None if years is None else years.years,
        "text": search,
        "kinds": frozenset(args.open_kinds or ()),
    }
    # A file that is not large is read, and a bad file or --select refused,
    # before Textual is imported: a refusal has no need of it.
    timeline = None if _size(args.data) > LARGE_FILE else load(args.data)
    if timeline is not None and args.open_select is not None:
        problem = selection_problem(timeline, Filter(**opening), args.open_select)
        if problem is not None:
            raise UsageError(f"--select: {problem}")
    from backes_tui.tui.app import BackesApp
    from backes_tui.tui.settings import settings_path

    options: dict[str, Any] = {
        "initial_years": opening["years"],
        "notice": None if years is None else years.notice,
        "search": search,
        "kinds": opening["kinds"],
        "select": args.open_select,
        "data_path": None if args.data is None else str(args.data),
        "settings": None if args.no_config else settings_path(),
        "screen_reader": bool(args.screen_reader),
    }
    if timeline is None:
        # The screen comes up at once with a progress bar, and the panes
        # fill in when the file is read.
        path = args.data
        app = BackesApp.loading(
            lambda progress: load(path, progress), _size(path), path.name, **options
        )
        app.run()
        if app.load_error is not None:
            raise app.load_error
        return app.return_code or 0
    app = BackesApp(timeline, **options)
    app.run()
    return app.return_code or 0


def run_serve(args: argparse.Namespace, years: YearRange | None) -> int:
    try:
        from backes_tui import serve
    except ImportError:
        raise UsageError(
            "serving needs the web extra: pip install 'backes-tui[web]' "
            "(from a checkout: pip install '.[web]')"
        ) from None
    if not serve.is_loopback(args.host) and not args.public:
        raise UsageError(
            f"--host {args.host} can be reached from other machines; "
            "add --public if that is what you want"
        )
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: a port is 1 to 65535")
    if args.max_sessions < 1:
        raise UsageError(f"--max-sessions {args.max_sessions}: at least one session is needed")
    # A bad file is reported here, once, not in every browser.
    timeline = load(args.data)
    from backes_tui.formats.html_page import timeline_page

    def page() -> str:
        """The page a screen reader can read, beside the app's canvas, with
        the same years: made when first asked for (a large timeline takes seconds)."""
        return timeline_page(timeline, _view(args, timeline, years), _filter(args, years))

    if not serve.is_loopback(args.host):
        print(
            f"backes-tui: warning: serving on {args.host}: anyone who can reach port "
            f"{args.port} there can open the app",
            file=sys.stderr,
        )
    return serve.serve(
        args.data, args.year, args.host, args.port, args.max_sessions, timeline.subject.name, page
    )


def _size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path is not None and path.is_file() else 0
    except OSError:
        return 0  # the loader says why, with the file's name


def load(
    path: Path | None,
    progress: Callable[[int], None] | None = None,
    *,
    searchable: bool = True,
) -> Timeline:
    """The timeline; a file over 10 MB shows a bar on a terminal's standard
    error while it is read, unless ``progress`` (the app's bar) is given."""
    from backes_tui.formats.progress import LARGE_FILE, TerminalProgress

    bar = None
    if progress is None and _size(path) > LARGE_FILE:
        assert path is not None
        bar = TerminalProgress(f"loading {path.name}", _size(path), "MB")
        progress = bar.update
    try:
        with KNOBS.collector_paused():
            return load_timeline(path, progress=progress, searchable=searchable)
    finally:
        if bar is not None:
            bar.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Any stream takes the output: what its encoding cannot carry becomes "?"
    # (JSON uses \\u escapes instead), and stderr says so once, below.
    out = cast(TextIO, Replacing(sys.stdout))
    try:
        code = _run(args, out)
    finally:
        while _EXPORT_BARS:
            _EXPORT_BARS.pop().close()
        _warn_replaced(cast(Replacing, out))
        KNOBS.restore()
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
        settle_options(args)
        if args.command == "check":
            run_check(args.file, out)
            return 0
        # Read the user's input before the file, which may take seconds to load.
        years = parse_years_option(getattr(args, "year", None))
        when = parse_when(args.date) if args.command == "on" else None
        if args.command is None:
            return run_tui(args, years)
        if args.command == "serve":
            return run_serve(args, None if years is None else years.years)
        if args.command == "import":
            code = run_import(args, out)
            out.flush()
            return code
        # A one-shot command's objects live until it ends, and none are in
        # cycles: the collector, left on, walked them all again and again
        # (a 100k-event export spent a quarter of its time there).
        with KNOBS.collector_paused():
            # Search text is made while a large file is read only if this command searches.
            timeline = load(args.data, searchable=bool(getattr(args, "search", None)))
            if args.command in ("export", "chart"):
                run = run_export if args.command == "export" else run_chart
                code = run(args, timeline, None if years is None else years.years, out)
                out.flush()
                return code
            if when is not None:
                run_on(args, timeline, when, out)
            else:
                run_listing(args, timeline, None if years is None else years.years, out)
            out.flush()  # a full disk shows here, not at exit
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
        # Whatever is still buffered goes nowhere, so exit prints no complaint.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as error:
        # A full disk, a vanished device: one line, not a traceback.
        print(f"backes-tui: cannot write the output: {error.strerror or error}", file=sys.stderr)
        _discard_output()
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        # Ctrl+C while a large file loads: stop quietly, as a shell expects.
        return EXIT_INTERRUPTED
    return 0


def _discard_output() -> None:
    """Drop what is left in stdout's buffer, which could not be written either."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
