"""Screen-reader mode in a real terminal (tmux), as BRLTTY, Orca or NVDA meet
it: after each action the terminal's cursor is shown on the line of what is
selected, the status line says the change in words, and no box-drawing or
block character (U+2500-U+259F) is anywhere on the screen."""

from __future__ import annotations

import re
import shutil
import sys

import pytest

from tests.conftest import DATA
from tests.tmux import TmuxScreen, until

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

BOXES = re.compile("[\u2500-\u259f]")

# (keys, what the status line then says, the title on the cursor's row).
# Written out by hand from data/timeline.json, not computed by the app.
STEPS = [
    (
        ["j"],
        "Events, 2 of 42: Born Sonia Dos Santos in Nouméa, 21 May 1976",
        "Born Sonia Dos Santos in Nouméa",
    ),
    (
        ["2"],
        "Offices, 1 of 2: President of the Assembly of South Province, 17 May 2019 to "
        "ongoing as of 14 July 2024",
        "President of the Assembly of South Province",
    ),
    (
        ["y", "2022", "Enter"],
        "Years 2022: 4 of 42 events, 2 of them possible, 1 with a side of its date not stated. Offices, 1 of 2: President",
        "President of the Assembly of South Province",
    ),
    (
        ["j"],
        "Offices, 2 of 2: State Secretary for Citizenship, 4 July 2022 to 10 October 2023 "
        "or September 2023 (Text: resignation), disputed",
        "State Secretary for Citizenship",
    ),
    (
        ["Escape"],
        "The whole timeline: 42 of 42 events. Offices, 2 of 2: State Secretary",
        "State Secretary for Citizenship",
    ),
    (
        ["/", "xowie", "Enter"],
        "search “xowie”: 1 of 42 events. Events, 1 of 1: Defeated by Robert Xowie",
        "Defeated by Robert Xowie in the Senate election",
    ),
    (["?"], "Help, line 1 of", "j / down: Cursor down"),
    (["j"], "Help, line 2 of", "k / up: Cursor up"),
]


def until_said(terminal: TmuxScreen, words: str) -> list[str]:
    """The screen, once its text (lines joined) holds ``words``."""
    lines: list[str] = []

    def said() -> bool:
        lines[:] = terminal.screen().splitlines()
        return words in " ".join(" ".join(lines).split())

    until(said, lambda: f"never said {words!r}:\n" + "\n".join(lines))
    return lines


def shows_title(row: str, title: str) -> bool:
    """Whether ``row`` shows ``title``, whole or cut short with an ellipsis
    (a pane at 120x40 is narrower than its titles)."""
    text = row.strip()
    return title in text or (text.endswith("…") and len(text) > 10 and title.startswith(text[:-1]))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_screen_reader_mode_in_a_terminal(size):
    width, height = size
    app = [
        sys.executable,
        "-m",
        "backes_tui",
        "--no-config",
        "--screen-reader",
        "--data",
        str(DATA),
    ]
    terminal = TmuxScreen(
        f"screenreader-{width}", ["env", "TERM=xterm-256color", *app], width, height
    )
    try:
        lines = until_said(terminal, "The whole timeline: 42 of 42 events. Events, 1 of 42")
        for keys, said, title in STEPS:
            for key in keys:
                terminal.keys(key)
            lines = until_said(terminal, said)
            flag, at = terminal.display("#{cursor_flag} #{cursor_y}").split()
            shown, row = flag == "1", int(at)
            where = f"after {keys} at {width}x{height}:\n" + "\n".join(lines)
            assert shown, f"the cursor is hidden {where}"
            assert shows_title(lines[row], title), f"row {row} lacks {title!r} {where}"
            assert not BOXES.search("\n".join(lines)), f"box drawing {where}"
    finally:
        terminal.close()
