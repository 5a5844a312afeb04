"""Command palette provider: jump to any era, office, party or event by name."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from functools import partial
from itertools import islice
from typing import Protocol, runtime_checkable

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from backes_tui.formats.kinds import KINDS
from backes_tui.formats.printable import one_line
from backes_tui.timeline.model import Item, Party, Timeline, item_kind, item_title

# Items matched between yields to the event loop: a large timeline has 100,000s,
# and a search that never yields would freeze the screen until it is done.
BATCH = 250


@runtime_checkable
class JumpTarget(Protocol):
    """A screen that shows a timeline and can select any of its items."""

    timeline: Timeline

    def jump_to(self, item: Item) -> None: ...


class JumpProvider(Provider):
    """Every item in the timeline, by title; choosing one selects it."""

    @property
    def _target(self) -> JumpTarget | None:
        screen = self.screen
        return screen if isinstance(screen, JumpTarget) else None

    def _entries(self, target: JumpTarget) -> Iterator[tuple[str, Item]]:
        t = target.timeline
        for kind in KINDS.values():
            for item in kind.items(t):
                title = item_title(item)
                if isinstance(item, Party) and item.short != item.name:
                    title = f"{item.short} · {title}"
                yield f"{KINDS[item_kind(item)].label}: {one_line(title)}", item

    async def discover(self) -> Hits:
        target = self._target
        if target is None:
            return
        for text, item in islice(self._entries(target), 40):
            yield DiscoveryHit(Text(text), partial(target.jump_to, item), text=text)

    async def search(self, query: str) -> Hits:
        target = self._target
        if target is None:
            return
        matcher = self.matcher(query)
        for count, (text, item) in enumerate(self._entries(target)):
            if count % BATCH == 0:
                # Lets keys and frames through; a new query cancels this search here.
                await asyncio.sleep(0)
            score, offsets = matcher.fuzzy_search.match(query, text)
            if score > 0:
                # Matcher.highlight would parse the title as markup; data is never markup.
                display = Content(text)
                for offset in offsets:
                    display = display.stylize("bold underline", offset, offset + 1)
                yield Hit(score, display, partial(target.jump_to, item), text=text)
