"""Every broken file in tests/data/bad/ is refused the same way by every entry point:
exit 2, the file name and a JSON path on stderr, no traceback, no hang."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backes_tui.cli import main

BAD = Path(__file__).parent / "data" / "bad"

# The JSON path each file's first problem must name.
EXPECTED_PATH = {
    "invalid-json.json": "$",
    "empty.json": "$",
    "whitespace-only.json": "$",
    "not-utf8.json": "$",
    "binary-noise.json": "$",
    "top-level-array.json": "$",
    "top-level-string.json": "$",
    "deeply-nested.json": "$",
    "huge-string.json": "events[0].date",
    "nan.json": "eras[0].summary",
    "duplicate-key.json": "events[0].date",
    "infinity.json": "as_of",
    "wrong-format.json": "format",
    "subject-missing.json": "subject",
    "subject-born-number.json": "subject.born",
    "as-of-missing.json": "as_of",
    "sources-object.json": "sources",
    "era-title-missing.json": "eras[0].title",
    "era-start-list.json": "eras[0].start",
    "office-cites-missing.json": "offices[0].cites",
    "office-predecessor-number.json": "offices[0].predecessor",
    "party-short-missing.json": "parties[0].short",
    "party-name-null.json": "parties[0].name",
    "event-id-missing.json": "events[0].id",
    "event-kind-number.json": "events[0].kind",
    "event-title-bool.json": "events[0].title",
    "event-date-2019-02-30.json": "events[0].date",
    "event-date-2019-13-01.json": "events[0].date",
    "event-date-201.json": "events[0].date",
    "event-date-2019-1-1.json": "events[0].date",
    "office-end-before-start.json": "offices[0].end",
    "era-end-before-start.json": "eras[0].end",
    "duplicate-event-id.json": "events[1].id",
    "duplicate-office-id.json": "offices[1].id",
    "unknown-office-ref.json": "events[0].offices[0]",
    "unknown-party-ref.json": "events[0].parties[0]",
    "unknown-cite-source.json": "parties[0].cites[0].source",
    "cites-not-list.json": "events[0].cites",
    "event-not-object.json": "events[0]",
    # Half a UTF-16 surrogate pair, escaped: json reads it, no output could write it.
    "lone-surrogate.json": "events[0].title",
}
FILES = sorted(BAD.iterdir())
COMMANDS = [["check"], ["events"], ["offices"], ["parties"], ["eras"], ["on", "2000"]]


def test_the_corpus_is_complete():
    assert len(FILES) >= 25
    assert {f.name for f in FILES} == set(EXPECTED_PATH)


def _check_stderr(err: str, path: Path) -> None:
    lines = err.splitlines()
    assert lines, "nothing on stderr"
    assert all(line.startswith(f"{path}: ") for line in lines), lines[:3]
    assert lines[0].startswith(f"{path}: {EXPECTED_PATH[path.name]}: "), lines[0]
    assert "Traceback" not in err
    assert max(len(line) for line in lines) < 400


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_each_command_refuses_each_bad_file(capsys, path, command):
    argv = [*command, str(path)] if command == ["check"] else [*command, "--data", str(path)]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    _check_stderr(captured.err, path)


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_the_tui_refuses_each_bad_file_before_drawing(capsys, app_never_runs, monkeypatch, path):
    # Refused before the app's module is even imported: it is not needed for that.
    monkeypatch.setitem(sys.modules, "backes_tui.tui.app", None)
    assert main(["--data", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    _check_stderr(captured.err, path)


# A real process for a few kinds of refusal: the interpreter's own recursion
# limit and stack (deeply nested), the largest file, a file that is not UTF-8,
# a lone surrogate no terminal could be sent, and a problem found after parsing.
IN_A_PROCESS = [
    "deeply-nested.json",
    "huge-string.json",
    "not-utf8.json",
    "lone-surrogate.json",
    "unknown-party-ref.json",
]


@pytest.mark.parametrize("name", IN_A_PROCESS)
def test_a_real_process_refuses_a_bad_file_with_one_line_and_exit_2(name):
    path = BAD / name
    result = subprocess.run(
        [sys.executable, "-m", "backes_tui", "--data", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    _check_stderr(result.stderr, path)
    assert len(result.stderr.splitlines()) == 1
