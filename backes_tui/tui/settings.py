"""Settings that last between sessions: the theme and key overrides, in a
small TOML file in the user's config directory.

```toml
theme = "textual-light"
screen_reader = true  # the app's screen-reader mode (see README "Accessibility")

[keys]
search = "s"          # a binding's id = the key(s) to use instead
filter-years = "Y,y"
```

Reading never fails: a missing file means the defaults, and a corrupt,
unreadable, half-written, nested-too-deep or oversized one, or one that is no
regular file (a pipe, a device), is ignored with one warning line naming the
file and the place.

Saving changes only what changed, in the file as it is at that moment: it is
read again just before writing and edited with tomlkit, which keeps comments,
layout, keys this version does not know and edits made meanwhile by hand or
by another instance. A file that cannot be read back is left alone. Writing
is atomic (a temporary file, then a rename) and goes through a symlink to its
target, so another instance reading at the same moment sees one whole version.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
import platformdirs

from backes_tui.formats.atomic import OutputError, write_atomically
from backes_tui.storage.reading import FileMissing, ReadRefused, read_bounded

if TYPE_CHECKING:
    import tomlkit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "OutputError",
    "Settings",
    "read_settings",
    "settings_path",
    "shown",
    "write_settings",
]


class Settings(msgspec.Struct, frozen=True):
    theme: str | None = None
    # Binding id -> the key or keys (comma-separated) to use instead.
    keys: dict[str, str] = msgspec.field(default_factory=dict)
    # None: not set in the file (off, and nothing to write back).
    screen_reader: bool | None = None


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("backes-tui")) / "settings.toml"


# A settings file is a few lines; past this it is a mistake, not settings.
MAX_BYTES = 256 * 1024
# Warnings shown one by one; past this, one line says how many more there are.
SHOWN_PROBLEMS = 3


def read_settings(path: Path) -> tuple[Settings, list[str]]:
    """The settings in ``path`` and what was wrong with it, one line each."""
    text, problem = _read_text(path)
    if text is None:
        return Settings(), [] if problem is None else [problem]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(), [f"{path}: {_one_line(str(error))}; ignored"]
    except RecursionError:
        return Settings(), [f"{path}: nested too deeply to be settings; ignored"]
    problems: list[str] = []
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{path}: theme: expected a string, found {type(theme).__name__}")
        theme = None
    screen_reader = data.get("screen_reader")
    if screen_reader is not None and not isinstance(screen_reader, bool):
        problems.append(
            f"{path}: screen_reader: expected true or false, found {type(screen_reader).__name__}"
        )
        screen_reader = None
    keys: dict[str, str] = {}
    table = data.get("keys", {})
    if not isinstance(table, dict):
        problems.append(f"{path}: keys: expected a table, found {type(table).__name__}")
        table = {}
    for action, key in table.items():
        if isinstance(key, str) and key.strip():
            keys[action] = key.strip()
        else:
            problems.append(f'{path}: keys.{action}: expected a key such as "s"')
    for name in sorted(set(data) - {"theme", "screen_reader", "keys"}):
        problems.append(f"{path}: {name}: not a setting; ignored")
    return Settings(theme, keys, screen_reader), problems


def shown(path: Path, problems: list[str]) -> list[str]:
    """The first few problems, and one line for the rest: 10,000 warnings
    would bury the screen (and once stopped the app)."""
    if len(problems) <= SHOWN_PROBLEMS:
        return problems
    rest = len(problems) - SHOWN_PROBLEMS + 1
    return [*problems[: SHOWN_PROBLEMS - 1], f"{path}: {rest} more problems; ignored"]


def _read_text(path: Path) -> tuple[str | None, str | None]:
    """The file's text, or None and why not (None too: no file at all). A
    device, a pipe or a huge file is not read at all."""
    try:
        raw = read_bounded(path, pipes=False, limit=MAX_BYTES)
    except FileMissing:
        return None, None
    except ReadRefused as error:
        return None, f"{path}: {error}; ignored"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return None, f"{path}: byte {error.start}: not UTF-8 text; ignored"


def write_settings(path: Path, changes: Settings) -> None:
    """Set ``changes`` (its theme and screen_reader, if any, and its keys) in the file as it is
    now, keeping every other line; `OutputError` says why not."""
    # Here, not at the top: only a change of theme needs it, never start-up.
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    text, problem = _read_text(path)
    if problem is not None:
        raise OutputError(problem.removesuffix("; ignored") + "; left as it is")
    try:
        document = tomlkit.parse(text) if text is not None else _new_document()
        if changes.theme is not None:
            document["theme"] = changes.theme
        if changes.screen_reader is not None:
            document["screen_reader"] = changes.screen_reader
        if changes.keys:
            table = document.setdefault("keys", tomlkit.table())
            if not isinstance(table, dict):
                raise OutputError(f"{path}: keys: not a table; left as it is")
            table.update(changes.keys)
        data = tomlkit.dumps(document).encode("utf-8")
    except TOMLKitError as error:
        raise OutputError(f"{path}: {_one_line(str(error))}; left as it is") from None
    except RecursionError:
        raise OutputError(f"{path}: nested too deeply to be settings; left as it is") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot make {path.parent}: {error.strerror or error}") from None
    write_atomically(path, data, replace=True)


def _new_document() -> tomlkit.TOMLDocument:
    import tomlkit

    document = tomlkit.document()
    document.add(tomlkit.comment("backes-tui settings: written by the app when you change one."))
    return document


def _one_line(text: str) -> str:
    return " ".join(text.split())
