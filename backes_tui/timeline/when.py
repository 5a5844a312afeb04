"""Reading a date as a person types it, at the precision they gave.

The command line's `on DATE` and the app's "What held on…" both read dates
here, so they take the same forms and refuse the same ambiguities.
"""

from __future__ import annotations

import datetime as dt
import re

from backes_tui.timeline.dates import DateError, PartialDate

_AMBIGUOUS = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\s*")


class WhenError(ValueError):
    """Text that is not a date, or one that reads two ways; the message is one line."""


def read_when(text: str) -> PartialDate:
    """A date at the precision given: "2022", "Sept 2022", "1 September 2022".

    Free forms go through dateutil twice with different defaults; a part that
    changes with the default was not in the text, so it is never taken from
    today's date.
    """
    cleaned = text.strip()
    try:
        return PartialDate.parse(cleaned)
    except DateError:
        pass
    numeric = _AMBIGUOUS.fullmatch(cleaned)
    if numeric is not None:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if first != second and first <= 12 and second <= 12:
            year = numeric.group(3)
            raise WhenError(
                f"{text.strip()} is ambiguous: {year}-{second:02d}-{first:02d} or "
                f"{year}-{first:02d}-{second:02d}? Write it as YYYY-MM-DD"
            )
    from dateutil import parser as date_parser

    try:
        one = date_parser.parse(cleaned, default=dt.datetime(1, 1, 1))
        two = date_parser.parse(cleaned, default=dt.datetime(2, 2, 2))
    except (ValueError, OverflowError):
        raise WhenError(
            f"cannot read {text!r} as a date: try 2022-09-01, 2022-09 or 2022"
        ) from None
    if one.year != two.year:
        raise WhenError(f"cannot read {text!r} as a date: it has no year")
    month = one.month if one.month == two.month else None
    day = one.day if one.day == two.day else None
    if month is None and day is not None:
        raise WhenError(f"cannot read {text!r} as a date: it has a day but no month")
    return PartialDate(one.year, month, day)
