"""`backes-tui serve`, as a real server on a loopback port: its page and
websocket without a browser, its session cap, its clean stop, and then the
same in Debian's Chromium driven by Playwright."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from backes_tui import serve as serve_module
from backes_tui.cli import main
from backes_tui.serve import BUSY_CLOSE_CODE, is_loopback
from tests.tmux import until

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process, self.port = process, port
        self.url = f"http://127.0.0.1:{port}"

    def children(self) -> list[int]:
        """The app processes (and their shells) the server has started."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return found

    def said(self) -> str:
        """What the server has written to its standard error since last asked.
        What it logs about a request or a message it writes before it answers
        (or handles the next message), so once the answer is in, so is the line."""
        assert self.process.stderr is not None
        stream = self.process.stderr.fileno()
        os.set_blocking(stream, False)
        chunks = []
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(stream, 65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()


def _start(*args: str) -> Served:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "backes_tui", "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith(f"backes-tui: serving on http://127.0.0.1:{port}/"), line
    return Served(process, port)


def _stop(served: Served) -> tuple[int, str]:
    """Ctrl+C, as a person stops it: it must end at once, quietly."""
    served.process.send_signal(signal.SIGINT)
    code = served.process.wait(timeout=20)
    assert served.process.stderr is not None
    return code, served.process.stderr.read()


@pytest.fixture
def served() -> Iterator[Served]:
    server = _start()
    yield server
    if server.process.poll() is None:
        _stop(server)


def shared_server(*args: str) -> Iterator[Served]:
    """A server for the tests of a module that need nothing of a fresh one
    (a start is a third of a second of CPU), as a module-scoped fixture's
    body: its Ctrl+C stop is checked once, when the module is done."""
    server = _start(*args)
    yield server
    code, errors = _stop(server)
    assert code == 0 and "Traceback" not in errors, errors


def as_found(server: Served) -> Served:
    """A shared server as a test finds it: running, no session, every slot
    free. What earlier tests made it say is read (and must hold no
    traceback), so that ``said()`` is the test's own."""
    assert server.process.poll() is None, "the shared server has ended"
    assert server.children() == [], "a session of an earlier test still runs"
    assert "Traceback" not in server.said()
    return server


@pytest.fixture(scope="module")
def one_slot() -> Iterator[Served]:
    yield from shared_server("--max-sessions", "1")


@pytest.fixture
def capped(one_slot: Served) -> Served:
    """The module's server with room for one session."""
    return as_found(one_slot)


async def _frames_until(
    ws: aiohttp.ClientWebSocketResponse, wanted: bytes, seen: bytearray
) -> None:
    deadline = time.monotonic() + 30
    while wanted not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"{wanted!r} never arrived"
        message = await ws.receive(timeout=left)
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data


async def _type(ws: aiohttp.ClientWebSocketResponse, text: str) -> None:
    await ws.send_str(json.dumps(["stdin", text]))


async def test_the_page_and_its_websocket_run_the_explorer(capped):
    served = capped
    async with aiohttp.ClientSession() as session:
        async with session.get(served.url + "/") as page:
            assert page.status == 200
            html = await page.text()
        assert f"ws://127.0.0.1:{served.port}/ws" in html
        async with session.ws_connect(
            served.url + "/ws?width=120&height=40", origin=served.url
        ) as ws:
            seen = bytearray()
            await _frames_until(ws, "Sonia Backès".encode(), seen)
            assert b"Bastille Day" not in seen  # 2024 is below the fold until filtered
            await _type(ws, "y")
            await _frames_until(ws, b"Filter years", seen)
            await _type(ws, "2024")
            await _type(ws, "\r")
            seen.clear()
            await _frames_until(ws, b"Years 2024", seen)
            await _frames_until(ws, b"Bastille Day", seen)
    until(lambda: served.children() == [], "the app outlived its session", within=10)
    assert "Traceback" not in served.said()


async def test_a_session_beyond_the_cap_starts_no_process(capped):
    served = capped
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(
            served.url + "/ws?width=80&height=24", origin=served.url
        ) as first:
            await _frames_until(first, "Sonia Backès".encode(), bytearray())
            running = served.children()
            assert running, "the first session runs in a process of its own"
            async with session.get(served.url + "/") as page:
                assert page.status == 503
                assert "at most 1 sessions" in await page.text()
            async with session.ws_connect(served.url + "/ws", origin=served.url) as second:
                message = await second.receive(timeout=10)
                assert message.type == aiohttp.WSMsgType.CLOSE
                assert second.close_code == BUSY_CLOSE_CODE
            assert served.children() == running
        # Its session over, the slot is free again.
        deadline = time.monotonic() + 10
        while True:
            async with session.get(served.url + "/") as page:
                if page.status == 200:
                    break
            assert time.monotonic() < deadline
            await asyncio.sleep(0.1)
    until(lambda: served.children() == [], "the app outlived its session", within=10)
    assert "Traceback" not in served.said()


def test_the_cap_counts_processes_not_sockets(capped):
    """A session whose page has gone still holds its slot until its process has ended."""
    served = capped
    answers = asyncio.run(_busy_while_the_app_ends(served))
    assert 503 in answers
    until(lambda: served.children() == [], "the app outlived its session")
    assert "Traceback" not in served.said()


async def _busy_while_the_app_ends(served: Served) -> list[int]:
    answers = []
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(served.url + "/ws", origin=served.url)
        await _frames_until(ws, "Sonia Backès".encode(), bytearray())
        await ws.close()
        while served.children():
            async with session.get(served.url + "/") as page:
                answers.append(page.status)
        # The process gone, its slot is free again (once the server has reaped it).
        deadline = time.monotonic() + 10
        while True:
            async with session.get(served.url + "/") as page:
                if page.status == 200:
                    break
            assert time.monotonic() < deadline, "the slot was not freed"
            await asyncio.sleep(0.02)
    return answers


def test_only_loopback_unless_public(capsys, monkeypatch):
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")

    def served(*args: object) -> int:
        raise AssertionError("it served on 0.0.0.0 without --public")

    monkeypatch.setattr(serve_module, "serve", served)
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    refused = capsys.readouterr()
    assert "add --public" in refused.err and refused.err.count("\n") == 1


def _blank(png: bytes) -> bool:
    """Whether a screenshot is one flat colour: its filtered scanlines are
    almost all zero bytes then."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    data, at = b"", 8
    while at < len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        kind = png[at + 4 : at + 8]
        if kind == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    return sum(1 for byte in raw if byte) < len(raw) // 100


@pytest.mark.external
@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine (apt-get install chromium); CI installs it",
)
async def test_in_a_real_browser_search_and_export_a_download(served, tmp_path):
    from playwright.async_api import async_playwright

    frames: list[bytes] = []

    def watch(websocket) -> None:  # type: ignore[no-untyped-def]
        websocket.on(
            "framereceived",
            lambda payload: frames.append(payload if isinstance(payload, bytes) else b""),
        )

    async def arrived(wanted: bytes) -> None:
        deadline = time.monotonic() + 30
        while not any(wanted in frame for frame in frames[-400:]) and wanted not in b"".join(
            frames
        ):
            assert time.monotonic() < deadline, f"{wanted!r} never arrived"
            await asyncio.sleep(0.1)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            # Root (as in CI) cannot use Chromium's sandbox.
            args=["--no-sandbox"] if os.geteuid() == 0 else [],
        )
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("websocket", watch)
            await page.goto(served.url + "/", wait_until="domcontentloaded")
            await arrived("Sonia Backès".encode())
            await page.locator(".textual-terminal").click()
            frames.clear()
            await page.keyboard.press("/")
            await arrived(b"words in titles")  # the search dialog is up
            await page.keyboard.type("united")
            await page.keyboard.press("Enter")
            await arrived(b"1 of 42 events")
            await arrived(b"Addresses the")
            shot = await page.screenshot(path=str(tmp_path / "page.png"))
            assert not _blank(shot), "the page is blank"
            async with page.expect_download() as download_info:
                await page.keyboard.press("e")  # Export view…: Markdown is first
                await arrived(b"Export view")
                await page.keyboard.press("Enter")
            download = await download_info.value
            saved = tmp_path / download.suggested_filename
            await download.save_as(saved)
        finally:
            await browser.close()
    text = saved.read_text(encoding="utf-8")
    assert saved.suffix == ".md"
    assert "Addresses the United Nations in New York" in text
    assert "Bastille Day" not in text  # only what the search shows
