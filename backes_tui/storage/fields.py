"""Reading the fields of decoded JSON, each problem noted with its JSON path.

`FieldReader` holds the problems found so far and reads one field at a time:
a required, non-blank string, an optional one, a date, a list of objects, a
period's span, citations. `Checker` builds the document's sections on it.
Values are typed at the JSON boundary (`JsonValue`): each field read says
what it expects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any, Protocol, TypeAlias, TypeVar

import msgspec
from msgspec import UNSET

from backes_tui.storage.shapes import convert, is_kind, join_path, mismatch, shown, type_name
from backes_tui.timeline.dates import DateError, PartialDate, Precision, Span
from backes_tui.timeline.model import CITE_SUPPORTS, Cite

JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = "dict[str, JsonValue]"

# A period's "end" when the source does not say when (or whether) it ended.
UNKNOWN = "unknown"
T = TypeVar("T")

_STRING = (str,)
_STRING_OR_NULL = (str, type(None))


class CiteFields(msgspec.Struct, kw_only=True):
    source: str
    quote: str
    # "start", "end" or both; its own message says so (`FieldReader.supports`).
    supports: Any = UNSET


def supports_named(value: object) -> tuple[str, ...] | None:
    """What a citation's "supports" names, in `CITE_SUPPORTS` order: () when
    left out (the citation backs the item), None if it is not "start", "end"
    or a list of them."""
    if value is None or value is UNSET:
        return ()
    named = [value] if isinstance(value, str) else value
    if not isinstance(named, list) or not all(
        isinstance(v, str) and v in CITE_SUPPORTS for v in named
    ):
        return None
    return tuple(v for v in CITE_SUPPORTS if v in named)


class IdSet(Protocol):
    def __contains__(self, item_id: str) -> bool: ...

    def add(self, item_id: str) -> None: ...


IdSetT = TypeVar("IdSetT", bound=IdSet)


class FieldReader:
    """Reads fields, collecting every problem instead of stopping at the first."""

    def __init__(self, *, consume: bool = False) -> None:
        self.problems: list[tuple[str, str]] = []
        self.consume = consume
        self.floor = dt.date.min
        # A large timeline repeats a few thousand dates, and links, many
        # times: each is parsed once and shared.
        self.dates: dict[str, PartialDate] = {}
        self.office_links: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.party_links: dict[tuple[str, ...], tuple[str, ...]] = {}

    def problem(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    # -- fields -------------------------------------------------------------------------

    def typed(self, obj: JsonObject, key: str, path: str, kinds: tuple[type, ...]) -> JsonValue:
        """``obj[key]`` if present and of one of ``kinds``; else None with a problem noted."""
        if key not in obj:
            self.problem(join_path(path, key), "required field is missing")
            return None
        value = obj[key]
        if not is_kind(value, kinds):
            self.problem(join_path(path, key), mismatch(kinds, value))
            return None
        return value

    def text(self, obj: JsonObject, key: str, path: str) -> str | None:
        """A required, non-blank string."""
        value = self.typed(obj, key, path, _STRING)
        if not isinstance(value, str):
            return None
        if not value.strip():
            self.problem(join_path(path, key), "must not be empty")
            return None
        return value

    def optional_text(self, obj: JsonObject, key: str, path: str) -> str | None:
        """A string that may be missing or null (None then)."""
        if obj.get(key) is None:
            return None
        value = self.typed(obj, key, path, _STRING)
        return value if isinstance(value, str) else None

    def date(self, obj: JsonObject, key: str, path: str, *, nullable: bool) -> PartialDate | None:
        value = self.typed(obj, key, path, _STRING_OR_NULL if nullable else _STRING)
        return self.date_text(value, path, key)

    def date_text(self, value: object, path: str, key: str) -> PartialDate | None:
        if not isinstance(value, str):
            return None
        date = self.dates.get(value)
        if date is not None:
            return date
        try:
            date = self.dates[value] = PartialDate.parse(value)
            return date
        except DateError as error:
            self.problem(join_path(path, key), f"{shown(value)} is not a valid date ({error})")
            return None

    def objects(
        self, data: JsonObject, key: str, path: str = ""
    ) -> Iterator[tuple[str, JsonObject]]:
        """The objects in list ``key``, each with its JSON path.

        When consuming, an object is dropped from the list once the caller
        has taken what it needs from it.
        """
        where = join_path(path, key)
        items = self.typed(data, key, path, (list,))
        for index, item in enumerate(items if isinstance(items, list) else []):
            item_path = f"{where}[{index}]"
            if isinstance(item, dict):
                yield item_path, item
                if self.consume:
                    items[index] = None  # type: ignore[index]  # a list, as checked above
            else:
                self.problem(item_path, f"expected an object, found {type_name(item)}")

    def strings(self, obj: JsonObject, key: str, path: str) -> tuple[str, ...]:
        """An array of strings that may be missing (empty then), but not null."""
        values = self.typed(obj, key, path, (list,)) if key in obj else []
        good = []
        for index, value in enumerate(values if isinstance(values, list) else []):
            if isinstance(value, str):
                good.append(value)
            else:
                self.problem(
                    f"{path}.{key}[{index}]", f"expected a string, found {type_name(value)}"
                )
        return tuple(good)

    def shaped(self, value: object, shape: type[T], path: str) -> T | None:
        """``value`` as ``shape``, or None with every problem noted."""
        found, problems = convert(value, shape, path)
        for where, message in problems:
            self.problem(where, message)
        return found

    def nonblank(self, value: str, path: str, key: str) -> str | None:
        if value and not value.isspace():
            return value
        self.problem(join_path(path, key), "must not be empty")
        return None

    def cites(self, obj: JsonObject, path: str, sources: set[str]) -> tuple[Cite, ...]:
        if "cites" not in obj:
            self.problem(join_path(path, "cites"), "required field is missing")
            return ()
        listed = self.shaped(obj["cites"], list[CiteFields], join_path(path, "cites"))
        return () if listed is None else self.cite_list(path, listed, sources)

    def cite_list(self, path: str, cites: list[CiteFields], sources: set[str]) -> tuple[Cite, ...]:
        """The citations of the item at ``path``: at least one, each from a known source."""
        if not cites:
            self.problem(f"{path}.cites", "needs at least one citation")
        found = []
        for index, cite in enumerate(cites):
            cite_path = f"{path}.cites[{index}]"
            source = self.nonblank(cite.source, cite_path, "source")
            quote = self.nonblank(cite.quote, cite_path, "quote")
            supports = supports_named(cite.supports)
            if supports is None:
                self.problem(f"{cite_path}.supports", 'expected "start", "end" or ["start", "end"]')
            if source is not None and source not in sources:
                self.problem(f"{cite_path}.source", f"unknown source {shown(source)}")
            if source is not None and quote is not None:
                found.append(Cite(source, quote, supports or ()))
        return tuple(found)

    def narrowed(
        self, date: PartialDate | None, bound_text: object, path: str, key: str
    ) -> PartialDate | None:
        """``date`` narrowed by ``<key>_not_before``, the first day the source allows."""
        bound_key = f"{key}_not_before"
        bound = self.date_text(bound_text, path, bound_key)
        if bound is None or date is None:
            return date
        if bound.precision is not Precision.DAY:
            self.problem(join_path(path, bound_key), "must be a day (YYYY-MM-DD)")
            return date
        if not date.earliest < bound.earliest <= date.latest:
            self.problem(join_path(path, bound_key), f"{str(bound)!r} is not inside {str(date)!r}")
            return date
        return replace(date, not_before=bound.earliest)

    def span(self, obj: JsonObject, path: str) -> Span | None:
        start = self.date(obj, "start", path, nullable=True)
        start = self.narrowed(
            start, self.optional_text(obj, "start_not_before", path), path, "start"
        )
        bound = self.optional_text(obj, "start_by", path)
        start_by = self.date_text(bound, path, "start_by")
        end_unknown = obj.get("end") == UNKNOWN
        end = None if end_unknown else self.date(obj, "end", path, nullable=True)
        if obj.get("start") is not None and bound is not None:
            self.problem(f"{path}.start_by", "give start or start_by, not both")
        if "start" in obj and obj["start"] is None and bound is None:
            self.problem(
                f"{path}.start", "is null, so start_by must give the latest possible start"
            )
        begin = start or start_by
        if begin is None:
            return None
        self.check_order(begin, end, f"{path}.end")
        return Span(begin, end, start is None, end_unknown, self.floor)

    def check_order(self, start: PartialDate, end: PartialDate | None, where: str) -> None:
        if end is not None and end.latest < start.earliest:
            self.problem(where, f"{str(end)!r} is before the start {str(start)!r}")

    # -- ids and links ----------------------------------------------------------------------

    def unique(self, items: Iterable[tuple[str, str]], what: str) -> set[str]:
        return self.unique_into(set(), items, what)

    def unique_into(self, seen: IdSetT, items: Iterable[tuple[str, str]], what: str) -> IdSetT:
        """``seen`` with the ids of ``items`` added, noting any repeated one."""
        for path, item_id in items:
            if item_id in seen:
                self.problem(f"{path}.id", f"duplicate {what} id {shown(item_id)}")
            seen.add(item_id)
        return seen

    def references(
        self, path: str, key: str, ids: tuple[str, ...], known: IdSet, what: str
    ) -> None:
        for index, item_id in enumerate(ids):
            if item_id not in known:
                self.problem(f"{path}.{key}[{index}]", f"unknown {what} id {shown(item_id)}")

    def section(
        self, data: JsonObject, key: str, read: Callable[[str, JsonObject], T | None]
    ) -> list[tuple[str, T]]:
        found = []
        for path, obj in self.objects(data, key):
            item = read(path, obj)
            if item is not None:
                found.append((path, item))
        return found
