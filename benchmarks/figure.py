"""A benchmark figure: a value against a baseline measured in the same run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    samples: list[float]  # of the value, one per run
    base_samples: list[float]  # of the baseline, taken in the same runs
    unit: str
    target: float | None  # highest acceptable ratio
    note: str = ""
    limit: float | None = None  # highest acceptable value, where the target is absolute

    @property
    def value(self) -> float:
        return statistics.median(self.samples)

    @property
    def baseline(self) -> float:
        return statistics.median(self.base_samples)

    @property
    def ratio(self) -> float:
        return self.value / self.baseline

    @property
    def verdict(self) -> str:
        if self.limit is not None:
            measure, allowed = self.value, self.limit
        elif self.target is not None:
            measure, allowed = self.ratio, self.target
        else:
            return "(no target)"
        if measure <= allowed:
            return "meets"
        return "MISSES" if measure <= 2 * allowed else "MISSES by >2x"

    @property
    def target_text(self) -> str:
        if self.limit is not None:
            return f"≤ {self.limit * 1000:.0f} ms" if self.unit == "s" else f"≤ {self.limit}"
        return "—" if self.target is None else f"≤ {self.target}x"


def sample_times(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Seconds of each action in each run, the actions taking turns run after
    run so that a spell of load on a shared machine weighs on all of them alike."""
    times: dict[str, list[float]] = {label: [] for label in actions}
    for _ in range(runs):
        for label, action in actions.items():
            start = time.perf_counter()
            action()
            times[label].append(time.perf_counter() - start)
    return times


def spread(values: list[float], unit: str) -> str:
    scale, shown = (1000, "ms") if unit == "s" else (1, unit)
    median = statistics.median(values) * scale
    if len(values) == 1:
        return f"{median:.1f} {shown}"
    return f"{median:.1f} {shown} ({min(values) * scale:.1f}–{max(values) * scale:.1f})"


def table(figures: list[Figure]) -> str:
    lines = [
        "| Figure | Value (lowest–highest) | Baseline (lowest–highest) | Ratio | Target | Verdict "
        "| Baseline is |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f.name} | {spread(f.samples, f.unit)} | {spread(f.base_samples, f.unit)} "
            f"| {f.ratio:.2f}x | {f.target_text} | {f.verdict} | {f.note} |"
        )
    return "\n".join(lines)
