"""An input is never written: an output that is the same file as an input (by
device and inode: the same name, a symlink, a hard link) is refused, and "not
without --force" holds even when two writers race for one name."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from pathlib import Path

import pytest

from backes_tui.cli import main
from backes_tui.formats import atomic
from backes_tui.formats.atomic import OutputError, write_atomically
from backes_tui.storage.loader import load_timeline, shipped_data_path
from backes_tui.tui.app import BackesApp
from tests.conftest import DATA, press_each, record_notifications, wait_for


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.fixture
def data(tmp_path) -> Path:
    path = tmp_path / "d.json"
    path.write_bytes(DATA.read_bytes())
    return path


def aliases(tmp_path: Path, path: Path) -> dict[str, Path]:
    link = tmp_path / "link.json"
    link.symlink_to(path)
    hard = tmp_path / "hard.json"
    os.link(path, hard)
    return {"itself": path, "symlink": link, "hard link": hard}


@pytest.mark.parametrize("alias", ["itself", "symlink", "hard link"])
@pytest.mark.parametrize(
    "command", [["export", "--to", "timelinejs"], ["export", "--to", "ics"], ["chart"]]
)
def test_an_export_never_writes_its_data_file(capsys, tmp_path, data, alias, command):
    before = digest(data)
    output = aliases(tmp_path, data)[alias]
    code, err = run(capsys, "--data", str(data), *command, "-o", str(output), "--force")
    assert code == 2
    assert err.count("\n") == 1 and "an input is never written" in err, err
    assert digest(data) == before
    assert output.exists()


@pytest.mark.parametrize("alias", ["itself", "symlink", "hard link"])
def test_an_import_never_writes_its_document(capsys, tmp_path, alias):
    document = tmp_path / "p.json"
    assert main(["export", "--to", "popolo", "-o", str(document)]) == 0
    capsys.readouterr()
    before = digest(document)
    output = aliases(tmp_path, document)[alias]
    code, err = run(capsys, "import", "popolo", str(output), "-o", str(document), "--force")
    assert code == 2 and "an input is never written" in err, err
    assert digest(document) == before


def test_the_shipped_timeline_is_never_written(capsys, tmp_path):
    link = tmp_path / "shipped.json"
    link.symlink_to(shipped_data_path())
    before = digest(shipped_data_path())
    code, err = run(capsys, "export", "--to", "ics", "-o", str(link), "--force")
    assert code == 2 and "an input is never written" in err
    assert digest(shipped_data_path()) == before


def test_an_output_through_a_symlink_writes_its_target(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomically(link, b"new", replace=True)
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_a_file_made_between_the_check_and_the_write_is_kept(tmp_path, monkeypatch):
    """Another writer takes the name while this one writes its temporary file."""
    target = tmp_path / "out.json"
    real_mkstemp = atomic.tempfile.mkstemp

    def mkstemp(**kwargs):
        target.write_text("the other writer's")
        return real_mkstemp(**kwargs)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    with pytest.raises(OutputError, match="exists; give --force"):
        write_atomically(target, b"mine", replace=False)
    assert target.read_text() == "the other writer's"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def _race(target: str, mine: bytes, start, results) -> None:
    start.wait()
    try:
        write_atomically(Path(target), mine, replace=False)
        results.put(mine)
    except OutputError:
        results.put(b"")


def test_of_two_racing_writers_without_force_exactly_one_wins(tmp_path):
    context = multiprocessing.get_context("fork")
    for round_ in range(20):
        target = tmp_path / f"out{round_}.json"
        start = context.Barrier(2)
        results = context.Queue()
        writers = [
            context.Process(target=_race, args=(str(target), name, start, results))
            for name in (b"first", b"second")
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(30)
        won = [w for w in (results.get(timeout=5), results.get(timeout=5)) if w]
        assert len(won) == 1, round_
        assert target.read_bytes() == won[0]


async def test_the_app_export_never_writes_its_data_file(tmp_path, data):
    before = digest(data)
    app = BackesApp(load_timeline(data), data_path=str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        notices = record_notifications(app)
        await press_each(pilot, "e", "tab")
        app.screen.query_one("#export-name").value = str(tmp_path / "link.json")
        (tmp_path / "link.json").symlink_to(data)
        await press_each(pilot, "enter", "enter")  # "exists", then "replace it"
        await wait_for(pilot, lambda: bool(notices))
    assert "an input is never written" in notices[0], notices
    assert digest(data) == before
