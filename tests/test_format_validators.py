"""Every export held to its format's own validator, and every loss count to a
plain recount of what the filtered view held."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import icalendar
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backes_tui.formats.ical import EmptyCalendar, to_ics
from backes_tui.formats.losses import Losses
from backes_tui.formats.popolo import to_popolo
from backes_tui.formats.timelinejs import to_timelinejs
from backes_tui.storage.loader import load_timeline, parse_timeline
from backes_tui.timeline.model import EVENT_KINDS, Timeline
from backes_tui.timeline.query import Filter, FilteredView, TimelineQuery
from backes_tui.timeline.years import YearRange
from tests import popolo_schema
from tests.conftest import DATA, synth_module

SHIPPED = load_timeline(DATA)
SYNTHETIC = parse_timeline(synth_module().synthesize(400, seed=11), "synthetic")

years = st.one_of(
    st.none(),
    st.tuples(
        st.one_of(st.none(), st.integers(1890, 2030)), st.one_of(st.none(), st.integers(1890, 2030))
    ).map(lambda p: YearRange(*(p if None in p else sorted(p)))),
)
filters = st.builds(
    Filter,
    years=years,
    text=st.sampled_from(["", "south", "party", "election", "Backès", "zzz"]),
    kinds=st.frozensets(st.sampled_from(EVENT_KINDS), max_size=2),
)


def _views(flt: Filter) -> list[tuple[Timeline, FilteredView]]:
    return [(t, TimelineQuery(t).view(flt)) for t in (SHIPPED, SYNTHETIC)]


# -- Popolo against the Popolo project's schemas ---------------------------------------------


def test_the_schemas_reject_what_the_export_used_to_write():
    """A source without a URL, as every export wrote before: the schema says no."""
    document = {"persons": [{"id": "p", "name": "P", "sources": [{"note": "the article"}]}]}
    assert popolo_schema.problems(document) == [
        "$.persons[0].sources[0]: 'url' is a required property"
    ]
    assert popolo_schema.problems({"memberships": [{"start_date": "2019-5"}]})
    assert popolo_schema.problems({"posts": [{"other_label": [{"name": "x"}]}]})


@pytest.mark.parametrize("timeline", [SHIPPED, SYNTHETIC], ids=["shipped", "synthetic"])
def test_popolo_export_passes_the_popolo_schemas(timeline):
    document, _ = to_popolo(timeline, TimelineQuery(timeline).view(Filter()))
    assert popolo_schema.problems(json.loads(json.dumps(document))) == []


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filters)
def test_popolo_export_passes_the_schemas_under_any_filter(flt):
    for timeline, view in _views(flt):
        document, _ = to_popolo(timeline, view)
        assert popolo_schema.problems(json.loads(json.dumps(document))) == []


def test_popolo_says_what_its_sources_cannot_hold():
    view = TimelineQuery(SHIPPED).view(Filter())
    document, losses = to_popolo(SHIPPED, view)
    written = json.dumps(document)
    assert '"sources"' not in written
    quotes = sum(len(p.cites) for p in (*view.offices, *view.parties))
    quotes += sum(len(e.cites) for e in view.events if not e.derived and e.date is not None)
    assert quotes > 0
    assert (
        losses.count("quotes left out (a Popolo source is a link and needs a URL; ours have none)")
        == quotes
    )
    assert losses.count("source titles left out (a Popolo source needs a URL)") == 1


# -- iCalendar through `icalendar` ------------------------------------------------------------


def ics_problems(data: bytes) -> list[str]:
    """What `icalendar` finds wrong: parse errors, and RFC 5545's required,
    once-only and mutually exclusive properties of VCALENDAR and VEVENT."""
    found = []
    calendar = icalendar.Calendar.from_ical(data)
    if not calendar.subcomponents:
        found.append("VCALENDAR: no component (RFC 5545 needs at least one)")
    for component in calendar.walk():
        name = component.name
        found += [f"{name}: {error}" for error in component.errors]
        found += [f"{name}: {key} missing" for key in component.required if key not in component]
        for key in component.singletons:
            if isinstance(component.get(key), list):
                found.append(f"{name}: {key} given more than once")
        for group in component.exclusive if isinstance(component.exclusive, tuple) else ():
            if sum(key in component for key in group) > 1:
                found.append(f"{name}: {' and '.join(group)} together")
    if not data.endswith(b"\r\n") or b"\n" in data.replace(b"\r\n", b""):
        found.append("lines do not all end in CRLF")
    return found


def test_the_ics_check_catches_a_calendar_with_no_event():
    empty = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n"
    assert ics_problems(empty) == ["VCALENDAR: no component (RFC 5545 needs at least one)"]


def test_an_ics_export_with_nothing_to_hold_writes_nothing(tmp_path, capsys):
    from backes_tui.cli import main

    target = tmp_path / "none.ics"
    assert main(["export", "--to", "ics", "--year", "1994", "-o", str(target)]) == 2
    assert not target.exists()
    assert capsys.readouterr().err == (
        "backes-tui: iCalendar: no event in view is known to the day (2 skipped), "
        "and a calendar needs at least one (RFC 5545)\n"
    )


def test_the_ics_check_catches_a_missing_uid():
    broken = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nDTSTAMP:20240101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    assert ics_problems(broken) == ["VEVENT: UID missing"]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filters)
def test_ics_export_passes_icalendar_under_any_filter(flt):
    for timeline, view in _views(flt):
        held = len(view.events) - ics_recount(timeline, view)[ICS_SKIPPED]
        if held == 0:
            with pytest.raises(EmptyCalendar):
                to_ics(timeline, view)
            continue
        data, _ = to_ics(timeline, view)
        assert ics_problems(data) == []


# -- TimelineJS against its documented JSON format -------------------------------------------

# The TimelineJS JSON data format, as Knight Lab documents it
# (https://timeline.knightlab.com/docs/json-format.html): the document needs
# `events`, a list of slides, and may have a `title` slide, `eras` and a
# `scale` of "human" or "cosmological". A slide needs a `start_date` (except
# the title slide); `end_date`, `text` (`headline`, `text`), `group` (any
# text), `display_date` (a string) and `unique_id` (a string unique among all
# slides) are optional. A date object needs `year`, a number; `month`, `day`,
# `hour`, `minute`, `second` and `millisecond` are numbers and `display_date`
# a string, all optional. An era needs both `start_date` and `end_date`.
_NUMBER = {"type": "integer"}
_DATE = {
    "type": "object",
    "required": ["year"],
    "properties": {
        **{
            key: _NUMBER
            for key in ("year", "month", "day", "hour", "minute", "second", "millisecond")
        },
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "display_date": {"type": "string"},
    },
}
_TEXT = {
    "type": "object",
    "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
}
_SLIDE = {
    "type": "object",
    "properties": {
        "start_date": _DATE,
        "end_date": _DATE,
        "text": _TEXT,
        "group": {"type": "string"},
        "display_date": {"type": "string"},
        "unique_id": {"type": "string"},
        "autolink": {"type": "boolean"},
    },
}
TIMELINEJS = {
    "type": "object",
    "required": ["events"],
    "properties": {
        "events": {"type": "array", "items": {**_SLIDE, "required": ["start_date"]}},
        "title": _SLIDE,
        "eras": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start_date", "end_date"],
                "properties": {"start_date": _DATE, "end_date": _DATE, "text": _TEXT},
            },
        },
        "scale": {"enum": ["human", "cosmological"]},
    },
}


def timelinejs_problems(document: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(TIMELINEJS)
    found = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document)]
    slides = [*document.get("events", []), *([document["title"]] if "title" in document else [])]
    ids = [s["unique_id"] for s in slides if "unique_id" in s]
    if len(ids) != len(set(ids)):
        found.append("unique_id: not unique among the slides")
    for slide in document.get("events", []):
        if "end_date" in slide and _day(slide["end_date"]) < _day(slide["start_date"]):
            found.append(f"{slide.get('unique_id')}: ends before it starts")
    return found


def _day(date: dict[str, int]) -> tuple[int, int, int]:
    return date["year"], date.get("month", 1), date.get("day", 1)


def test_the_timelinejs_check_catches_a_string_year_and_a_repeated_id():
    document = {
        "events": [{"start_date": {"year": "2012"}, "unique_id": "a"}],
        "title": {"unique_id": "a"},
    }
    assert timelinejs_problems(document) == [
        "$.events[0].start_date.year: '2012' is not of type 'integer'",
        "unique_id: not unique among the slides",
    ]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filters)
def test_timelinejs_export_passes_the_documented_format_under_any_filter(flt):
    for timeline, view in _views(flt):
        document, _ = to_timelinejs(timeline, view)
        assert timelinejs_problems(json.loads(json.dumps(document))) == []


# -- loss counts follow the view --------------------------------------------------------------


def _disputed(timeline: Timeline, view: FilteredView, items: list[Any]) -> int:
    """Conflicts that name any of ``items``, by id (kinds do not share ids here)."""
    ids = {item.id for item in items}
    return sum(1 for c in timeline.conflicts if ids & {*c.offices, *c.parties, *c.events, *c.eras})


def popolo_recount(timeline: Timeline, view: FilteredView) -> dict[str, int]:
    periods = [*view.offices, *view.parties]
    stored = [e for e in view.events if not e.derived]
    dated = [e for e in stored if e.date is not None]
    starts = [p.span.start for p in periods if not p.span.start_is_bound]
    ends = [p.span.end for p in periods if p.span.end is not None]
    exact = [e.date for e in dated if not e.open_sided]
    cites = [c for item in (*periods, *dated) for c in item.cites]
    return {
        "birth place left out (Popolo has no field for it)": 1,
        "approximate birth date written as if exact": int(timeline.subject.born.approximate),
        "upper bounds moved into notes": sum(p.span.start_is_bound for p in periods)
        + sum(e.by for e in dated),
        "dates with a side not stated moved into notes": sum(
            e.open_sided and not e.by for e in dated
        ),
        "approximate dates moved into notes": sum(d.approximate for d in (*starts, *ends, *exact)),
        "narrower bounds (not before) moved into notes": sum(
            d.not_before is not None for d in (*starts, *exact)
        ),
        "ends not stated moved into notes (Popolo reads no end_date as unknown)": sum(
            p.span.end is None and p.span.end_unknown for p in periods
        ),
        "ongoing ends moved into notes (Popolo reads no end_date as unknown)": sum(
            p.span.end is None and not p.span.end_unknown for p in periods
        ),
        "predecessors and successors left out": sum(
            bool(o.predecessor or o.successor) for o in view.offices
        ),
        "period summaries left out": len(periods),
        "offices' notes left out": sum(o.note is not None for o in view.offices),
        "offices' places left out": sum(bool(o.places) for o in view.offices),
        "offices' short names written as plain other labels": sum(
            o.short != o.title for o in view.offices
        ),
        "citations' start/end marks left out": sum(
            any(c.supports for c in p.cites) for p in periods
        ),
        "quotes left out (a Popolo source is a link and needs a URL; ours have none)": len(cites),
        "source titles left out (a Popolo source needs a URL)": len({c.source for c in cites}),
        "events' people, places and links left out": sum(
            bool(e.people or e.places or e.offices or e.parties) for e in dated
        ),
        "undated events left out": len(stored) - len(dated),
        "eras left out (Popolo has no eras)": len(view.eras),
        "conflicts left out (Popolo holds one reading: the file's own)": _disputed(
            timeline, view, [*view.eras, *periods, *view.events]
        ),
    }


def timelinejs_recount(timeline: Timeline, view: FilteredView) -> dict[str, int]:
    stored = [e for e in view.events if not e.derived]
    dated = [e for e in stored if e.date is not None]
    return {
        "undated events left out (a slide needs a start date)": len(stored) - len(dated),
        "open era ends drawn to the source's last date (an era needs an end)": sum(
            e.span.end is None for e in view.eras
        ),
        "conflicts folded into text (TimelineJS has no way to hold both readings)": _disputed(
            timeline, view, [*view.offices, *view.parties, *dated]
        ),
    }


def _one_day(date: Any) -> bool:
    return date is not None and date.day is not None and not date.approximate


ICS_SKIPPED = "events skipped because their date is not one known day"
ICS_DISPUTED = "events whose date the source reads two ways"


def ics_recount(timeline: Timeline, view: FilteredView) -> dict[str, int]:
    undisputed = [e for e in view.events if timeline.other_readings(e) is None]
    held = [
        e
        for e in undisputed
        if not e.open_sided and _one_day(e.date) and (e.end is None or _one_day(e.end))
    ]
    return {
        ICS_DISPUTED: len(view.events) - len(undisputed),
        ICS_SKIPPED: len(undisputed) - len(held),
    }


def _ics_losses(timeline: Timeline, view: FilteredView) -> Losses:
    """The loss report, also of a calendar not written for want of an event."""
    try:
        return to_ics(timeline, view)[1]
    except EmptyCalendar as error:
        return error.losses


EXPORTS = {
    "popolo": (lambda t, v: to_popolo(t, v)[1], popolo_recount),
    "timelinejs": (lambda t, v: to_timelinejs(t, v)[1], timelinejs_recount),
    "ics": (_ics_losses, ics_recount),
}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filters)
def test_every_loss_count_is_what_the_view_held(flt):
    for name, (export, recount) in EXPORTS.items():
        for timeline, view in _views(flt):
            losses = export(timeline, view)
            expected = {what: n for what, n in recount(timeline, view).items() if n}
            reported = {line.split(": ", 1)[1].rsplit(": ", 1)[0] for line in losses.lines()}
            assert {what: losses.count(what) for what in reported} == expected, name


def test_a_year_with_nothing_disputed_counts_no_conflict():
    """`export --to popolo --year 1994` once counted the 2023 conflict."""
    view = TimelineQuery(SHIPPED).view(Filter(years=YearRange(1994, 1994)))
    _, losses = to_popolo(SHIPPED, view)
    assert losses.count("conflicts left out (Popolo holds one reading: the file's own)") == 0
    view = TimelineQuery(SHIPPED).view(Filter(years=YearRange(2023, 2023)))
    _, losses = to_popolo(SHIPPED, view)
    assert losses.count("conflicts left out (Popolo holds one reading: the file's own)") == 1


def test_ics_dates_are_the_days_the_events_name():
    data, _ = to_ics(SHIPPED, TimelineQuery(SHIPPED).view(Filter()))
    starts = {
        str(e["uid"]): e["dtstart"].dt for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }
    birth = next(e for e in SHIPPED.events if e.id == "birth")
    assert starts["birth@backes-tui"] == birth.date.earliest == dt.date(1976, 5, 21)
