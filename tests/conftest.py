from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from backes_tui.loader import load_timeline
from backes_tui.model import Timeline

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "seeds" / "000_0c05cdf1fef42e46.txt"
DATA = ROOT / "data" / "timeline.json"

MINIMAL: dict[str, Any] = {
    "format": "backes-tui/timeline@1",
    "subject": {
        "name": "Test Person",
        "birth_name": "Test Birth",
        "born": "1970-01-15",
        "birth_place": "Nowhere",
        "nationality": "None",
    },
    "as_of": "2020-06-01",
    "sources": [{"id": "src", "title": "A source"}],
    "eras": [{"id": "era1", "title": "Era", "start": "1970", "end": None, "summary": "S"}],
    "offices": [
        {
            "id": "off1",
            "title": "Office",
            "start": "2000-01-01",
            "end": "2004",
            "predecessor": None,
            "successor": None,
            "summary": "S",
            "cites": [{"source": "src", "quote": "q"}],
        }
    ],
    "parties": [
        {
            "id": "par1",
            "name": "Party",
            "short": "P",
            "start": "1990",
            "end": None,
            "summary": "S",
            "cites": [{"source": "src", "quote": "q"}],
        }
    ],
    "events": [
        {
            "id": "ev1",
            "date": "1995-03",
            "kind": "career",
            "title": "Event",
            "summary": "S",
            "offices": ["off1"],
            "parties": ["par1"],
            "cites": [{"source": "src", "quote": "q"}],
        }
    ],
}


def minimal() -> dict[str, Any]:
    """A fresh copy of a small valid timeline, for tests to break."""
    return copy.deepcopy(MINIMAL)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def timeline() -> Timeline:
    return load_timeline(DATA)
