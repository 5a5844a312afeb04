"""Text search: folded words, all events in one buffer, and the one rule by
which a name finds what its other names find (`AliasRule`)."""

from __future__ import annotations

import importlib
import re
import unicodedata
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate
from types import ModuleType
from typing import NamedTuple, Protocol

from ahocorasick_rs import BytesAhoCorasick

# What packs and unpacks the blocks (raw deflate, which either module reads
# and writes), imported with the first block: a timeline of fewer than
# BLOCK_ROWS events, the shipped one, starts without it.
deflate: ModuleType | None = None


def _deflate() -> ModuleType:
    global deflate
    if deflate is None:
        try:
            # ISA-L: unpacks a search's blocks in 0.6 of zlib's time, packs them in 0.4.
            deflate = importlib.import_module("isal.isal_zlib")
        except ImportError:  # no wheel for this machine (see pyproject.toml)
            deflate = zlib
    return deflate


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


# Rows per compressed block: enough for deflate to find the words repeated
# across events, few enough that a filtered search unpacks little it skips.
BLOCK_ROWS = 256
# A quick level, in both modules: it unpacks as fast as the others, and packs
# quickest (figures in benchmarks/RESULTS.md).
LEVEL = 1
# Raw deflate, unpacked straight into a buffer of the known size: no checksum
# (the blocks never leave memory) and no regrowing (quicker to unpack).
RAW = -15


