"""`backes-tui serve` against hostile visitors, with a real client (aiohttp):
foreign origins and hosts, malformed messages, absurd sizes, sessions that
vanish, and a port it cannot have."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from collections.abc import Iterator

import aiohttp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backes_tui.serve import (
    MAX_COLUMNS,
    MAX_ROWS,
    clamp_size,
    host_name,
    page_title,
    read_message,
    served_names,
)
from tests.test_serve import Served, _frames_until, as_found, shared_server
from tests.tmux import until

# The cap of the huge-sizes test; the shared server also has the years of
# the page-links test. The other tests care for neither.
SHARED_CAP = 2


@pytest.fixture(scope="module")
def shared() -> Iterator[Served]:
    yield from shared_server("--max-sessions", str(SHARED_CAP), "--year", "2019-2022")


@pytest.fixture
def served(shared: Served) -> Served:
    return as_found(shared)


async def _refused_websocket(served: Served, **options) -> int:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(served.url + "/ws", **options)
    return refused.value.status


async def test_a_foreign_origin_or_none_gets_no_session(served):
    assert await _refused_websocket(served, origin="http://evil.example") == 403
    assert await _refused_websocket(served, origin=f"http://127.0.0.1:{served.port + 1}") == 403
    assert await _refused_websocket(served) == 403  # no Origin at all
    assert served.children() == []
    errors = served.said()
    assert "Traceback" not in errors
    assert errors.count("refused a session opened from origin") == 3


async def test_a_foreign_host_is_refused_page_and_websocket(served):
    evil = {"Host": f"evil.example:{served.port}"}
    async with aiohttp.ClientSession() as session:
        async with session.get(served.url + "/", headers=evil) as page:
            assert page.status == 421
            assert "evil.example" not in await page.text()
        async with session.get(served.url + "/static/js/textual.js", headers=evil) as page:
            assert page.status == 421
        origin = f"http://evil.example:{served.port}"
        status = await _refused_websocket(served, origin=origin, headers=evil)
        assert status == 421
        # Its own names are answered.
        for host in (f"localhost:{served.port}", f"127.0.0.1:{served.port}"):
            async with session.get(served.url + "/", headers={"Host": host}) as page:
                assert page.status == 200
                assert f"ws://{host}/ws" in await page.text()
    assert served.children() == []
    assert "Traceback" not in served.said()


async def test_no_directory_listing_and_a_plain_get_of_the_websocket_is_quiet(served):
    async with aiohttp.ClientSession() as session:
        for folder in ("/static/", "/static/js/", "/static/fonts/"):
            async with session.get(served.url + folder) as page:
                assert page.status in (403, 404)
                assert "textual.js" not in await page.text()
        for _ in range(20):
            async with session.get(served.url + "/ws") as page:
                assert page.status == 400
    assert served.said() == ""


async def test_the_page_has_a_title_and_loads_nothing_from_elsewhere(served):
    async with aiohttp.ClientSession() as session:
        async with session.get(served.url + "/") as page:
            html = await page.text()
        assert "<title>Sonia Backès: a sourced timeline · backes-tui</title>" in html
        assert "googleapis" not in html and "https://" not in html
        font = "/static/fonts/RobotoMono-VariableFont_wght.ttf"
        assert font in html
        async with session.get(served.url + font) as got:
            assert got.status == 200 and len(await got.read()) > 100_000


def test_the_title_is_escaped():
    assert (
        page_title("<b>X</b> & Co")
        == "&lt;b&gt;X&lt;/b&gt; &amp; Co: a sourced timeline · backes-tui"
    )


MALFORMED = [
    "not json",
    "[",
    "[]",
    "{}",
    "5",
    '"stdin"',
    "[5]",
    '["stdin", 5]',
    '["stdin"]',
    '["resize", 5]',
    '["resize", {"width": "x", "height": 40}]',
    '["resize", {"width": true, "height": 40}]',
    '["resize", {"width": -5, "height": -5}]',
    '["resize", {"width": 0, "height": 24}]',
    '["resize", {}]',
    '["ping", {"a": [1]}]',
    "[" * 100_000 + "]" * 100_000,
]


async def test_malformed_messages_are_dropped_with_one_line_and_the_session_goes_on(served):
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(served.url + "/ws?width=-5&height=x", origin=served.url)
        async with ws:
            seen = bytearray()
            await _frames_until(ws, "Sonia Backès".encode(), seen)
            for text in MALFORMED:
                await ws.send_str(text)
            await ws.send_bytes(b"\x00\xff")
            await ws.send_str(json.dumps(["ping", "still-here"]))
            reply = await ws.receive(timeout=30)
            while reply.type == aiohttp.WSMsgType.BINARY:
                reply = await ws.receive(timeout=30)
            assert json.loads(reply.data) == ["pong", "still-here"]
            await ws.send_str(json.dumps(["stdin", "y"]))
            await _frames_until(ws, b"Filter years", seen)
    until(lambda: served.children() == [], "the app outlived its session", within=10)
    assert served.said().splitlines() == [
        "backes-tui serve: dropped a malformed message from a session (said once a session)"
    ]


async def _hostile_session(served: Served, size: dict[str, int]) -> None:
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(served.url + "/ws?width=9999&height=9999", origin=served.url)
        await _frames_until(ws, b"\x1b[", bytearray())
        await ws.send_str(json.dumps(["resize", size]))
        await ws.send_str(json.dumps(["resize", {"width": -3, "height": -3}]))
        await ws.send_str(json.dumps(["stdin", "jjjj/senate\r"]))
        await ws.send_str(json.dumps(["resize", size]))
        # Gone without a word, its frames unread.
        await ws.close()


async def test_sessions_with_huge_and_negative_sizes_at_the_cap_leave_no_process(served):
    """As many sessions at once as the cap allows (two), each with both sizes:
    every one gets a process (frames arrive). Once they are gone both slots
    are free: with a third session running, the page does not say the server
    is busy, as it would with one slot still held. Each session starts a whole
    app, so the cap is small; clamp_size's bounds are checked over any input below."""
    sizes = [{"width": 5000, "height": 5000}, {"width": -5, "height": 5000}]
    await asyncio.gather(*(_hostile_session(served, sizes[n % 2]) for n in range(SHARED_CAP)))
    until(lambda: served.children() == [], "an app outlived its session", within=10)
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(served.url + "/ws", origin=served.url) as ws,
    ):
        await _frames_until(ws, "Sonia Backès".encode(), bytearray())
        async with session.get(served.url + "/") as page:
            assert page.status == 200, "a slot of the sessions before was not given back"
    until(lambda: served.children() == [], "the app outlived its session", within=10)
    assert "Traceback" not in served.said()


