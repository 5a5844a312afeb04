"""Text search over events: folded words, all events in one buffer."""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Iterable, Sequence

from backes_tui.model import EventText


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "noumea" finds "Nouméa"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _encoded(text: str) -> bytes:
    # Lone surrogates can come from JSON escapes; they must not stop a search.
    return text.encode("utf-8", "surrogatepass")


class SearchText:
    """The searchable words of every event (title, summary, people, places),
    folded, as UTF-8 in one buffer: a row per event, in the order added.

    One buffer rather than a string per event saves the ~50 bytes each string
    costs, and a timeline loaded in a stream no longer holds the words
    anywhere else, so they are folded as they are read. A query word has no
    white space, so a match never spans two fields and ``word in fold(text)``
    is exactly a search of the event's row.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._ends = array("Q")
        self._first = self._last = array("Q")

    def add(self, title: str, summary: str, people: Sequence[str], places: Sequence[str]) -> None:
        words = " ".join((title, summary, *people, *places))
        self._buffer += _encoded(fold(words)) + b"\n"
        self._ends.append(len(self._buffer))

    def __len__(self) -> int:
        return len(self._ends)

    def arrange(self, rows: Sequence[int]) -> None:
        """Answer by position from now on: position ``p`` is row ``rows[p]``."""
        ends = self._ends
        self._first = array("Q", (ends[row - 1] if row else 0 for row in rows))
        self._last = array("Q", (ends[row] for row in rows))

    def matching(self, words: Sequence[str], positions: Iterable[int]) -> list[int]:
        """The positions whose rows contain every (folded) word."""
        if len(self._first) != len(self._ends):
            self.arrange(range(len(self._ends)))
        find, first, last = self._buffer.find, self._first, self._last
        keep = list(positions)
        for word in words:
            # One pass per word, each over what the previous words left.
            needle = _encoded(word)
            keep = [p for p in keep if find(needle, first[p], last[p]) >= 0]
        return keep

    @classmethod
    def of(cls, texts: Iterable[EventText]) -> SearchText:
        search = cls()
        for text in texts:
            search.add(text.title, text.summary, text.people, text.places)
        return search
