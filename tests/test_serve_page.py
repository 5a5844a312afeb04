"""The served page in Debian's Chromium: a title, nothing fetched from any
other host, and the key footer drawn before any key is pressed."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Iterator

import pytest

from tests.test_serve import CHROMIUM, Served, _start, _stop

# Drives Chromium: left out of the README's `pytest` for speed, run by CI.
pytestmark = pytest.mark.external


@pytest.fixture
def served() -> Iterator[Served]:
    server = _start()
    yield server
    _stop(server)


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine (apt-get install chromium); CI installs it",
)
@pytest.mark.parametrize("viewport", [(1400, 900), (800, 600)])
async def test_the_page_is_whole_from_its_first_frame(served: Served, viewport):
    from playwright.async_api import async_playwright

    frames: list[bytes] = []
    requested: list[str] = []
    sent: list[str] = []

    def watch(websocket) -> None:  # type: ignore[no-untyped-def]
        websocket.on(
            "framereceived",
            lambda payload: frames.append(payload if isinstance(payload, bytes) else b""),
        )
        websocket.on("framesent", lambda payload: sent.append(str(payload)))

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox"] if os.geteuid() == 0 else [],
        )
        try:
            width, height = viewport
            page = await browser.new_page(viewport={"width": width, "height": height})
            page.on("request", lambda request: requested.append(request.url))
            page.on("websocket", watch)
            await page.goto(served.url + "/", wait_until="domcontentloaded")
            # The footer's first key, with no key pressed.
            deadline = time.monotonic() + 30
            while b"Filter years" not in b"".join(frames):
                assert time.monotonic() < deadline, "the footer was not drawn"
                await asyncio.sleep(0.05)
            assert "Sonia Backès".encode() in b"".join(frames)
            # Only the terminal's own answers went to the app, no key.
            typed = [json.loads(m)[1] for m in sent if m.startswith('["stdin"')]
            assert all(text.startswith("\x1b") for text in typed), typed
            assert await page.title() == "Sonia Backès: a sourced timeline · backes-tui"
            fonts = await page.evaluate(
                "document.fonts.load('16px \"Roboto Mono\"').then(f => f.length)"
            )
            assert fonts >= 1, "Roboto Mono did not load from the server"
        finally:
            await browser.close()
    elsewhere = [url for url in requested if not url.startswith(served.url)]
    assert elsewhere == [], elsewhere