def test_a_port_in_use_or_a_bad_host_says_so(tmp_path):
    # Whatever listens there: a socket holds the port as another server would.
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        taken = subprocess.run(
            [sys.executable, "-m", "backes_tui", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert taken.returncode == 1
    assert taken.stderr == f"backes-tui: cannot serve on 127.0.0.1:{port}: address already in use\n"
    bad = subprocess.run(
        [sys.executable, "-m", "backes_tui", "serve", "--host", "no-such-host.invalid", "--public"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1
    last = bad.stderr.splitlines()[-1]
    assert last.startswith("backes-tui: cannot serve on no-such-host.invalid:8000: ")
    assert "cannot write the output" not in bad.stderr and "Traceback" not in bad.stderr


def test_served_names():
    assert served_names("127.0.0.1") == {"localhost", "127.0.0.1", "::1"}
    assert served_names("0.0.0.0") is None
    assert served_names("example.org") == {"example.org"}
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Evil.Example:80") == "evil.example"
    assert host_name("localhost") == "localhost"


@given(st.one_of(st.integers(), st.booleans(), st.text(), st.none(), st.floats()), st.integers())
def test_sizes_are_whole_numbers_within_bounds(width, height):
    size = clamp_size(width, height)
    whole = isinstance(width, int) and not isinstance(width, bool)
    if whole and width >= 1 and height >= 1:
        assert size == (min(width, MAX_COLUMNS), min(height, MAX_ROWS))
    else:
        assert size is None


def test_what_textual_js_sends_is_read():
    assert read_message('["stdin", "q"]') == ("stdin", "q")
    assert read_message('["resize", {"width": 120, "height": 40}]') == ("resize", (120, 40))
    assert read_message('["resize", {"width": 9000, "height": 9000}]') == (
        "resize",
        (MAX_COLUMNS, MAX_ROWS),
    )
    assert read_message('["ping", "1"]') == ("ping", "1")
    assert read_message('["focus"]') == ("focus", None)
    for text in MALFORMED:
        assert read_message(text) is None, text


async def test_the_page_links_the_timeline_a_screen_reader_can_read_with_the_same_years(served):
    """The app's page is a canvas; its first link is the HTML timeline, served
    by the same server, filtered to the same years (2019-2022, as the shared
    server is started), loading and running nothing."""
    async with aiohttp.ClientSession() as session:
        async with session.get(served.url + "/") as page:
            index = await page.text()
        async with session.get(served.url + "/timeline") as page:
            assert page.status == 200
            assert page.headers["Content-Type"] == "text/html; charset=utf-8"
            policy = page.headers["Content-Security-Policy"]
            timeline = await page.text()
    assert "Traceback" not in served.said()
    body = index[index.index("<body") :]
    first_link = body[body.index("<a ") : body.index("</a>")]
    assert 'href="timeline"' in first_link and "screen reader" in first_link
    assert policy.startswith("default-src 'none'") and "script" not in policy
    assert "<script" not in timeline and timeline.startswith("<!DOCTYPE html>")
    # The same years as the app: the State Secretary term is in, the 2024 speech out.
    assert "State Secretary for Citizenship" in timeline
    assert "Bastille Day" not in timeline
    assert "2019" in timeline and "2022" in timeline
