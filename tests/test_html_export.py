"""`export --to html`: the page holds every title, both readings of every
dispute and every quote; dates say only what is stated; hostile text stays
text; nothing comes from elsewhere. (The browser checks are in
test_html_browser.py.)"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backes_tui.cli import main
from backes_tui.storage.loader import load_timeline
from tests.conftest import DATA, HOSTILE, write_json

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source", "area", "col", "base"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def within(self, tag: str) -> bool:
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node is not None


class Page(HTMLParser):
    """The page as the browser's parser sees it: its elements, each with its
    text, and the doctype; stdlib only, so the oracle is not our code."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.doctype = ""
        self.feed(text)
        self.close()
        assert not self._open, [e.tag for e in self._open]

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self._open[-1] if self._open else None)
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs), self._open[-1] if self._open else None))

    def handle_endtag(self, tag: str) -> None:
        assert self._open and self._open[-1].tag == tag, (tag, [e.tag for e in self._open])
        self._open.pop()

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.parts.append(data)

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def one(self, tag: str) -> Element:
        (element,) = self.all(tag)
        return element

    def by_id(self, anchor: str) -> Element:
        (element,) = [e for e in self.elements if e.attrs.get("id") == anchor]
        return element


def export(capsys, *argv: str) -> str:
    assert main(["export", "--to", "html", *argv]) == 0
    return capsys.readouterr().out


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def test_the_page_holds_every_title_and_quote(capsys, shipped):
    page = Page(export(capsys))
    body = words(page.one("body").text)
    timeline = load_timeline()
    # Derived events (a term's start and end) are titled by the loader.
    for event in timeline.events:
        assert words(event.title) in body
    for office in shipped["offices"]:
        assert words(office["title"]) in body
    for party in shipped["parties"]:
        assert words(party["name"]) in body
    for era in shipped["eras"]:
        assert words(era["title"]) in body
    quoted = {words(q.text) for q in page.all("blockquote")}
    every = [
        cite["quote"]
        for kind in ("events", "offices", "parties")
        for item in shipped[kind]
        for cite in item["cites"]
    ]
    every += [
        cite["quote"]
        for conflict in shipped["conflicts"]
        for reading in conflict["readings"]
        for cite in reading["cites"]
    ]
    assert every
    assert {words(q) for q in every} <= quoted
    # Each quote names its source.
    for figure in page.all("figure"):
        if figure.attrs.get("class") == "quote":
            cite = [e for e in page.all("cite") if e.parent and e.parent.parent is figure]
            assert [c.text for c in cite] == [shipped["sources"][0]["title"]]
    assert len(page.all("ol")) == 1
    items = [li for li in page.all("li") if li.parent and li.parent.tag == "ol"]
    assert len(items) == len(timeline.events)


def test_every_dispute_shows_both_readings_with_their_quotes_in_details(capsys, shipped):
    page = Page(export(capsys))
    (conflict,) = shipped["conflicts"]
    disputes = [d for d in page.all("div") if d.attrs.get("class") == "dispute"]
    # The office, the era, the resignation and the term's derived end event.
    named = sum(len(conflict.get(kind, ())) for kind in ("offices", "events", "eras", "parties"))
    assert len(disputes) == named == 4
    for dispute in disputes:
        times = [t for t in page.all("time") if _inside(t, dispute) and not t.within("details")]
        assert sorted(t.attrs["datetime"] for t in times) == sorted(
            r["date"] for r in conflict["readings"]
        )
        for reading in conflict["readings"]:
            assert reading["label"] in dispute.text
        (details,) = [d for d in page.all("details") if _inside(d, dispute)]
        quotes = [words(q.text) for q in page.all("blockquote") if _inside(q, details)]
        assert quotes == [c["quote"] for r in conflict["readings"] for c in r["cites"]]
    # The date line says so too, with the reading it does not give.
    office = page.by_id("office-2")
    assert words(office.text) == "State Secretary for Citizenship"
    assert office.parent is not None
    (line,) = [
        p for p in page.all("p") if p.attrs.get("class") == "when" and _inside(p, office.parent)
    ]
    assert words(line.text) == (
        "From 4 July 2022 to 10 October 2023. "
        "Disputed: by another reading, September 2023 (Text: resignation)."
    )


