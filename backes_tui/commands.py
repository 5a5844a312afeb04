"""Command palette provider: jump to any era, office, party or event by name."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from backes_tui.model import Item, Party, item_kind, item_title
from backes_tui.printable import one_line

if TYPE_CHECKING:
    from backes_tui.app import BackesApp


KIND_LABELS = {"era": "Era", "office": "Office", "party": "Party", "event": "Event"}
# Items matched between yields to the event loop: a large timeline has 100,000s,
# and a search that never yields would freeze the screen until it is done.
BATCH = 250


class JumpProvider(Provider):
    """Every item in the timeline, by title; choosing one selects it."""

    @property
    def _app(self) -> BackesApp:
        from backes_tui.app import BackesApp

        assert isinstance(self.app, BackesApp)
        return self.app

    def _entries(self) -> Iterator[tuple[str, Item]]:
        t = self._app.timeline
        for items in (t.eras, t.offices, t.parties, t.events):
            for item in items:
                title = item_title(item)
                if isinstance(item, Party) and item.short != item.name:
                    title = f"{item.short} · {title}"
                yield f"{KIND_LABELS[item_kind(item)]}: {one_line(title)}", item

    async def discover(self) -> Hits:
        for text, item in islice(self._entries(), 40):
            yield DiscoveryHit(Text(text), partial(self._app.jump_to, item), text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for count, (text, item) in enumerate(self._entries()):
            if count % BATCH == 0:
                # Lets keys and frames through; a new query cancels this search here.
                await asyncio.sleep(0)
            score, offsets = matcher.fuzzy_search.match(query, text)
            if score > 0:
                # Matcher.highlight would parse the title as markup; data is never markup.
                display = Content(text)
                for offset in offsets:
                    display = display.stylize("bold underline", offset, offset + 1)
                yield Hit(score, display, partial(self._app.jump_to, item), text=text)
