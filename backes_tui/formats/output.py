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

FORMATS = ("table", "json", "csv", "markdown")

# json.dumps escapes C0 controls itself; these would otherwise pass through raw.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def to_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_csv_cell(_csv_entry(v)) for v in value)
    return one_line(str(value))


def _csv_entry(value: Any) -> Any:
    """A citation as its quote, a disputed reading as "label: certainty"."""
    if not isinstance(value, dict):
        return value
    if "quote" in value:
        return value["quote"]
    return f"{value['label']}: {value['certainty']}"


def write_csv(fields: Sequence[str], records: Sequence[dict[str, Any]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow(_csv_cell(record[field]) for field in fields)


def _markdown_cell(text: str) -> str:
    return one_line(text).replace("\\", "\\\\").replace("|", "\\|")


def write_markdown(
    headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO, caption: str = ""
) -> None:
    out.write("| " + " | ".join(headers) + " |\n")
    out.write("|" + "|".join("---" for _ in headers) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(_markdown_cell(cell) for cell in row) + " |\n")
    if caption:
        out.write(f"\n{_markdown_cell(caption)}\n")


def make_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "", caption: str = ""
) -> Table:
    # Rich is imported here, not at the top: JSON, CSV and Markdown never need it.
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(one_line(title)) if title else None,
        caption=Text(one_line(caption)) if caption else None,
        header_style="bold cyan",
    )
    for index, header in enumerate(headers):
        table.add_column(header, overflow="fold", style="cyan" if index == 0 else None)
    for row in rows:
        table.add_row(*(Text(one_line(cell)) for cell in row))
    return table


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
        out.write(to_json(list(records)) + "\n")
    elif fmt == "csv":
        write_csv(fields, records, out)
    elif fmt == "markdown":
        write_markdown(headers, rows, out, caption)
    else:
        console(out).print(make_table(headers, rows, caption=caption))
