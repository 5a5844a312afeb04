"""Read a timeline file: the one entry point for the rest of the program.

The file is read within bounds (`reading`) and decoded by msgspec. A small
one is decoded whole and checked (`checker`); a large one is decoded an
event at a time, its events' words left in the file (`streaming`). Either
way every problem is reported with the file, its JSON path and what is wrong.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from backes_tui.storage.assemble import assemble
from backes_tui.storage.checker import Checker
from backes_tui.storage.document import TimelineError, decode, fail
from backes_tui.storage.event_file import EventFile
from backes_tui.storage.reading import ReadRefused, open_input, read_bounded, read_input
from backes_tui.timeline.model import Timeline

__all__ = ["STREAM_ABOVE", "TimelineError", "load_timeline", "parse_timeline", "read_json"]

# Above this, the events' words are left in the file, read in two passes: at
# 1 MB the two passes cost what a whole decode does (benchmarks/RESULTS.md),
# and the words held would be megabytes of strings. Below, the shipped
# file's start-up does not import the second pass's module.
STREAM_ABOVE = 1_000_000


def shipped_data_path() -> Path:
    """The timeline that ships with the app, installed or in a source checkout."""
    import importlib.resources  # only when no --data is given

    packaged = importlib.resources.files("backes_tui") / "data" / "timeline.json"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / "timeline.json"


def load_timeline(
    path: Path | None = None,
    *,
    stream_above: int | None = None,
    progress: Callable[[int], None] | None = None,
    searchable: bool = True,
) -> Timeline:
    """The timeline in ``path`` (the shipped one by default). A regular file
    larger than ``stream_above`` bytes (`STREAM_ABOVE`) keeps its events'
    words in the file, and ``progress`` is told how far through its bytes the
    load is as it goes; its search text is made as it is read, unless nothing
    will search it (``searchable``: a search then reads the words back from the file)."""
    path = path or shipped_data_path()
    label = str(path)
    limit = STREAM_ABOVE if stream_above is None else stream_above
    try:
        fd, info = open_input(path)
    except ReadRefused as error:
        raise fail(label, str(error)) from None
    large = stat.S_ISREG(info.st_mode) and info.st_size > limit
    # Made before reading, so a change made meanwhile is noticed; it closes
    # the descriptor when no event needs it.
    file = EventFile(fd, label) if large else None
    half = info.st_size // 2
    try:
        reported = None if progress is None or not large else lambda done: progress(done // 2)
        raw = read_input(fd, info.st_size, progress=reported)
    except ReadRefused as error:
        raise fail(label, str(error)) from None
    finally:
        if file is None:
            os.close(fd)
    if file is not None:
        from backes_tui.storage import streaming  # only a large file needs it

        planned = streaming.plan(raw)
        if planned is not None:
            del raw  # the second pass reads the events again, a window at a time
            decoded = None if progress is None else lambda offset: progress(half + offset // 2)
            timeline = streaming.load_planned(planned, file, searchable, decoded)
            if timeline is not None:
                return timeline
            raw = _read_again(file, label)
    data = decode(raw, label)
    del raw  # a large file's bytes are not held while its model is built
    return parse_timeline(data, label, consume=True)


def _read_again(file: EventFile, label: str) -> bytearray:
    """The bytes of a large file whose second pass gave up, for the checks that say why."""
    if file.changed():
        raise fail(label, "changed on disk while being read; run again")
    raw = bytearray(file.size)
    try:
        file.read_into(memoryview(raw), 0)
        return raw
    except (OSError, ValueError):
        raise fail(label, "changed on disk while being read; run again") from None


def read_json(path: Path) -> object:
    """Any JSON document (an import's source), read within the same bounds,
    with the same checks and wording as a timeline file: no NaN, no key given
    twice, every problem placed."""
    label = str(path)
    try:
        raw = read_bounded(path)
    except ReadRefused as error:
        raise fail(label, str(error)) from None
    return decode(raw, label)


def parse_timeline(data: object, label: str, *, consume: bool = False) -> Timeline:
    """Check parsed JSON and build the timeline.

    With ``consume``, each event's dict is dropped from ``data`` once it has
    become an `Event`, so a large file's parse tree and model are not both
    held in full at once.
    """
    checker = Checker(consume=consume)
    checked = checker.check(data)
    if checker.problems or checked is None:
        raise TimelineError([f"{label}: {path}: {message}" for path, message in checker.problems])
    return assemble(checked)
