"""Partial dates, spans and the derived values (ages, lengths) built on them.

A timeline rarely knows every day: the article gives "1994", "September 2023"
or "21 May 1976". `PartialDate` keeps exactly the precision that was stated and
answers questions with its earliest and latest possible day instead of
inventing one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from enum import IntEnum
from functools import total_ordering
from typing import Literal

import msgspec
from dateutil.relativedelta import relativedelta

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# ASCII digits only: `\d` and `int` also take "٢٠١٩" or "２０１９" as 2019.
_DATE_SHAPE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(~)?", re.ASCII)

# Ongoing spans count "after as_of too", so their open end is the last day
# Python can represent rather than a guess.
OPEN_END = dt.date.max


class DateError(ValueError):
    """A date string that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (+ `~`)."""


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return _MONTH_LENGTHS[month - 1]


_MONTH_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date at the precision stated, as the days it may mean.

    ``approximate`` (EDTF's ``~``) qualifies the whole date, as in EDTF level 1
    and its reference implementation: each stated part may be one unit off,
    so "c. 2005" means 2004–2006. ``not_before`` narrows the first possible
    day where the source says more than the precision does ("in 1994 at the
    age of 18": not before her 18th birthday).
    """

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    not_before: dt.date | None = None
    # Derived once: every filter and sort compares this, 100,000s of times.
    sort_key: tuple[int, int, bool] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        month = self.month or 12
        earliest = dt.date(self.year, self.month or 1, self.day or 1)
        latest = dt.date(self.year, month, self.day or _month_length(self.year, month))
        if self.approximate:
            earliest, latest = _widened(earliest, latest, self.month is not None, self.day)
        if self.not_before is not None:
            earliest = max(earliest, self.not_before)
        # The first and last possible day together identify the precision, so
        # this key is total and agrees with equality. A day is one number, not
        # two equal ones: a large timeline holds tens of thousands of dates.
        first = earliest.toordinal()
        last = first if latest == earliest else latest.toordinal()
        object.__setattr__(self, "sort_key", (first, last, self.approximate))

    @property
    def earliest(self) -> dt.date:
        """The first day this date may mean."""
        return dt.date.fromordinal(self.sort_key[0])

    @property
    def latest(self) -> dt.date:
        """The last day this date may mean."""
        return dt.date.fromordinal(self.sort_key[1])

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        return _parse(text)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __str__(self) -> str:
        """The data-file form, e.g. ``2023-09`` or ``2005~``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + ("~" if self.approximate else "")

    def format(self) -> str:
        """Human form at the stated precision: "21 May 1976", "c. 2005"."""
        if self.day is not None and self.month is not None:
            text = f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"
        elif self.month is not None:
            text = f"{MONTH_NAMES[self.month - 1]} {self.year}"
        else:
            text = str(self.year)
        return f"c. {text}" if self.approximate else text


def _widened(
    earliest: dt.date, latest: dt.date, has_month: bool, day: int | None
) -> tuple[dt.date, dt.date]:
    """An approximate date's days: one unit of each stated part either side."""
    unit = relativedelta(years=1, months=1 if has_month else 0, days=1 if day else 0)
    try:
        low = earliest - unit
    except (OverflowError, ValueError):
        low = dt.date.min
    try:
        high = latest + unit
    except (OverflowError, ValueError):
        high = dt.date.max
    return low, high


_YEARS: dict[str, int] = {}


def foreign_digit(text: str) -> str | None:
    """The first digit of ``text`` that is not an ASCII 0-9, if any."""
    return next((c for c in text if c.isdigit() and not c.isascii()), None)


def _parse(text: str) -> PartialDate:
    match = _DATE_SHAPE.fullmatch(text)
    if match is None:
        digit = foreign_digit(text)
        if digit is not None:
            raise DateError(f"digits must be 0-9, found {digit!r} (U+{ord(digit):04X})")
        raise DateError("expected YYYY, YYYY-MM or YYYY-MM-DD, optionally ending in '~'")
    year_text, month_text, day_text, tilde = match.groups()
    # One number per year, shared by its dates (past 256, each int is an object).
    year = _YEARS.setdefault(year_text, int(year_text))
    if year < 1:
        raise DateError("year 0 does not exist")
    month = int(month_text) if month_text else None
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"month {month}")
    day = int(day_text) if day_text else None
    if day is not None and month is not None:
        last = _month_length(year, month)
        if not 1 <= day <= last:
            raise DateError(f"day {day}; {MONTH_NAMES[month - 1]} {year} has {last} days")
    return PartialDate(year, month, day, approximate=bool(tilde))


EndStatus = Literal["known", "ongoing", "unknown"]


