"""A JSON document's bytes decoded, with every problem placed exactly.

msgspec decodes in C, and refuses what is not JSON (NaN, Infinity, bytes
that are not UTF-8, half of a surrogate pair), but says little about where,
and keeps the last of a key given twice without a word. So a document it
decodes is taken only once no key can have been dropped (`no_key_dropped`);
anything else goes to Python's json with our hooks, whose errors name the
line, the column and the JSON path (`json_positions`).
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from typing import Any

import msgspec

from backes_tui.storage.json_positions import (
    line_column,
    locate,
    no_duplicates,
)
from backes_tui.storage.shapes import type_name

BOM = codecs.BOM_UTF8
_ANY = msgspec.json.Decoder()
# The most digits Python turns into an int (3.10.7 on; older ones had no limit).
_MAX_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
_LONG_NUMBER = re.compile(rf"-?\d{{{_MAX_DIGITS + 1},}}")
_ENCODER = msgspec.json.Encoder()
# The escapes of "0" to "?", ":" among them; no writer escapes these unasked.
ESCAPED_COLON = b"\\u003"
_SPACE = b" \t\n\r"
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


class TimelineError(Exception):
    """A file that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def fail(label: str, message: str) -> TimelineError:
    """The problem with a whole document, at its JSON path `$`."""
    return TimelineError([f"{label}: $: {message}"])


def reject_constant(name: str) -> Any:
    """For ``parse_constant``: NaN and Infinity are not JSON, though Python reads them."""
    raise ValueError(f"{name} is not allowed in JSON")


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
        json.loads(raw, object_pairs_hook=no_duplicates)
    except (ValueError, RecursionError):
        return False
    return True


def body_start(raw: bytes | bytearray) -> int:
    """Where the document starts: after a byte order mark."""
    return len(BOM) if raw.startswith(BOM) else 0


def decode_quickly(raw: bytearray) -> tuple[bool, object]:
    """(True, the value) if msgspec reads ``raw`` as JSON that loses nothing;
    else (False, None), and `decode_exactly` says what is wrong."""
    with memoryview(raw) as view:
        try:
            value = _ANY.decode(view[body_start(raw) :])
        except (msgspec.DecodeError, RecursionError):
            return False, None
    return (True, value) if no_key_dropped(raw, value) else (False, None)


def decode_document(raw: bytearray, label: str) -> dict[str, Any]:
    """The JSON object in ``raw`` (a file's bytes); `TimelineError` names the
    problem, its JSON path and its line and column."""
    done, value = decode_quickly(raw)
    if not done:
        value = decode_exactly(raw, label)
    if not isinstance(value, dict):
        body = raw[body_start(raw) :]
        space = body[: len(body) - len(body.lstrip(_SPACE))].decode("ascii")
        line, column = line_column(space, len(space))
        raise fail(
            label,
            f"expected a JSON object at the top level, found {type_name(value)} "
            f"(line {line} column {column})",
        )
    return value


def decode_exactly(raw: bytes | bytearray, label: str) -> object:
    """``raw`` read by Python's json, the reader whose errors are placed."""
    if not raw.strip():
        raise fail(label, "file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start
        raise fail(label, f"not UTF-8 text (byte 0x{raw[offset]:02x} at offset {offset})") from None
    try:
        data = json.loads(text, parse_constant=reject_constant, object_pairs_hook=no_duplicates)
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
            line = text.count("\n", 0, long.start()) + 1
            column = long.start() - text.rfind("\n", 0, long.start())
            digits = len(long.group().lstrip("-"))
            raise fail(
                label,
                f"line {line} column {column}: a number of {digits} digits, "
                f"more than the {_MAX_DIGITS} a number here may have",
            ) from None
        # NaN, Infinity, a duplicate key or half a surrogate pair: json does
        # not say where, so look.
        found = locate(text)
        if found is None:
            raise fail(label, str(error)) from None
        raise TimelineError([f"{label}: {found.path}: {found.describe()}"]) from None
    except RecursionError:
        raise fail(label, "JSON is nested too deeply") from None
