"""Local repairs after a heuristic placement.

* ``place_urgent``: an urgent person (urgency ≥ 4) still unplaced takes a place at the centre where
  it is cheapest, making room by unplacing non-urgent people (cheapest to unplace first), whenever
  that lowers the objective. With the default weights it always does (see ``model``), so afterwards
  no urgent person is unplaced while a centre could take them by moving only non-urgent people.
* ``gather_families``: a family split over several centres keeps the centre of its most urgent
  placed members; the others move there when it has room, or wait (the fill then tries again).
"""

from __future__ import annotations

import numpy as np

from sentra.placement.rules.compiled import Compiled, IntArray
from sentra.placement.rules.geo import haversine_array, haversine_km
from sentra.placement.rules.model import URGENT_FROM


def place_urgent(compiled: Compiled, site_of: IntArray, remaining: IntArray) -> IntArray:
    """Place unplaced urgent people by unplacing non-urgent ones; returns who was unplaced."""
    waiting = np.flatnonzero((site_of < 0) & (compiled.urgency >= URGENT_FROM))
    if len(waiting) == 0:
        return np.zeros(0, dtype=np.int64)
    waiting = waiting[compiled.eligible[compiled.person_class[waiting]].any(axis=1)]
    if len(waiting) == 0:
        return np.zeros(0, dtype=np.int64)
    waiting = waiting[np.lexsort((waiting, -compiled.urgency[waiting]))]
    placed = site_of >= 0
    urgent_use = np.zeros_like(compiled.cap)
    urgent_placed = placed & (compiled.urgency >= URGENT_FROM)
    np.add.at(urgent_use, site_of[urgent_placed], compiled.usage[compiled.person_class[urgent_placed]])
    order = np.argsort(site_of, kind="stable")
    bounds = np.searchsorted(site_of[order], np.arange(compiled.m + 1))
    at_site: dict[int, set[int]] = {}
    family_site: dict[int, int] = {}
    if compiled.family_count:
        for person in np.flatnonzero(placed & (compiled.family >= 0)).tolist():
            family_site[int(compiled.family[person])] = int(site_of[person])
    evicted: list[int] = []
    penalty = compiled.penalty

    def people_at(site: int) -> set[int]:
        if site not in at_site:
            at_site[site] = set(order[bounds[site] : bounds[site + 1]].tolist())
        return at_site[site]

    for person in waiting.tolist():
        klass = int(compiled.person_class[person])
        need = compiled.usage[klass]
        allowed = compiled.eligible[klass] & np.all(compiled.cap - urgent_use >= need, axis=1)
        family = int(compiled.family[person])
        if family >= 0 and family in family_site:
            only = family_site[family]
            allowed = allowed & (np.arange(compiled.m) == only)
        sites = np.flatnonzero(allowed)
        if len(sites) == 0:
            continue
        km = haversine_array(
            compiled.lat[person], compiled.lon[person], compiled.site_lat[sites], compiled.site_lon[sites]
        )
        best: tuple[float, int, list[int]] | None = None
        for site, distance in zip(sites.tolist(), km.tolist(), strict=True):
            cost = compiled.per_km * distance
            if best is not None and cost >= best[0]:
                continue
            deficit = np.maximum(0, need - remaining[site])
            if not deficit.any():
                best = (cost, site, [])
                continue
            movable = [other for other in people_at(site) if compiled.urgency[other] < URGENT_FROM]
            saving = {
                other: penalty[compiled.urgency[other]]
                - compiled.per_km
                * haversine_km(
                    compiled.lat[other], compiled.lon[other], compiled.site_lat[site], compiled.site_lon[site]
                )
                for other in movable
            }
            chosen: list[int] = []
            for other in sorted(movable, key=lambda item: (saving[item], item)):
                use = compiled.usage[compiled.person_class[other]]
                if not np.any((deficit > 0) & (use > 0)):
                    continue
                chosen.append(other)
                cost += saving[other]
                deficit = np.maximum(0, deficit - use)
                if not deficit.any():
                    break
            if not deficit.any() and (best is None or cost < best[0]):
                best = (cost, site, chosen)
        if best is None or best[0] >= penalty[compiled.urgency[person]]:
            continue
        _, site, chosen = best
        for other in chosen:
            remaining[site] += compiled.usage[compiled.person_class[other]]
            site_of[other] = -1
            people_at(site).discard(other)
            evicted.append(other)
        remaining[site] -= need
        site_of[person] = site
        people_at(site).add(person)
        urgent_use[site] += need
        if family >= 0:
            family_site[family] = site
    return np.array(evicted, dtype=np.int64)


def gather_families(compiled: Compiled, site_of: IntArray, remaining: IntArray) -> int:
    """Bring each family's placed members to one centre; returns how many people were unplaced."""
    members = np.flatnonzero((compiled.family >= 0) & (site_of >= 0))
    if len(members) == 0:
        return 0
    unplaced = 0
    order = members[np.argsort(compiled.family[members], kind="stable")]
    families = compiled.family[order]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(families)) + 1, [len(order)]])
    for begin, end in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        block = order[begin:end]
        sites = site_of[block]
        if len(set(sites.tolist())) < 2:
            continue
        weight: dict[int, float] = {}
        for person, site in zip(block.tolist(), sites.tolist(), strict=True):
            weight[site] = weight.get(site, 0.0) + float(compiled.penalty[compiled.urgency[person]])
        target = max(weight, key=lambda site: (weight[site], -site))
        for person in block.tolist():
            current = int(site_of[person])
            if current == target:
                continue
            use = compiled.usage[compiled.person_class[person]]
            remaining[current] += use
            if compiled.eligible[compiled.person_class[person], target] and np.all(remaining[target] >= use):
                remaining[target] -= use
                site_of[person] = target
            else:
                site_of[person] = -1
                unplaced += 1
    return unplaced
