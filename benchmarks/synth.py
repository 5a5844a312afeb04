"""Write a valid synthetic timeline: N events, N/50 offices, N/200 parties, N/500 eras.

usage: python benchmarks/synth.py N OUT.json [--seed S] [--relations R]

Dates spread over 1900-2025 with mixed precision (year, month, day), some
approximate (~), some spans, some open-ended periods, and a few undated
events. With --relations, R relations (before, after, during) between
stored events are added. The same N, seed and R always give the same file.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import json
import random
from pathlib import Path
from typing import Any

from backes_tui.timeline.dates import PartialDate
from backes_tui.timeline.model import EVENT_KINDS as KINDS

WORDS = [
    "assembly",
    "council",
    "vote",
    "reform",
    "budget",
    "speech",
    "treaty",
    "province",
    "congress",
    "campaign",
    "mandate",
    "accord",
    "referendum",
    "committee",
    "minister",
    "mayor",
    "senate",
    "delegation",
    "party",
]


def _date(
    rng: random.Random, low: int = 1900, high: int = 2025
) -> tuple[str, tuple[int, int, int]]:
    year = rng.randint(low, high)
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    precision = rng.random()
    if precision < 0.3:
        text = f"{year:04d}"
    elif precision < 0.6:
        text = f"{year:04d}-{month:02d}"
    else:
        text = f"{year:04d}-{month:02d}-{day:02d}"
    if rng.random() < 0.05:
        text += "~"
    return text, (year, month if precision >= 0.3 else 12, day if precision >= 0.6 else 28)


def _later(rng: random.Random, start: tuple[int, int, int], max_years: int) -> str:
    year = min(start[0] + rng.randint(1, max_years), 2025)
    return f"{year:04d}"


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def _cites(rng: random.Random) -> list[dict[str, str]]:
    return [{"source": "synthetic", "quote": _words(rng, 6)}]


def _periods(rng: random.Random, count: int, prefix: str, max_years: int) -> list[dict[str, Any]]:
    items = []
    for index in range(count):
        start, parts = _date(rng, 1900, 2020)
        end = None if rng.random() < 0.1 else _later(rng, parts, max_years)
        items.append(
            {"id": f"{prefix}{index}", "start": start, "end": end, "summary": _words(rng, 12)}
        )
    return items


def _middle(text: str) -> int:
    """The middle day (an ordinal) of the days a date allows."""
    first, last, _ = PartialDate.parse(text).sort_key
    return (first + last) // 2


def _relations(
    rng: random.Random, events: list[dict[str, Any]], count: int
) -> list[dict[str, Any]]:
    """``count`` relations between dated events, each true of one choice of
    days (every event's middle day), so that none leaves an event without a
    possible date; each goes from an event to one later in the list, so that
    none closes a cycle."""
    days = []  # (start, end, index) of each dated event
    for index, event in enumerate(events):
        if event["date"] is not None:
            start = _middle(event["date"])
            end = _middle(event["end"]) if "end" in event else start
            if start <= end:
                days.append((start, end, index))
    spans = [day for day in days if day[0] < day[1]]
    by_start = sorted(days)
    found: list[dict[str, Any]] = []
    while len(found) < count:
        if spans and rng.random() < 0.3:
            # A during B: an event whose days lie within a span listed after it.
            start, end, of = rng.choice(spans)
            low = bisect.bisect_left(by_start, (start, 0, 0))
            high = bisect.bisect_right(by_start, (end, end, len(events)))
            inside = [d[2] for d in by_start[low:high] if d[1] <= end and d[2] < of]
            if not inside:
                continue
            item, kind = rng.choice(inside), "during"
        else:
            first, second = sorted(rng.sample(days, 2), key=lambda day: day[2])
            if first[1] <= second[0]:
                kind = "before"
            elif second[1] <= first[0]:
                kind = "after"
            else:
                continue
            item, of = first[2], second[2]
        found.append(
            {
                "item": events[item]["id"],
                "relation": kind,
                "of": events[of]["id"],
                "cites": _cites(rng),
            }
        )
    return found


def synthesize(n: int, seed: int = 1976, relations: int = 0) -> dict[str, Any]:
    rng = random.Random(seed)
    offices = _periods(rng, max(n // 50, 1), "office-", 8)
    for office in offices:
        office.update(
            title=f"{_words(rng, 2).title()} office",
            predecessor=f"Person {rng.randint(1, 9999)}",
            successor=None if office["end"] is None else f"Person {rng.randint(1, 9999)}",
            cites=_cites(rng),
        )
    parties = _periods(rng, max(n // 200, 1), "party-", 20)
    for party in parties:
        party.update(
            name=f"{_words(rng, 2).title()} Party", short=party["id"].upper(), cites=_cites(rng)
        )
    eras = _periods(rng, max(n // 500, 1), "era-", 30)
    for era in eras:
        era["title"] = f"Era of {_words(rng, 2)}"
    # Places, and which events name one, from a second generator, so the
    # rest stays as it was for a given seed.
    placing = random.Random(seed + 1)
    places = [
        {"name": f"Place {index}", "aliases": [f"{_words(placing, 1).title()}ville {index}"]}
        for index in range(40)
    ]
    events = []
    for index in range(n):
        event: dict[str, Any] = {
            "id": f"event-{index}",
            "kind": rng.choice(KINDS),
            "title": f"{_words(rng, 4).capitalize()} {index}",
            "summary": _words(rng, 16),
            "cites": _cites(rng),
        }
        if rng.random() < 0.01:
            event["date"] = None
        else:
            event["date"], parts = _date(rng)
            if rng.random() < 0.05:
                event["end"] = _later(rng, parts, 3)
        if rng.random() < 0.2:
            event["offices"] = [rng.choice(offices)["id"]]
        if rng.random() < 0.2:
            event["parties"] = [rng.choice(parties)["id"]]
        if rng.random() < 0.3:
            event["people"] = [f"Person {rng.randint(1, 9999)}"]
        if placing.random() < 0.1:
            event["places"] = [placing.choice(places)["name"]]
        events.append(event)
    extra: dict[str, Any] = {}
    if relations:
        # From a generator of their own: the rest stays as it was for a seed.
        extra["relations"] = _relations(random.Random(seed + 2), events, relations)
    return {
        "format": "backes-tui/timeline@1",
        "subject": {
            "name": "Synthetic Assembly",
            "birth_name": "Synthetic Assembly",
            "born": "1900-01-01",
            "birth_place": "Nowhere",
            "nationality": "None",
        },
        "as_of": "2025-06-30",
        "sources": [{"id": "synthetic", "title": "Generated by benchmarks/synth.py"}],
        # Before the events, as a large file streams best: their search text
        # takes in the places' other names.
        "places": places,
        "eras": eras,
        "offices": offices,
        "parties": parties,
        "events": events,
        **extra,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1976)
    parser.add_argument("--relations", type=int, default=0, help="relations between events")
    args = parser.parse_args()
    data = synthesize(args.n, args.seed, args.relations)
    args.out.write_text(json.dumps(data), encoding="utf-8")


if __name__ == "__main__":
    main()
