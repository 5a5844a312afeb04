"""What the explorer's dialogs read from a line the user typed.

Each reader returns the value the dialog answers with, or raises `ValueError`
with a message to show under the input.
"""

from __future__ import annotations

import re

from backes_tui.timeline.model import EVENT_KINDS
from backes_tui.timeline.years import GRAMMAR_HINT, ParsedYears, YearRangeError, parse_year_range


def read_years(text: str) -> ParsedYears | None:
    """The year dialog's answer: a range, or None (all years) for empty input.
    Its error leaves out the grammar, which the dialog shows right below."""
    if not text.strip():
        return None
    try:
        return parse_year_range(text)
    except YearRangeError as error:
        raise ValueError(str(error).removesuffix(f": {GRAMMAR_HINT}")) from None


def read_kinds(text: str) -> frozenset[str]:
    """The kind dialog's answer: kinds named with commas or spaces; none for all."""
    named = frozenset(word for word in re.split(r"[,\s]+", text.strip().lower()) if word)
    unknown = sorted(named - set(EVENT_KINDS))
    if unknown:
        raise ValueError(f"no such kind: {', '.join(unknown)}")
    return named


def years_note(text: str) -> str | None:
    """How the year dialog will read what is typed, when not as typed."""
    try:
        parsed = read_years(text)
    except ValueError:
        return None
    if parsed is None or not parsed.notice:
        return None
    return f"read as {parsed.years.describe()} ({parsed.notice})"
