"""A one-line input dialog, used for the year filter and the text search."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line; ``check`` returns an error message or None.

    Dismisses with the text on enter (if it checks out) and with None on
    escape. ``on_change`` sees every edit, for live previews.
    """

    BINDINGS = [Binding("escape", "cancel", "Close", show=True)]

    def __init__(
        self,
        title: str,
        hint: str,
        value: str = "",
        check: Callable[[str], str | None] | None = None,
        on_change: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.hint = hint
        self.value = value
        self.check = check
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box") as box:
            box.border_title = self.prompt_title
            yield Input(value=self.value, placeholder=self.hint, id="prompt-input")
            yield Label(self.hint, id="prompt-hint", markup=False)
            yield Label("", id="prompt-error", markup=False)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#prompt-error", Label).update("")
        if self.on_change is not None:
            self.on_change(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        error = self.check(event.value) if self.check else None
        if error is not None:
            self.query_one("#prompt-error", Label).update(error)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
