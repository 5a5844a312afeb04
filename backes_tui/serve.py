"""`backes-tui serve`: the explorer in a web browser, through textual-serve.

Each browser session is a `backes-tui` process of its own, run with
Textual's web driver. The server binds to loopback unless told `--public`,
starts at most ``max_sessions`` of those processes, and answers any further
visitor with a page that says so rather than a new process.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shlex
import signal
import sys
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.server import Server

BUSY_CLOSE_CODE = 1013  # "try again later" (RFC 6455)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only: localhost or a loopback address."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(data: Path | None, years: str | None) -> str:
    """The shell command textual-serve runs for each session: this Python, this package."""
    # A browser session never writes the server user's settings.
    argv = [sys.executable, "-m", "backes_tui", "--no-config"]
    if data is not None:
        argv += ["--data", str(data.resolve())]
    if years is not None:
        argv += ["--year", years]
    return shlex.join(argv)


BUSY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>backes-tui: busy</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto;">
<h1>backes-tui is busy</h1>
<p>This server runs at most {limit} sessions at once, and all are in use.
Try again when someone closes theirs.</p>
</body></html>
"""


class BackesServer(Server):
    """textual-serve's server, with a cap on sessions and a plain start-up line."""

    def __init__(self, command: str, host: str, port: int, max_sessions: int) -> None:
        super().__init__(command, host=host, port=port, title="backes-tui")
        self.max_sessions = max_sessions
        self.sessions = 0

    def initialize_logging(self) -> None:
        # textual-serve logs every request with a banner; the start-up line
        # and errors are what a user of a command line needs.
        import logging

        logging.basicConfig(level=logging.WARNING, format="backes-tui serve: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: the address is printed once the port listens (`serve`)."""

    def serve(self, debug: bool = False) -> None:
        """As textual-serve's, but the address is printed only once the port
        accepts connections, so whoever reads it can connect at once."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda _: print(
                f"backes-tui: serving on http://{_url_host(self.host)}:{self.port}/ "
                "(open it in a browser; Ctrl+C stops)",
                flush=True,
            ),
        )

    async def handle_index(self, request: web.Request) -> Any:
        if self.sessions >= self.max_sessions:
            return web.Response(
                text=BUSY_PAGE.format(limit=self.max_sessions),
                content_type="text/html",
                status=503,
            )
        # The page's websocket address is the one the browser used, so a
        # public server works whatever name or address it is reached by.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.sessions >= self.max_sessions:
            refused = web.WebSocketResponse()
            await refused.prepare(request)
            await refused.close(code=BUSY_CLOSE_CODE, message=b"backes-tui: too many sessions")
            return refused
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def serve(data: Path | None, years: str | None, host: str, port: int, max_sessions: int) -> None:
    """Run until Ctrl+C (or SIGTERM), then stop the sessions and return."""
    # The sessions draw with box characters whatever the server's locale.
    os.environ["PYTHONIOENCODING"] = "utf-8"
    BackesServer(app_command(data, years), host, port, max_sessions).serve()
