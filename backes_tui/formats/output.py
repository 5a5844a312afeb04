"""Writing records as a Rich table, JSON, CSV or Markdown, safely for a terminal."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from backes_tui.formats.printable import one_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

# "plain" is the table's words without box drawing, one "Field: value" a line,
# for screen readers and braille displays (`--screen-reader` selects it).
FORMATS = ("table", "plain", "json", "csv", "markdown")
# Those written from records, not from rows.
RECORD_FORMATS = ("json", "csv")

# json.dumps escapes C0 controls itself; these would otherwise pass through raw.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def to_json(value: Any, encoding: str = "utf-8") -> str:
    """JSON text; characters ``encoding`` cannot carry are written as ``\\u``
    escapes, so it parses back to the same data on any stream."""
    # Laid out by msgspec's formatter from the stdlib's compact (C) encoding:
    # the same text as json.dumps(indent=2), whose pure-Python encoder took
    # ten times as long on a large timeline. (Imported here: the app's
    # start-up has no JSON to write.)
    import msgspec

    text = msgspec.json.format(json.dumps(value, ensure_ascii=False), indent=2)
    text = _JSON_UNSAFE.sub(lambda m: _json_escape(m.group()), text)
    if is_utf8(encoding):
        return text
    # Outside strings JSON is ASCII, so every such character is inside one.
    return "".join(ch if _encodes(ch, encoding) else _json_escape(ch) for ch in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a surrogate pair, as JSON spells characters past the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def stream_encoding(out: TextIO) -> str:
    """The encoding a text stream writes in (UTF-8 when it does not say)."""
    return getattr(out, "encoding", None) or "utf-8"


def is_utf8(encoding: str | None) -> bool:
    return (encoding or "utf-8").lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


class Replacing:
    """A text stream that writes what its target's encoding can carry and
    replaces the rest with "?", counting them, instead of raising.

    It passes on what Rich asks of a stream (encoding, isatty, fileno), so a
    table on an ASCII terminal also draws with ASCII lines.
    """

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.encoding: str = getattr(target, "encoding", None) or "utf-8"
        self.replaced = 0

    def write(self, text: str) -> int:
        if not is_utf8(self.encoding):
            raw = text.encode(self.encoding, "replace")
            kept = raw.decode(self.encoding)
            # "replace" gives one "?" per character it cannot encode.
            self.replaced += sum(1 for a, b in zip(text, kept, strict=False) if a != b)
            text = kept
        return self.target.write(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"):
# such a cell gets a leading single quote, which spreadsheets read as "text".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    text = _csv_text(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_csv_text(_csv_entry(v)) for v in value)
    return one_line(str(value))


def _csv_entry(value: Any) -> Any:
    """A citation as its quote, a disputed reading as "label: certainty"."""
    if not isinstance(value, dict):
        return value
    if "date" in value:  # a reading of a disputed date
        return f"{value['label']}: {value['date']}"
    if "quote" in value:
        return value["quote"]
    return f"{value['label']}: {value['certainty']}"


def write_csv(fields: Sequence[str], records: Sequence[dict[str, Any]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow(_csv_cell(record[field]) for field in fields)


# Every character Markdown could read as syntax: emphasis, links, HTML,
# headings, tables, code, entities. A backslash makes each one literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")


def markdown_text(text: str) -> str:
    """Data as Markdown that shows exactly the text: "<b>" and "[RPCR]" stay as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def write_markdown(
    headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO, caption: str = ""
) -> None:
    out.write("| " + " | ".join(headers) + " |\n")
    out.write("|" + "|".join("---" for _ in headers) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(markdown_text(cell) for cell in row) + " |\n")
    if caption:
        out.write(f"\n{markdown_text(caption)}\n")


# A column narrower than its longest word (up to this) would split words.
LONGEST_WORD = 24


def _column_floor(header: str, cells: Sequence[str]) -> int:
    words = [len(word) for text in (header, *cells) for word in one_line(text).split()]
    return min(max(words, default=1), LONGEST_WORD)


def _natural(header: str, cells: Sequence[str]) -> int:
    return max(len(one_line(text)) for text in (header, *cells))


