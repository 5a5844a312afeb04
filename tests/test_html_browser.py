"""The HTML export in Debian's Chromium: axe-core finds no WCAG 2.0, 2.1 or
2.2 A/AA violation in light or dark, and the keyboard reaches every link and
disclosure with its focus always visible. One browser for the module."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from backes_tui.cli import main
from tests.conftest import HOSTILE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = [
    # Drives Chromium: left out of the README's `pytest` for speed, run by CI.
    pytest.mark.external,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium on this machine (apt-get install chromium); CI installs it",
    ),
]

PAGES = {
    "shipped": [],
    "filtered": ["--year", "2019-2023", "--kind", "office", "--kind", "election"],
    "hostile": ["--data", str(HOSTILE)],
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """Each export written as a file, as a reader would open it."""
    folder = tmp_path_factory.mktemp("html")
    made = {}
    for name, argv in PAGES.items():
        path = folder / f"{name}.html"
        assert main(["export", "--to", "html", *argv, "-o", str(path)]) == 0
        made[name] = path.as_uri()
    return made


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            # Root (as in CI) cannot use Chromium's sandbox.
            args=["--no-sandbox"] if os.geteuid() == 0 else [],
        )
        yield launched
        launched.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag_violation(browser, pages, name, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(color_scheme=scheme)
    try:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(pages[name])
        # Nothing but the file itself is loaded.
        assert requests == [pages[name]]
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        results = Axe().run(page, options=options)
        assert results.response["testEngine"]["name"] == "axe-core"
        checked = {rule["id"] for rule in results.response["passes"]}
        # The run really looked: contrast, names, landmarks, headings were checked.
        assert {"color-contrast", "svg-img-alt", "html-has-lang", "list"} <= checked
        assert results.violations_count == 0, results.generate_report()
    finally:
        page.close()


def test_the_keyboard_reaches_every_link_and_details_with_focus_visible(browser, pages):
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    try:
        page.goto(pages["shipped"])
        wanted = page.eval_on_selector_all("a[href], summary", "els => els.map(e => e.outerHTML)")
        assert len(wanted) > 20
        reached: list[str] = []
        for _ in range(len(wanted) + 2):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused is None:  # past the last one, the focus leaves the page
                break
            reached.append(focused["html"])
            assert focused["outline"] != "none" and focused["width"] >= 2, focused
            # Not hidden: on screen, and the top element at its centre.
            assert focused["visible"], focused
        assert reached == wanted
        # Enter on a summary opens its quotes.
        page.focus("summary")
        page.keyboard.press("Enter")
        assert page.eval_on_selector("details", "d => d.open")
        # The skip link takes the focus to the timeline itself.
        page.keyboard.press("Shift+Tab")
        page.goto(pages["shipped"])
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    finally:
        page.close()


FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const top = document.elementFromPoint(x, y);
    return {
        html: el.outerHTML,
        outline: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        visible: box.width > 0 && box.height > 0 && y >= 0 && y <= innerHeight
            && x >= 0 && x <= innerWidth && (top === el || el.contains(top)),
    };
}"""


def test_print_drops_the_navigation_and_shows_every_quote(browser, pages):
    page = browser.new_page(color_scheme="dark")
    try:
        page.goto(pages["shipped"])
        quotes = "() => [...document.querySelectorAll('details blockquote')].map(q => q.checkVisibility())"
        shown = page.evaluate(quotes)
        assert shown and not any(shown)  # on screen, the quotes wait behind their summary
        page.emulate_media(media="print")
        assert all(page.evaluate(quotes))
        assert page.eval_on_selector("nav", "n => getComputedStyle(n).display") == "none"
        colours = page.evaluate(
            "() => [getComputedStyle(document.documentElement).backgroundColor,"
            " getComputedStyle(document.body).color]"
        )
        assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]  # ink on paper, even from dark
    finally:
        page.close()
