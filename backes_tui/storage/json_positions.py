"""Where in a JSON text a problem is that Python's parser reports without a place.

`json` rejects NaN and Infinity (through ``parse_constant``) and, with our
hook, duplicate keys, but says neither where nor under which path; it reads
an escaped half of a UTF-16 surrogate pair ("\\ud800") without complaint,
into a string that no output can encode. Only on those error paths, this
scans the text once more, token by token, keeping the JSON path, and finds
the first such problem's line, column and path.
"""

from __future__ import annotations

import re

import msgspec

# Strings (with escapes), the bare literals Python accepts, and structure.
_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"|-?Infinity|NaN|true|false|null|-?\d[\d.eE+-]*|[{}\[\]:,]|\S',
    re.DOTALL,
)


class Located(msgspec.Struct, frozen=True):
    path: str
    line: int
    column: int
    problem: str

    def describe(self) -> str:
        return f"{self.problem} (line {self.line} column {self.column})"


class DuplicateKey(ValueError):
    """Raised by `no_duplicates`; `locate` then says where."""


def no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """``object_pairs_hook`` that refuses a key given twice, which `json`
    would otherwise settle silently by keeping the last."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise DuplicateKey("duplicate key")
    return obj


def _lone_surrogate(value: str) -> str | None:
    """The first half of a surrogate pair in ``value``, a string json has read,
    that has no other half (a whole pair, escaped, becomes one character)."""
    return next((char for char in value if "\ud800" <= char <= "\udfff"), None)


def line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _path(stack: list[tuple[str, object]]) -> str:
    path = ""
    for kind, where in stack:
        if kind == "object" and where is not None:
            path = f"{path}.{where}" if path else str(where)
        elif kind == "array":
            path = f"{path}[{where}]"
    return path or "$"


def locate(text: str) -> Located | None:
    """The first NaN, Infinity, duplicate key or lone surrogate in ``text``, or None."""
    import json

    # Each frame: ("object", current key, keys seen, expecting a key) or ("array", index).
    stack: list[tuple[str, object]] = []
    keys: list[set[str]] = []
    expect_key: list[bool] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("{", "["):
            if token == "{":
                stack.append(("object", None))
                keys.append(set())
                expect_key.append(True)
            else:
                stack.append(("array", 0))
                keys.append(set())
                expect_key.append(False)
        elif token in ("}", "]"):
            if stack:
                stack.pop()
                keys.pop()
                expect_key.pop()
        elif token == ",":
            if stack and stack[-1][0] == "array":
                index = stack[-1][1]
                stack[-1] = ("array", index + 1 if isinstance(index, int) else 0)
            elif stack:
                expect_key[-1] = True
        elif token == ":":
            if expect_key:
                expect_key[-1] = False
        elif (
            token.startswith('"')
            and "\\u" in token
            and (char := _lone_surrogate(json.loads(token)))
        ):
            line, column = line_column(text, match.start())
            problem = f"\\u{ord(char):04x} is half of a UTF-16 surrogate pair, not a character"
            if stack and stack[-1][0] == "object" and expect_key[-1]:
                where = _path([*stack[:-1], ("object", None)])
                return Located(where, line, column, f"{problem} (in a key)")
            return Located(_path(stack), line, column, problem)
        elif stack and stack[-1][0] == "object" and expect_key[-1] and token.startswith('"'):
            key = json.loads(token)
            if key in keys[-1]:
                line, column = line_column(text, match.start())
                stack[-1] = ("object", key)
                return Located(_path(stack), line, column, f"duplicate key {key!r}")
            keys[-1].add(key)
            stack[-1] = ("object", key)
        elif token in ("NaN", "Infinity", "-Infinity"):
            line, column = line_column(text, match.start())
            name = token.lstrip("-")
            return Located(_path(stack), line, column, f"{name} is not allowed in JSON")
    return None
