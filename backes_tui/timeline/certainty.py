"""How sure an answer is: certain, possible, not stated or absent; disputed where the source
disagrees.

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

A side the source gives no limit for (a start known only "by" a date, a date
known only "after" one) reaches back to her birth, or on without end, only
because nothing is said. A window the item reaches only through such a side is
*not stated*, not possible: with that side held to what the source does state
(the bound's own days) the item would be absent from it.

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
    # Reached only through a side the source gives no limit for.
    NOT_STATED = "not_stated"
    ABSENT = "absent"


class Bounds(msgspec.Struct, frozen=True):
    """The days (ordinals) a reading may pick for the start and for the end."""

    start_low: int
    start_high: int
    end_low: int
    end_high: int
    # A side with no stated limit: the first day the source states for the
    # start ("by July 2022": 1 July 2022), or the last it states for the end
    # ("after 14 July 2024": that day). None where the side is stated.
    stated_low: int | None = None
    stated_high: int | None = None

    @property
    def latest_start(self) -> int:
        return min(self.start_high, self.end_high)

    @property
    def earliest_end(self) -> int:
        return max(self.end_low, self.start_low)


def classify(bounds: Bounds, first: int, last: int) -> Certainty:
    """Where the readings of ``bounds`` stand against the days ``first``..``last``."""
    found = _overlap(bounds, first, last)
    if found is Certainty.POSSIBLE and (bounds.stated_low, bounds.stated_high) != (None, None):
        low, high = bounds.stated_low, bounds.stated_high
        stated = Bounds(
            bounds.start_low if low is None else max(bounds.start_low, min(low, bounds.start_high)),
            bounds.start_high,
            bounds.end_low,
            bounds.end_high if high is None else min(bounds.end_high, max(high, bounds.end_low)),
        )
        if _overlap(stated, first, last) is Certainty.ABSENT:
            return Certainty.NOT_STATED
    return found


def _overlap(bounds: Bounds, first: int, last: int) -> Certainty:
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
    if not span.start_is_bound:
        return Bounds(start_low, start_high, end_low, end_high)
    # It held on some day within the bound; before the bound, nothing is said.
    bound = span.start.sort_key[0]
    return Bounds(start_low, start_high, max(end_low, bound), end_high, stated_low=bound)


def point_bounds(
    date: PartialDate,
    end: PartialDate | None = None,
    *,
    by: bool = False,
    floor: int = 1,
    after: bool = False,
    held: bool = False,
) -> Bounds:
    """The readings of an event dated ``date``, lasting to ``end``. With ``by``
    it happened no later than ``date``; with ``after``, on or after its first
    day (no later limit stated); with ``held``, it is a state that held on
    some day of ``date``, its start and end not stated."""
    low, high = date_days(date)
    if held:
        return Bounds(floor, high, low, FOREVER, stated_low=low)
    if after:
        return Bounds(low, FOREVER, low, FOREVER, stated_high=high)
    stated_low = None
    if by:
        low, stated_low = floor, low
    if end is None:
        return Bounds(low, high, low, high, stated_low=stated_low)
    end_low, end_high = date_days(end)
    return Bounds(low, high, end_low, end_high, stated_low=stated_low)


class Answer(msgspec.Struct, frozen=True):
    """How an item stands against a window; ``readings`` when the source disagrees."""

    certainty: Certainty
    readings: tuple[tuple[str, Certainty], ...] = ()

    @property
    def disputed(self) -> bool:
        return bool(self.readings)

    @property
    def label(self) -> str:
        """ "certain", "possible", "not_stated" or "disputed" (absent items are not listed)."""
        return "disputed" if self.disputed else self.certainty.value

    @property
    def shown(self) -> bool:
        return self.disputed or self.certainty is not Certainty.ABSENT

    def describe(self) -> str:
        """The answer in words, with each reading's where disputed."""
        if not self.readings:
            return _words(self.certainty)
        each = "; ".join(f"{label}: {_words(answer)}" for label, answer in self.readings)
        return f"disputed ({each})"


def _words(certainty: Certainty) -> str:
    return certainty.value.replace("_", " ")


def answer(readings: list[tuple[str, Bounds]], first: int, last: int) -> Answer:
    """The answer for an item whose readings are ``readings`` (one unlabelled
    entry when nothing disputes it)."""
    answers = [(label, classify(bounds, first, last)) for label, bounds in readings]
    kinds = {certainty for _, certainty in answers}
    if len(kinds) == 1:
        return Answer(answers[0][1])
    # Shown as possible wherever a single mark is needed: some reading has it.
    return Answer(Certainty.POSSIBLE, tuple(answers))


def side_bounds(bounds: Bounds, side: str) -> Bounds:
    """The readings of a period's ``side`` ("start" or "end") as an event's:
    the day its derived event happened."""
    if side == "start":
        low, high = bounds.start_low, bounds.start_high
        return Bounds(low, high, low, high, stated_low=bounds.stated_low)
    low, high = bounds.end_low, bounds.end_high
    return Bounds(low, high, low, high, stated_high=bounds.stated_high)
