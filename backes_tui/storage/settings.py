"""Settings that last between sessions: the theme and key overrides, in a
small TOML file in the user's config directory.

```toml
theme = "textual-light"

[keys]
search = "s"          # a binding's id = the key(s) to use instead
filter-years = "Y,y"
```

Reading never fails: a missing file means the defaults, and a corrupt,
unreadable or half-written one is ignored with one warning line naming the
file and the place. Writing is atomic (a temporary file, then a rename), so
another instance reading at the same moment sees one whole version.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import msgspec
import platformdirs

from backes_tui.storage.atomic import OutputError, write_atomically
from backes_tui.storage.reading import FileMissing, ReadRefused, read_bounded

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["OutputError", "Settings", "read_settings", "settings_path", "write_settings"]

# A settings file is a few lines; this is room for thousands of key overrides.
SETTINGS_BYTES = 1 << 20


class Settings(msgspec.Struct, frozen=True):
    theme: str | None = None
    # Binding id -> the key or keys (comma-separated) to use instead.
    keys: dict[str, str] = msgspec.field(default_factory=dict)


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("backes-tui")) / "settings.toml"


def read_settings(path: Path) -> tuple[Settings, list[str]]:
    """The settings in ``path`` and what was wrong with it, one line each."""
    try:
        # Within bounds: a device, a pipe or a huge file is not read at all.
        raw = read_bounded(path, pipes=False, limit=SETTINGS_BYTES)
    except FileMissing:
        return Settings(), []
    except ReadRefused as error:
        return Settings(), [f"{path}: {error}; ignored"]
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return Settings(), [f"{path}: byte {error.start}: not UTF-8 text; ignored"]
    except tomllib.TOMLDecodeError as error:
        return Settings(), [f"{path}: {_one_line(str(error))}; ignored"]
    problems: list[str] = []
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{path}: theme: expected a string, found {type(theme).__name__}")
        theme = None
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
    for name in sorted(set(data) - {"theme", "keys"}):
        problems.append(f"{path}: {name}: not a setting; ignored")
    return Settings(theme, keys), problems


def to_toml(settings: Settings) -> str:
    """The file's text. JSON's string escapes are TOML's basic strings'."""
    lines = ["# backes-tui settings: written by the app when you change one."]
    if settings.theme is not None:
        lines.append(f"theme = {json.dumps(settings.theme)}")
    if settings.keys:
        lines += ["", "[keys]"]
        lines += [
            f"{json.dumps(action)} = {json.dumps(key)}" for action, key in settings.keys.items()
        ]
    return "\n".join(lines) + "\n"


def write_settings(path: Path, settings: Settings) -> None:
    """Replace the file atomically, making its folder if need be; `OutputError` says why not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot make {path.parent}: {error.strerror or error}") from None
    write_atomically(path, to_toml(settings).encode("utf-8"), replace=True)


def _one_line(text: str) -> str:
    return " ".join(text.split())
