"""Back and forward as a plain class, without an app."""

from __future__ import annotations

from backes_tui.timeline.query import Filter
from backes_tui.timeline.years import YearRange
from backes_tui.tui.history import HISTORY, History, HistoryEntry


def at(year: int, pane: str = "events") -> HistoryEntry:
    return HistoryEntry(Filter(years=YearRange(year, year)), None, pane, None)


def test_back_returns_to_where_a_jump_left_and_forward_undoes_it():
    history = History()
    history.remember(at(2000))
    assert history.step(-1, at(2001)) == at(2000)
    assert history.step(1, at(2000)) == at(2001)
    assert history.step(1, at(2001)) is None  # nothing further forward
    assert history.step(-1, at(2001)) == at(2000)
    assert history.step(-1, at(2000)) is None  # nothing further back


def test_a_new_jump_forgets_what_was_ahead():
    history = History()
    history.remember(at(2000))
    history.step(-1, at(2001))
    history.remember(at(2000))
    assert history.forward == []
    assert history.step(1, at(2002)) is None


def test_the_same_place_twice_in_a_row_is_one_step_back():
    history = History()
    history.remember(at(2000))
    history.remember(at(2000))
    assert history.back == [at(2000)]


def test_at_most_history_places_are_kept_the_oldest_go_first():
    history = History()
    for year in range(1, HISTORY + 11):
        history.remember(at(year))
    assert len(history.back) == HISTORY
    assert history.back[0] == at(11) and history.back[-1] == at(HISTORY + 10)


def test_previews_are_one_jump_from_where_they_began():
    history = History()
    history.previewing(at(2000))
    history.previewing(at(2001))  # a later preview does not move the start
    history.left(at(2002), Filter(text="sako"))
    assert history.back == [at(2000)] and history.anchor is None


def test_a_search_typed_and_undone_went_nowhere():
    history = History()
    history.previewing(at(2000))
    history.left(at(2000), at(2000).filter)
    assert history.back == [] and history.anchor is None
