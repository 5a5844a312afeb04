"""A JSON array in a file, read a block of whole elements at a time, each
block decoded by msgspec into typed values in C.

Why: json's scanner builds a dict for every element and calls a Python hook
for every object (to refuse a key given twice). At 100,000 events that was
most of the time a command took. msgspec decodes a block of events straight
into typed structs; with the checks that follow, loading takes about half
as long. Each element's bytes are kept too (`msgspec.Raw`), for the few the
types do not fit.

Where a block ends. A block is cut after a "}" and decoded as "[" + block +
"]". That decodes only if the cut lies between two elements of the array:
JSON reads a text one way only, so a cut inside a string or a nested value
leaves a string unclosed or a bracket open. A cut that fails moves back; a
block that finds none reads more.

A key given twice. msgspec keeps the last, as json does, and says nothing.
Every ":" outside a string follows an object's key, and an encoder writes a
":" inside a string as it is. So when a block's typed values, encoded again,
hold as many colons as the block's own bytes, no member was dropped: no key
was given twice, and none was one the types ignore. A block with an escaped
colon (``\\u003a``) would upset the count and is not taken either.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

import msgspec

from backes_tui.storage.json_positions import lone_surrogate_escape, no_duplicates
from backes_tui.storage.json_stream import BLOCK, NotStreamable, reject_constant

T = TypeVar("T")

_SPACE = re.compile(rb"[ \t\n\r]*")
# Between two elements of a block that has decoded: white space and one comma.
_BETWEEN = re.compile(rb"[ \t\n\r,]*")
_RAW = msgspec.json.Decoder(list[msgspec.Raw])
_ENCODER = msgspec.json.Encoder()
# The escapes of "0" to "?", ":" among them; no writer escapes these unasked.
_ESCAPED_COLON = b"\\u003"
# "}"s tried one by one before jumping back: an event has a few inside it.
_TRIES = 16


class Block(msgspec.Struct, Generic[T], frozen=True):
    """Consecutive elements of the array: each one's bytes and byte range in
    the file, and their typed values, or None where the types do not fit
    every element exactly (read those one at a time with `element_value`)."""

    raws: list[msgspec.Raw]
    starts: list[int]
    ends: list[int]
    values: list[T] | None


def _end_of(pattern: re.Pattern[bytes], text: bytes, at: int) -> int:
    """Where ``pattern``, which matches the empty string too, ends from ``at``."""
    match = pattern.match(text, at)
    assert match is not None
    return match.end()


def element_value(raw: msgspec.Raw) -> Any:
    """One element read by json, with every check of a whole parse: UTF-8,
    no NaN, no key given twice, no half of a surrogate pair."""
    try:
        text = bytes(raw).decode("utf-8")
        if lone_surrogate_escape(text):
            raise NotStreamable
        return json.loads(text, parse_constant=reject_constant, object_pairs_hook=no_duplicates)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise NotStreamable from None


class ArrayBlocks(Generic[T]):
    """The elements of the array whose "[" ends just before byte ``start`` of
    the file open on ``fd``. Iterate for its blocks; ``end`` is then the byte
    after its "]". Anything that is not a well-formed array raises
    `NotStreamable`, and the caller parses the whole document."""

    def __init__(
        self,
        fd: int,
        start: int,
        decoder: msgspec.json.Decoder[list[T]],
        chunk: int = BLOCK,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self._fd = fd
        self._decoder = decoder
        self._chunk = chunk
        self._progress = progress
        self._buffer = b""
        self._base = start  # the file offset of _buffer[0]
        self._at = 0  # in _buffer
        self._eof = False
        self.end = -1

    def _more(self) -> bool:
        """Read another chunk after what is held; False at the end of the file."""
        if self._eof:
            return False
        # Keep only what is not yet taken.
        self._buffer = self._buffer[self._at :]
        self._base += self._at
        self._at = 0
        read = os.pread(self._fd, self._chunk, self._base + len(self._buffer))
        self._eof = not read
        self._buffer += read
        if self._progress is not None:
            self._progress(self._base + len(self._buffer))
        return not self._eof

    def _next_char(self) -> int:
        """The next byte that is not white space (moving past the space), or -1 at the end."""
        while True:
            self._at = _end_of(_SPACE, self._buffer, self._at)
            if self._at < len(self._buffer):
                return self._buffer[self._at]
            if not self._more():
                return -1

    def __iter__(self) -> Iterator[Block[T]]:
        first = True
        while True:
            char = self._next_char()
            if char == ord("]") and first:
                break
            if not first:
                if char == ord("]"):
                    break
                if char != ord(","):
                    raise NotStreamable
                self._at += 1
                if self._next_char() == ord("]"):
                    raise NotStreamable  # a comma before the closing bracket
            first = False
            yield self._block()
        self.end = self._base + self._at + 1

    def _block(self) -> Block[T]:
        """The longest run of whole elements found from here."""
        while True:
            if len(self._buffer) - self._at < self._chunk:
                self._more()
            found = self._cut(hurry=not self._eof)
            if found is not None:
                break
            if self._eof:
                raise NotStreamable  # no element ends before the file does
            self._more()
        document, raws = found
        offset = self._base + self._at - 1  # of document[0], the "[" put before the block
        self._at += len(document) - 2
        starts, ends = [], []
        at = 1
        for raw in raws:
            at = _end_of(_BETWEEN, document, at)
            starts.append(offset + at)
            at += len(raw)
            ends.append(offset + at)
        return Block(raws, starts, ends, self._values(document))

    def _cut(self, hurry: bool) -> tuple[bytes, list[msgspec.Raw]] | None:
        """The block from here to the last "}" held that ends an element, as a
        document, with its elements; or None. In a ``hurry``, after a few "}"
        it jumps back further each time, and may miss the last element held
        (reading more finds another); at the end of the file it tries each."""
        buffer, at = self._buffer, self._at
        limit, step, tried = len(buffer), 0, 0
        while True:
            cut = buffer.rfind(b"}", at, limit)
            if cut < 0:
                return None
            document = b"[" + buffer[at : cut + 1] + b"]"
            try:
                return document, _RAW.decode(document)
            except msgspec.DecodeError:
                # Most likely inside an element: its end is close, or further back.
                tried += 1
                if hurry and tried > _TRIES:
                    step = max(2 * step, 64)
                limit = cut - step

    def _values(self, document: bytes) -> list[T] | None:
        try:
            values = self._decoder.decode(document)
        except msgspec.DecodeError:  # ValidationError too: a type that does not fit
            return None
        if _ESCAPED_COLON in document:
            return None
        if document.count(b":") != _ENCODER.encode(values).count(b":"):
            return None  # a member dropped: a key given twice, or one the types ignore
        return values
