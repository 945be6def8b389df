"""The vendored province map (static/vendor/indonesia-provinces), projected once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sentra.insights.rules.regions import Box, map_shape, svg_path

MAP_FILE = (
    Path(__file__).resolve().parents[2] / "static" / "vendor" / "indonesia-provinces" / "provinces.geojson"
)
BOX = Box()


@dataclass(frozen=True)
class Shape:
    code: str
    name_en: str
    path: str


@lru_cache(maxsize=1)
def province_shapes() -> tuple[Shape, ...]:
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    return tuple(
        Shape(
            code=feature["properties"]["code"],
            name_en=feature["properties"]["name_en"],
            path=svg_path(feature["geometry"]["coordinates"], BOX),
        )
        for feature in data["features"]
    )


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str
    url: str
    value: str = ""


def marker(latitude: float, longitude: float, label: str, url: str, value: str = "") -> Marker:
    x, y = BOX.project(longitude, latitude)
    return Marker(x, y, label, url, value)


@dataclass(frozen=True)
class ShadedShape:
    code: str
    name: str
    path: str
    step: int  # 0 (no figure) to 4 (highest)
    value: str = ""


def shaded(values: dict[str, int | None] | None = None) -> list[ShadedShape]:
    """Province shapes with a shade step by value; provinces split since 2022 add into their old shape."""
    per_shape: dict[str, int] = {}
    hidden: set[str] = set()
    for code, value in (values or {}).items():
        shape_code = map_shape(code)
        if value is None:
            hidden.add(shape_code)
        else:
            per_shape[shape_code] = per_shape.get(shape_code, 0) + value
    top = max(per_shape.values(), default=0) or 1
    result = []
    for shape in province_shapes():
        value = per_shape.get(shape.code)
        step = 0 if not value else min(4, 1 + 4 * value // (top + 1))
        text = "<5" if shape.code in hidden and value is None else ("" if value is None else str(value))
        result.append(ShadedShape(shape.code, shape.name_en, shape.path, step, text))
    return result
