"""No silent wrong answers: options anywhere, ambiguous dates refused, faults
while running, output that cannot be written, and signals."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from backes_tui.cli import main
from backes_tui.storage.loader import load_timeline
from backes_tui.tui.app import BackesApp
from tests.conftest import DATA, press_each, record_notifications, synth_module
from tests.tmux import TmuxScreen, until

BAD = Path(__file__).parent / "data" / "bad" / "nan.json"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- options before or after the subcommand -------------------------------------------

LISTINGS = ["events", "offices", "parties", "eras"]


def placements(command: list[str], option: list[str]) -> list[list[str]]:
    return [[*option, *command], [*command, *option]]


@pytest.mark.parametrize("command", [*([c] for c in LISTINGS), ["on", "2020"]])
@pytest.mark.parametrize("where", ["before", "after"])
def test_data_means_the_same_before_or_after(capsys, command, where):
    argv = [*(["--data", str(BAD)] if where == "before" else []), *command]
    argv += ["--data", str(BAD)] if where == "after" else []
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"{BAD}: eras[0].summary: NaN is not allowed")


@pytest.mark.parametrize("command", LISTINGS)
def test_year_and_format_mean_the_same_before_or_after(capsys, command):
    outputs = []
    for argv in placements([command], ["--year", "2022", "--format", "json"]):
        code, out, err = run(capsys, *argv)
        assert (code, err) == (0, "")
        outputs.append(json.loads(out))
    mixed = run(capsys, "--year", "2022", command, "--format", "json")
    assert outputs[0] == outputs[1] == json.loads(mixed[1])
    assert all(item["certainty"] for item in outputs[0])


@pytest.mark.parametrize("argv", placements(["on", "2022"], ["--format", "json"]))
def test_on_takes_format_in_either_place(capsys, argv):
    code, out, _ = run(capsys, *argv)
    assert code == 0 and json.loads(out)["date"] == "2022"


@pytest.mark.parametrize(
    "argv",
    [
        ["--data", str(BAD), "check"],
        ["check", "--data", str(BAD)],
        ["check", str(BAD)],
        ["check", str(BAD), "--data", str(BAD)],
    ],
)
def test_check_validates_the_file_it_is_given_wherever_it_is_given(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"{BAD}: ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", str(DATA), "--data", str(BAD)], "check was given two files"),
        (["--data", str(DATA), "events", "--data", str(BAD)], "--data given twice"),
        (["--year", "2020", "events", "--year", "2021"], "--year given twice"),
        (["on", "2020", "--year", "2020"], "on does not take --year"),
        (["check", "--year", "2020"], "check does not take --year"),
        (["on", "2020", "--format", "csv"], "on does not take --format csv"),
        (["--format", "json"], "the app does not take --format json"),
    ],
)
def test_contradictions_are_refused(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1


# -- input read as typed, or refused ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "readings"),
    [("01/09/2022", ("2022-09-01", "2022-01-09")), ("3.4.2021", ("2021-04-03", "2021-03-04"))],
)
def test_dates_whose_day_and_month_could_swap_are_refused(capsys, typed, readings):
    code, out, err = run(capsys, "on", typed)
    assert (code, out) == (2, "")
    assert err == (
        f"backes-tui: {typed} is ambiguous: {readings[0]} or {readings[1]}? "
        "Write it as YYYY-MM-DD\n"
    )


@pytest.mark.parametrize("typed", ["13/09/2022", "05/05/2022", "2022-09-01", "1 September 2022"])
def test_unambiguous_dates_work(capsys, typed):
    assert run(capsys, "on", typed, "--format", "json")[0] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--year", "1" * 201, "events"], "--year: too long (201 characters; at most 200)"),
        (["on", "2" * 300], "DATE: too long (300 characters; at most 200)"),
        (["on", "2022\x1b[2J"], "DATE: control characters in '2022\\x1b[2J'"),
        (["events", "--year", "20\x0722"], "--year: control characters in '20\\x0722'"),
    ],
)
def test_overlong_or_control_character_input_is_refused_visibly(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err == f"backes-tui: {message}\n"


def test_a_search_of_ten_thousand_characters_answers_no_match(capsys):
    code, out, _ = run(capsys, "events", "--search", "x" * 10_000, "--format", "json")
    assert code == 0 and json.loads(out) == []


# -- faults while the app is open --------------------------------------------------------


def _fingerprint(path: Path) -> tuple[int, str]:
    return path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


def _delete(path: Path) -> None:
    path.unlink()


def _truncate(path: Path) -> None:
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)


def _replace_with_invalid_json(path: Path) -> None:
    new = path.with_suffix(".new")
    new.write_text("{ not json")
    new.replace(path)


def _forbid(path: Path) -> None:
    path.chmod(0)


FAULTS = {
    "deleted": _delete,
    "truncated": _truncate,
    "replaced": _replace_with_invalid_json,
    "unreadable": _forbid,
}


@pytest.fixture(scope="module")
def streamed_source(tmp_path_factory) -> bytes:
    return json.dumps(synth_module().synthesize(3000, seed=11)).encode()


@pytest.mark.parametrize("size", ["shipped", "streamed"])
async def test_the_app_survives_its_data_file_changing(tmp_path, streamed_source, size):
    """Each fault in turn, with keys that read rows and details after it: a
    truncated file is the one whose words, read back, would now be wrong."""
    path = tmp_path / "timeline.json"
    path.write_bytes(DATA.read_bytes() if size == "shipped" else streamed_source)
    timeline = load_timeline(path, stream_above=None if size == "shipped" else 0)
    assert (timeline.text_source is not None) == (size == "streamed")
    app = BackesApp(timeline)
    notes = record_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        for fault in ("truncated", "replaced", "unreadable", "deleted"):
            FAULTS[fault](path)
            app.explorer.check_data_file()
            await press_each(pilot, "G", "2", "enter", "4")  # rows and details read after it
            assert app.is_running, fault
            changed = [n for n in notes if "changed on disk" in n]
            assert len(changed) == (1 if size == "streamed" else 0), fault
        await press_each(pilot, "q")
    assert app.return_code == 0
    assert list(tmp_path.iterdir()) == []  # nothing written beside it


# -- output that cannot be written ------------------------------------------------------


def test_a_full_disk_gives_one_line(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full to fill")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "backes_tui", "events"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr == "backes-tui: cannot write the output: No space left on device\n"


def test_a_pipe_closed_early_is_quiet():
    done = subprocess.run(
        f"{sys.executable} -m backes_tui events --format csv | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.startswith("id,kind,date")
    assert done.stderr == ""


def test_ctrl_c_exits_130_without_a_traceback(tmp_path):
    # A FIFO nobody writes to: the program blocks opening it, as a slow load would.
    fifo = tmp_path / "waits.json"
    os.mkfifo(fifo)
    child = subprocess.Popen(
        [sys.executable, "-m", "backes_tui", "events", "--data", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl+C as in a terminal, even under a runner started in the
        # background, whose children inherit SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        # Wait until it is blocked opening the FIFO (Linux names that wait), not a fixed time.
        wchan = Path(f"/proc/{child.pid}/wchan")
        until(
            lambda: wchan.read_text() == "wait_for_partner" or child.poll() is not None,
            "the program never waited on the FIFO",
        )
        assert child.poll() is None, "the program ended before it was interrupted"
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        # Not left behind should it hang (a runner that ignores SIGINT, as a
        # background shell's children do, passes that on).
        child.kill()
        child.wait()
    assert child.returncode == 130
    assert "Traceback" not in err and out == ""


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize(
    "signum",
    [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGALRM, signal.SIGINT],
)
def test_signals_give_the_terminal_back(signum, tmp_path):
    """In a real terminal: after SIGTERM or SIGHUP the shell prompt works, with
    no alternate screen, no mouse reporting and a visible cursor."""
    pid_file = tmp_path / "pid"
    terminal = TmuxScreen(f"signals-{signum}", ["bash", "--norc"])
    try:
        app = f"{sys.executable} -m backes_tui"
        terminal.keys(f"sh -c 'echo $$ > {pid_file}; exec {app}'", "Enter")
        until(terminal.shows("y years"), "the app did not start")
        assert terminal.display("#{alternate_on}") == "1"
        os.kill(int(pid_file.read_text()), signum)
        until(lambda: terminal.display("#{alternate_on}") == "0", "the alternate screen stayed on")
        # No mouse reporting, a visible cursor.
        assert terminal.display("#{mouse_any_flag} #{cursor_flag}").split() == ["0", "1"]
        terminal.keys("echo back-$?", "Enter")
        until(terminal.shows(f"back-{128 + signum}"), "the shell prompt did not come back")
    finally:
        terminal.close()
