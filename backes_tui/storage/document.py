"""A JSON document's bytes decoded, with every problem placed exactly.

msgspec decodes in C, and refuses what is not JSON (NaN, Infinity, bytes
that are not UTF-8, half of a surrogate pair), but says little about where,
and keeps the last of a key given twice without a word. So a document it
decodes is taken only once no key can have been dropped (`no_key_dropped`);
anything else goes to Python's json with our hooks, whose errors name the
line and the column. It says neither where nor under which path it met NaN,
Infinity or a key given twice, and it reads an escaped half of a surrogate
pair ("\\ud800") without complaint: on those error paths only, `locate`
scans the text once more, token by token, keeping the JSON path.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from typing import Any

import msgspec

BOM = codecs.BOM_UTF8
_ANY = msgspec.json.Decoder()
# The most digits Python turns into an int (3.10.7 on; older ones had no limit).
_MAX_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
_LONG_NUMBER = re.compile(rf"-?\d{{{_MAX_DIGITS + 1},}}")
_ENCODER = msgspec.json.Encoder()
# The escapes of "0" to "?", ":" among them; no writer escapes these unasked.
ESCAPED_COLON = b"\\u003"
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
# Strings (with escapes), the bare literals Python accepts, and structure.
_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"|-?Infinity|NaN|true|false|null|-?\d[\d.eE+-]*|[{}\[\]:,]|\S',
    re.DOTALL,
)


class TimelineError(Exception):
    """A file that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def fail(label: str, message: str) -> TimelineError:
    """The problem with a whole document, at its JSON path `$`."""
    return TimelineError([f"{label}: $: {message}"])


def no_key_dropped(raw: bytes | bytearray, value: object) -> bool:
    """Whether ``value``, decoded from ``raw``, holds every member ``raw``
    gives: no key given twice (nor one a typed decoder ignores).

    Every ":" outside a string follows an object's key, and an encoder writes
    a ":" inside a string as it is; so the colons of ``value`` encoded again
    are as many as ``raw``'s exactly when no member was dropped. An escaped
    colon (``\\u003a``) would upset the count: then json, with a hook that
    sees every key, says.
    """
    if ESCAPED_COLON not in raw:
        return raw.count(b":") == _ENCODER.encode(value).count(b":")
    try:
        json.loads(raw, object_pairs_hook=_no_duplicates)
    except (ValueError, RecursionError):
        return False
    return True


def body_start(raw: bytes | bytearray) -> int:
    """Where the document starts: after a byte order mark."""
    return len(BOM) if raw.startswith(BOM) else 0


def decode(raw: bytearray, label: str) -> Any:
    """The JSON value in ``raw`` (a file's bytes); `TimelineError` names the
    problem, its JSON path or its line and column."""
    with memoryview(raw) as view:
        try:
            value = _ANY.decode(view[body_start(raw) :])
        except (msgspec.DecodeError, RecursionError):
            return _decode_exactly(raw, label)
    return value if no_key_dropped(raw, value) else _decode_exactly(raw, label)


def _decode_exactly(raw: bytearray, label: str) -> object:
    """``raw`` read by Python's json, the reader whose errors are placed."""
    if not raw.strip():
        raise fail(label, "file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start
        raise fail(label, f"not UTF-8 text (byte 0x{raw[offset]:02x} at offset {offset})") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
        if _ESCAPED_SURROGATE.search(text):
            # json reads half of a pair into a string that no output could encode.
            json.dumps(data, ensure_ascii=False).encode()
        return data
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise fail(label, f"invalid JSON at {where}: {error.msg}") from None
    except ValueError as error:  # UnicodeEncodeError among them
        long = _LONG_NUMBER.search(text) if "integer string conversion" in str(error) else None
        if long is not None:
            # Python refuses to read it (CVE-2020-10735): say where, not its advice.
            line, column = _line_column(text, long.start())
            digits = len(long.group().lstrip("-"))
            raise fail(
                label,
                f"line {line} column {column}: a number of {digits} digits, "
                f"more than the {_MAX_DIGITS} a number here may have",
            ) from None
        # NaN, Infinity, a duplicate key or half a surrogate pair: json does
        # not say where, so look.
        found = locate(text)
        raise TimelineError([f"{label}: {found or f'$: {error}'}"]) from None
    except RecursionError:
        raise fail(label, "JSON is nested too deeply") from None


def _reject_constant(name: str) -> Any:
    """For ``parse_constant``: NaN and Infinity are not JSON, though Python reads them."""
    raise ValueError(f"{name} is not allowed in JSON")


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """``object_pairs_hook`` that refuses a key given twice, which `json`
    would otherwise settle silently by keeping the last."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise ValueError("duplicate key")
    return obj


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


class _Level:
    """An object or an array being scanned: where in it the scan is."""

    def __init__(self, keys: set[str] | None) -> None:
        self.keys = keys  # an object's keys so far; None for an array
        self.at: str | int | None = None if keys is not None else 0
        self.wants_key = keys is not None


def _path(levels: list[_Level]) -> str:
    path = ""
    for level in levels:
        if level.keys is None:
            path = f"{path}[{level.at}]"
        elif level.at is not None:
            path = f"{path}.{level.at}" if path else str(level.at)
    return path or "$"


def locate(text: str) -> str | None:
    """The path of the first NaN, Infinity, duplicate key or lone surrogate in
    ``text``, then the problem, its line and its column; None if there is none."""
    levels: list[_Level] = []
    for match in _TOKEN.finditer(text):
        token, top = match.group(), levels[-1] if levels else None
        problem = None
        if token in ("{", "["):
            levels.append(_Level(set() if token == "{" else None))
        elif token in ("}", "]"):
            if levels:
                levels.pop()
        elif top is not None and token == ",":
            if isinstance(top.at, int):
                top.at += 1
            else:
                top.wants_key = True
        elif top is not None and token == ":":
            top.wants_key = False
        elif token in ("NaN", "Infinity", "-Infinity"):
            problem = f"{token.lstrip('-')} is not allowed in JSON"
        elif token.startswith('"'):
            value = json.loads(token) if "\\" in token else token[1:-1]
            half = next((char for char in value if "\ud800" <= char <= "\udfff"), None)
            owner = top if top is not None and top.wants_key else None
            if half is not None:
                problem = f"\\u{ord(half):04x} is half of a UTF-16 surrogate pair, not a character"
                if owner is not None:
                    owner.at, problem = None, f"{problem} (in a key)"
            elif owner is not None and owner.keys is not None:
                owner.at = value
                if value in owner.keys:
                    problem = f"duplicate key {value!r}"
                owner.keys.add(value)
        if problem is not None:
            line, column = _line_column(text, match.start())
            return f"{_path(levels)}: {problem} (line {line} column {column})"
    return None
