"""Wikidata's calendars, precisions, unstated values and ranks, as the import reads them.

Each test builds a small entity document in the Wikibase JSON format, so
what it holds is in view beside what the import makes of it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backes_tui.formats.wikidata import WikidataError, from_wikidata, julian_to_gregorian
from backes_tui.storage.loader import parse_timeline
from backes_tui.storage.shapes import ShapeError

README = " ".join((Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").split())
GREGORIAN = "http://www.wikidata.org/entity/Q1985727"
JULIAN = "http://www.wikidata.org/entity/Q1985786"
OFFICE = "Q7"


def time(when: str, precision: int = 11, calendar: str = GREGORIAN, prop: str = "P580") -> dict:
    return {
        "snaktype": "value",
        "property": prop,
        "datatype": "time",
        "datavalue": {
            "type": "time",
            "value": {
                "time": f"+{when}T00:00:00Z",
                "precision": precision,
                "calendarmodel": calendar,
            },
        },
    }


def unstated(kind: str, prop: str = "P582") -> dict:
    return {"snaktype": kind, "property": prop, "datatype": "time"}


def item(qid: str, prop: str) -> dict:
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {"type": "wikibase-entityid", "value": {"id": qid}},
    }


def held(start: dict | None, end: dict | None = None, rank: str = "normal") -> dict:
    qualifiers = {}
    if start is not None:
        qualifiers["P580"] = [start]
    if end is not None:
        qualifiers["P582"] = [end]
    return {"mainsnak": item(OFFICE, "P39"), "rank": rank, "qualifiers": qualifiers}


def entity(*positions: dict, born: dict | None = None, **claims: Any) -> dict:
    birth = born or time("1976-05-21", prop="P569")
    return {
        "entities": {
            "Q1": {
                "modified": "2024-07-20T08:00:00Z",
                "labels": {"en": {"value": "Someone"}},
                "claims": {
                    "P569": [{"mainsnak": birth, "rank": "normal"}],
                    "P39": list(positions),
                    **claims,
                },
            },
            OFFICE: {"labels": {"en": {"value": "Mayor"}}},
        }
    }


def said(sentence: str) -> None:
    """The README says this, word for word: the test that calls it holds it."""
    assert sentence in README, sentence


def imported(document: dict) -> tuple[dict, list[str]]:
    made, losses = from_wikidata(document, None, "test.json")
    parse_timeline(json.loads(json.dumps(made)), "imported")  # what is written passes check
    return made, losses.lines()


# -- calendars ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("julian", "gregorian"),
    [
        ((1582, 10, 4), dt.date(1582, 10, 14)),  # the last Julian day before the reform
        ((1582, 10, 5), dt.date(1582, 10, 15)),
        ((1917, 10, 25), dt.date(1917, 11, 7)),  # the October Revolution
        ((1700, 2, 29), dt.date(1700, 3, 11)),  # a leap day only the Julian calendar has
    ],
)
def test_julian_days_become_the_gregorian_days_historians_give(julian, gregorian):
    assert julian_to_gregorian(*julian, "t") == (gregorian.year, gregorian.month, gregorian.day)


JULIAN_MONTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def julian_days(year: int, month: int, day: int) -> int:
    """Days from the Julian 1 January 1 to this Julian day, counted plainly:
    365 a year, one more every fourth year, the months' lengths."""
    leap = year % 4 == 0
    before = sum(JULIAN_MONTHS[: month - 1]) + (1 if leap and month > 2 else 0)
    return 365 * (year - 1) + (year - 1) // 4 + before + day


julian_dates = st.tuples(st.integers(2, 9000), st.integers(1, 12), st.integers(1, 31)).filter(
    lambda d: d[2] <= (29 if d[1] == 2 and d[0] % 4 == 0 else JULIAN_MONTHS[d[1] - 1])
)


@given(julian_dates)
def test_julian_conversion_agrees_with_a_plain_day_count(julian):
    """The Julian 1 January 1 is the Gregorian 30 December 1 BC: two days
    before Python's first day."""
    converted = dt.date(*julian_to_gregorian(*julian, "t"))
    assert converted.toordinal() == julian_days(*julian) - 2


def test_a_julian_birth_day_is_converted_and_said():
    said(
        "A Julian one (Q1985786) known to the day is converted to its Gregorian day (Julian 25 October 1917 is 7 November 1917)"
    )
    made, lines = imported(entity(born=time("1900-02-29", calendar=JULIAN, prop="P569")))
    assert made["subject"]["born"] == "1900-03-13"
    assert "Wikidata import: Julian-calendar days converted to the Gregorian calendar: 1" in lines


def test_a_quote_gives_a_converted_day_as_wikidata_states_it():
    made, _ = imported(
        entity(held(time("1917-10-25", 11, JULIAN), time("1918-01-31", prop="P582")))
    )
    (office,) = made["offices"]
    assert (office["start"], office["end"]) == ("1917-11-07", "1918-01-31")
    assert office["cites"][0]["quote"] == (
        "position held: Mayor; start time: 1917-10-25 (Julian calendar); end time: 1918-01-31"
    )
    assert type(office["start"]) is str


