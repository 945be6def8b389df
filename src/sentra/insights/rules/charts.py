"""Geometry of the inline SVG charts: plain numbers in, coordinates out (the template draws them).

Hidden (suppressed) values are drawn as nothing and labelled "<5", never as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    x: float
    y: float
    width: float
    height: float
    text: str


def bars(
    items: Sequence[tuple[str, float | None]], *, width: float = 320, row: float = 22, hidden: str = "<5"
) -> tuple[list[Bar], float]:
    """Horizontal bars, one row each; returns the bars and the chart height."""
    top = max((value for _, value in items if value is not None), default=0) or 1
    result = []
    for index, (label, value) in enumerate(items):
        length = 0.0 if value is None else round(width * value / top, 1)
        text = hidden if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
        result.append(Bar(label, value, 0, index * row, length, row - 6, text))
    return result, len(items) * row


@dataclass(frozen=True)
class Line:
    points: str
    dots: list[tuple[float, float, str, str]]  # x, y, label, value text
    height: float
    width: float
    top: float


def line(
    items: Sequence[tuple[str, float | None]], *, width: float = 480, height: float = 140, hidden: str = "<5"
) -> Line:
    """A polyline over equally spaced points; a hidden value breaks nothing, it is just left out."""
    top = max((value for _, value in items if value is not None), default=0) or 1
    step = width / max(len(items) - 1, 1)
    dots: list[tuple[float, float, str, str]] = []
    coordinates: list[str] = []
    for index, (label, value) in enumerate(items):
        x = round(index * step, 1)
        if value is None:
            dots.append((x, height, label, hidden))
            continue
        y = round(height - height * value / top, 1)
        coordinates.append(f"{x},{y}")
        dots.append((x, y, label, f"{value:g}" if isinstance(value, float) else str(value)))
    return Line(" ".join(coordinates), dots, height, width, top)


@dataclass(frozen=True)
class HeatCell:
    value: int | None
    text: str
    shade: int  # 0..4, a CSS class step


def heat(table: Sequence[Sequence[int | None]], *, hidden: str = "<5") -> list[list[HeatCell]]:
    top = max((value for row in table for value in row if value is not None), default=0) or 1
    return [
        [
            HeatCell(
                value,
                hidden if value is None else str(value),
                0 if not value else min(4, 1 + 4 * value // (top + 1)),
            )
            for value in row
        ]
        for row in table
    ]
