"""Every input is read within bounds: a device, a folder or an oversized
file is refused before it is read, and a pipe is read up to a cap; each with
one line naming the file and exit status 2 (settings: one warning, ignored).

The command-line runs are subprocesses with a memory limit and a timeout, so
that a reader without bounds fails here instead of exhausting the machine."""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from backes_tui.storage import reading
from backes_tui.storage.reading import ReadRefused, read_bounded
from backes_tui.tui.settings import Settings, read_settings
from tests.conftest import DATA

MEMORY = 1 << 30  # far more than any of these commands needs when bounded


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def backes(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backes_tui", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def sparse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sparse") / "sparse.json"
    with open(path, "wb") as handle:
        handle.truncate(1 << 30)  # 1 GB that takes no room on disk
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["--data", "/dev/zero", "events"],
        ["check", "/dev/zero"],
        ["import", "popolo", "/dev/zero"],
        ["import", "wikidata", "/dev/zero"],
    ],
    ids=["data", "check", "import-popolo", "import-wikidata"],
)
def test_a_device_is_refused_with_one_line(argv):
    done = backes(*argv)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "/dev/zero: $: is a character device, not a file to read\n"


def test_labels_from_a_device_are_refused_with_one_line(tmp_path):
    entity = tmp_path / "entity.json"
    entity.write_text('{"entities": {}}', encoding="utf-8")
    done = backes("import", "wikidata", str(entity), "--labels", "/dev/zero")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "/dev/zero: $: is a character device, not a file to read\n"


@pytest.mark.parametrize("argv", [["check"], ["import", "popolo"], ["events", "--data"]])
def test_a_huge_sparse_file_is_refused_unread(sparse, argv):
    done = (
        backes(*argv, str(sparse))
        if argv[0] != "events"
        else backes("--data", str(sparse), "events")
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"{sparse}: $: is 1024 MB, more than the 512 MB read\n"


def test_a_folder_is_refused(tmp_path):
    done = backes("check", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == f"{tmp_path}: $: is a folder, not a file to read\n"


def test_settings_linked_to_a_device_are_ignored_with_one_line(tmp_path):
    path = tmp_path / "settings.toml"
    path.symlink_to("/dev/zero")
    code = (
        "from pathlib import Path; from backes_tui.tui.settings import read_settings;"
        f"print(read_settings(Path({str(path)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"(Settings(theme=None, keys={{}}, screen_reader=None), ['{path}: is a character device, not a file "
        "to read; ignored'])\n"
    )


def test_settings_that_are_a_pipe_are_not_waited_for(tmp_path):
    path = tmp_path / "settings.toml"
    os.mkfifo(path)  # no writer: opening it for reading would wait for one
    settings, problems = read_settings(path)
    assert settings == Settings()
    assert problems == [f"{path}: is a pipe, not a file to read; ignored"]


def test_a_pipe_is_read_up_to_the_cap(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)

    def feed(size: int) -> None:
        # The reader may stop at its cap, as it should, before all is written.
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as handle:
            handle.write(b" " * size)

    writer = threading.Thread(target=feed, args=(5000,))
    writer.start()
    with pytest.raises(ReadRefused, match="holds more than"):
        read_bounded(fifo, limit=4000)
    writer.join()
    writer = threading.Thread(target=feed, args=(3000,))
    writer.start()
    assert read_bounded(fifo, limit=4000) == b" " * 3000
    writer.join()


def test_a_file_is_read_whole_in_chunks(monkeypatch):
    monkeypatch.setattr(reading, "CHUNK", 7)
    assert read_bounded(DATA) == DATA.read_bytes()
