"""The footer's keys, rebuilt only when they change.

Textual's `Footer` recomposes (unmounts and mounts a widget per key) whenever
the screen says its bindings may have changed, which it does on every focus
move and every `refresh_bindings`. On this app's year keys that was about
half of each key's time; most of those calls change nothing the footer shows.
And it is drawn whether or not the app has the focus.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, object, bool, str], ...]


class KeyFooter(Footer):
    """A `Footer` that skips rebuilding when the keys it would show are the same."""

    _shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        # What `Footer.compose` reads: the keys it shows, and the palette's.
        palette = screen.app.COMMAND_PALETTE_BINDING
        shown: Shown = tuple(
            (key, binding.action, binding.description, binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
        if self._bindings_ready and shown == self._shown:
            return
        # Textual's own waits for the app to have the focus, and Textual's
        # web driver starts every session unfocused: the browser's footer
        # stayed blank until the first key. The keys are shown either way.
        self._bindings_ready = True
        if self.is_attached and screen is self.screen:
            self._shown = shown  # what the rebuild that follows will show
            self.call_after_refresh(self.recompose)
