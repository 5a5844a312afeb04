"""Every `backes-tui` line in the README's ```sh blocks runs as printed.

The app's own lines (no command) run in a real terminal (tmux) until their
first screen, then `q`; `serve` lines start the server, fetch the page and
stop it with Ctrl+C (in a network namespace of their own where the machine
allows one, so that the README's fixed ports and `--host 0.0.0.0` meet no
other process); every other line runs in-process through `main()`. All run
in one folder, in the README's order, with the input files the examples name
made by the test from real exports.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from backes_tui.arguments import build_parser
from backes_tui.cli import main
from tests.conftest import DATA, ROOT
from tests.tmux import TmuxScreen, until

README = ROOT / "README.md"
WIKIDATA = ROOT / "tests" / "data" / "wikidata"


def readme_examples() -> list[list[str]]:
    """The arguments of each `backes-tui` line of the README's sh blocks, in
    order and once each (`pip install . && backes-tui` counts as its command)."""
    text = README.read_text(encoding="utf-8")
    found: list[list[str]] = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            command = line.split("&&")[-1]
            argv = shlex.split(command, comments=True)
            if argv and argv[0] == "backes-tui" and argv[1:] not in found:
                found.append(argv[1:])
    return found


EXAMPLES = readme_examples()


def kind_of(argv: list[str]) -> str:
    if "--version" in argv:
        return "command"
    args = build_parser().parse_args(argv)
    return {None: "app", "serve": "serve"}.get(args.command, "command")


def test_the_readme_has_examples_of_every_kind():
    kinds = [kind_of(argv) for argv in EXAMPLES]
    assert kinds.count("app") >= 4 and kinds.count("serve") >= 3 and kinds.count("command") >= 15


def test_no_two_examples_write_one_file():
    """Run in order in one folder, an example never meets an earlier one's file
    (which `-o` refuses to replace without `--force`)."""
    outputs = [argv[argv.index("-o") + 1] for argv in EXAMPLES if "-o" in argv]
    assert len(outputs) == len(set(outputs)), outputs


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A folder holding the inputs the examples name, made from real exports."""
    here = tmp_path_factory.mktemp("readme")
    (here / "data").mkdir()
    shutil.copyfile(DATA, here / "data" / "timeline.json")  # `check data/timeline.json`
    shutil.copyfile(DATA, here / "other.json")  # `serve --data other.json`
    # A Wikidata entity document and its labels, in the shapes Wikidata gives.
    shutil.copyfile(WIKIDATA / "entity.json", here / "Q123.json")
    shutil.copyfile(WIKIDATA / "labels.json", here / "labels.json")
    # A Popolo document, as this program exports it.
    assert main(["export", "--to", "popolo", "-o", str(here / "person.json")]) == 0
    assert json.loads((here / "person.json").read_text(encoding="utf-8"))["persons"]
    return here


COMMANDS = [argv for argv in EXAMPLES if kind_of(argv) == "command"]


def test_the_command_examples_run_in_order(folder, capsys, monkeypatch):
    monkeypatch.chdir(folder)
    monkeypatch.setenv("COLUMNS", "120")
    for argv in COMMANDS:
        printed = " ".join(["backes-tui", *argv])
        before = set(folder.iterdir())
        try:
            code = main(argv)
        except SystemExit as done:  # --version, by argparse
            code = done.code
        captured = capsys.readouterr()
        assert code == 0, f"{printed}: exit {code}: {captured.err}"
        # Nothing on stderr but a loss report.
        assert all(line.startswith("backes-tui: loss: ") for line in captured.err.splitlines()), (
            printed,
            captured.err,
        )
        if "-o" in argv:
            written = folder / argv[argv.index("-o") + 1]
            assert written.stat().st_size > 0 and written not in before, printed
        else:
            assert captured.out.strip(), f"{printed} printed nothing"


def _program() -> str:
    script = Path(sys.executable).parent / "backes-tui"
    return str(script) if script.exists() else f"{shlex.quote(sys.executable)} -m backes_tui"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize(
    "argv", [argv for argv in EXAMPLES if kind_of(argv) == "app"], ids=" ".join
)
def test_the_app_examples_start_in_a_terminal_and_quit(folder, tmp_path, argv):
    status = tmp_path / "status"
    app = " ".join([_program(), *map(shlex.quote, argv)])
    env = f"LANG=C.UTF-8 XDG_CONFIG_HOME={shlex.quote(str(tmp_path))}"
    shell = f"cd {shlex.quote(str(folder))} && env {env} {app}; echo $? > {status}"
    terminal = TmuxScreen(f"readme-{abs(hash(tuple(argv)))}", ["sh", "-c", shell], 160, 50)
    try:
        until(
            terminal.shows("Events ("), lambda: f"no first screen for {argv}: {terminal.screen()}"
        )
        if "--select" in argv:
            # Opened on the item: its title comes into the detail.
            until(
                terminal.shows("Defeated by Robert Xowie"),
                lambda: f"not opened there: {terminal.screen()}",
            )
        terminal.keys("q")
        until(status.exists, f"{argv}: q did not end the app")
        until(lambda: status.read_text().strip() != "", "no exit status")
        assert status.read_text().strip() == "0"
    finally:
        terminal.close()


SERVE = """
import signal, subprocess, sys, time, urllib.request
if {isolated}:
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
server = subprocess.Popen(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
url = "http://127.0.0.1:{port}/"
deadline, page = time.monotonic() + 30, None
while page is None and time.monotonic() < deadline and server.poll() is None:
    try:
        page = urllib.request.urlopen(url, timeout=5).read().decode()
    except OSError:
        time.sleep(0.1)
server.send_signal(signal.SIGINT)
said, _ = server.communicate(timeout=30)
print(repr((page is not None and "<html" in page.lower(), server.returncode, said)))
"""


@pytest.mark.parametrize(
    "argv", [argv for argv in EXAMPLES if kind_of(argv) == "serve"], ids=" ".join
)
def test_the_serve_examples_serve_the_page_and_stop(folder, argv):
    pytest.importorskip("textual_serve")
    args = build_parser().parse_args(argv)
    isolated = shutil.which("unshare") is not None and shutil.which("ip") is not None
    if isolated:
        isolated = subprocess.run(["unshare", "-rn", "true"], check=False).returncode == 0
    script = SERVE.format(isolated=isolated, port=args.port)
    program = [sys.executable, "-m", "backes_tui", *argv]
    wrap = ["unshare", "-rn"] if isolated else []
    done = subprocess.run(
        [*wrap, sys.executable, "-c", script, str(folder), *program],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    served, code, said = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert served, f"{argv}: no page: {said}"
    assert code in (0, 130, -signal.SIGINT), f"{argv}: exit {code}: {said}"
    assert f"serving on http://{args.host}:{args.port}/" in said or "serving on" in said