class Span(msgspec.Struct, frozen=True):
    """A period with a start and an end that is known, ongoing or unknown.

    ``end`` None with ``end_unknown`` False means ongoing as of the timeline's
    ``as_of``; with ``end_unknown`` the source does not say when it ended, or
    whether it has. ``start_is_bound`` marks a start known only as an upper
    bound ("had become a member by July 2022"); the period then held on some
    day of that bound, and began on or after ``floor`` (her birth).
    """

    start: PartialDate
    end: PartialDate | None = None
    start_is_bound: bool = False
    end_unknown: bool = False
    floor: dt.date = dt.date.min

    @property
    def ongoing(self) -> bool:
        return self.end is None and not self.end_unknown

    @property
    def end_status(self) -> EndStatus:
        if self.end is not None:
            return "known"
        return "unknown" if self.end_unknown else "ongoing"

    @property
    def earliest(self) -> dt.date:
        """The first day the period may have begun."""
        return self.floor if self.start_is_bound else self.start.earliest

    @property
    def latest(self) -> dt.date:
        """The last day the period may have lasted to (open when not ended)."""
        return OPEN_END if self.end is None else self.end.latest

    def format(self, as_of: PartialDate | None = None) -> str:
        start = self.start.format()
        if self.start_is_bound:
            start = f"by {start}"
        if self.end is not None:
            return f"{start} – {self.end.format()}"
        if self.end_unknown:
            return f"{start}; end not stated"
        return f"{start} – ongoing" + (f" as of {as_of.format()}" if as_of else "")

    def length(self, as_of: PartialDate) -> str:
        """How long the span lasted, or has lasted by ``as_of`` if ongoing."""
        if self.end_unknown:
            return "not known (end not stated)"
        end = self.end or as_of
        if self.start_is_bound:
            # Only the shortest reading is known: count from the bound's last day.
            last = self.start.latest
            text = f"at least {format_duration(PartialDate(last.year, last.month, last.day), end)}"
        else:
            text = format_duration(self.start, end)
        return f"{text} so far" if self.end is None else text


class AgeRange(msgspec.Struct, frozen=True):
    low: int
    # None: the source gives no later limit ("in or after 2013").
    high: int | None

    def format(self) -> str:
        if self.high is None:
            return f"age {self.low} or more"
        if self.low == self.high:
            return f"age {self.low}"
        if self.low == 0:
            return f"age at most {self.high}"
        return f"age {self.low}–{self.high}"


def age_at(born: PartialDate, when: PartialDate, last: dt.date | None = None) -> AgeRange | None:
    """Her age on ``when``; a range where either date is coarse. ``last``
    cuts the days of ``when`` that count (the source's horizon).

    Returns None for dates that may fall before the birth.
    """
    latest = when.latest if last is None else min(when.latest, last)
    if latest < born.earliest:
        return None
    low = max(whole_years(born.latest, when.earliest), 0)
    high = whole_years(born.earliest, latest)
    return AgeRange(low, high)


def whole_years(start: dt.date, end: dt.date) -> int:
    """Birthdays from ``start`` to ``end`` (``end`` on or after it): what
    relativedelta(end, start).years says, with plain arithmetic, since an
    export asks for every event's age. One born on 29 February turns a year
    older on 1 March in other years, as relativedelta counts."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _years_months(delta: relativedelta, with_days: bool) -> str:
    parts = []
    for amount, unit in ((delta.years, "year"), (delta.months, "month")):
        if amount:
            parts.append(f"{amount} {unit}{'s' if amount != 1 else ''}")
    if with_days and (delta.days or not parts):
        parts.append(f"{delta.days} day{'s' if delta.days != 1 else ''}")
    return " ".join(parts) if parts else "less than a month"


def format_duration(start: PartialDate, end: PartialDate) -> str:
    """Length from ``start`` to ``end``: exact at day precision, else a range.

    Coarse ends give a shortest and a longest reading; when they agree at the
    coarsest precision involved only one is shown.
    """
    precision = min(start.precision, end.precision)
    if precision is Precision.DAY:
        delta = relativedelta(end.earliest, start.earliest)
        return _years_months(delta, with_days=delta.years == 0 and delta.months == 0)
    shortest = relativedelta(max(end.earliest, start.latest), start.latest)
    longest = relativedelta(end.latest, start.earliest)
    if precision is Precision.YEAR:
        low, high = shortest.years, longest.years
        if low == high:
            return f"{low} year{'s' if low != 1 else ''}"
        return f"{low}–{high} years"
    low_text = _years_months(shortest, with_days=False)
    high_text = _years_months(longest, with_days=False)
    return low_text if low_text == high_text else f"{low_text} – {high_text}"
