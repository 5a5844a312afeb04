"""Make text from a data file safe to put on a terminal.

Data can come from anyone through ``--data``. Control characters (ESC, BEL,
backspace, CR, C1 codes such as CSI) could move the cursor, retitle the window
or hide text, and bidirectional overrides can reorder what a reader sees. They
are shown as visible escapes instead, so nothing is silently dropped.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\t]+")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control and bidi-override characters made visible."""
    # Almost every text has none of them, and isprintable (which is false for
    # every one of them) says so in C.
    return text if text.isprintable() else _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """Like `printable`, but line breaks and tabs in the text become spaces."""
    return text if text.isprintable() else printable(_LINE_BREAKS.sub(" ", text))
