"""The search text, packed in compressed blocks, finds exactly what a plain
look through each event's folded words finds, whichever deflate packed and
unpacks it."""

from __future__ import annotations

import importlib
import zlib
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backes_tui.timeline import search as search_module
from backes_tui.timeline.search import SearchText, fold
from tests.conftest import examples


def _isal() -> ModuleType:
    try:
        return importlib.import_module("isal.isal_zlib")
    except ImportError:
        pytest.skip("isal has no wheel for this machine; zlib does its work here")


# Which module packs the blocks while loading, and which unpacks them to search:
# the blocks are raw deflate, so a file packed by one is read by the other.
CODECS = {
    "isal": (_isal, _isal),
    "zlib": (lambda: zlib, lambda: zlib),
    "isal, then zlib": (_isal, lambda: zlib),
    "zlib, then isal": (lambda: zlib, _isal),
}

# Words as data gives them: accents, line breaks, a lone surrogate from a JSON
# escape, and few enough letters that words repeat across events.
letters = st.sampled_from([*"abcé É\n\t", "\ud800", "ß", "ﬁ"])
text = st.text(letters, max_size=12)
event = st.tuples(text, text, st.lists(text, max_size=2), st.lists(text, max_size=2))
word = st.text(st.sampled_from(list("abcéÉßﬁ")), min_size=1, max_size=3)


def plain(parts: tuple[str, str, list[str], list[str]], words: list[str]) -> bool:
    """The oracle: every folded word in the folded words of the event."""
    title, summary, people, places = parts
    haystack = fold(" ".join((title, summary, *people, *places)))
    return all(fold(w) in haystack for w in words)


def _agrees(search, events, words, data):
    """What ``search`` finds of ``words`` is what a plain look finds."""
    assert len(search) == len(events)
    folded = [fold(w) for w in words]
    every = list(range(len(events)))
    some = sorted(data.draw(st.sets(st.sampled_from(every)) if every else st.just(set())))
    # Rows in the order added, then arranged in another (as a streamed file's are).
    for wanted in (every, some):
        expected = [i for i in wanted if plain(events[i], words)]
        assert search.matching(folded, wanted) == expected
    order = data.draw(st.permutations(every))
    search.arrange(order)
    for wanted in (every, some):
        expected = [p for p in wanted if plain(events[order[p]], words)]
        assert search.matching(folded, wanted) == expected


@pytest.mark.parametrize("codecs", CODECS.values(), ids=CODECS.keys())
@settings(max_examples=examples(200), deadline=None)
@given(
    events=st.lists(event, max_size=30),
    words=st.lists(word, max_size=3),
    block_rows=st.integers(1, 8),
    data=st.data(),
)
def test_packed_search_agrees_with_a_plain_look(codecs, events, words, block_rows, data):
    packer, unpacker = (codec() for codec in codecs)
    shipped = search_module.deflate
    try:
        search_module.deflate = packer
        search = SearchText(block_rows)
        for parts in events:
            search.add(*parts)
        search_module.deflate = unpacker
        _agrees(search, events, words, data)
    finally:
        search_module.deflate = shipped


def test_isal_deflates_where_it_has_a_wheel():
    assert search_module._deflate() is _isal()
