"""How the body's width is shared between the list panes and the detail.

A pure function of the terminal's width, so that its rule can be tested at
every width without a screen. The rule: the detail, where quotes are read,
never gets narrower as the terminal widens, and has at least
``DETAIL_TEXT_FROM_XWIDE`` columns of text from 150 columns on. The lists take
the rest, up to what the longest titles of the shipped data need (from
``NOTHING_CUT`` columns they have it); past that, the detail takes it all.
"""

from __future__ import annotations

from typing import NamedTuple

# Where the layout shows every pane at once (below: one list beside the detail).
WIDE = 110
# What the detail's border (2), padding (2) and scrollbar (1) take from its width.
DETAIL_FRAME = 5
DETAIL_TEXT_FROM_XWIDE = 40
# The narrowest detail once all panes show; a one-pane layout gives it half
# the width up to this, so that widening into all panes never shrinks it.
DETAIL_FLOOR = 42
# The detail's share of a wide terminal, in tenths of the width, until it
# has its promised text.
DETAIL_TENTHS = 3
# What the longest rows of the shipped data need, border (and the events'
# scrollbar) included: an office's 55 columns, an event's 75.
PERIODS_MOST, EVENTS_MOST = 58, 79
NOTHING_CUT = PERIODS_MOST + EVENTS_MOST + DETAIL_TEXT_FROM_XWIDE + DETAIL_FRAME
# The periods' share of what the lists get, in sevenths (3 : 4 with the events).
PERIODS_SEVENTHS = 3


class Columns(NamedTuple):
    """Outer widths, borders included; ``periods`` is 0 in the one-pane layout,
    where ``events`` is the width of whichever list shows."""

    periods: int
    events: int
    detail: int


def columns(width: int) -> Columns:
    """The widths of the body's columns on a terminal ``width`` columns wide."""
    if width < WIDE:
        detail = min(width // 2, DETAIL_FLOOR)
        return Columns(0, width - detail, detail)
    promised = DETAIL_TEXT_FROM_XWIDE + DETAIL_FRAME
    # The ceiling of three tenths reaches the promise at exactly 150 columns.
    share = min(-(-width * DETAIL_TENTHS // 10), promised)
    detail = max(DETAIL_FLOOR, share, width - PERIODS_MOST - EVENTS_MOST)
    lists = width - detail
    periods = min(PERIODS_MOST, lists * PERIODS_SEVENTHS // 7)
    events = min(EVENTS_MOST, lists - periods)
    return Columns(periods, events, width - periods - events)
