"""How sure an answer is: certain, possible or absent, and disputed where the source disagrees.

A *reading* of an item picks one start day and one end day within what the
source allows, with start ≤ end:

- a partial date allows its days from earliest to latest (an approximate one
  widened, see `PartialDate`);
- an ongoing end allows any day from ``as_of`` on; an unstated end, any day
  from the start on;
- a start known only as a bound (``start_by`` X) allows any day from the
  floor (her birth) to X's last day, and the item then held on some day
  within X, so its end is no earlier than X's first day.

An event is an item whose start and end are the same day (or its ``end``).

For a window W (a day, a month, a year or a range of years) an item is
*certain* if every reading overlaps W, *possible* if some do and some do not,
and *absent* if none does. An item linked to a conflict is answered once per
reading of the conflict; if those answers differ it is *disputed*.

The rules reduce to four comparisons (`classify`); a test holds them to a walk
over every day of every reading.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

import msgspec

from backes_tui.timeline.dates import PartialDate, Span

FOREVER = dt.date.max.toordinal()


class Certainty(Enum):
    CERTAIN = "certain"
    POSSIBLE = "possible"
    ABSENT = "absent"


class Bounds(msgspec.Struct, frozen=True):
    """The days (ordinals) a reading may pick for the start and for the end."""

    start_low: int
    start_high: int
    end_low: int
    end_high: int

    @property
    def latest_start(self) -> int:
        return min(self.start_high, self.end_high)

    @property
    def earliest_end(self) -> int:
        return max(self.end_low, self.start_low)


def classify(bounds: Bounds, first: int, last: int) -> Certainty:
    """Where the readings of ``bounds`` stand against the days ``first``..``last``."""
    if bounds.start_low > last or bounds.end_high < first:
        return Certainty.ABSENT
    if bounds.latest_start <= last and bounds.earliest_end >= first:
        return Certainty.CERTAIN
    return Certainty.POSSIBLE


def date_days(date: PartialDate) -> tuple[int, int]:
    return date.sort_key[0], date.sort_key[1]


def span_bounds(span: Span, as_of: PartialDate, end: PartialDate | None = None) -> Bounds:
    """The readings of a period; ``end`` replaces its end (a conflict's reading)."""
    start_low, start_high = date_days(span.start)
    if span.start_is_bound:
        start_low = span.floor.toordinal()
    end = end or span.end
    if end is not None:
        end_low, end_high = date_days(end)
    elif span.end_unknown:
        end_low, end_high = start_low, FOREVER
    else:
        end_low, end_high = as_of.sort_key[0], FOREVER
    if span.start_is_bound:
        # It held on some day within the bound.
        end_low = max(end_low, span.start.sort_key[0])
    return Bounds(start_low, start_high, end_low, end_high)


def point_bounds(
    date: PartialDate, end: PartialDate | None = None, *, by: bool = False, floor: int = 1
) -> Bounds:
    """The readings of an event dated ``date`` (an upper bound if ``by``), lasting to ``end``."""
    low, high = date_days(date)
    if by:
        low = floor
    if end is None:
        return Bounds(low, high, low, high)
    end_low, end_high = date_days(end)
    return Bounds(low, high, end_low, end_high)


class Answer(msgspec.Struct, frozen=True):
    """How an item stands against a window; ``readings`` when the source disagrees."""

    certainty: Certainty
    readings: tuple[tuple[str, Certainty], ...] = ()

    @property
    def disputed(self) -> bool:
        return bool(self.readings)

    @property
    def label(self) -> str:
        """ "certain", "possible" or "disputed" (absent items are not listed)."""
        return "disputed" if self.disputed else self.certainty.value

    @property
    def shown(self) -> bool:
        return self.disputed or self.certainty is not Certainty.ABSENT

    def describe(self) -> str:
        """The answer in words, with each reading's where disputed."""
        if not self.readings:
            return self.certainty.value
        each = "; ".join(f"{label}: {answer.value}" for label, answer in self.readings)
        return f"disputed ({each})"


def answer(readings: list[tuple[str, Bounds]], first: int, last: int) -> Answer:
    """The answer for an item whose readings are ``readings`` (one unlabelled
    entry when nothing disputes it)."""
    answers = [(label, classify(bounds, first, last)) for label, bounds in readings]
    kinds = {certainty for _, certainty in answers}
    if len(kinds) == 1:
        return Answer(answers[0][1])
    # Shown as possible wherever a single mark is needed: some reading has it.
    return Answer(Certainty.POSSIBLE, tuple(answers))