def _inside(element: Element, ancestor: Element) -> bool:
    node = element.parent
    while node is not None and node is not ancestor:
        node = node.parent
    return node is ancestor


def test_dates_hold_only_the_parts_stated(capsys, shipped):
    page = Page(export(capsys))
    for time in page.all("time"):
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", time.attrs["datetime"] or "")
    for number, event in enumerate(load_timeline().events, start=1):
        if event.date is None:
            continue
        item = page.by_id(f"event-{number}").parent
        assert item is not None
        (first, *_) = [t for t in page.all("time") if _inside(t, item)]
        stated = str(event.date).rstrip("~")
        assert first.attrs["datetime"] == stated, event.title
    # A year is a year, in words too.
    first_event = page.by_id("event-1").parent
    assert shipped["events"][0]["date"] == "1952"
    assert first_event is not None and "(stated to the year)" in first_event.text


def _certainty_of(page: Page, title: str) -> str:
    """The certainty line of the office or party ``title``."""
    (heading,) = [
        h
        for h in page.all("h3")
        if words(h.text) == title and h.attrs["id"].startswith(("office-", "party-"))
    ]
    item = heading.parent
    assert item is not None
    (line,) = [p for p in page.all("p") if p.attrs.get("class") == "certainty" and _inside(p, item)]
    return words(line.text)


def test_certainty_is_written_in_words_for_a_year_filter(capsys):
    page = Page(export(capsys, "--year", "2023"))
    # Her term ends in 2023 by either reading; the party is joined "by July 2022".
    assert _certainty_of(page, "State Secretary for Citizenship") == "In 2023: certain."
    assert _certainty_of(page, "Renaissance") == "In 2023: possible."
    assert "The source says nothing after" not in page.one("main").text
    page = Page(export(capsys, "--year", "2025"))
    assert "The source says nothing after 14 July 2024" in words(page.one("main").text)
    page = Page(export(capsys))
    assert not [p for p in page.all("p") if p.attrs.get("class") == "certainty"]