class _Also:
    """Rows that count as holding a search word whatever their words (by
    word index), and where they lie, block by block."""

    def __init__(self, rows: Mapping[int, Collection[int]], block_rows: int) -> None:
        self.rows = rows
        by_block: dict[int, list[int]] = {}
        for row in sorted(set().union(*rows.values())) if rows else ():
            by_block.setdefault(row // block_rows, []).append(row)
        self._by_block = by_block

    def in_block(self, block: int) -> list[int]:
        return self._by_block.get(block, [])

    def holds(self, row: int, line: bytes, needles: Sequence[bytes]) -> bool:
        """Whether ``row`` (its words ``line``) holds, or counts as holding, every needle."""
        rows = self.rows
        return all(
            needle in line or (i in rows and row in rows[i]) for i, needle in enumerate(needles)
        )


class SearchText:
    """The searchable words of every event (title, summary, people, places),
    folded and encoded as UTF-8, one row per event in the order added.

    A timeline streamed from a file no longer holds the words anywhere else,
    so they are folded as they are read, in file order; `arrange` then says
    which row belongs to which timeline position.

    The rows are kept compressed, `BLOCK_ROWS` to a block, one per line: as
    text they were a fifth of the app's memory at 100,000 events, and packed
    they take about a quarter of that. Unpacking every block takes about as
    long as one look through every row, so a search costs somewhat more than
    on rows kept whole (figures in benchmarks/RESULTS.md).

    A query word has no white space, so a match never spans two fields and
    ``word in row`` is exactly ``word in fold(title + " " + summary ...)``;
    for the same reason a line break in the words can be kept as a space.
    """

    def __init__(self, block_rows: int = BLOCK_ROWS) -> None:
        self._block_rows = block_rows
        self._packed: list[tuple[bytes, int]] = []  # the full blocks, and their unpacked sizes
        self._open: list[bytes] = []  # the rows of the block being filled
        self._row_at: array[int] | None = None  # by timeline position
        self._position_of: array[int] | None = None  # by row, made on first use

    def add(self, title: str, summary: str, people: Sequence[str], places: Sequence[str]) -> None:
        words = fold(" ".join((title, summary, *people, *places))).replace("\n", " ")
        self._open.append(_encoded(words))
        if len(self._open) == self._block_rows:
            text = b"\n".join(self._open)
            codec = _deflate()
            packer = codec.compressobj(LEVEL, codec.DEFLATED, RAW)
            self._packed.append((packer.compress(text) + packer.flush(), len(text)))
            self._open = []

    def __len__(self) -> int:
        return len(self._packed) * self._block_rows + len(self._open)

    def _text(self, block: int) -> bytes:
        """A block's rows, a line each (unpacked for the moment)."""
        if block == len(self._packed):
            return b"\n".join(self._open)
        packed, size = self._packed[block]
        return bytes(_deflate().decompress(packed, RAW, size))

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

    def matching(
        self,
        words: Sequence[str],
        positions: Sequence[int],
        also: Mapping[int, Collection[int]] | None = None,
    ) -> list[int]:
        """Those of ``positions`` (in ascending order) whose rows contain every
        (folded) word; ``also[i]``, where given, holds the rows that count as
        containing ``words[i]`` whatever their words (`AliasRule`)."""
        if not words:
            return list(positions)
        needles = [_encoded(word) for word in words]
        row_at = self._row_at
        extra = _Also(also or {}, self._block_rows)
        if len(positions) == len(self):
            found = self._every_row_with(needles, extra)
        else:
            wanted = positions if row_at is None else sorted(map(row_at.__getitem__, positions))
            found = self._rows_with(needles, wanted, extra)
        if row_at is None:
            return found
        return sorted(map(self._positions().__getitem__, found))

    def row_of(self, position: int) -> int:
        return position if self._row_at is None else self._row_at[position]

    def _every_row_with(self, needles: list[bytes], also: _Also) -> list[int]:
        found: list[int] = []
        size = self._block_rows
        for block in range((len(self) + size - 1) // size):
            text = self._text(block)
            first = block * size
            keep: list[int] = []
            rows: list[bytes] = []
            # Looked through whole first: most blocks lack a rare word.
            if all(needle in text for needle in needles):
                rows = text.split(b"\n")
                # The first two words in one pass (the empty needle is in every
                # row), any others each over what the words before them left.
                one, two = needles[0], needles[1] if len(needles) > 1 else b""
                keep = [first + i for i, row in enumerate(rows) if one in row and two in row]
                for needle in needles[2:]:
                    keep = [row for row in keep if needle in rows[row - first]]
            candidates = also.in_block(block)
            if candidates:
                # Rows about what a word names, looked at one by one: few.
                rows = rows or text.split(b"\n")
                known = set(keep)
                more = [
                    row
                    for row in candidates
                    if row not in known and also.holds(row, rows[row - first], needles)
                ]
                keep = sorted(keep + more) if more else keep
            found += keep
        return found

    def _rows_with(self, needles: list[bytes], wanted: Sequence[int], also: _Also) -> list[int]:
        """Those of the rows ``wanted`` (in ascending order) that hold every
        needle, each block unpacked once."""
        found: list[int] = []
        size, block, rows = self._block_rows, -1, list[bytes]()
        for row in wanted:
            if row // size != block:
                block = row // size
                text = self._text(block)
                whole = all(needle in text for needle in needles)
                rows = text.split(b"\n") if whole or also.in_block(block) else []
            if rows and also.holds(row, rows[row % size], needles):
                found.append(row)
        return found

    def rows_naming(self, groups: Mapping[str, Sequence[str]]) -> dict[str, set[int]]:
        """For each key of ``groups``, the rows in which one of its folded
        names stands as whole words (as `names_in` says). Each block is
        unpacked once and read once for all the names together (an
        Aho-Corasick automaton, in native code); a row a name occurs in is
        then decoded and asked whole, once a name."""
        found: dict[str, set[int]] = {key: set() for key in groups}
        # A row is one line: a name is looked for as the rows hold it, and
        # once for all the keys that share it.
        keys_of: dict[str, list[str]] = {}
        for key, names in groups.items():
            for name in {n.replace("\n", " ") for n in names if n}:
                keys_of.setdefault(name, []).append(key)
        if not keys_of:
            return found
        names = list(keys_of)
        automaton = BytesAhoCorasick([_encoded(name) for name in names])
        size = self._block_rows
        for block in range((len(self) + size - 1) // size):
            text = self._text(block)
            # Every occurrence, overlapping ones too ("rc" in "rpcr" and
            # in "rc"): which stand as whole words, their rows tell.
            matches = automaton.find_matches_as_indexes(text, overlapping=True)
            if not matches:
                continue
            lines = text.split(b"\n")
            starts = [0, *accumulate(len(line) + 1 for line in lines)]
            first = block * size
            asked: set[tuple[int, int]] = set()
            for index, at, _ in matches:
                row = bisect_right(starts, at) - 1
                if (index, row) in asked:
                    continue
                asked.add((index, row))
                name = names[index]
                if names_in(lines[row].decode("utf-8", "surrogatepass"), (name,)):
                    for key in keys_of[name]:
                        found[key].add(first + row)
        return found

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


def _is_word(char: str) -> bool:
    # What a regular expression's \w is in a str.
    return char.isalnum() or char == "_"


def _whole_at(text: str, names: Iterable[str]) -> Iterator[int]:
    """Where in ``text`` one of ``names`` stands as whole words: "RC" is no
    name of a party in "source". (str.find, not a regular expression with
    look-arounds, which tries each position in turn and was 30 times slower.)"""
    for name in names:
        at = text.find(name) if name else -1
        while at >= 0:
            end = at + len(name)
            before = at > 0 and _is_word(text[at - 1])
            if not before and not (end < len(text) and _is_word(text[end])):
                yield at
            at = text.find(name, at + 1)


def names_in(text: str, names: Iterable[str]) -> bool:
    """Whether one of the folded ``names`` stands in folded ``text`` as whole words."""
    return next(_whole_at(text, names), None) is not None


# A run of word characters: in a str pattern \w is exactly `_is_word`
# (str.isalnum or "_"; tests/test_name_search.py asks every code point).
_WORD_RUN = re.compile(r"\w+")


def word_runs(text: str) -> set[str]:
    """The longest runs of word characters (`_is_word`) in ``text``."""
    return set(_WORD_RUN.findall(text))


class Named(NamedTuple):
    """A place, office or party, as the search sees it."""

    key: str  # "place:South Province", "office:<id>", "party:<id>"
    names: tuple[str, ...]  # every name it goes by, folded
    # Those of its names that, written in an item's words, make the item about
    # it: all but an office's short name, a chart label that is often the
    # name of its place ("South Province").
    naming: tuple[str, ...]


class AliasRule:
    """One search rule for every pane and every command:

    an item is found by a word that is in its own words, or in any name of a
    place, office or party the item is about. An item is about what it links
    to (an event: its offices, parties and places; a derived event: its
    period; an office: its places; a party or office: itself) and about what
    its own words name (a name or alias, as whole words). So `/southern
    province` finds what `/south province` finds, and `/rassemblement` what
    `/rpcr` finds, in every pane.

    This class answers which named things a word reaches; the query keeps, for
    each, the items about it.
    """

    def __init__(self, things: Sequence[Named]) -> None:
        self.things = tuple(things)
        self._reached: dict[str, tuple[Named, ...]] = {}

    @classmethod
    def of(
        cls,
        places: Iterable[tuple[str, Sequence[str]]],
        offices: Iterable[tuple[str, str, Sequence[str]]],
        parties: Iterable[tuple[str, str, Sequence[str]]],
    ) -> AliasRule:
        """The rule over places (name, aliases), offices and parties (id,
        short name, other names)."""
        things = []
        for name, aliases in places:
            folded = tuple(fold(n) for n in (name, *aliases))
            things.append(Named(f"place:{name}", folded, folded))
        for office_id, short, titles in offices:
            naming = tuple(fold(n) for n in titles)
            things.append(Named(f"office:{office_id}", (fold(short), *naming), naming))
        for party_id, short, names in parties:
            folded = tuple(fold(n) for n in (short, *names))
            things.append(Named(f"party:{party_id}", folded, folded))
        return cls(things)

    def reached_by(self, word: str) -> tuple[Named, ...]:
        """The things one of whose names holds the folded ``word``."""
        reached = self._reached.get(word)
        if reached is None:
            if len(self._reached) > 256:  # typed searches come and go
                self._reached.clear()
            reached = self._reached[word] = tuple(
                thing for thing in self.things if any(word in name for name in thing.names)
            )
        return reached
