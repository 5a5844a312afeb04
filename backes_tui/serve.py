"""`backes-tui serve`: the explorer in a web browser, through textual-serve.

Each browser session is a `backes-tui` process of its own, run with
Textual's web driver. The server binds to loopback unless told `--public`,
starts at most ``max_sessions`` of those processes, and answers any further
visitor with a page that says so rather than a new process.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import ipaddress
import json
import logging
import os
import shlex
import signal
import socket
import sys
from asyncio.subprocess import Process
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.server import Server

from backes_tui.formats.printable import one_line

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


# Sizes a visitor may ask for: beyond any screen at a readable font size,
# far below what makes each frame hundreds of megabytes (5000x5000 took 600 MB).
MAX_COLUMNS = 500
MAX_ROWS = 200
# Seconds a session's app has, once its page is gone, to end by itself, and
# then to end on SIGTERM, before its process group is killed.
STOP_GRACE = 1.0
# The page's own address is the only origin a session's websocket may come from.
FOREIGN_ORIGIN_PAGE = "backes-tui: this session may only be opened from its own page\n"
FOREIGN_HOST_PAGE = "backes-tui: this server does not answer for that host name\n"
TIMELINE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
NOT_A_WEBSOCKET = "backes-tui: /ws is the app's websocket; open / in a browser\n"

log = logging.getLogger("backes-tui.serve")


def served_names(host: str) -> frozenset[str] | None:
    """The host names the server answers for, or None for any (a wildcard
    address, which the user asked for with --public): a page asked for under
    another name is a DNS-rebinding attempt."""
    bare = host.strip("[]").lower()
    if bare in ("0.0.0.0", "::", ""):
        return None
    if is_loopback(bare):
        return frozenset({"localhost", "127.0.0.1", "::1", bare})
    return frozenset({bare})


def host_name(header: str) -> str:
    """The name in a Host header, without its port: "[::1]:8000" is "::1"."""
    if header.startswith("["):
        return header[1 : header.find("]")].lower() if "]" in header else header.lower()
    return header.rsplit(":", 1)[0].lower() if header.count(":") == 1 else header.lower()


def clamp_size(width: object, height: object) -> tuple[int, int] | None:
    """A terminal size a visitor asked for, within bounds; None for one that
    is not two whole numbers of at least 1."""
    sizes = (width, height)
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in sizes):
        return None
    assert isinstance(width, int) and isinstance(height, int)
    return min(width, MAX_COLUMNS), min(height, MAX_ROWS)


def read_message(text: str) -> tuple[str, Any] | None:
    """A message from the page as (type, data), or None if it is not one of
    the shapes textual.js sends."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind == "stdin" and isinstance(data, str):
        return kind, data
    if kind == "resize" and isinstance(data, dict):
        size = clamp_size(data.get("width"), data.get("height"))
        return None if size is None else (kind, size)
    if kind == "ping" and isinstance(data, (str, int, float)) and not isinstance(data, bool):
        return kind, data
    if kind in ("blur", "focus"):
        return kind, None
    return None


class Session(AppService):
    """One visitor's app: a process group of its own, which is gone within
    seconds of the page going, whatever the app was doing."""

    def __init__(self, *args: Any, live: set[Process], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._live = live
        self._ended = False

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        # No shell between the server and the app, and a session (so a
        # process group) of its own, which is killed whole if need be.
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        self._live.add(process)
        asyncio.get_running_loop().create_task(self._reap(process))
        return process

    async def _reap(self, process: Process) -> None:
        await process.wait()
        self._live.discard(process)

    async def stop(self) -> None:
        if self._ended:
            return
        self._ended = True
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(super().stop(), STOP_GRACE)
        if self._process is not None:
            await end_process(self._process)


async def end_process(process: Process) -> None:
    """Wait a moment for it to end; then SIGTERM, then SIGKILL, its group."""
    for signum in (None, signal.SIGTERM, signal.SIGKILL):
        if signum is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signum)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(process.wait(), STOP_GRACE)
            return