def test_a_filtered_page_holds_what_the_command_line_lists(capsys):
    argv = ("--year", "2019-2023", "--search", "senate")
    page = Page(export(capsys, *argv))
    assert main(["events", *argv, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed
    items = [li for li in page.all("li") if li.parent and li.parent.tag == "ol"]
    assert [_title(page, li) for li in items] == [e["title"] for e in listed]
    assert "Shown: Years 2019–2023 · “senate”." in words(page.one("header").text)
    page = Page(export(capsys, "--kind", "life", "--year", "1976"))
    items = [li for li in page.all("li") if li.parent and li.parent.tag == "ol"]
    assert [_title(page, li) for li in items] == ["Born Sonia Dos Santos in Nouméa"]


def _title(page: Page, item: Element) -> str:
    (heading,) = [h for h in page.all("h3") if h.parent is item]
    return words(heading.text)


def test_the_page_stands_alone_and_is_built_for_every_reader(capsys):
    text = export(capsys)
    page = Page(text)
    assert page.doctype.lower() == "doctype html"
    assert page.one("html").attrs["lang"] == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.all(landmark)
    assert len(page.all("h1")) == 1
    assert [words(h.text) for h in page.all("h2")] == [
        "Chart",
        "Eras",
        "Offices",
        "Parties",
        "Events",
        "About this page",
    ]
    skip = page.all("a")[0]
    assert skip.attrs["href"] == "#main" and page.one("main").attrs["id"] == "main"
    # Every link leads within the page, to something there.
    ids = {e.attrs.get("id") for e in page.elements}
    for link in page.all("a"):
        assert link.attrs["href"][0] == "#" and link.attrs["href"][1:] in ids
    # No script, nothing loaded: no src, no stylesheet link, no url() in the style.
    assert not page.all("script") and not page.all("link")
    assert not [e for e in page.elements if "src" in e.attrs or "srcset" in e.attrs]
    assert "url(" not in page.one("style").text and "@import" not in page.one("style").text
    style = page.one("style").text
    assert "@media print" in style and "prefers-color-scheme: dark" in style
    # The chart, inline, named and described; the lists are its words.
    svg = page.one("svg")
    assert svg.attrs["role"] == "img"
    assert page.by_id(svg.attrs["aria-labelledby"] or "").tag == "title"
    assert page.by_id(svg.attrs["aria-describedby"] or "").tag == "desc"


HTML_HOSTILE = (
    "<script>alert(1)</script><b>bold</b> & \"q\" 'a' </title><img src=x onerror=alert(2)>"
)


@pytest.fixture(scope="module")
def hostile_page_file(tmp_path_factory) -> Path:
    """tests/data/hostile.json, with HTML's own attacks added where text goes."""
    data = json.loads(HOSTILE.read_text(encoding="utf-8"))
    data["subject"]["name"] += HTML_HOSTILE
    data["sources"][0]["title"] += HTML_HOSTILE
    data["offices"][0]["title"] += HTML_HOSTILE
    data["parties"][0]["name"] += HTML_HOSTILE
    data["events"][0]["title"] += HTML_HOSTILE
    data["events"][0]["cites"][0]["quote"] += HTML_HOSTILE
    data["events"][0].setdefault("people", []).append(HTML_HOSTILE)
    return write_json(tmp_path_factory.mktemp("hostile") / "hostile.json", data)


def test_hostile_text_is_inert(capsys, hostile_page_file):
    text = export(capsys, "--data", str(hostile_page_file))
    page = Page(text)
    # Only the template's elements: none from the data.
    assert not page.all("script") and not page.all("img") and not page.all("b")
    assert not [e for e in page.elements if any(a.startswith("on") for a in e.attrs)]
    body = page.one("body").text
    assert body.count(HTML_HOSTILE) >= 6  # shown as written, wherever it was put
    assert "[bold red]Mallory[/]" in body and "[link=https://evil.example]Source[/link]" in body
    assert HTML_HOSTILE in page.all("title")[0].text  # the head's, not the chart's
    # Controls and bidi overrides are shown as escapes, as in every format.
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert "\\x1b]0;pwned\\x07" in body and "\\u202e" in body


def test_standard_output_and_a_file_hold_the_same_page(capsys, tmp_path):
    written = tmp_path / "page.html"
    assert main(["export", "--to", "html", "--year", "2022", "-o", str(written)]) == 0
    assert written.read_text(encoding="utf-8") == export(capsys, "--year", "2022")
    assert main(["export", "--to", "html", "-o", str(written)]) == 2  # never over a file
    assert "exists" in capsys.readouterr().err


def test_a_terminal_that_is_not_utf8_gets_the_same_page_in_ascii(capsys):
    import html
    import os
    import subprocess
    import sys

    argv = [sys.executable, "-m", "backes_tui", "export", "--to", "html", "--year", "1976"]
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run(argv, env=env, capture_output=True, check=True)
    assert result.stderr == b""  # nothing replaced by "?"
    ascii_page = result.stdout.decode("ascii")
    assert "Back&#232;s" in ascii_page
    assert html.unescape(ascii_page) == html.unescape(export(capsys, "--year", "1976"))


@given(
    year=st.integers(1, 9999),
    month=st.none() | st.integers(1, 12),
    day=st.integers(1, 28),
    has_day=st.booleans(),
    approximate=st.booleans(),
)
def test_a_time_element_states_exactly_the_parts_the_date_has(
    year, month, day, has_day, approximate
):
    from backes_tui.formats.html_page import page_date
    from backes_tui.timeline.dates import PartialDate

    date = PartialDate(year, month, day if month and has_day else None, approximate)
    machine = page_date(date).machine
    parts = machine.split("-")
    # HTML's year, month and date strings: four-digit year, two-digit month and day.
    assert [len(part) for part in parts] == [4, 2, 2][: len(parts)]
    assert [int(part) for part in parts] == [
        p for p in (date.year, date.month, date.day) if p is not None
    ]
