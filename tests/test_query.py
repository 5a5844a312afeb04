from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.query import Filter, TimelineQuery, fold
from backes_tui.timeline.years import YearRange


def test_2020_shows_only_the_south_province_presidency(timeline):
    view = TimelineQuery(timeline).view(Filter(years=YearRange(2020, 2020)))
    assert [o.id for o in view.offices] == ["south-province-president"]


def test_ongoing_counts_after_as_of(timeline):
    view = TimelineQuery(timeline).view(Filter(years=YearRange(2030, 2030)))
    assert [o.id for o in view.offices] == ["south-province-president"]
    assert view.events == ()


def test_undated_never_match_a_year_filter(timeline):
    query = TimelineQuery(timeline)
    assert all(e.date is not None for e in query.events(Filter(years=YearRange(None, None))))
    assert any(e.date is None for e in query.events(Filter()))


def test_year_filter_on_2023(timeline):
    events = TimelineQuery(timeline).events(Filter(years=YearRange(2023, 2023)))
    assert [e.id for e in events] == [
        "senate-candidacy",
        "senate-defeat",
        "resigns-ministry",
        "state-secretary-citizenship.end",
    ]


def test_span_event_matches_years_inside_it(timeline):
    events = TimelineQuery(timeline).events(Filter(years=YearRange(2007, 2007)))
    assert [e.id for e in events] == ["trade-unions"]


def test_search_folds_case_and_accents_and_combines_with_years(timeline):
    query = TimelineQuery(timeline)
    assert fold("Nouméa") == "noumea"
    hits = query.events(Filter(text="noumea"))
    assert {"birth", "grandparents-arrive"} <= {e.id for e in hits}
    assert [e.id for e in query.events(Filter(text="xowie"))] == ["senate-defeat"]
    assert [e.id for e in query.events(Filter(text="sako", years=YearRange(2024, 2024)))] == [
        "bastille-day-speech"
    ]
    assert query.events(Filter(text="sako", years=YearRange(2023, 2023))) == ()


def test_search_reaches_people_and_places(timeline):
    query = TimelineQuery(timeline)
    assert [e.id for e in query.events(Filter(text="grenoble"))] == ["engineer-grenoble"]
    assert "un-address" in {e.id for e in query.events(Filter(text="new york"))}


def test_kind_filter(timeline):
    events = TimelineQuery(timeline).events(Filter(kinds=frozenset({"speech"})))
    assert [e.id for e in events] == ["bastille-day-speech"]


def test_on_a_day_lists_both_offices_and_her_parties(timeline):
    view = TimelineQuery(timeline).on(PartialDate.parse("2022-09-01"))
    assert {o.id for o in view.offices} == {
        "south-province-president",
        "state-secretary-citizenship",
    }
    assert {p.short for p in view.parties} == {"RC", "Renaissance"}
    assert [e.id for e in view.eras] == ["paris"]


def test_on_a_month_lists_that_months_events(timeline):
    view = TimelineQuery(timeline).on(PartialDate.parse("2023-09"))
    assert [e.id for e in view.events] == ["senate-defeat", "resigns-ministry"]


def test_derived_events_carry_period_cites(timeline):
    joins = next(e for e in timeline.events if e.id == "rpcr.start")
    assert joins.derived and joins.parties == ("rpcr",)
    assert joins.cites == timeline.party("rpcr").cites
