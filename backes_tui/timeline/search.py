"""Text search over events: folded words, all events in one buffer."""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol


class Searchable(Protocol):
    """The words of one event that a search looks in (an `EventText`)."""

    @property
    def title(self) -> str: ...

    @property
    def summary(self) -> str: ...

    @property
    def people(self) -> Sequence[str]: ...

    @property
    def places(self) -> Sequence[str]: ...


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "noumea" finds "Nouméa"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def match_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where folded ``words`` occur in ``text``, as (start, end) of the
    original characters, merged and in order, for highlighting a search."""
    if not words:
        return []
    folded: list[str] = []
    origin: list[int] = []  # the text index each folded character came from
    for index, char in enumerate(text):
        piece = fold(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    for word in words:
        start = haystack.find(word)
        while word and start >= 0:
            spans.append((origin[start], origin[start + len(word) - 1] + 1))
            start = haystack.find(word, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _encoded(text: str) -> bytes:
    # Lone surrogates can come from JSON escapes; they must not stop a search.
    return text.encode("utf-8", "surrogatepass")


class SearchText:
    """The searchable words of every event (title, summary, people, places),
    folded and encoded as UTF-8, one row per event in the order added.

    A timeline streamed from a file no longer holds the words anywhere else,
    so they are folded as they are read, in file order; `arrange` then says
    which row belongs to which timeline position. Rows are searched in the
    order they were made, which is their order in memory: checked in timeline
    order instead, 100,000 rows scattered across memory search twice as slowly.

    A query word has no white space, so a match never spans two fields and
    ``word in row`` is exactly ``word in fold(title + " " + summary ...)``.
    """

    def __init__(self) -> None:
        self._rows: list[bytes] = []
        self._row_at: array[int] | None = None  # by timeline position
        self._position_of: array[int] | None = None  # by row, made on first use

    def add(self, title: str, summary: str, people: Sequence[str], places: Sequence[str]) -> None:
        self._rows.append(_encoded(fold(" ".join((title, summary, *people, *places)))))

    def arrange(self, order: Sequence[int]) -> None:
        """Timeline position ``p`` holds row ``order[p]``."""
        self._row_at = array("I", order)

    def _positions(self) -> array[int]:
        if self._position_of is None:
            assert self._row_at is not None
            position_of = array("I", [0]) * len(self._row_at)
            for position, row in enumerate(self._row_at):
                position_of[row] = position
            self._position_of = position_of
        return self._position_of

    def warm(self) -> None:
        if self._row_at is not None:
            self._positions()

    def matching(self, words: Sequence[str], positions: Sequence[int]) -> list[int]:
        """Those of ``positions`` (in ascending order) whose rows contain every
        (folded) word."""
        texts, row_at = self._rows, self._row_at
        if row_at is None:
            keep = list(positions)
        elif len(positions) == len(texts):
            keep = list(range(len(texts)))
        else:
            keep = sorted(map(row_at.__getitem__, positions))
        for word in words:
            # One pass per word, each over what the previous words left.
            needle = _encoded(word)
            keep = [row for row in keep if needle in texts[row]]
        if row_at is None:
            return keep
        return sorted(map(self._positions().__getitem__, keep))

    @classmethod
    def of(
        cls,
        texts: Iterable[Searchable],
        aliases: Callable[[Sequence[str]], Sequence[str]] = lambda places: (),
    ) -> SearchText:
        """Rows for ``texts``; ``aliases`` gives the other names of their places."""
        search = cls()
        for text in texts:
            places = text.places
            search.add(text.title, text.summary, text.people, (*places, *aliases(places)))
        return search
