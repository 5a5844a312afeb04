"""The served figure: `backes-tui serve` against the minimal app served by
textual-serve, from opening a websocket to the first complete screen."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

from figure import Figure
from in_terminal import MINIMAL_APP, backes_command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _first_screen(url: str, wanted: bytes) -> float:
    """Seconds from opening the websocket until its frames, read as text
    without their escape sequences, hold ``wanted``."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        start = time.perf_counter()
        # From the page's own origin, as a browser opens it: `serve` refuses
        # a websocket from any other (or none), and the minimal app ignores it.
        async with session.ws_connect(url + "/ws?width=100&height=30", origin=url) as ws:
            seen = bytearray()
            while wanted not in re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", bytes(seen)):
                left = 60 - (time.perf_counter() - start)
                if left <= 0:
                    raise TimeoutError(f"{wanted!r} never arrived from {url}")
                message = await ws.receive(timeout=left)
                if message.type == aiohttp.WSMsgType.BINARY:
                    seen += message.data
                elif message.type != aiohttp.WSMsgType.TEXT:
                    raise RuntimeError(f"the websocket closed before {wanted!r}: {message}")
            return time.perf_counter() - start


def served_figure(runs: int) -> Figure:
    """`backes-tui serve` against the minimal app served by textual-serve the
    same way: from opening a websocket to the first complete screen."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(MINIMAL_APP)
    minimal_port, ours_port = _free_port(), _free_port()
    minimal_server = (
        "import sys; from textual_serve.server import Server; "
        f"Server(sys.executable + ' {handle.name}', port={minimal_port}).serve()"
    )
    servers = [
        subprocess.Popen(
            [sys.executable, "-c", minimal_server],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [*backes_command(), "serve", "--port", str(ours_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        for port in (minimal_port, ours_port):
            _wait_for_port(port)
        times: dict[str, list[float]] = {"minimal": [], "ours": []}
        for _ in range(runs):
            # Each footer is drawn with the rest of its first screen.
            for label, port, wanted in (
                ("minimal", minimal_port, b"palette"),
                ("ours", ours_port, b"Quit"),
            ):
                url = f"http://127.0.0.1:{port}"
                times[label].append(asyncio.run(_first_screen(url, wanted)))
    finally:
        for server in servers:
            # Ctrl+C, which ends its sessions' programs too.
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        os.unlink(handle.name)
    return Figure(
        "Served: websocket to first screen",
        times["ours"],
        times["minimal"],
        "s",
        1.3,
        "vs the minimal app served by textual-serve the same way (shipped data)",
    )


def _wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")
