"""A one-line input dialog, used for the year filter and the text search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import msgspec
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from backes_tui.tui.keys_in_order import AnswerSettled, AnswersOnKeys

T = TypeVar("T")


class Entered(msgspec.Struct, Generic[T], frozen=True):
    """What the user submitted, already parsed. The dialog dismisses with
    None when cancelled, so a parsed value of None (e.g. "all years") is
    still an answer."""

    value: T


class PromptScreen(AnswersOnKeys, ModalScreen["Entered[T] | None"], Generic[T]):
    """Ask for one line and read it with ``parse``.

    ``parse`` raises `ValueError` with a message to show under the input; on
    enter with readable text the dialog dismisses with its parsed value, so
    nothing is parsed twice. Escape dismisses with None. ``on_change`` sees
    every edit, for live previews.
    """

    DEFAULT_CSS = """
    PromptScreen {
        align: center middle;
    }
    #prompt-box {
        width: 64;
        max-width: 95%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    #prompt-hint {
        color: $text-muted;
        width: 100%;
        height: auto;
    }
    #prompt-note {
        color: $text-muted;
        width: 100%;
        height: auto;
    }
    #prompt-error {
        color: $error;
        width: 100%;
        height: auto;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Close", show=True, id="close-dialog")]
    # The keys that answer: what is typed behind one is for what comes next.
    ANSWER_KEYS = frozenset({"enter", "escape"})

    def __init__(
        self,
        title: str,
        hint: str,
        parse: Callable[[str], T],
        value: str = "",
        on_change: Callable[[str], None] | None = None,
        note: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.hint = hint
        self.parse = parse
        self.value = value
        self.on_change = on_change
        # How the text typed so far will be read, when not as typed.
        self.note = note
        # Keys typed in one tick (enter, enter; enter, escape) all reach this
        # screen before it is gone; only the first may answer.
        self._answered = False

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box") as box:
            box.border_title = self.prompt_title
            # The hint is the label under it, whole: as a placeholder it was cut
            # to the input's one line ("…until 2001 or" at 80 columns).
            yield Input(value=self.value, id="prompt-input")
            yield Label(self.hint, id="prompt-hint", markup=False)
            yield Label("", id="prompt-note", markup=False)
            yield Label("", id="prompt-error", markup=False)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#prompt-error", Label).update("")
        if self.note is not None:
            self.query_one("#prompt-note", Label).update(self.note(event.value) or "")
        if self.on_change is not None:
            self.on_change(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if not self._answered:
            self._read(event.value)
        self.app.post_message(AnswerSettled())

    def _read(self, text: str) -> None:
        try:
            value = self.parse(text)
        except ValueError as error:
            self.query_one("#prompt-error", Label).update(str(error))
            return
        self._answer(Entered(value))

    def action_cancel(self) -> None:
        if not self._answered:
            self._answer(None)
        self.app.post_message(AnswerSettled())

    def _answer(self, answer: Entered[T] | None) -> None:
        self._answered = True
        self.dismiss(answer)
