"""Output any terminal or pipe can take: non-UTF-8 streams and narrow widths."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from backes_tui.cli import main

ENCODINGS = ["ascii", "latin-1", "utf-8"]
COMMANDS = [
    ["events", "--format", "table"],
    ["events", "--format", "json"],
    ["events", "--format", "csv"],
    ["events", "--format", "markdown"],
    ["on", "2022", "--format", "table"],
    ["on", "2022", "--format", "json"],
]


def run_into(stream: io.TextIOWrapper, argv: list[str], monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdout", stream)
    code = main(argv)
    stream.flush()
    return code, capsys.readouterr().err


def utf8_json(argv: list[str], monkeypatch, capsys) -> object:
    buffer = io.BytesIO()
    code, _ = run_into(io.TextIOWrapper(buffer, encoding="utf-8"), argv, monkeypatch, capsys)
    assert code == 0
    return json.loads(buffer.getvalue().decode("utf-8"))


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
@pytest.mark.parametrize("target", ["pipe", "file"])
def test_every_format_writes_on_any_encoding(encoding, argv, target, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "120")
    if target == "pipe":
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding=encoding)
    else:
        path = tmp_path / "out.txt"
        stream = open(path, "w", encoding=encoding)  # noqa: SIM115 - closed below
    try:
        code, err = run_into(stream, argv, monkeypatch, capsys)
        data = raw.getvalue() if target == "pipe" else path.read_bytes()
    finally:
        stream.close()
    assert code == 0 and "Traceback" not in err
    text = data.decode(encoding)  # the bytes are valid in the stream's encoding
    if "json" in argv:
        # Lossless: \\u escapes parse back to exactly the UTF-8 output's data.
        assert json.loads(text) == utf8_json(argv, monkeypatch, capsys)
        assert err == ""
    elif encoding == "utf-8":
        assert (err == "" and "Backès" in text) or "Nouméa" in text
    else:
        assert err.count("\n") == 1 and "PYTHONIOENCODING=utf-8" in err
        replaced = int(err.split("backes-tui: ")[1].split(" ")[0])
        assert replaced > 0 and text.count("?") >= replaced


def test_a_real_ascii_pipe_gives_no_traceback():
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    for fmt in ("csv", "json"):
        done = subprocess.run(
            [sys.executable, "-m", "backes_tui", "events", "--format", fmt],
            capture_output=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0 and b"Traceback" not in done.stderr
        done.stdout.decode("ascii")


def test_the_app_says_it_needs_utf8(monkeypatch, capsys):
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stream)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "needs a UTF-8 terminal" in err and err.count("\n") == 1


@pytest.mark.parametrize("width", [20, 40, 60, 80])
@pytest.mark.parametrize("command", ["events", "offices", "parties", "eras"])
def test_narrow_output_never_splits_a_word(width, command, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", str(width))
    assert main([command]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines)
    tokens = set(out.replace("│", " ").replace("┃", " ").split())
    assert main([command, "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    for item in items:
        title = item.get("title") or item["name"]
        for word in title.split():
            assert word in tokens, (word, width)
    if width < 60:
        # Too narrow for the columns: one "Field: value" line each.
        assert not any("│" in line for line in lines)
        assert any(line.startswith(("Date: ", "Office: ", "Party: ", "Era: ")) for line in lines)
