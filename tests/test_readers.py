"""What the explorer's dialogs read from a typed line (timeline/readers.py)."""

from __future__ import annotations

import pytest

from backes_tui.timeline.readers import read_kinds, read_years, years_note
from backes_tui.timeline.years import GRAMMAR_HINT, YearRange


def test_empty_years_mean_all_and_a_range_reads_as_the_command_line_does():
    assert read_years("  ") is None
    parsed = read_years("2019-2023")
    assert parsed is not None and parsed.years == YearRange(2019, 2023)


def test_a_bad_year_range_says_why_without_the_grammar_the_dialog_shows():
    with pytest.raises(ValueError) as error:
        read_years("banana")
    assert str(error.value) and GRAMMAR_HINT not in str(error.value)


def test_kinds_are_named_with_commas_or_spaces_in_any_case():
    assert read_kinds("") == frozenset()
    assert read_kinds("Election,  speech") == {"election", "speech"}
    with pytest.raises(ValueError, match="no such kind: banana"):
        read_kinds("election banana")


def test_the_note_says_how_years_are_read_only_when_not_as_typed():
    assert years_note("2022") is None
    assert years_note("banana") is None
    assert years_note("") is None
    assert years_note("2023-2019") == "read as 2019–2023 (a reversed range, swapped)"
