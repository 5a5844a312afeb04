"""Read a JSON document one top-level member at a time; a large array in it
is left to `json_blocks` (`array_start`, then `resume_at` after it).

`json.loads` needs the whole text and builds the whole tree before anything
can be dropped; at 100,000 events that is several times the memory the
timeline itself needs. This reader holds about one chunk of text at a time.

It reads only well-formed documents. Anything it does not expect (a syntax
error, a duplicate key, bytes that are not UTF-8) raises `NotStreamable`, and
the caller parses the whole document instead, whose errors are exact.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterator
from json.scanner import make_scanner
from typing import Any

from backes_tui.storage.json_positions import lone_surrogate_escape, no_duplicates

CHUNK = 1 << 20
# The events array is read (by `json_blocks`) in blocks of this size: they
# decode fastest here, staying in the processor's cache.
BLOCK = 1 << 17
_SPACE = re.compile(r"[ \t\n\r]*")
_BOM = codecs.BOM_UTF8


class NotStreamable(Exception):
    """The document needs the whole-document parser (it may well be invalid)."""


def reject_constant(name: str) -> Any:
    """For ``parse_constant``: NaN and Infinity are not JSON, though Python reads them."""
    raise ValueError(f"{name} is not allowed in JSON")


def utf8_length(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


class JsonStream:
    """The top-level object of the file open on ``fd``: call `members` for its
    keys and, after each key, exactly one of `value` or `elements`."""

    def __init__(
        self, fd: int, chunk: int = CHUNK, progress: Callable[[int], None] | None = None
    ) -> None:
        self._fd = fd
        # Told the bytes read so far after each chunk, for a progress bar.
        self._progress = progress
        self._chunk = chunk
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        # A duplicate key anywhere makes the document go to the whole parse, which says where.
        decoder = json.JSONDecoder(parse_constant=reject_constant, object_pairs_hook=no_duplicates)
        # The scanner behind json.loads, without raw_decode's wrapping; typeshed
        # types its argument as itself.
        self._scan: Callable[[str, int], tuple[Any, int]] = make_scanner(decoder)  # type: ignore[arg-type]
        self._text = ""
        self._ascii = True  # whether _text is, so byte offsets are character offsets
        self._at = 0  # position in _text
        self._eof = False
        # Byte offset in the file of _text[_mark], moved forward as positions are asked for.
        self._mark = 0
        self._mark_byte = 0
        first = b""
        while len(first) < len(_BOM):  # enough to tell whether there is a BOM
            more = os.read(fd, max(chunk, len(_BOM)) - len(first))
            if not more:
                break
            first += more
        self._mark_byte = len(_BOM) if first.startswith(_BOM) else 0
        self._read = self._position = len(first)  # bytes reported, and the file's position
        if progress is not None:
            progress(self._read)
        self._feed(first[self._mark_byte :], first == b"")

    def _feed(self, raw: bytes, eof: bool) -> None:
        kept = len(self._text)
        try:
            self._text += self._decoder.decode(raw, final=eof)
        except UnicodeDecodeError:
            raise NotStreamable from None
        # Half a surrogate pair: the whole parse says where. (The text kept
        # holds the string being read, so an escape cut by the chunk is whole.)
        if lone_surrogate_escape(self._text, max(kept - 11, 0), whole=eof):
            raise NotStreamable
        self._ascii = self._text.isascii()
        self._eof = eof

    def _more(self, at_least: int = 0) -> bool:
        """Read another chunk (or enough to hold ``at_least`` more characters);
        False at the end of the file."""
        if self._eof:
            return False
        # Drop what has been read, keeping count of its bytes.
        self.byte_offset()
        if self._at:
            self._text = self._text[self._at :]
            self._mark = self._at = 0
        size = max(self._chunk, at_least)
        raw = os.read(self._fd, size)
        self._position += len(raw)
        self.report(self._position)
        self._feed(raw, raw == b"")
        return True

    def report(self, read: int) -> None:
        """Tell the progress callback the file has been read up to byte
        ``read``, unless it has been told more already."""
        if read > self._read:
            self._read = read
            if self._progress is not None:
                self._progress(read)

    def _skip_space(self) -> str:
        """The next character that is not white space, or "" at the end."""
        while True:
            match = _SPACE.match(self._text, self._at)
            assert match is not None
            self._at = match.end()
            if self._at < len(self._text):
                return self._text[self._at]
            if not self._more():
                return ""

    def _expect(self, char: str) -> None:
        if self._skip_space() != char:
            raise NotStreamable
        self._at += 1

    def _decode(self) -> Any:
        """The JSON value at the current position, reading more text as needed."""
        self._skip_space()
        while True:
            try:
                value, end = self._scan(self._text, self._at)
            except (StopIteration, ValueError, RecursionError):
                # Most likely the value runs past the text read so far.
                if self._more(len(self._text)):
                    continue
                raise NotStreamable from None
            # A number (or literal) that ends where the text ends may go on.
            if end == len(self._text) and self._more():
                continue
            self._at = end
            return value

    def byte_offset(self) -> int:
        """The current position as a byte offset in the file (positions only move on)."""
        if self._ascii:
            self._mark_byte += self._at - self._mark
        else:
            self._mark_byte += utf8_length(self._text[self._mark : self._at])
        self._mark = self._at
        return self._mark_byte

    def _past_comma_or(self, closing: str) -> bool:
        """Past the comma before the next item, or the bracket that closes the
        container (then True)."""
        following = self._skip_space()
        self._at += 1
        if following == closing:
            return True
        if following != ",":
            raise NotStreamable
        return False

    def members(self) -> Iterator[str]:
        self._expect("{")
        seen: set[str] = set()
        if self._skip_space() == "}":
            self._at += 1
        else:
            while True:
                if self._skip_space() != '"':
                    raise NotStreamable
                key = self._decode()
                if key in seen:
                    raise NotStreamable  # json keeps the last one; leave that to json
                seen.add(key)
                self._expect(":")
                yield key
                if self._past_comma_or(closing="}"):
                    break
        if self._skip_space() != "":
            raise NotStreamable

    def value(self) -> Any:
        return self._decode()

    def starts_array(self) -> bool:
        return self._skip_space() == "["

    @property
    def fd(self) -> int:
        return self._fd

    def array_start(self) -> int:
        """Past the "[" of the array here: the byte offset after it, for a reader
        of its elements (`json_blocks`), after which call `resume_at`."""
        self._expect("[")
        return self.byte_offset()

    def resume_at(self, offset: int) -> None:
        """Go on from byte ``offset`` of the file, dropping what was read ahead."""
        os.lseek(self._fd, offset, os.SEEK_SET)
        self._decoder.reset()
        self._text, self._at, self._mark, self._mark_byte = "", 0, 0, offset
        self._position = offset
        self._eof = False
        self._more()
