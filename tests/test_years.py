import datetime as dt

import pytest

from backes_tui.timeline.dates import PartialDate as D
from backes_tui.timeline.dates import Span
from backes_tui.timeline.years import YearRange, YearRangeError, parse_year_range


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2022", 2022, 2022),
        ("2019-2023", 2019, 2023),
        ("2019..2023", 2019, 2023),
        ("2019–2023", 2019, 2023),
        ("2019 to 2023", 2019, 2023),
        ("  2019 .. 2023 ", 2019, 2023),
        ("2019..", 2019, None),
        ("2019-", 2019, None),
        ("since 2019", 2019, None),
        ("Since 2019", 2019, None),
        ("..2001", None, 2001),
        ("until 2001", None, 2001),
        ("1990s", 1990, 1999),
    ],
)
def test_grammar(text, start, end):
    parsed = parse_year_range(text)
    assert parsed.years == YearRange(start, end)
    assert parsed.notice is None


def test_reversed_range_is_swapped_with_notice():
    parsed = parse_year_range("2023-2019")
    assert parsed.years == YearRange(2019, 2023)
    assert parsed.notice == "a reversed range, swapped"


@pytest.mark.parametrize("text", ["", "20x", "19", "2019-2020-2021", "since", "0000", "1995s"])
def test_bad_input_names_the_input(text):
    with pytest.raises(YearRangeError) as error:
        parse_year_range(text)
    assert repr(text) in str(error.value)


def test_days_run_from_the_first_to_the_last_day():
    assert YearRange(2020, 2020).days == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert YearRange(None, 2001).days == (dt.date.min, dt.date(2001, 12, 31))
    assert YearRange(2019, None).days[1] == dt.date.max


def test_shift_and_describe():
    assert YearRange(2019, 2023).shifted(5) == YearRange(2024, 2028)
    assert YearRange(2019, 2023).width == 5
    assert YearRange(2022, 2022).width == 1
    assert YearRange(2019, None).describe() == "since 2019"
    assert YearRange(None, 2001).describe() == "until 2001"
    assert YearRange(2019, 2023).describe() == "2019–2023"


def test_covering_keeps_ongoing_open():
    assert YearRange.covering(Span(D.parse("2019-05-17"))) == YearRange(2019, None)
    assert YearRange.covering(Span(D.parse("1994"), D.parse("2004"))) == YearRange(1994, 2004)
