"""Every input is read within bounds: a device, a folder or an oversized
file is refused before it is read, and a pipe is read up to a cap; each with
one line naming the file and exit status 2 (settings: one warning, ignored).

The command-line runs happen in a child process with a memory limit and a
timeout, so that a reader without bounds fails here instead of exhausting
the machine."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path
from typing import NamedTuple

import pytest

from backes_tui.storage import reading
from backes_tui.storage.reading import ReadRefused, read_bounded
from backes_tui.tui.settings import Settings, read_settings
from tests.conftest import DATA

MEMORY = 1 << 30  # far more than any of these commands needs when bounded


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


# Every command-line case below, run by main() in one child process with the
# memory limit: one interpreter start, not one a case. Each case's exit
# status is main()'s, the one `python -m backes_tui` exits with.
RUN_ALL = """
import contextlib, io, json, sys
from backes_tui.cli import main
said = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    said.append([code, out.getvalue(), err.getvalue()])
print(json.dumps(said))
"""


class Done(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, Path]:
    here = tmp_path_factory.mktemp("bounded")
    sparse = here / "sparse.json"
    with open(sparse, "wb") as handle:
        handle.truncate(1 << 30)  # 1 GB that takes no room on disk
    entity = here / "entity.json"
    entity.write_text('{"entities": {}}', encoding="utf-8")
    folder = here / "folder"
    folder.mkdir()
    return {"sparse": sparse, "entity": entity, "folder": folder}


# Each case's arguments; {sparse}, {entity} and {folder} name the files above.
DEVICES = {
    "data": ["--data", "/dev/zero", "events"],
    "check": ["check", "/dev/zero"],
    "import-popolo": ["import", "popolo", "/dev/zero"],
    "import-wikidata": ["import", "wikidata", "/dev/zero"],
    "labels": ["import", "wikidata", "{entity}", "--labels", "/dev/zero"],
}
SPARSE = {
    "check": ["check", "{sparse}"],
    "import-popolo": ["import", "popolo", "{sparse}"],
    "events-data": ["--data", "{sparse}", "events"],
}
FOLDER = ["check", "{folder}"]


@pytest.fixture(scope="module")
def ran(places) -> dict[str, Done]:
    """Each case's (exit status, stdout, stderr), by its name."""
    cases = {f"device-{name}": argv for name, argv in DEVICES.items()}
    cases |= {f"sparse-{name}": argv for name, argv in SPARSE.items()}
    cases["folder"] = FOLDER
    named = {k: str(v) for k, v in places.items()}
    argvs = [[word.format(**named) for word in argv] for argv in cases.values()]
    done = subprocess.run(
        [sys.executable, "-c", RUN_ALL, json.dumps(argvs)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return {name: Done(*said) for name, said in zip(cases, json.loads(done.stdout), strict=True)}


@pytest.mark.parametrize("case", list(DEVICES))
def test_a_device_is_refused_with_one_line(ran, case):
    done = ran[f"device-{case}"]
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "/dev/zero: $: is a character device, not a file to read\n"


@pytest.mark.parametrize("case", list(SPARSE))
def test_a_huge_sparse_file_is_refused_unread(ran, places, case):
    done = ran[f"sparse-{case}"]
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"{places['sparse']}: $: is 1024 MB, more than the 512 MB read\n"


def test_a_folder_is_refused(ran, places):
    done = ran["folder"]
    assert done.returncode == 2
    assert done.stderr == f"{places['folder']}: $: is a folder, not a file to read\n"


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