def test_a_julian_year_is_kept_as_stated_and_said():
    said("a Julian month or year is kept as Wikidata states it, not converted.")
    made, lines = imported(entity(held(time("1700-00-00", 9, JULIAN))))
    assert made["offices"][0]["start"] == "1700"
    assert (
        "Wikidata import: Julian-calendar months and years kept as Wikidata states them (not converted): 1"
        in lines
    )


def test_an_unknown_calendar_model_is_an_error_at_its_path():
    said("Any other calendar model is refused, with its JSON path.")
    document = entity(held(time("2001-01-01", 11, "http://www.wikidata.org/entity/Q12138")))
    with pytest.raises(WikidataError) as error:
        from_wikidata(document, None, "t.json")
    assert str(error.value).startswith(
        "entities.Q1.claims.P39[0].qualifiers.P580[0].datavalue.value.calendarmodel: unknown calendar model"
    )


# -- precisions and unstated values --------------------------------------------------------


@pytest.mark.parametrize("precision", [7, 8])
def test_an_end_at_decade_or_century_precision_is_a_loss_line(precision):
    said('an end that coarse is read as "not stated"')
    made, lines = imported(
        entity(held(time("2001-01-01"), time("2010-00-00", precision, prop="P582")))
    )
    assert made["offices"][0]["end"] == "unknown"
    assert (
        "Wikidata import: end times of a decade or coarser read as not stated "
        "(our dates have no unspecified digits): 1"
    ) in lines


def test_a_start_at_decade_precision_leaves_the_statement_out_and_says_so():
    said(
        "a time of precision 8 (decade) or coarser is not read: a start that coarse leaves its statement out"
    )
    made, lines = imported(entity(held(time("1990-00-00", 8))))
    assert made["offices"] == []
    assert (
        "Wikidata import: statements whose start time is a decade or coarser left out "
        "(our dates have no unspecified digits): 1"
    ) in lines


def test_novalue_and_somevalue_ends_are_each_said():
    said(
        'An end of `novalue` (it has not ended) is read as ongoing; an end of `somevalue` (it ended, on a day not known) as "not stated".'
    )
    made, lines = imported(
        entity(
            held(time("2001-01-01"), unstated("novalue")),
            held(time("2002-01-01"), unstated("somevalue")),
        )
    )
    assert [o["end"] for o in made["offices"]] == [None, "unknown"]
    assert "Wikidata import: end times of no value (it has not ended) read as ongoing: 1" in lines
    assert (
        "Wikidata import: end times of some value (ended, date unknown) read as not stated: 1"
        in lines
    )


def test_an_unknown_snak_type_is_an_error_not_a_missing_end():
    with pytest.raises(
        WikidataError, match=r"P582\[0\]\.snaktype: expected value, somevalue or novalue"
    ):
        from_wikidata(entity(held(time("2001-01-01"), unstated("nothing"))), None, "t.json")


def test_an_end_time_left_out_is_not_stated_with_no_loss_line():
    said(
        'a statement with no end time has an end "not stated" (Wikidata does not say whether it goes on), with no loss line.'
    )
    made, lines = imported(entity(held(time("2001-01-01"))))
    assert made["offices"][0]["end"] == "unknown" and lines == []


@pytest.mark.parametrize(
    ("claims", "path"),
    [
        ({"P569": [{"mainsnak": 5}]}, "entities.Q1.claims.P569[0].mainsnak: expected an object"),
        (
            {"P19": [{"rank": "normal"}]},
            "entities.Q1.claims.P19[0].mainsnak: required field is missing",
        ),
        (
            {"P27": [{"mainsnak": {"snaktype": 1}}]},
            "entities.Q1.claims.P27[0].mainsnak.snaktype: expected a string",
        ),
    ],
)
def test_every_error_path_names_the_property(claims, path):
    said("Every error names the file and the JSON path, property included")
    document = entity()
    document["entities"]["Q1"]["claims"].update(claims)
    # A wrong shape is the shape checker's error, shared with the loader (WikidataError is one).
    with pytest.raises(ShapeError, match=path.replace("[", r"\[").replace("]", r"\]")):
        from_wikidata(document, None, "t.json")


# -- ranks ------------------------------------------------------------------------------------


def test_a_deprecated_end_that_differs_from_the_preferred_one_is_a_conflict():
    said(
        "A deprecated statement beside a preferred one for the same item becomes a reading of a conflict on that period's end only when both ends are dates and they differ"
    )
    made, lines = imported(
        entity(
            held(time("2019-01-01"), time("2023-10-10", prop="P582"), "preferred"),
            held(time("2019-01-01"), time("2023-09-00", 10, prop="P582"), "deprecated"),
        )
    )
    (conflict,) = made["conflicts"]
    assert [r["date"] for r in conflict["readings"]] == ["2023-10-10", "2023-09"]
    assert lines == []


