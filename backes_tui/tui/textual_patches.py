"""Every use of Textual's private API, in one place.

Each is pinned to the Textual versions in pyproject.toml, and each has a test
in tests/test_textual_patches.py that fails when Textual changes under it:
should one fail after an upgrade, the change is made here alone.

- `check_bindings`: `App._check_bindings`, which runs a key's binding.
- `KeyFooter`: `Footer._bindings_ready`, and what `Footer.bindings_changed` does
  (drawn whether or not the app has the focus); `FooterKey.compact`, set before
  each key is mounted.
- `Palette`: `OptionList._move_page`'s KeyError before the list has a size.
- `FooterKey`: the footer's key widget, from `textual.widgets._footer`.
- `FrameHook`: `App._display`, which writes each frame and then moves the
  terminal's cursor to `App.cursor_position`.
- `show_terminal_cursor`: `App._driver`, to undo the driver's "hide cursor".
- `keep_escape_apart`: `XTermParser._sequence_to_key_events`, which reads
  Escape and the key typed right behind it as one alt+key.
- `ParsedOnce`: `Stylesheet._parse_rules` and `Stylesheet._variables`, to
  keep parsed CSS for the whole process rather than for one app.
- `lay_out_once_a_size`: `Screen._screen_resized`, which lays a screen out
  again on each Resize, even one to the size it was just laid out at.
- `suspend_between_messages`: `App._driver`, and `LinuxDriver`'s handlers of
  ctrl+z and `fg` (`_sigtstp_application`, `_sigcont_application`).
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterable
from typing import ClassVar

from rich.console import RenderableType
from textual import events
from textual._xterm_parser import XTermParser
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.command import CommandList, CommandPalette
from textual.compose import compose
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

__all__ = [
    "FooterKey",
    "FrameHook",
    "KeyFooter",
    "Palette",
    "ParsedOnce",
    "check_bindings",
    "keep_escape_apart",
    "lay_out_once_a_size",
    "show_terminal_cursor",
    "suspend_between_messages",
]

ESCAPE = "\x1b"
# After Escape, these begin a control sequence or a terminal's report (CSI,
# SS3, OSC, DCS, APC, ST, PM, SOS), never a key typed behind it.
SEQUENCE_STARTS = frozenset("[O]P_\\^X")


def keep_escape_apart() -> None:
    """Escape and a printable key (or enter) arriving in one read ("?" then "Escape t"
    typed at once, in a terminal or through a browser) are two keys, not
    alt+t: Textual 8 made them alt+t, or for "?" and "/" dropped the Escape
    outright. A terminal sends Alt+t as the same bytes, so Alt with a
    printable key now acts as Escape and that key; the app binds no such
    Alt key. Under the kitty keyboard protocol Alt+t has a code of its own
    and is read as before. Installed once, for every parser made after."""
    original = XTermParser._sequence_to_key_events
    if getattr(original, "keeps_escape_apart", False):
        return

    def escape_apart(self: XTermParser, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if (
            len(sequence) == 2
            and sequence[0] == ESCAPE
            and (sequence[1].isprintable() or sequence[1] == "\r")
            and sequence[1] not in SEQUENCE_STARTS
        ):
            yield events.Key("escape", ESCAPE)
            yield from original(self, sequence[1])
            return
        yield from original(self, sequence, alt)

    escape_apart.keeps_escape_apart = True  # type: ignore[attr-defined]
    XTermParser._sequence_to_key_events = escape_apart  # type: ignore[method-assign]


def lay_out_once_a_size() -> None:
    """A screen told of a Resize to the size it already has is not laid out
    again. Its first layout gives the screen its size, and so sends it a
    Resize, which Textual answered with a second full layout of every widget
    (at each start, and at each dialog opened: a third of a prompt's
    opening, two thirds of the help's drawing of its tables). What changes
    within a screen asks for its own layout; a Resize to another size is laid
    out as before, as is a screen brought back (`Screen._on_screen_resume`
    makes the same check). Installed once, for every screen."""
    original = Screen._screen_resized
    if getattr(original, "lays_out_once_a_size", False):
        return

    def screen_resized(self: Screen[object], size: Size) -> None:
        if size != self.outer_size:
            original(self, size)

    screen_resized.lays_out_once_a_size = True  # type: ignore[attr-defined]
    Screen._screen_resized = screen_resized  # type: ignore[method-assign,assignment]


async def check_bindings(app: App[None], key: str) -> bool:
    """Run ``key``'s binding as Textual would when the key comes back up to
    the app: priority bindings first, then the focused widget's and its
    ancestors'. Whether one ran."""
    return await app._check_bindings(key, priority=True) or await app._check_bindings(key)


Shown = tuple[tuple[str, str, str, object, bool, str], ...]


def _alike(shown: Widget, made: Widget) -> bool:
    """Whether two footer keys show and do the same."""
    assert isinstance(shown, FooterKey) and isinstance(made, FooterKey)
    return _looks(shown) == _looks(made)


def _looks(key: FooterKey) -> tuple[object, ...]:
    """What a footer key shows and does."""
    return (
        key.key,
        key.key_display,
        key.description,
        key.action,
        key._disabled,
        key.tooltip,
        key.classes,
    )


class KeyFooter(Footer):
    """A `Footer` that skips rebuilding when the keys it would show are the same.

    Textual's `Footer` recomposes (unmounts and mounts a widget per key)
    whenever the screen says its bindings may have changed, which it does on
    every focus move and every `refresh_bindings`. On this app's year keys
    that was about half of each key's time; most of those calls change
    nothing the footer shows.
    """

    _shown: Shown | None = None

    def compose(self) -> ComposeResult:
        # With the screen's keys from the first frame: Textual's composes an
        # empty footer, then again once the screen says its keys are ready,
        # which laid the screen out and drew it twice more at each start.
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._keys_shown(self.screen)
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Its class set before it is mounted: a `FooterKey` is born
                # compact, its class set once mounted, then taken off as the
                # footer's value reaches it, restyling each key twice at each
                # rebuild. The palette's key is not bound to the footer's value.
                # (Born compact: Textual's default, which a test checks.)
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        """Mount the keys that are new and remove those that went, keeping
        the rest: a filter or the date cursor adds, takes off or renames
        escape's key alone, and rebuilding every key (each restyled as it
        is mounted) was half of what that key cost. The footer is the one a
        rebuild makes; anything but plain keys (a group) is rebuilt whole."""
        if not self.is_attached or self._pruning:
            return
        old = list(self.query_children("*").exclude(".-textual-system"))
        new = compose(self)
        if not all(isinstance(key, FooterKey) for key in (*old, *new)):
            await super().recompose()
            return
        kept = 0  # alike at the start, then at the end
        while kept < min(len(old), len(new)) and _alike(old[kept], new[kept]):
            kept += 1
        ends = 0
        while ends < min(len(old), len(new)) - kept and _alike(old[-1 - ends], new[-1 - ends]):
            ends += 1
        gone, fresh = old[kept : len(old) - ends], new[kept : len(new) - ends]
        async with self.batch():
            if gone:
                await self.remove_children(gone)
            if fresh:
                await self.mount_all(fresh, before=old[len(old) - ends] if ends else None)

    @staticmethod
    def _keys_shown(screen: Screen[object]) -> Shown:
        # What `Footer.compose` reads: the keys it shows, and the palette's.
        palette = screen.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.action, binding.description, binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = self._keys_shown(screen)
        if self._bindings_ready and shown == self._shown:
            return
        # Textual's own waits for the app to have the focus, and Textual's
        # web driver starts every session unfocused: the browser's footer
        # stayed blank until the first key. The keys are shown either way.
        self._bindings_ready = True
        if self.is_attached and screen is self.screen:
            self._shown = shown  # what the rebuild that follows will show
            self.call_after_refresh(self.recompose)


class Palette(CommandPalette):
    """The command palette, with page keys that wait for the list's layout.

    Textual 8.2.8's `OptionList._move_page` looks up where the highlighted
    option's line is, and that table is filled only once the list has a size.
    A page key pressed in the same moment as ctrl+p (a fast typist, or a
    browser session with latency) got there first and ended the app with a
    KeyError. Before layout nothing is on screen to page through, so the key
    does nothing; after it, Textual's own page actions run as before.
    """

    BINDINGS = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def action_page(self, direction: int) -> None:
        commands = self.query_one(CommandList)
        if not commands.scrollable_content_region:
            return
        # (Textual leaves these two unannotated.)
        if direction > 0:
            commands.action_page_down()  # type: ignore[no-untyped-call]
        else:
            commands.action_page_up()  # type: ignore[no-untyped-call]


class FrameHook(App[None]):
    """An app told just before each frame is written (`before_frame`), so
    that it can set `cursor_position` from what the frame shows: Textual moves
    the terminal's cursor there once the frame is out."""

    def before_frame(self) -> None:
        """Nothing by default."""

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        if renderable is not None:
            self.before_frame()
        super()._display(screen, renderable)


# DECTCEM shows or hides the cursor; DECSCUSR 2 asks for a steady (unblinking)
# block, 0 for the terminal's own default again.
SHOW_CURSOR = "\x1b[?25h\x1b[2 q"
HIDE_CURSOR = "\x1b[0 q\x1b[?25l"


def show_terminal_cursor(app: App[None], shown: bool) -> None:
    """Show the terminal's own cursor, steady, or hide it again as Textual's
    driver does when it starts. Textual shows it again when it stops."""
    driver = app._driver
    if driver is not None and not app.is_headless:
        driver.write(SHOW_CURSOR if shown else HIDE_CURSOR)
        driver.flush()


class OnceParsedStylesheet(Stylesheet):
    """A stylesheet that takes CSS parsed by any other in the process.

    Textual keeps parsed CSS per stylesheet, and each App makes its own, so
    every app (hundreds in the test suite, one per browser session under
    `serve`) parsed the same files and every widget's DEFAULT_CSS again. Parsed
    rules depend on the text, where it came from and the theme's variables,
    which are all in the key; Textual never changes a rule set once parsed
    (it already shares them between the parses of one stylesheet).
    """

    _kept: ClassVar[LRUCache[tuple[object, ...], list[RuleSet]]] = LRUCache(1024)
    # The variables as a key, with the dict they were made from.
    _variables_key: tuple[dict[str, str], tuple[tuple[str, str], ...]] | None = None

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        variables = self._variables
        if self._variables_key is None or self._variables_key[0] is not variables:
            self._variables_key = (variables, tuple(sorted(variables.items())))
        key = (self._variables_key[1], css, read_from, is_default_rules, tie_breaker, scope)
        rules = self._kept.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            self._kept[key] = rules
        return rules


class ParsedOnce(App[None]):
    """An app whose stylesheet reuses CSS any app of the process has parsed."""

    def __init__(self) -> None:
        super().__init__()
        # Before anything is read into it: Textual adds its sources at start-up.
        self.stylesheet = OnceParsedStylesheet(variables=self.stylesheet._variables)


def suspend_between_messages(app: App[None]) -> None:
    """Ctrl+Z (SIGTSTP) and `fg` (SIGCONT) handled by the event loop, between
    two callbacks, rather than by `signal.signal` between any two steps of the
    main thread. Textual's handlers write to the terminal through the output
    thread's queue: a SIGTSTP caught while the main thread was inside that
    queue's `put` (a frame going out) waited for good on the lock the `put`
    held. The app never stopped, and once its terminal closed its input thread
    spun on a core, for hours (seen in test_closed_terminal's ctrl+z test)."""
    from textual.drivers.linux_driver import LinuxDriver

    driver = app._driver
    if not isinstance(driver, LinuxDriver):
        return  # a test's headless driver, a browser session's: no ctrl+z there
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTSTP, driver._sigtstp_application)
    loop.add_signal_handler(signal.SIGCONT, driver._sigcont_application)
