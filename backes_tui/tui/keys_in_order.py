"""Keys typed in one burst act in the order typed.

Textual sends a key to the focused widget and runs its binding when the key
comes back up to the app, after the keys typed behind it have gone to the
same widget; and a dialog takes keys only once it has its widgets and focus.
So "/senate⏎" typed at once (a paste, a quick typist, a browser's batch of
keys) lost its letters before the search opened, and letters typed behind a
backspace landed before it deleted. The app here runs a binding the moment
its key arrives where nothing else could take the key, and otherwise keeps
the keys that come next until what they wait for has happened.

The app knows the screens and widgets only by what they say of themselves
(`KeysAreBindings`, `AnswersOnKeys`), so it imports none of them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events, on
from textual.app import App
from textual.message import Message
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import Input

from backes_tui.tui.textual_patches import check_bindings, keep_escape_apart

# Seconds: far longer than a dialog takes to open or answer.
HOLD_KEYS_AT_MOST = 1.0


class KeysAreBindings:
    """Mixed into a widget or screen whose keys are all bindings, with no key
    handlers of its own: where a key goes there (the focused widget, or with
    none the screen), its binding runs the moment it arrives."""


class AnswerSettled(Message):
    """Told the app by an `AnswersOnKeys` dialog: an answer key has been dealt
    with (the dialog answered, or said why it cannot)."""


class BindingRan(Message):
    """Posted to the widget whose key ran a binding, behind the messages the
    binding posted there (a pane's "this item was chosen"). It bubbles up to
    the app after them, each ancestor on the way having handled them; then
    the keys typed behind may act, on the state those messages made."""


class AnswersOnKeys:
    """Mixed into a dialog that answers on some keys: what is typed behind one
    of them is for what comes next, so it waits for the dialog's
    `AnswerSettled`."""

    ANSWER_KEYS: ClassVar[frozenset[str]] = frozenset()


class KeysInOrder(App[None]):
    """An app whose keys act in the order typed, however fast they come."""

    def __init__(self) -> None:
        super().__init__()
        # Escape typed right before another key stays a key of its own.
        keep_escape_apart()
        # Keys not yet acted on, oldest first; None when there are none.
        self._typed_ahead: list[events.Key] | None = None
        # What they wait for (None: nothing, they are being replayed).
        self._held_for: object = None
        # Lets them go should it never come.
        self._hold_limit: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._typed_ahead is not None:
                self._typed_ahead.append(event)
            else:
                await self._act_on(event)
            return
        await super().on_event(event)

    async def _act_on(self, key: events.Key) -> None:
        if not self.screen_stack:
            # The app is closing and its screens are gone: keys kept until a
            # dialog mounted, let go as it closed, have nothing left to act on.
            self._typed_ahead = None
            return
        screen = self.screen
        if not screen.is_mounted:
            # Typed at launch, before the first screen has its widgets (which
            # its bindings reach for): kept, first of the keys, until it has.
            mounting = AwaitMount(screen, [screen])
            self._hold_keys(mounting)
            assert self._typed_ahead is not None
            self._typed_ahead.insert(0, key)
            self.run_worker(self._release_when_mounted(mounting), group="typed-ahead")
            return
        # As Textual's own handler does: a key means the app has the focus
        # (in a browser, it may not have been told), so dialogs focus their input.
        self.app_focus = True
        target = self.focused or self.screen
        if isinstance(target, KeysAreBindings):
            ran = BindingRan()
            self._hold_keys(ran)
            if await check_bindings(self, key.key):
                # What the binding told the screen ("filter to this item")
                # goes up ahead of this marker; the keys behind wait for it.
                target.post_message(ran)
                return
            self._release_keys(ran)
        if isinstance(self.screen, AnswersOnKeys) and key.key in self.screen.ANSWER_KEYS:
            # The dialog answers after this key comes back up from its input.
            self._hold_keys(AnswerSettled)
        elif isinstance(self.focused, Input) and not key.is_printable:
            # An input types a letter itself, at once, but deletes or moves
            # with a binding, run when the key comes back up here.
            self._hold_keys(key)
        await super().on_event(key)

    def on_key(self, event: events.Key) -> None:
        # Back up, its binding (if any) run: the keys behind it may go.
        self._release_keys(event)

    @on(AnswerSettled)
    def _answered(self) -> None:
        self._release_keys(AnswerSettled)

    @on(BindingRan)
    def _binding_settled(self, event: BindingRan) -> None:
        self._release_keys(event)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        pushed = super().push_screen(*args, **kwargs)
        if isinstance(pushed, AwaitMount) and (
            self._held_for is None or isinstance(self._held_for, BindingRan)
        ):
            # Until the dialog has its widgets and focus, keys would reach
            # the screen itself and be lost.
            self._hold_keys(pushed)
            self.run_worker(self._release_when_mounted(pushed), group="typed-ahead")
        return pushed

    def _hold_keys(self, until: object) -> None:
        """Keep the keys that come next until ``until`` happens, and at most
        `HOLD_KEYS_AT_MOST`: should it never come, keys are not lost for good."""
        if self._typed_ahead is None:
            self._typed_ahead = []
        self._held_for = until
        self._hold_limit = self.set_timer(HOLD_KEYS_AT_MOST, lambda: self._release_keys(until))

    async def _release_when_mounted(self, mounted: AwaitMount) -> None:
        try:
            await mounted
        finally:
            self._release_keys(mounted)

    def _release_keys(self, until: object) -> None:
        if until is None or self._held_for is not until:
            return  # held for something else since, or not held
        self._held_for = None
        if self._hold_limit is not None:
            # Stopped, not left to run out: a later hold for the same thing
            # (the next answer of a dialog) must not be let go by this one's.
            self._hold_limit.stop()
            self._hold_limit = None
        self.call_next(self._replay)

    async def _replay(self) -> None:
        """The kept keys, oldest first, until one holds the rest again."""
        while self._held_for is None and self._typed_ahead:
            await self._act_on(self._typed_ahead.pop(0))
        if self._held_for is None:
            self._typed_ahead = None
