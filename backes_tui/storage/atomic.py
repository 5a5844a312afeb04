"""Writing a file whole or not at all: a temporary file beside it, then a rename."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class OutputError(Exception):
    """A file that cannot be written; the message is one line."""


class WriteFailed(OutputError):
    """The system refused the bytes (a full disk, no permission), not the request."""


def write_atomically(path: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` to ``path``: readers see the old file or the new one,
    never a part. An existing file is kept unless ``replace``."""
    if path.is_dir():
        raise OutputError(f"{path} is a directory")
    if path.exists() and not path.is_file():
        # A device or a pipe (/dev/full, /dev/stdout): renaming over it would
        # replace the device itself. Standard output is the default anyway.
        raise OutputError(f"{path} is not a regular file; leave out -o to write to standard output")
    if path.exists() and not replace:
        raise OutputError(f"{path} exists; give --force to replace it")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WriteFailed(f"cannot write {path}: {error.strerror or error}") from None
    try:
        # mkstemp makes the file private; give it the mode a plain open would.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteFailed(f"cannot write {path}: {error.strerror or error}") from None


def _mode_for(path: Path) -> int:
    """The replaced file's mode, or what the umask gives a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
