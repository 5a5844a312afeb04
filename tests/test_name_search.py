"""The search's look for names (`SearchText.rows_naming`, `AboutIndex.periods`)
finds exactly what asking every text whole finds."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from backes_tui.timeline.about import AboutIndex
from backes_tui.timeline.search import AliasRule, Named, SearchText, _is_word, fold, word_runs
from tests.conftest import examples

# Word characters and not, in and beyond ASCII: accents (folded away), "ß"
# (folded to two), digits beyond ASCII ("²", "Ⅻ"), typographic marks, a
# no-break space, a line break and a lone surrogate (from a JSON escape).
LETTERS = [*"ab1_ -.’«é²Ⅻß·İ", "\n", "\u00a0", "\ud800"]
texts = st.lists(st.sampled_from(LETTERS), max_size=12).map("".join)
names = st.lists(st.sampled_from(LETTERS), min_size=1, max_size=4).map("".join).map(fold)


def _stands(name: str, text: str) -> bool:
    """The rule, plainly: ``name`` with no word character just before or after it."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def test_a_word_run_is_what_the_rule_calls_a_word():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert set(re.findall(r"\w", every)) == {char for char in every if _is_word(char)}
    assert word_runs("«ab-c» x_1 ²’b") == {"ab", "c", "x_1", "²", "b"}


@settings(max_examples=examples(300), deadline=None)
@given(
    rows=st.lists(texts, max_size=9),
    groups=st.dictionaries(st.sampled_from("xyz"), st.lists(names, max_size=3)),
    block_rows=st.integers(1, 4),
)
def test_rows_naming_finds_what_asking_every_row_finds(rows, groups, block_rows):
    search = SearchText(block_rows)
    for row in rows:
        search.add(row, "", [], [])
    # A row's words: its title and (empty) summary, a space between; a line
    # break in them or in a name is kept as a space.
    lines = [fold(f"{row} ").replace("\n", " ") for row in rows]
    expected = {
        key: {
            i
            for i, line in enumerate(lines)
            if any(n and _stands(n.replace("\n", " "), line) for n in key_names)
        }
        for key, key_names in groups.items()
    }
    assert search.rows_naming(groups) == expected


@settings(max_examples=examples(300), deadline=None)
@given(
    periods=st.lists(texts.map(fold), max_size=9), naming=st.lists(names, min_size=1, max_size=3)
)
def test_periods_naming_a_thing_are_those_asked_one_by_one(timeline, periods, naming):
    about = AboutIndex(timeline, SearchText)
    about.rule = AliasRule([Named("place:P", tuple(naming), tuple(naming))])
    lane: list[object] = []
    found = about.periods(lane, periods, naming[0])  # a name reaches what it names
    assert found == {i for i, text in enumerate(periods) if any(_stands(n, text) for n in naming)}
