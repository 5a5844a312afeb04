"""backes-tui: a keyboard-first, sourced timeline of Sonia Backès's career."""

__version__ = "0.1.0"
