"""A small harness: time a candidate and its baseline in the same process and report both."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    figure: str
    ratio: float
    baseline: str

    def line(self) -> str:
        return f"{self.name}: {self.figure} | baseline {self.baseline} | ratio {self.ratio:.2f}"


def per_call_seconds(function: Callable[[], object], *, repeat: int, rounds: int = 5) -> float:
    """Median over rounds of the mean time per call."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            function()
        samples.append((time.perf_counter() - start) / repeat)
    return statistics.median(samples)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
