"""Prose says what the article says, in words: no internal id spliced into a
summary, and every quote shown exactly as the article writes it."""

from __future__ import annotations

import json
import os
import re

import pytest

from backes_tui.storage.loader import load_timeline
from backes_tui.tui.detail import shown_quote
from tests.conftest import ARTICLE, DATA


def _prose(document: dict) -> list[tuple[str, str]]:
    """(where, text) of every free-text field a reader sees."""
    found = []
    for section in ("eras", "offices", "parties", "events", "conflicts"):
        for index, item in enumerate(document.get(section, [])):
            for name in ("title", "name", "summary", "note"):
                if isinstance(item.get(name), str):
                    found.append((f"{section}[{index}].{name}", item[name]))
    return found


def test_no_summary_names_an_item_by_its_id():
    timeline = load_timeline(None)
    document = json.loads(DATA.read_text("utf-8"))
    items = (*timeline.eras, *timeline.offices, *timeline.parties, *timeline.events)
    # Ids of more than one word (joined by "-" or ".") never read as prose;
    # one-word ids ("family", "rally") are ordinary words.
    ids = [item.id for item in items if re.search(r"[-.]", item.id)]
    assert "bastille-day-speech" in ids
    for where, text in _prose(document):
        for item_id in ids:
            assert not re.search(rf"(?<![\w-]){re.escape(item_id)}(?![\w-])", text), (
                f"{where} shows the id {item_id!r}: {text}"
            )
        assert not re.search(r"\([a-z0-9]+(?:[-.][a-z0-9]+)+\)", text), where


@pytest.mark.skipif(
    not ARTICLE.exists() and not os.environ.get("CI"),
    reason="the article in ../shared/seeds/ is absent",
)
def test_every_shown_quote_is_found_in_the_article_as_displayed():
    article = " ".join(ARTICLE.read_text(encoding="utf-8").split())
    timeline = load_timeline(None)
    items = (*timeline.offices, *timeline.parties, *timeline.events)
    quotes = {cite.quote for item in items for cite in item.cites}
    assert "Term Start1: 17 May 2019" in quotes and "Termend: 10 October 2023" in quotes
    for quote in quotes:
        shown = shown_quote(quote)
        # What sits between the quotation marks is searchable in the article as is.
        inner = shown[shown.index("“") + 1 : shown.rindex("”")]
        assert inner == quote and inner in article
    assert shown_quote("Term Start1: 17 May 2019") == "Infobox · “Term Start1: 17 May 2019”"
    assert shown_quote("Termend: 10 October 2023") == "Infobox · “Termend: 10 October 2023”"
    assert shown_quote("she resigned") == "“she resigned”"
