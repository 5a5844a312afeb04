import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from backes_tui.timeline.dates import (
    DateError,
    PartialDate,
    Precision,
    Span,
    age_at,
    format_duration,
    whole_years,
)

D = PartialDate.parse


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("1994", Precision.YEAR, dt.date(1994, 1, 1), dt.date(1994, 12, 31)),
        ("2023-09", Precision.MONTH, dt.date(2023, 9, 1), dt.date(2023, 9, 30)),
        ("2024-02", Precision.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("1976-05-21", Precision.DAY, dt.date(1976, 5, 21), dt.date(1976, 5, 21)),
        # Approximate: one stated unit either side, as EDTF's reference implementation reads it.
        ("2005~", Precision.YEAR, dt.date(2004, 1, 1), dt.date(2006, 12, 31)),
    ],
)
def test_parse_precision_and_bounds(text, precision, earliest, latest):
    date = D(text)
    assert date.precision is precision
    assert (date.earliest, date.latest) == (earliest, latest)
    assert str(date) == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2019-13-01", "month 13"),
        ("2019-02-30", "day 30"),
        ("2023-02-29", "day 29"),
        ("201", "expected YYYY"),
        ("2019-1-1", "expected YYYY"),
        ("0000", "year 0"),
        ("2019~~", "expected YYYY"),
        (" 2019", "expected YYYY"),
        ("2019-00", "month 0"),
    ],
)
def test_parse_rejects(text, reason):
    with pytest.raises(DateError, match=reason):
        D(text)


def test_leap_day_is_real():
    assert D("2024-02-29").latest == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "formatted"),
    [
        ("1976-05-21", "21 May 1976"),
        ("2023-09", "September 2023"),
        ("1994", "1994"),
        ("2005~", "c. 2005"),
        ("2022-07~", "c. July 2022"),
    ],
)
def test_format(text, formatted):
    assert D(text).format() == formatted


def test_ordering_is_total_and_puts_finer_dates_first_within_a_start():
    dates = [D(t) for t in ["2023", "2023-09", "2023-09-01", "1994", "2005~", "2005", "2023-01"]]
    ordered = sorted(dates)
    assert [str(d) for d in ordered] == [
        "1994",
        "2005~",  # c. 2005 may begin in 2004
        "2005",
        "2023-01",
        "2023",
        "2023-09-01",
        "2023-09",
    ]
    for a in dates:
        for b in dates:
            assert (a < b) + (b < a) + (a == b) == 1


def test_age_exact_and_as_range():
    born = D("1976-05-21")
    assert age_at(born, D("2021-06-17")).format() == "age 45"
    assert age_at(born, D("1994")).format() == "age 17–18"
    assert age_at(born, D("2023-09")).format() == "age 47"
    assert age_at(born, D("1976-05-21")).format() == "age 0"
    assert age_at(born, D("1952")) is None


def test_duration_exact_and_coarse():
    assert format_duration(D("2022-07-04"), D("2023-10-10")) == "1 year 3 months"
    assert format_duration(D("2019-05-17"), D("2023-09-17")) == "4 years 4 months"
    assert format_duration(D("1994"), D("2004")) == "9–10 years"
    assert format_duration(D("2020-01-01"), D("2020-01-20")) == "19 days"
    assert format_duration(D("2022-07"), D("2022-09")) == "1 month – 2 months"


def test_span_formats_open_and_bounded_starts():
    ongoing = Span(D("2019-05-17"))
    assert ongoing.format() == "17 May 2019 – ongoing"
    assert ongoing.format(D("2024-07-14")) == "17 May 2019 – ongoing as of 14 July 2024"
    assert ongoing.length(D("2023-09-17")) == "4 years 4 months so far"
    assert ongoing.end_status == "ongoing"
    bound = Span(D("2022-07"), None, start_is_bound=True, floor=dt.date(1976, 5, 21))
    assert bound.format() == "by July 2022 – ongoing"
    assert bound.length(D("2024-07-14")) == "at least 1 year 11 months so far"
    # Only an upper bound: it may have begun any day from the floor (her birth).
    assert bound.earliest == dt.date(1976, 5, 21)
    unknown = Span(D("2022-07"), None, start_is_bound=True, end_unknown=True)
    assert unknown.format(D("2024-07-14")) == "by July 2022; end not stated"
    assert unknown.end_status == "unknown" and not unknown.ongoing
    assert unknown.length(D("2024-07-14")) == "not known (end not stated)"


@given(st.dates(), st.dates())
def test_whole_years_are_what_relativedelta_counts(start, end):
    """Ages by plain arithmetic, against dateutil's calendar arithmetic as the
    oracle (leap days included)."""
    start, end = min(start, end), max(start, end)
    assert whole_years(start, end) == relativedelta(end, start).years


def test_a_leap_day_birthday_counts_on_the_first_of_march():
    born = dt.date(2000, 2, 29)
    assert whole_years(born, dt.date(2001, 2, 28)) == 0
    assert whole_years(born, dt.date(2001, 3, 1)) == 1
    assert whole_years(born, dt.date(2004, 2, 29)) == 4
