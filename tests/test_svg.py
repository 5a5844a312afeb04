"""The SVG chart: valid SVG 1.1, every item named once, ⚠ on disputed items,
hostile text literal, the axis following the filter; and `backes-tui chart`."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from backes_tui.cli import main
from backes_tui.formats.svg import chart_svg
from backes_tui.storage.loader import parse_timeline
from backes_tui.timeline.model import Timeline, item_title
from backes_tui.timeline.query import Filter, FilteredView, TimelineQuery
from backes_tui.timeline.years import YearRange
from tests.conftest import minimal, write_json

SVG = "{http://www.w3.org/2000/svg}"


def _parse(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg" and root.get("version") == "1.1"
    assert int(root.get("width", "0")) >= 600 and int(root.get("height", "0")) > 0
    return root


def _own_texts(root: ET.Element) -> list[str]:
    """The text each text or tspan element holds itself (titles sit alone in a tspan)."""
    return [el.text for el in root.iter() if el.tag in (f"{SVG}text", f"{SVG}tspan") and el.text]


def _lines(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def _visible(view: FilteredView) -> list:
    return [*view.eras, *view.parties, *view.offices, *view.events]


@pytest.mark.parametrize("width", [800, 1000, 1400])
@pytest.mark.parametrize("years", [None, YearRange(2019, 2023), YearRange(2022, 2022)])
def test_every_visible_item_is_named_once_and_disputed_ones_carry_the_mark(timeline, width, years):
    view = TimelineQuery(timeline).view(Filter(years=years))
    root = _parse(chart_svg(timeline, view, years, width))
    own = Counter(_own_texts(root))
    titles = Counter(item_title(item) for item in _visible(view))
    for title, count in titles.items():
        assert own[title] == count, (title, own[title], count)
    # The line holding each title carries ⚠ exactly when the source reads the item two ways.
    holding: dict[str, list[str]] = {}
    for element in root.iter(f"{SVG}text"):
        named = [el.text for el in element.iter() if el.text]
        line = "".join(element.itertext())
        for name in named:
            holding.setdefault(name, []).append(line)
    for item in _visible(view):
        lines = holding[item_title(item)]
        marked = ["⚠" in line for line in lines]
        if timeline.disputed(item):
            assert any(marked), (item_title(item), lines)
        elif titles[item_title(item)] == 1:
            assert not any(marked), (item_title(item), lines)


def test_the_axis_follows_the_filter_and_the_caption_names_her_and_the_source_end(timeline):
    whole = _lines(_parse(chart_svg(timeline, TimelineQuery(timeline).view(Filter()))))
    assert "1980" in whole and "2020" in whole
    years = YearRange(2019, 2023)
    view = TimelineQuery(timeline).view(Filter(years=years))
    zoomed = _lines(_parse(chart_svg(timeline, view, years, 800)))
    assert "1980" not in zoomed
    assert [y for y in map(str, range(2019, 2025)) if y in zoomed] == [
        str(y) for y in range(2019, 2025)
    ]
    caption = zoomed[0]
    assert "Sonia Backès" in caption and "2019–2023" in caption and "14 July 2024" in caption
    months = _lines(
        _parse(chart_svg(timeline, timeline_view(timeline, 2022), YearRange(2022, 2022)))
    )
    assert "Jul" in months


def timeline_view(timeline: Timeline, year: int) -> FilteredView:
    return TimelineQuery(timeline).view(Filter(years=YearRange(year, year)))


HOSTILE_TITLES = [
    "<b>bold</b> & <script>alert(1)</script>",
    "[RPCR] ]]> \"quoted\" 'single'",
    "bell\x07 escape\x1b[31m red",
]


def test_hostile_titles_stay_literal():
    data = minimal()
    data["events"][0]["title"] = HOSTILE_TITLES[0]
    data["offices"][0]["title"] = HOSTILE_TITLES[1]
    data["parties"][0]["name"] = HOSTILE_TITLES[2]
    timeline = parse_timeline(data, "hostile")
    text = chart_svg(timeline, TimelineQuery(timeline).view(Filter()))
    assert "<script>" not in text and "<b>" not in text and "\x1b" not in text
    root = _parse(text)  # still well-formed XML
    everything = "\n".join(_lines(root))
    assert HOSTILE_TITLES[0] in everything
    assert HOSTILE_TITLES[1] in everything
    assert "bell\\x07 escape\\x1b[31m red" in everything  # control characters shown, not sent


def test_chart_command_writes_standard_output_or_a_file_and_never_overwrites(capsys, tmp_path):
    assert main(["chart", "--year", "2019-2023", "--width", "800"]) == 0
    out = capsys.readouterr().out
    _parse(out)
    target = tmp_path / "chart.svg"
    assert main(["chart", "-o", str(target)]) == 0
    _parse(target.read_text(encoding="utf-8"))
    before = target.read_bytes()
    assert main(["chart", "--year", "2022", "-o", str(target)]) == 2
    assert "exists" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert main(["chart", "--year", "2022", "-o", str(target), "--force"]) == 0
    assert b"2022" in target.read_bytes() and target.read_bytes() != before


def test_chart_command_takes_the_filters_of_the_listings(capsys, tmp_path):
    data = write_json(tmp_path / "t.json", minimal())
    assert main(["chart", "--data", str(data), "--search", "event"]) == 0
    root = _parse(capsys.readouterr().out)
    assert "Event" in _own_texts(root)
    with pytest.raises(SystemExit) as refused:  # nothing is lost in a drawing: meaningless
        main(["chart", "--strict"])
    assert refused.value.code == 2


def test_the_event_list_says_in_words_what_is_not_certainly_within_the_years(timeline):
    """The list is the chart's text: an item reached only through a side the
    article does not state, or only possibly within the years, says so."""
    years = YearRange(2019, 2023)
    view = TimelineQuery(timeline).view(Filter(years=years))
    lines = _lines(_parse(chart_svg(timeline, view, years)))
    by_title = {line.split(": ", 1)[1]: line for line in lines if ": " in line}
    assert any(
        "The MPC wins the elections (date not stated: in or after 2013)" in line for line in lines
    ), lines
    assert any("Member of Renaissance (possibly within the years)" in line for line in lines)
    assert any(
        line.endswith("Defeated by Robert Xowie in the Senate election") for line in lines
    ), by_title
