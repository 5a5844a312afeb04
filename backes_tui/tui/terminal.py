"""The app's end, whatever ends it: a signal, a closed terminal, `q` mid-export.

Why the app used to hang when its terminal closed: on a hang-up the kernel
sends SIGHUP and then SIGCONT. The app ended on SIGHUP as `q` does, and
Textual's SIGCONT handler, running in the middle of that shutdown, started
"application mode" again with a new output thread; the shutdown then waited
for good on the old thread's queue, which nothing read any more. A plain
Textual app never saw this: SIGHUP killed it outright.

So here a signal that ends the process asks the app to end as `q` does,
gives it `GRACE` seconds, and then ends the process itself. A hang-up ends
it at once: there is no terminal left to give back. Either way the terminal
is given back first (main screen, no mouse reporting, a visible cursor, the
line settings it had), written without waiting, so that a terminal which no
longer reads cannot hold the process. A second signal ends it at once. The
same happens when the thread that writes to the terminal dies (the terminal
is gone, or a pipe closed): nothing more can be shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import termios
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, NoReturn

from rich.text import Text
from textual.app import App
from textual.worker import Worker, WorkerCancelled, WorkerFailed

# Seconds an app asked to end by a signal has to close by itself.
GRACE = 0.5
# Every signal whose default action ends the process, other than the faults
# (SIGSEGV, SIGBUS…), which say the process itself is broken, and SIGKILL,
# which cannot be caught.
ENDING_SIGNALS = (
    signal.SIGHUP,
    signal.SIGINT,
    signal.SIGTERM,
    signal.SIGQUIT,
    signal.SIGUSR1,
    signal.SIGUSR2,
    signal.SIGALRM,
    signal.SIGVTALRM,
    signal.SIGPROF,
    signal.SIGIO,
    signal.SIGPWR,
    signal.SIGXCPU,
    signal.SIGXFSZ,
    *range(signal.SIGRTMIN, signal.SIGRTMAX + 1),
)
# What Textual turns on, turned off: the Kitty keyboard protocol, the
# alternate screen, every mouse mode, bracketed paste, focus reports; line
# wrapping and the cursor back on.
GIVE_BACK = (
    "\x1b[<u\x1b[?1049l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
    "\x1b[?2004l\x1b[?1004l\x1b[?7h\x1b[?25h"
)
# The name Textual gives the thread that writes to the terminal.
OUTPUT_THREAD = "textual-output"
# The exit status of a process whose output cannot be written (sysexits.h).
EXIT_OUTPUT_GONE = 74


class TerminalGuard:
    """While the app runs: signals and a lost terminal end it within `GRACE`."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        # Textual reads keys from stdin and draws on stderr.
        self._output = sys.__stderr__.fileno() if sys.__stderr__ else 2
        self._input = sys.__stdin__.fileno() if sys.__stdin__ else 0
        self._line_settings: list[Any] | None = None
        self._before: dict[int, Any] = {}
        self._excepthook: Callable[[threading.ExceptHookArgs], Any] | None = None
        self._ending = False

    @contextlib.contextmanager
    def guarding(self) -> Iterator[None]:
        with contextlib.suppress(termios.error, OSError):
            self._line_settings = termios.tcgetattr(self._input)
        for signum in ENDING_SIGNALS:
            with contextlib.suppress(OSError, ValueError):
                self._before[signum] = signal.signal(signum, self._signalled)
        self._excepthook = threading.excepthook
        threading.excepthook = self._thread_died
        try:
            yield
        finally:
            threading.excepthook = self._excepthook
            for signum, before in self._before.items():
                with contextlib.suppress(OSError, ValueError, TypeError):
                    signal.signal(signum, before)

    def _signalled(self, signum: int, frame: FrameType | None) -> None:
        """Runs in the main thread, between two steps of whatever it was doing."""
        if self._ending or signum == signal.SIGHUP:
            self.end_now(128 + signum)
        self._ending = True
        # Textual's SIGCONT handler would start drawing again mid-shutdown.
        signal.signal(signal.SIGCONT, signal.SIG_DFL)
        later = threading.Timer(GRACE, self.end_now, (128 + signum,))
        later.daemon = True
        later.start()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.end_now(128 + signum)  # not running yet, or no longer
        loop.call_soon_threadsafe(lambda: self.app.exit(return_code=128 + signum))

    def _thread_died(self, args: threading.ExceptHookArgs) -> None:
        if args.thread is not None and args.thread.name == OUTPUT_THREAD:
            self.end_now(EXIT_OUTPUT_GONE)
        if self._excepthook is not None:
            self._excepthook(args)

    def end_now(self, code: int) -> NoReturn:
        """Give the terminal back, without waiting on it, and end the process."""
        with contextlib.suppress(OSError):
            self._give_back()
        if self._line_settings is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self._input, termios.TCSANOW, self._line_settings)
        os._exit(code)

    def _give_back(self) -> None:
        if not os.isatty(self._output):
            return  # a pipe: a browser session, whose server reads it
        # Opened anew, so that not waiting is this write's own setting, not
        # one the shell sharing the terminal would inherit.
        path = f"/proc/self/fd/{self._output}"
        output = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
        try:
            os.write(output, GIVE_BACK.encode("ascii"))
        finally:
            os.close(output)


def redraw_on_resume(app: App[Any]) -> None:
    """After ctrl+z and `fg`, draw the whole screen again at once: the
    terminal shows the main screen meanwhile, and the app's alternate screen
    comes back empty."""

    def redraw(_: App[Any]) -> None:
        app.refresh(layout=True)

    app.app_resume_signal.subscribe(app, redraw)


class QuitAfterExport:
    """`q` while an export runs: the export is finished, not lost, and the
    line printed once the app has ended says how it went."""

    WAITING = "Quitting once the export is written…"

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._waiting = False
        # The last notice since q was pressed: the export's own "Saved …".
        self._outcome: str | None = None

    def quit(self) -> None:
        running = [w for w in self.app.workers if w.group == "export" and w.is_running]
        if not running:
            self.app.exit()
        elif not self._waiting:
            self._waiting = True
            self.app.notify(self.WAITING, timeout=60)
            self.app.run_worker(self._exit_after(running[0]), group="quit-after-export")

    def noticed(self, message: str) -> None:
        if self._waiting and message != self.WAITING:
            self._outcome = message

    async def _exit_after(self, export: Worker[Any]) -> None:
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await export.wait()
        # After the notices the export posted on its way out.
        self.app.call_later(self._exit, export)

    def _exit(self, export: Worker[Any]) -> None:
        if export.error is not None:
            said = f"the export failed: {export.error}"
        elif export.is_cancelled:
            said = "the export was cancelled; no file was written"
        else:
            said = f"the export ended first: {self._outcome or 'done'}"
        # A browser session's standard output is its server's pipe: the
        # notice on the page is all it gets.
        self.app.exit(message=None if self.app.is_web else Text(f"backes-tui: {said}"))
