"""Rules across fields that `check` applies: what a file may not say of one
item in two places (a reading of its end before its start, a bound on its
date past its end)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from backes_tui.timeline.dates import PartialDate, Span
from backes_tui.timeline.model import Conflict, Era, Office, Party


def period_spans(
    eras: Iterable[tuple[str, Era]],
    offices: Iterable[tuple[str, Office]],
    parties: Iterable[tuple[str, Party]],
) -> dict[str, tuple[str, Span]]:
    """Each period's id, with its kind and span, from the checker's (path, item) pairs."""
    found: dict[str, tuple[str, Span]] = {}
    for kind, items in (("era", eras), ("office", offices), ("party", parties)):
        for _, item in items:
            found[item.id] = (kind, item.span)
    return found


def readings_before_start(
    path: str, conflict: Conflict, spans: Mapping[str, tuple[str, Span]]
) -> Iterator[tuple[str, str]]:
    """(path, problem) for each reading of ``conflict`` that ends a period it
    names before that period may have begun: such a reading would make the
    period over before it started. ``spans`` maps a period id to its kind and span."""
    named = (*conflict.eras, *conflict.offices, *conflict.parties)
    for index, reading in enumerate(conflict.readings):
        for period_id in named:
            kind, span = spans.get(period_id, ("", None))
            if span is not None and reading.date.latest < span.earliest:
                yield (
                    f"{path}.readings[{index}].date",
                    f"{str(reading.date)!r} is before the start {str(span.start)!r} "
                    f"of {kind} {period_id!r}",
                )


def bound_after_end(by: PartialDate, end: PartialDate) -> str | None:
    """The problem with a `date_by` bound later than the event's own end, if
    there is one: the end is then the closer bound, and the file says two
    different things."""
    if by.earliest > end.latest:
        return f"{str(by)!r} is after the end {str(end)!r}"
    return None
