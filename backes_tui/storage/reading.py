"""Every input file is read here, within bounds: a timeline, an import's
document, its labels, the settings.

A device (`/dev/zero`), a folder or a socket is refused before a byte is
read, and so is a regular file larger than the reader's cap (a sparse file
claims gigabytes it would take a minute to read); a pipe the user gave
explicitly is read up to the cap. Each refusal is one `ReadRefused` line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

# A timeline of 100,000 events is 38 MB; this is room for over a million.
MAX_INPUT_BYTES = 512 << 20
CHUNK = 1 << 20

_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
    stat.S_IFSOCK: "a socket",
    stat.S_IFIFO: "a pipe",
}


class ReadRefused(Exception):
    """The file cannot or may not be read; the message says why, without the file's name."""


class FileMissing(ReadRefused):
    """There is no such file."""


def _megabytes(size: int) -> str:
    # Settings are capped in kilobytes, data files in megabytes.
    if size < 1 << 20:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1 << 20):.0f} MB"


def open_input(
    path: os.PathLike[str] | str, *, pipes: bool = True, limit: int = MAX_INPUT_BYTES
) -> tuple[int, os.stat_result]:
    """A descriptor open on ``path`` for reading, and what it is; a pipe only
    with ``pipes``. `ReadRefused` if it is not a regular file (or such a pipe),
    is larger than ``limit`` bytes, or cannot be opened."""
    try:
        # Looked at before opening: opening a device or a pipe can block or act.
        kind = stat.S_IFMT(os.stat(path).st_mode)
        if kind != stat.S_IFREG and not (kind == stat.S_IFIFO and pipes):
            raise ReadRefused(f"is {_KINDS.get(kind, 'not a regular file')}, not a file to read")
        fd = os.open(path, os.O_RDONLY)
    except OSError as error:
        gone = isinstance(error, (FileNotFoundError, NotADirectoryError))
        missing = FileMissing if gone else ReadRefused
        raise missing(f"cannot read file: {error.strerror or error}") from None
    info = os.fstat(fd)
    if stat.S_IFMT(info.st_mode) != kind:  # replaced between the look and the open
        os.close(fd)
        raise ReadRefused("changed while being opened; run again")
    if info.st_size > limit:
        os.close(fd)
        raise ReadRefused(f"is {_megabytes(info.st_size)}, more than the {_megabytes(limit)} read")
    return fd, info


def read_input(
    fd: int,
    size: int,
    *,
    limit: int = MAX_INPUT_BYTES,
    progress: Callable[[int], None] | None = None,
) -> bytearray:
    """Everything on ``fd`` (whose regular file held ``size`` bytes, 0 for a
    pipe), read in chunks told to ``progress``; `ReadRefused` past ``limit``."""
    buffer = bytearray(size + 1)  # one more: a file that grew is noticed
    view = memoryview(buffer)
    done = 0
    try:
        while True:
            if done == len(buffer):
                if done > limit:
                    raise ReadRefused(f"holds more than the {_megabytes(limit)} read")
                view.release()  # a buffer cannot grow while it is viewed
                buffer.extend(bytes(min(max(done, CHUNK), limit + 1 - done)))
                view = memoryview(buffer)
            count = os.readv(fd, [view[done : done + CHUNK]])
            if not count:
                break
            done += count
            if progress is not None:
                progress(done)
    except OSError as error:
        raise ReadRefused(f"cannot read file: {error.strerror or error}") from None
    finally:
        view.release()
    del buffer[done:]
    return buffer


def read_bounded(
    path: os.PathLike[str] | str, *, pipes: bool = True, limit: int = MAX_INPUT_BYTES
) -> bytearray:
    """The bytes of ``path``, within the bounds of `open_input` and `read_input`."""
    fd, info = open_input(path, pipes=pipes, limit=limit)
    try:
        return read_input(fd, info.st_size, limit=limit)
    finally:
        os.close(fd)
