"""The notice line: a notification in the footer's place, for its timeout.

A toast would sit over the panes, on the very row the cursor may have landed
on; this line takes the footer's row instead and gives it back when its time
is up.
"""

from __future__ import annotations

from textual.content import Content
from textual.notifications import Notification
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from backes_tui.tui.reader_words import is_on


class NoticeLine(Static):
    """Shows a notice in place of ``covers`` (the footer) and owns the timer
    that hides it again."""

    def __init__(self, covers: Widget, *, id: str) -> None:
        super().__init__(id=id)
        self._covers = covers
        self._timer: Timer | None = None

    def show_notification(self, notification: Notification) -> None:
        text = notification.message
        if notification.title:
            text = f"{notification.title}: {text}"
        content = Content.from_markup(text) if notification.markup else Content(text)
        self.show(content, notification.severity, notification.timeout)

    def show_progress(self, what: str, done: int, total: int) -> None:
        """Long work (an export of many items) as a bar, until a notice says
        it is done."""
        percent = min(100, done * 100 // max(total, 1))
        bar = "" if is_on(self) else "━" * (percent // 5) + "╌" * (20 - percent // 5) + " "
        self.show(Content(f"{what} {bar}{percent}% ({done:,} of {total:,})"), "information")

    def show(self, content: Content, severity: str, timeout: float | None = None) -> None:
        """Show ``content`` for ``timeout`` seconds, or until the next notice."""
        self.update(content)
        self.set_classes(f"-{severity}")
        self.display = True
        self._covers.display = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if timeout is not None:
            self._timer = self.set_timer(max(timeout, 0.1), self.hide)

    def hide(self) -> None:
        self._timer = None
        self.display = False
        self._covers.display = True