class BackesServer(Server):
    """textual-serve's server, with a cap on sessions and a plain start-up line."""

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        max_sessions: int,
        make_page: Callable[[], str],
    ) -> None:
        super().__init__(command, host=host, port=port, title="backes-tui")
        # The timeline as one HTML page (`export --to html`), made on the first
        # request, in a thread so that the sessions' messages keep flowing.
        self._make_page = make_page
        self._page: str | None = None
        self._making = asyncio.Lock()
        self.max_sessions = max_sessions
        # The app processes running now, whatever became of their pages.
        self.live: set[Process] = set()
        self.names = served_names(host)
        self.templates_path = Path(__file__).parent / "web"

    def initialize_logging(self) -> None:
        # textual-serve logs every request with a banner; the start-up line
        # and errors are what a user of a command line needs.
        logging.basicConfig(level=logging.WARNING, format="backes-tui serve: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: the address is printed once the port listens (`serve`)."""

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(end_process(process) for process in list(self.live)))

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._only_served_names])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/timeline", self.handle_timeline, name="timeline"),
                web.get("/ws", self.handle_session, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _only_served_names(self, request: web.Request, handler: Handler) -> Any:
        if self.names is not None and host_name(request.host) not in self.names:
            log.warning("refused a request for host %r", request.host[:100])
            return web.Response(status=421, text=FOREIGN_HOST_PAGE)
        return await handler(request)

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
        if len(self.live) >= self.max_sessions:
            return web.Response(
                text=BUSY_PAGE.format(limit=self.max_sessions),
                content_type="text/html",
                status=503,
            )
        # The page's websocket address is the one the browser used, so a
        # public server works whatever name or address it is reached by.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_timeline(self, request: web.Request) -> web.Response:
        """The timeline as a page that needs no script and no terminal: what a
        screen reader reads, since the app's page is a canvas."""
        async with self._making:
            if self._page is None:
                self._page = await asyncio.to_thread(self._make_page)
        return web.Response(
            text=self._page,
            content_type="text/html",
            charset="utf-8",
            # The page loads nothing and runs nothing; say so to the browser too.
            headers={"Content-Security-Policy": TIMELINE_POLICY},
        )

    async def handle_session(self, request: web.Request) -> web.StreamResponse:
        """textual-serve's websocket handler, with the checks above and a `Session`."""
        websocket = web.WebSocketResponse(heartbeat=15)
        if not websocket.can_prepare(request).ok:
            return web.Response(status=400, text=NOT_A_WEBSOCKET)
        origin = request.headers.get("Origin")
        if origin != f"{request.scheme}://{request.host}":
            log.warning("refused a session opened from origin %r", (origin or "")[:100])
            return web.Response(status=403, text=FOREIGN_ORIGIN_PAGE)
        await websocket.prepare(request)
        if len(self.live) >= self.max_sessions:
            await websocket.close(code=BUSY_CLOSE_CODE, message=b"backes-tui: too many sessions")
            return websocket
        size = clamp_size(
            _whole(request.query.get("width", "80")), _whole(request.query.get("height", "24"))
        )
        session = Session(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
            live=self.live,
        )
        try:
            await session.start(*(size or (80, 24)))
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one line, not textual-serve's traceback
            log.warning("a session ended on an error: %s", one_line(str(error))[:200])
        finally:
            await asyncio.shield(session.stop())
        return websocket

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        """As textual-serve's, for the messages textual.js sends; any other is
        dropped, with one log line a session."""
        told = False
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            read = read_message(message.data)
            if read is None:
                if not told:
                    log.warning("dropped a malformed message from a session (said once a session)")
                    told = True
                continue
            kind, data = read
            if kind == "stdin":
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize":
                await app_service.set_terminal_size(*data)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            else:
                await app_service.focus()


def _whole(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def page_title(subject: str) -> str:
    """The page's title, escaped for HTML: the page is made without escaping."""
    return html.escape(f"{one_line(subject)}: a sourced timeline · backes-tui")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def serve(
    data: Path | None,
    years: str | None,
    host: str,
    port: int,
    max_sessions: int,
    subject: str,
    page: Callable[[], str],
) -> int:
    """Run until Ctrl+C (or SIGTERM), then stop the sessions; the exit status.
    ``subject``: whose timeline it is, for the page's title; ``page``: makes the
    timeline as HTML, served at /timeline."""
    # The sessions draw with box characters whatever the server's locale.
    os.environ["PYTHONIOENCODING"] = "utf-8"
    try:
        server = BackesServer(app_command(data, years), host, port, max_sessions, page)
        server.title = page_title(subject)
        server.serve()
    except OSError as error:
        # A port in use, an address not of this machine, a name that does not resolve.
        if isinstance(error, socket.gaierror) or not error.errno:
            reason = error.strerror or str(error)
        else:  # aiohttp's own wording repeats the address
            reason = os.strerror(error.errno).lower()
        print(f"backes-tui: cannot serve on {_url_host(host)}:{port}: {reason}", file=sys.stderr)
        return 1
    return 0
