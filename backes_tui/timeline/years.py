"""Year ranges: the filter the app and the command line share, and its grammar."""

from __future__ import annotations

import datetime as dt
import re

import msgspec

from backes_tui.timeline.dates import OPEN_END, Span

GRAMMAR_HINT = "try 2022, 2019-2023, 2019.., since 2019, until 2001 or 1990s"

_YEAR = r"(\d{4})"
_SEPARATOR = r"\s*(?:\.\.|-|–|—|\bto\b)\s*"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"{_YEAR}"), "single"),
    (re.compile(rf"{_YEAR}{_SEPARATOR}{_YEAR}"), "closed"),
    (re.compile(rf"(?:{_YEAR}\s*(?:\.\.|-|–)|(?:since|from)\s+{_YEAR})"), "since"),
    (re.compile(rf"(?:(?:\.\.|-|–)\s*{_YEAR}|(?:until|till|to)\s+{_YEAR})"), "until"),
    (re.compile(r"([1-9]\d{2})0s"), "decade"),
)


class YearRangeError(ValueError):
    """Text that the year-filter grammar cannot read."""


class YearRange(msgspec.Struct, frozen=True):
    """Inclusive calendar years; None on a side means unbounded."""

    start: int | None
    end: int | None

    @property
    def first_day(self) -> dt.date:
        return dt.date.min if self.start is None else dt.date(self.start, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return OPEN_END if self.end is None else dt.date(self.end, 12, 31)

    @property
    def days(self) -> tuple[dt.date, dt.date]:
        return self.first_day, self.last_day

    @property
    def width(self) -> int:
        """Years covered; an open range steps one year at a time."""
        if self.start is None or self.end is None:
            return 1
        return self.end - self.start + 1

    def shifted(self, years: int) -> YearRange:
        def move(year: int | None) -> int | None:
            return None if year is None else min(max(year + years, 1), 9999)

        return YearRange(move(self.start), move(self.end))

    def describe(self) -> str:
        if self.start is not None and self.start == self.end:
            return str(self.start)
        if self.start is None and self.end is None:
            return "all years"
        if self.start is None:
            return f"until {self.end}"
        if self.end is None:
            return f"since {self.start}"
        return f"{self.start}–{self.end}"

    @classmethod
    def covering(cls, span: Span) -> YearRange:
        """The years a span touches; an ongoing span stays open-ended."""
        return cls(span.start.year, None if span.end is None else span.end.year)


class ParsedYears(msgspec.Struct, frozen=True):
    years: YearRange
    notice: str | None = None


def parse_year_range(text: str) -> ParsedYears:
    """Read the year-filter grammar; a reversed range is swapped, with a notice."""
    cleaned = " ".join(text.strip().lower().split())
    for pattern, shape in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        numbers = [int(group) for group in match.groups() if group is not None]
        if shape != "decade" and min(numbers) < 1:
            raise YearRangeError(f"cannot read {text!r} as years: year 0 does not exist")
        if shape == "single":
            return ParsedYears(YearRange(numbers[0], numbers[0]))
        if shape == "since":
            return ParsedYears(YearRange(numbers[0], None))
        if shape == "until":
            return ParsedYears(YearRange(None, numbers[0]))
        if shape == "decade":
            return ParsedYears(YearRange(numbers[0] * 10, numbers[0] * 10 + 9))
        low, high = numbers
        if low > high:
            return ParsedYears(YearRange(high, low), notice="a reversed range, swapped")
        return ParsedYears(YearRange(low, high))
    raise YearRangeError(f"cannot read {text!r} as years: {GRAMMAR_HINT}")