def test_a_deprecated_statement_with_the_same_end_is_left_out_and_said():
    said("when its end is already a reading")
    made, lines = imported(
        entity(
            held(time("2019-01-01"), time("2023-10-10", prop="P582"), "preferred"),
            held(time("2018-01-01"), time("2023-10-10", prop="P582"), "deprecated"),
        )
    )
    assert made["conflicts"] == [] and len(made["offices"]) == 1
    assert (
        "Wikidata import: deprecated statements whose end is already a reading left out: 1" in lines
    )


def test_two_deprecated_ends_make_one_conflict_of_three_readings():
    said(
        "(several such ends make one conflict, a reading each); its start, if different, is not read."
    )
    made, lines = imported(
        entity(
            held(time("2019-01-01"), time("2023-10-10", prop="P582"), "preferred"),
            held(time("2019-01-01"), time("2023-09-00", 10, prop="P582"), "deprecated"),
            held(time("2018-01-01"), time("2023-08-00", 10, prop="P582"), "deprecated"),
        )
    )
    (conflict,) = made["conflicts"]
    assert [r["date"] for r in conflict["readings"]] == ["2023-10-10", "2023-09", "2023-08"]
    assert "Wikidata import: deprecated statements' other start times left out: 1" in lines


def test_a_deprecated_statement_beside_a_preferred_one_without_an_end_is_left_out():
    said("Otherwise it is left out: when its end is no date")
    made, lines = imported(
        entity(
            held(time("2019-01-01"), None, "preferred"),
            held(time("2019-01-01"), time("2023-09-00", 10, prop="P582"), "deprecated"),
        )
    )
    assert made["conflicts"] == []
    assert (
        "Wikidata import: deprecated statements whose end is no date beside the preferred one's left out: 1"
        in lines
    )


def test_a_deprecated_statement_beside_normal_ones_is_left_out_and_said():
    said("when no preferred period stands beside it")
    made, lines = imported(
        entity(
            held(time("2019-01-01"), time("2023-10-10", prop="P582")),
            held(time("2019-01-01"), time("2023-09-00", 10, prop="P582"), "deprecated"),
        )
    )
    assert made["conflicts"] == [] and len(made["offices"]) == 1
    assert (
        "Wikidata import: deprecated statements with no preferred period beside them left out: 1"
        in lines
    )


def test_only_deprecated_statements_are_left_out_and_said():
    said("and when every statement for the item is deprecated.")
    made, lines = imported(entity(held(time("2019-01-01"), None, "deprecated")))
    assert made["offices"] == []
    assert "Wikidata import: deprecated statements with nothing preferred left out: 1" in lines


def test_the_birth_date_is_the_preferred_statement_never_a_deprecated_one():
    said(
        "for P569, P19 and P27, the first preferred statement that gives a value is read, else the first normal one; deprecated statements are never read."
    )
    document = entity()
    document["entities"]["Q1"]["claims"]["P569"] = [
        {"mainsnak": time("1975-01-01", prop="P569"), "rank": "deprecated"},
        {"mainsnak": time("1976-05-21", prop="P569"), "rank": "normal"},
        {"mainsnak": time("1976-05-20", prop="P569"), "rank": "preferred"},
    ]
    made, _ = imported(document)
    assert made["subject"]["born"] == "1976-05-20"


def test_a_start_of_novalue_or_somevalue_leaves_the_statement_out():
    said("A start of `novalue` or `somevalue` leaves its statement out.")
    made, lines = imported(
        entity(held(unstated("novalue", "P580")), held(unstated("somevalue", "P580")))
    )
    assert made["offices"] == []
    assert "Wikidata import: statements whose start time is no value left out: 1" in lines
    assert (
        "Wikidata import: statements whose start time is unknown (some value) left out: 1" in lines
    )


def test_a_coarse_birth_date_is_passed_over_and_none_finer_is_refused():
    said(
        "a date of birth that coarse is passed over for the next statement, without a loss line, "
        "and with none finer the import is refused."
    )
    document = entity()
    document["entities"]["Q1"]["claims"]["P569"] = [
        {"mainsnak": time("1970-00-00", 8, prop="P569"), "rank": "preferred"},
        {"mainsnak": time("1976-05-21", prop="P569"), "rank": "normal"},
    ]
    made, lines = imported(document)
    assert made["subject"]["born"] == "1976-05-21" and lines == []
    del document["entities"]["Q1"]["claims"]["P569"][1]
    with pytest.raises(WikidataError, match="no date of birth at day, month or year precision"):
        from_wikidata(document, None, "t.json")


def test_each_precision_becomes_our_date():
    said("11, 10 and 9 become `YYYY-MM-DD`, `YYYY-MM` and `YYYY`.")
    made, _ = imported(
        entity(
            held(time("2001-02-03")),
            held(time("2002-02-00", 10)),
            held(time("2003-00-00", 9)),
        )
    )
    assert [o["start"] for o in made["offices"]] == ["2001-02-03", "2002-02", "2003"]
