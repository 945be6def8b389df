"""Pre/post comparison and trend geometry of a person's scores on one instrument. Pure.

The outcome measure: the first scored result against the latest, the change in the headline total,
whether that is an improvement (each definition says whether ``lower`` or ``higher`` is better) and
whether the headline band changed. The trend chart is drawn from plain numbers here, so the page
only writes SVG elements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

IMPROVED, UNCHANGED, WORSE = "improved", "unchanged", "worse"


@dataclass(frozen=True)
class Comparison:
    first_total: int
    latest_total: int
    change: int  # latest - first
    outcome: str | None  # improved | unchanged | worse; None when the instrument has no direction
    first_band: str
    latest_band: str

    @property
    def crossed_band(self) -> bool:
        return self.first_band != self.latest_band


def compare(
    first_total: int, latest_total: int, *, better: str | None, first_band: str = "", latest_band: str = ""
) -> Comparison:
    change = latest_total - first_total
    outcome: str | None
    if better is None:
        outcome = None
    elif change == 0:
        outcome = UNCHANGED
    else:
        outcome = IMPROVED if (change < 0) == (better == "lower") else WORSE
    return Comparison(first_total, latest_total, change, outcome, first_band, latest_band)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int


@dataclass(frozen=True)
class Trend:
    width: int
    height: int
    points: tuple[Point, ...]
    y_ticks: tuple[tuple[float, int], ...]  # (y, value)
    bands: tuple[tuple[float, float, str], ...]  # (y_top, y_bottom, band code), drawn behind the line

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def trend(
    totals: Sequence[int],
    *,
    low: int,
    high: int,
    bands: Sequence[tuple[int, int, str]] = (),
    width: int = 320,
    height: int = 160,
    margin: int = 28,
) -> Trend:
    """Chart geometry: evenly spaced points over the instrument's whole range (not the data's), so a
    change of a few points looks as large as it is on the scale; y grows downwards in SVG."""
    span = max(high - low, 1)
    inner_w, inner_h = width - 2 * margin, height - 2 * margin

    def y_of(value: float) -> float:
        return margin + inner_h * (1 - (value - low) / span)

    count = len(totals)
    step = inner_w / (count - 1) if count > 1 else 0.0
    points = tuple(
        Point(margin + (index * step if count > 1 else inner_w / 2), y_of(value), value)
        for index, value in enumerate(totals)
    )
    ticks = tuple((y_of(value), value) for value in sorted({low, (low + high) // 2, high}))
    # Each band covers its whole values: half a point either side, clipped to the range.
    band_rects = tuple(
        (y_of(min(band_high + 0.5, high)), y_of(max(band_low - 0.5, low)), code)
        for band_low, band_high, code in bands
    )
    return Trend(width, height, points, ticks, band_rects)