def fits_as_table(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> bool:
    """Whether every column can be as wide as its longest word (the borders and
    padding take three cells a column, and one more)."""
    floors = [_column_floor(h, [row[i] for row in rows]) for i, h in enumerate(headers)]
    return sum(floors) + 3 * len(headers) + 1 <= width


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """Each column's width: its longest word at least, and what is left shared
    in proportion to how much more each column's longest cell needs."""
    columns = [[row[i] for row in rows] for i in range(len(headers))]
    floors = [_column_floor(h, cells) for h, cells in zip(headers, columns, strict=True)]
    wants = [
        max(_natural(h, cells), f) for h, cells, f in zip(headers, columns, floors, strict=True)
    ]
    spare = width - (3 * len(headers) + 1) - sum(floors)
    extra = [want - floor for want, floor in zip(wants, floors, strict=True)]
    if sum(extra) <= spare:
        return wants
    return [floor + more * spare // sum(extra) for floor, more in zip(floors, extra, strict=True)]


def make_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    title: str = "",
    caption: str = "",
    width: int | None = None,
) -> Table:
    # Rich is imported here, not at the top: JSON, CSV and Markdown never need it.
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(one_line(title)) if title else None,
        caption=Text(one_line(caption)) if caption else None,
        header_style="bold cyan",
    )
    # Set here rather than left to Rich, which may give a column less than its
    # longest word and split it.
    widths = column_widths(headers, rows, width) if width else [None] * len(headers)
    for index, (header, column_width) in enumerate(zip(headers, widths, strict=True)):
        style = "cyan" if index == 0 else None
        table.add_column(header, overflow="fold", style=style, width=column_width)
    for row in rows:
        table.add_row(*(Text(one_line(cell)) for cell in row))
    return table


# Items whose lines go to the console in one print (see `print_rows`).
ITEMS_A_PRINT = 256


def print_rows(
    out: Console,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    title: str = "",
    caption: str = "",
    *,
    plain: bool = False,
) -> None:
    """A table where every column gets its longest word; on a narrower
    terminal, or ``plain``, one "Field: value" line per field and a blank line
    between items. Plain lines are left for the terminal to wrap, so that a
    braille display gets whole sentences."""
    if not plain and fits_as_table(headers, rows, out.width):
        out.print(make_table(headers, rows, title, caption, out.width))
        return
    from rich.text import Text

    if title:
        if plain:
            out.print()  # a blank line before each part, so that each is found
        out.print(Text(one_line(title), style="bold"), soft_wrap=plain)
    if plain and not rows:
        out.print("None.")
    # Printed ITEMS_A_PRINT items at a time: each print asks the terminal's
    # kind and size again (30,000 events took 13 s printed a line at a time).
    lines: list[Text] = []
    for number, row in enumerate(rows):
        if number:
            lines.append(Text())
        for header, cell in zip(headers, row, strict=True):
            if cell:
                lines.append(Text.assemble((f"{header}: ", "bold cyan"), one_line(cell)))
        if number % ITEMS_A_PRINT == ITEMS_A_PRINT - 1 or number == len(rows) - 1:
            out.print(*lines, sep="\n", soft_wrap=plain)
            lines = []
    if caption:
        out.print()
        out.print(Text(one_line(caption)), soft_wrap=plain)


def console(out: TextIO) -> Console:
    from rich.console import Console

    # No markup or highlighting: every string printed comes from data.
    return Console(file=out, markup=False, highlight=False, emoji=False)


def write(
    fmt: str,
    fields: Sequence[str],
    records: Sequence[dict[str, Any]],
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    out: TextIO,
    caption: str = "",
) -> None:
    """Records as JSON or CSV, or rows as Markdown or a table; ``caption`` is
    a note for human readers (the machine formats carry it in their fields)."""
    if fmt == "json":
        out.write(to_json(list(records), stream_encoding(out)) + "\n")
    elif fmt == "csv":
        write_csv(fields, records, out)
    elif fmt == "markdown":
        write_markdown(headers, rows, out, caption)
    else:
        print_rows(console(out), headers, rows, caption=caption, plain=fmt == "plain")
