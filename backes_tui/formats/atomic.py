"""Writing a file whole or not at all: a temporary file beside it, then a rename.

The program's inputs are never written: an output that is the same file as
one of them (by device and inode, so through a symlink or a hard link too) is
refused. "Not without --force" is decided by the file system itself, with a
hard link that fails if the name exists, so two writers never both succeed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    """A file that cannot be written; the message is one line."""


class WriteFailed(OutputError):
    """The system refused the bytes (a full disk, no permission), not the request."""


def write_atomically(
    path: Path, data: bytes, *, replace: bool, inputs: Iterable[Path | None] = ()
) -> None:
    """Write ``data`` to ``path``: readers see the old file or the new one,
    never a part. An existing file is kept unless ``replace``; a symlink is
    written through to its target; none of ``inputs`` is ever written."""
    target = Path(os.path.realpath(path))
    found = _stat(target, path)
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise OutputError(f"{path} is a directory")
        if not stat.S_ISREG(found.st_mode):
            # A device or a pipe (/dev/full, /dev/stdout): renaming over it would
            # replace the device itself. Standard output is the default anyway.
            raise OutputError(
                f"{path} is not a regular file; leave out -o to write to standard output"
            )
        _refuse_inputs(path, found, inputs)
        if not replace:
            raise OutputError(f"{path} exists; give --force to replace it")
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise WriteFailed(f"cannot write {path}: {error.strerror or error}") from None
    try:
        # mkstemp makes the file private; give it the mode a plain open would.
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temporary, target)
        else:
            _place_new(temporary, target, path)
    except OSError as error:
        raise WriteFailed(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _stat(target: Path, path: Path) -> os.stat_result | None:
    """The file at ``target``, None if there is none; a folder that may not be
    looked into is one line, not a traceback."""
    try:
        return target.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def _refuse_inputs(path: Path, found: os.stat_result, inputs: Iterable[Path | None]) -> None:
    for source in inputs:
        if source is None:
            continue
        try:
            read = source.stat()
        except OSError:
            continue  # gone, or unreadable: not the file about to be written
        if (read.st_dev, read.st_ino) == (found.st_dev, found.st_ino):
            what = "the input" if source == path else f"the same file as the input {source}"
            raise OutputError(f"{path} is {what}; an input is never written, choose another file")


def _place_new(temporary: str, target: Path, path: Path) -> None:
    """Give the written file its name only if no file has it, in one step."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OutputError(f"{path} exists; give --force to replace it") from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # A file system without hard links (FAT, some network shares): the
        # name is taken with O_EXCL, then the whole file renamed over it.
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise OutputError(f"{path} exists; give --force to replace it") from None
        os.replace(temporary, target)


def _mode_for(path: Path) -> int:
    """The replaced file's mode, or what the umask gives a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
