"""JSON shapes and paths, worded one way for every reader: the timeline
checker and the Wikidata and Popolo importers.

A path is written as `events[3].date`, with `$` for the document itself; a
problem reads "expected an object, found an array".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypeVar, get_args, get_origin

import msgspec

T = TypeVar("T")

_JSON_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    list: "an array",
    dict: "an object",
    type(None): "null",
}


class ShapeError(ValueError):
    """A value not of the shape a reader needs; the message starts with its JSON path."""


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path and path != "$" else key


def item_path(path: str, index: int) -> str:
    return f"{'' if path == '$' else path}[{index}]"


def type_name(value: object) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def is_kind(value: object, kinds: tuple[type, ...]) -> bool:
    """Whether ``value`` is one of ``kinds`` in JSON terms: true is not a number."""
    return isinstance(value, kinds) and (not isinstance(value, bool) or bool in kinds)


def mismatch(kinds: tuple[type, ...], value: object) -> str:
    """The problem with ``value`` where one of ``kinds`` is needed."""
    wanted = " or ".join(dict.fromkeys(_JSON_TYPE_NAMES[kind] for kind in kinds))
    return f"expected {wanted}, found {type_name(value)}"


def shown(value: str, limit: int = 60) -> str:
    """A value quoted for a message: repr escapes control characters, and a
    huge string is cut so one bad field cannot flood the terminal."""
    if len(value) > limit:
        return repr(value[:limit]) + f"… ({len(value)} characters)"
    return repr(value)


def expect(value: Any, kind: type, path: str) -> Any:
    """``value`` if it is of ``kind``; else `ShapeError`."""
    if not is_kind(value, (kind,)):
        raise ShapeError(f"{path}: {mismatch((kind,), value)}")
    return value


def field(obj: Any, key: str, path: str, kind: type, *, required: bool = True) -> Any:
    """Member ``key`` of the object ``obj`` at ``path``, of ``kind``; a member
    not ``required`` may be left out (None then)."""
    members = expect(obj, dict, path)
    if key not in members:
        if not required:
            return None
        raise ShapeError(f"{join_path(path, key)}: required field is missing")
    return expect(members[key], kind, join_path(path, key))


def entries(obj: Any, key: str, path: str, kind: type) -> list[tuple[str, Any]]:
    """The elements of the optional array ``key`` of ``obj``, each of ``kind``,
    with their paths."""
    found = field(obj, key, path, list, required=False) or []
    where = join_path(path, key)
    return [
        (item_path(where, index), expect(item, kind, item_path(where, index)))
        for index, item in enumerate(found)
    ]


# msgspec's names for JSON's types, in its validation errors.
_MSGSPEC_NAMES = {
    "str": "a string",
    "int": "a number",
    "float": "a number",
    "bool": "true or false",
    "array": "an array",
    "object": "an object",
    "null": "null",
}
_WRONG_TYPE = re.compile(r"Expected `(?P<wanted>[^`]+)`, got `(?P<found>[^`]+)`")
_MISSING = re.compile(r"Object missing required field `(?P<key>[^`]+)`")
_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")


def convert(value: object, shape: type[T], path: str) -> tuple[T | None, list[tuple[str, str]]]:
    """``value`` as ``shape`` (a `msgspec.Struct`, or a list of them), or
    None and every problem that stops it, each with its JSON path, worded as above."""
    try:
        return msgspec.convert(value, shape), []
    except msgspec.ValidationError:
        return None, list(_problems(value, shape, path))


def _problems(
    value: object, shape: Any, path: str, optional: bool = False
) -> Iterator[tuple[str, str]]:
    """Each member and element on its own, so every problem is found, not only
    the first. An ``optional`` member may be left out or null, and is said to
    expect only its type."""
    if isinstance(shape, type) and issubclass(shape, msgspec.Struct):
        if not isinstance(value, dict):
            yield path, mismatch((dict,), value)
            return
        for info in msgspec.structs.fields(shape):
            where = join_path(path, info.name)
            if info.name in value:
                yield from _problems(value[info.name], info.type, where, not info.required)
            elif info.required:
                yield where, "required field is missing"
    elif get_origin(shape) is list and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _problems(item, get_args(shape)[0], item_path(path, index))
    else:
        try:
            msgspec.convert(value, shape)
        except msgspec.ValidationError as error:
            yield _worded(str(error), path, optional)


def _worded(message: str, path: str, optional: bool) -> tuple[str, str]:
    """One of msgspec's validation errors, in this module's words and path."""
    at = _AT.search(message)
    where = path + (at.group("path") if at else "")
    wrong = _WRONG_TYPE.match(message)
    if wrong is not None:
        wanted = wrong["wanted"].split(" | ")
        if optional and at is None and len(wanted) > 1:
            wanted.remove("null")
        names = [_MSGSPEC_NAMES.get(name, name) for name in wanted]
        found = _MSGSPEC_NAMES.get(wrong["found"], wrong["found"])
        return where, f"expected {' or '.join(dict.fromkeys(names))}, found {found}"
    missing = _MISSING.match(message)
    if missing is not None:
        return join_path(where, missing["key"]), "required field is missing"
    return where, message
