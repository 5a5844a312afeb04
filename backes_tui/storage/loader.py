"""Read a timeline file: the one entry point for the rest of the program.

A small file is parsed whole and checked (`checker`); a large one is read as
a stream (`streaming`), its events' words left in the file. Either way every
problem is reported with the file, its JSON path and what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from backes_tui.storage.checker import Checker, assemble, type_name
from backes_tui.storage.json_positions import (
    line_column,
    locate,
    lone_surrogate_escape,
    no_duplicates,
)
from backes_tui.storage.json_stream import reject_constant
from backes_tui.storage.streaming import load_streaming
from backes_tui.timeline.model import Timeline

# Streaming (msgspec's block reader) peaks lower than a whole parse, and is
# quicker above about 1 MB (1.1 MB: 32 against 34 ms, 3.8 MB: 146 against
# 186 ms). Below, making its decoder and reading in blocks cost more than
# they save (380 KB: 14 against 12 ms; the shipped file: 4 against 2 ms).
STREAM_ABOVE = 1_000_000


class TimelineError(Exception):
    """A timeline that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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
    larger than ``stream_above`` bytes (`STREAM_ABOVE`) is read as a stream,
    and ``progress`` is told how many of its bytes have been read as it goes;
    its search text is made as it is read, unless nothing will search it
    (``searchable``: a search then reads the words back from the file)."""
    path = path or shipped_data_path()
    label = str(path)
    limit = STREAM_ABOVE if stream_above is None else stream_above
    timeline = load_streaming(path, label, limit, progress, searchable)
    if timeline is not None:
        return timeline
    text = _read_text(path, label)
    data = _parse_json(text, label)
    if not isinstance(data, dict):
        start = len(text) - len(text.lstrip())
        line, column = line_column(text, start)
        found = type_name(data)
        raise _fail(
            label,
            f"expected a JSON object at the top level, found {found} (line {line} column {column})",
        )
    del text  # a large file's text is not held while its model is built
    return parse_timeline(data, label, consume=True)


def read_json(path: Path) -> object:
    """Any JSON document (an import's source), read with the same checks and
    wording as a timeline file: no NaN, no key given twice, every problem placed."""
    label = str(path)
    return _parse_json(_read_text(path, label), label)


def _read_text(path: Path, label: str) -> str:
    try:
        return _decode(path.read_bytes(), label)  # the bytes are dropped once decoded
    except OSError as error:
        raise _fail(label, f"cannot read file: {error.strerror or error}") from None


def _fail(label: str, message: str) -> TimelineError:
    return TimelineError([f"{label}: $: {message}"])


def _decode(raw: bytes, label: str) -> str:
    if not raw.strip():
        raise _fail(label, "file is empty")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start
        raise _fail(
            label, f"not UTF-8 text (byte 0x{raw[offset]:02x} at offset {offset})"
        ) from None


def _parse_json(text: str, label: str) -> object:
    try:
        data = json.loads(text, parse_constant=reject_constant, object_pairs_hook=no_duplicates)
        if lone_surrogate_escape(text):
            # json reads it into a string that no output could encode.
            raise ValueError("half of a surrogate pair")
        return data
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise _fail(label, f"invalid JSON at {where}: {error.msg}") from None
    except ValueError as error:
        # NaN, Infinity, a duplicate key or half a surrogate pair: json does
        # not say where, so look.
        place = locate(text)
        if place is None:
            raise _fail(label, str(error)) from None
        raise TimelineError([f"{label}: {place.path}: {place.describe()}"]) from None
    except RecursionError:
        raise _fail(label, "JSON is nested too deeply") from None


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
