"""Where the year window and the date cursor stop: at the edges of what the
chart shows, so that neither runs off into years where nothing is drawn.

Pure, so that the rule can be held to a plain oracle; the screen says so
when a move is cut short.
"""

from __future__ import annotations

from backes_tui.timeline.years import YearRange


def shift_within(years: YearRange, delta: int, first: int, last: int) -> YearRange:
    """``years`` moved by ``delta`` years, but never further past ``first``..
    ``last`` than it already is: a window already beyond an edge stays where
    it is rather than moving further out, and moves freely back in. The edge
    that leads the move is the one held: the end going later, the start going
    earlier (an open range's only end leads both ways)."""
    if delta > 0:
        edge = years.end if years.end is not None else years.start
        room = 0 if edge is None else max(0, last - edge)
        return years.shifted(min(delta, room))
    edge = years.start if years.start is not None else years.end
    room = 0 if edge is None else max(0, edge - first)
    return years.shifted(-min(-delta, room))


def month_within(
    year: int, month: int, first: tuple[int, int], last: tuple[int, int]
) -> tuple[int, int]:
    """``(year, month)`` held within the months ``first``..``last``."""
    return min(max((year, month), first), last)
