"""Hostile text in a --data file: printed literally, never raw on the terminal."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from backes_tui.cli import main
from tests.conftest import minimal, write_json

MARKUP = [
    "[bold]loud[/bold]",
    "[link=https://evil.example]click[/link]",
    "x [/] y",
    "[@click=app.quit]q[/]",
]
CONTROLS = {
    "ESC CSI": "\x1b[31mred\x1b[0m",
    "OSC title": "\x1b]0;pwned\x07",
    "OSC 8 link": "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "BEL": "ding\x07",
    "backspace": "back\x08\x08xx",
    "carriage return": "hidden\rshown",
    "C1 CSI": "\x9b31m",
    "bidi override": "\u202egnp.exe",
}
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMATS = ["table", "plain", "csv", "markdown"]


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    data = minimal()
    text = " | ".join([*MARKUP, *CONTROLS.values()])
    data["subject"]["name"] = text
    data["eras"][0]["title"] = text
    data["eras"][0]["summary"] = text
    data["offices"][0]["title"] = text
    data["offices"][0]["predecessor"] = text
    data["parties"][0]["name"] = text
    data["parties"][0]["short"] = text
    data["events"][0]["title"] = text
    data["events"][0]["summary"] = text
    data["events"][0]["people"] = [text]
    data["events"][0]["cites"][0]["quote"] = text
    return write_json(tmp_path_factory.mktemp("hostile") / "hostile.json", data)


def output(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", ["events", "offices", "parties", "eras"])
def test_markup_prints_literally(capsys, monkeypatch, hostile_file, command, fmt):
    # Wide enough that no table cell wraps.
    monkeypatch.setenv("COLUMNS", "3000")
    out = output(capsys, command, "--data", str(hostile_file), "--format", fmt)
    if fmt == "markdown":
        out = rendered_markdown(out)
    for markup in MARKUP:
        assert markup in out, markup


def rendered_markdown(text: str) -> str:
    """What a reader sees of a Markdown document: its text once rendered
    (CommonMark with tables, by markdown-it, which Rich already uses), after
    checking that the data made no HTML tag, link or image of its own."""
    from markdown_it import MarkdownIt

    html_out = MarkdownIt("commonmark").enable("table").render(text)
    tags = set(re.findall(r"</?([a-z0-9]+)", html_out))
    # The citations under a table: our own emphasis and block quotes.
    ours = {"strong", "em", "blockquote"}
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "p", "h1", "h2", "h3", *ours}, tags
    return html.unescape(re.sub(r"<[^>]+>", "", html_out))


def test_markdown_shows_html_and_links_in_data_as_written(tmp_path, capsys):
    data = minimal()
    data["events"][0]["title"] = "<b>bold</b> [x](https://evil.example) ![i](y) *e* # h &amp;"
    path = write_json(tmp_path / "t.json", data)
    out = output(capsys, "events", "--data", str(path), "--format", "markdown")
    assert data["events"][0]["title"] in rendered_markdown(out)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", ["events", "offices", "parties", "eras"])
def test_control_characters_never_reach_the_terminal_raw(
    capsys, monkeypatch, hostile_file, command, fmt
):
    monkeypatch.setenv("COLUMNS", "3000")
    out = output(capsys, command, "--data", str(hostile_file), "--format", fmt)
    assert RAW.findall(out) == []
    visible = "\\x1b]0;pwned\\x07"
    # Markdown escapes what it would read, so the rendered document shows it.
    assert visible in (rendered_markdown(out) if fmt == "markdown" else out)


def test_on_table_is_safe_too(capsys, hostile_file):
    out = output(capsys, "on", "1995", "--data", str(hostile_file))
    assert RAW.findall(out) == []
    assert "[bold]loud[/bold]" in out.replace("\n", "")


@pytest.mark.parametrize(
    "command", [["events"], ["offices"], ["parties"], ["eras"], ["on", "1995"]]
)
def test_json_escapes_controls_and_round_trips(capsys, hostile_file, command):
    out = output(capsys, *command, "--data", str(hostile_file), "--format", "json")
    assert RAW.findall(out) == []
    loaded = json.loads(out)
    text = json.dumps(loaded, ensure_ascii=False)
    for value in CONTROLS.values():
        assert json.dumps(value, ensure_ascii=False)[1:-1] in text


def test_csv_round_trips_with_visible_escapes(capsys, hostile_file):
    out = output(capsys, "events", "--data", str(hostile_file), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    title = next(r["title"] for r in rows if r["id"] == "ev1")
    assert "\\x1b[31mred\\x1b[0m" in title
    assert "hidden shown" in title


def test_check_errors_with_hostile_file_names_and_values_are_safe(capsys, tmp_path):
    data = minimal()
    data["events"][0]["date"] = "\x1b]0;pwned\x07"
    bad = write_json(tmp_path / "evil\x1b[31m.json", data)
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert RAW.findall(err) == []
    assert "\\x1b" in err


def _run(monkeypatch, capsys, env_extra: dict[str, str], *argv: str) -> str:
    """`backes-tui ARGV` in-process, its output a pipe as far as it can tell,
    under ``env_extra`` alone of the variables that decide colour."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env_extra.items():
        monkeypatch.setenv(name, value)
    code = main(list(argv))
    said = capsys.readouterr()
    assert code == 0, said.err
    return said.out


COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|38;|48;)[0-9;]*m")


def test_piped_output_has_no_escape_codes_at_all(monkeypatch, capsys):
    out = _run(monkeypatch, capsys, {"TERM": "xterm-256color"}, "events")
    assert "\x1b" not in out


def test_no_color_is_honoured_even_when_colour_is_forced(monkeypatch, capsys, hostile_file):
    forced = _run(
        monkeypatch,
        capsys,
        {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
        "on",
        "1995",
        "--data",
        str(hostile_file),
    )
    assert COLOUR.search(forced), "sanity: forcing colour should colour the table"
    plain = _run(
        monkeypatch,
        capsys,
        {"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"},
        "on",
        "1995",
        "--data",
        str(hostile_file),
    )
    assert not COLOUR.search(plain)
    for value in CONTROLS.values():
        assert value not in plain
