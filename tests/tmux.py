"""A program in a real terminal, for the tests that need one: a tmux server
of the test's own (so that a test's end can take everything in it down), one
window, read back as a person would see it."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Sequence


def until(condition: Callable[[], bool], what: object, within: float = 30) -> None:
    """Wait until ``condition`` holds; fail with ``what`` (or what it returns,
    if callable) after ``within`` seconds."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(what() if callable(what) else what)
        time.sleep(0.05)


class TmuxScreen:
    """``command`` (an argument list, or one shell line as its only item) in a
    window of ``width`` x ``height``, on a tmux server named after ``name``
    and this process."""

    def __init__(self, name: str, command: Sequence[str], width: int = 100, height: int = 30):
        self.tmux = ["tmux", "-L", f"{name}-{os.getpid()}"]
        # Without the test runner's COLUMNS and LINES, which the app would
        # take for its size.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        size = ["-x", str(width), "-y", str(height)]
        subprocess.run([*self.tmux, "new", "-d", "-s", "t", *size, *command], check=True, env=env)

    def run(self, *args: str) -> str:
        """What a tmux command prints."""
        return subprocess.run([*self.tmux, *args], capture_output=True, text=True).stdout

    def display(self, formats: str) -> str:
        """The window's state: "#{alternate_on}", "#{cursor_y}"..."""
        return self.run("display", "-p", "-t", "t", formats).strip()

    def pid(self) -> int:
        """The process the window runs."""
        return int(self.display("#{pane_pid}"))

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def shows(self, text: str) -> Callable[[], bool]:
        return lambda: text in self.screen()

    def keys(self, *keys: str) -> None:
        """``keys`` in one write, as tmux names them ("Escape", "C-p", "Enter")."""
        subprocess.run([*self.tmux, "send-keys", "-t", "t", *keys], check=True)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)
