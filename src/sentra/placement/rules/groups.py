"""Aggregation of interchangeable people and nearest-centre candidate lists.

People at the same home point with the same class are interchangeable: any assignment of the group's
members to centres costs the same whoever goes where, so counting per (home point, class) loses
nothing. Urgency stays a separate count inside the group (it only changes the unplaced penalty).

Nearest centres are found on unit vectors: the great-circle distance grows monotonically with the
chord, so the largest dot products are the nearest centres, found with one matrix product per block.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sentra.placement.rules.compiled import Compiled, FloatArray, IntArray
from sentra.placement.rules.geo import EARTH_RADIUS_KM

#: Largest distance block computed at once (entries), to keep memory flat.
_BLOCK = 4_000_000


@dataclass
class Groups:
    loc_of_person: IntArray
    loc_lat: FloatArray
    loc_lon: FloatArray
    group_of_person: IntArray
    group_loc: IntArray
    group_class: IntArray
    counts: IntArray  # (groups, 6): people per urgency 1..5 (column 0 unused)

    @property
    def size(self) -> int:
        return len(self.group_loc)

    @property
    def total(self) -> IntArray:
        result: IntArray = self.counts.sum(axis=1)
        return result


def group_people(compiled: Compiled, people: IntArray | None = None) -> Groups:
    """Groups of people by (home point, class); ``people`` (indices) restricts to some of them."""
    chosen = np.arange(compiled.n) if people is None else people
    points = compiled.lat[chosen] + 1j * compiled.lon[chosen]
    unique_points, loc_of = np.unique(points, return_inverse=True)
    n_classes = max(1, len(compiled.classes))
    keys = loc_of.astype(np.int64) * n_classes + compiled.person_class[chosen]
    unique_keys, group_of = np.unique(keys, return_inverse=True)
    counts = np.bincount(group_of * 6 + compiled.urgency[chosen], minlength=len(unique_keys) * 6).reshape(
        -1, 6
    )
    loc_of_person = np.full(compiled.n, -1, dtype=np.int64)
    loc_of_person[chosen] = loc_of
    group_of_person = np.full(compiled.n, -1, dtype=np.int64)
    group_of_person[chosen] = group_of
    return Groups(
        loc_of_person=loc_of_person,
        loc_lat=np.ascontiguousarray(unique_points.real),
        loc_lon=np.ascontiguousarray(unique_points.imag),
        group_of_person=group_of_person,
        group_loc=unique_keys // n_classes,
        group_class=unique_keys % n_classes,
        counts=counts,
    )


def unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    phi, lam = np.radians(lat), np.radians(lon)
    cos_phi = np.cos(phi)
    result: FloatArray = np.stack([cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)], axis=1)
    return result


def km_from_dot(dot: npt.NDArray[np.float64]) -> FloatArray:
    """Great-circle km from the dot product of two unit vectors (same as haversine)."""
    half_chord = np.sqrt(np.clip((1.0 - dot) * 0.5, 0.0, 1.0))
    result: FloatArray = 2.0 * EARTH_RADIUS_KM * np.arcsin(half_chord)
    return result


def nearest_eligible(
    compiled: Compiled,
    point_lat: FloatArray,
    point_lon: FloatArray,
    point_class: IntArray,
    k: int,
    site_mask: npt.NDArray[np.bool_] | None = None,
) -> tuple[IntArray, FloatArray]:
    """For each point, its ``k`` nearest eligible centres for its class, nearest first.

    Returns ``(sites, km)`` of shape ``(points, k)``; missing entries are ``-1`` / ``inf``.
    ``site_mask`` (classes x centres, bool) narrows eligibility further.
    """
    count = len(point_lat)
    sites = np.full((count, k), -1, dtype=np.int64)
    km = np.full((count, k), np.inf, dtype=np.float64)
    if count == 0 or k == 0 or compiled.m == 0:
        return sites, km
    points = unit_vectors(point_lat, point_lon)
    centres = unit_vectors(compiled.site_lat, compiled.site_lon)
    order = np.argsort(point_class, kind="stable")
    bounds = np.searchsorted(point_class[order], np.arange(len(compiled.classes) + 1))
    for c in range(len(compiled.classes)):
        members = order[bounds[c] : bounds[c + 1]]
        if len(members) == 0:
            continue
        mask = compiled.eligible[c] if site_mask is None else compiled.eligible[c] & site_mask[c]
        candidates = np.flatnonzero(mask)
        if len(candidates) == 0:
            continue
        width = min(k, len(candidates))
        step = max(1, _BLOCK // len(candidates))
        candidate_vectors = centres[candidates].T.copy()
        for start in range(0, len(members), step):
            chunk = members[start : start + step]
            dot = points[chunk] @ candidate_vectors
            if width < len(candidates):
                part = np.argpartition(-dot, width - 1, axis=1)[:, :width]
                part_dot = np.take_along_axis(dot, part, axis=1)
            else:
                part = np.broadcast_to(np.arange(len(candidates)), dot.shape)
                part_dot = dot
            within = np.argsort(-part_dot, axis=1, kind="stable")
            sites[chunk, :width] = candidates[np.take_along_axis(part, within, axis=1)]
            km[chunk, :width] = km_from_dot(np.take_along_axis(part_dot, within, axis=1))
    return sites, km
