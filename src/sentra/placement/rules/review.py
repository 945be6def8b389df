"""What a coordinator needs around a solver run: pins, exclusions, what-if capacity, and reasons.

Pure (no Django). A *pin* places one person at one centre whatever the optimiser would say: the
person is taken out of the instance and their units are taken off the centre's free capacity (never
below zero: a pin over capacity is honoured and reported). An *exclusion* removes a centre. A
*capacity change* adds (or removes) free places of one service at one centre before solving.

``explain`` gives every person the reasons a coordinator reads: for a placement the distance, the
services matched and why each nearer centre was not chosen (it lacks a service, it is full for a
service, the policy or the coordinator excluded it); for a person left unplaced, whether any centre
offers the whole bundle, and which service is full at the nearest centres that do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from sentra.placement.rules.geo import haversine_array
from sentra.placement.rules.model import CASE_MANAGER_PROFESSION, Beneficiary, Centre, Instance

#: How many nearer (or, for an unplaced person, nearest eligible) centres a reason lists.
REASON_CENTRES = 3


@dataclass(frozen=True)
class Adjustments:
    """The coordinator's changes to a run: person id → centre id, excluded centres, capacity deltas."""

    pins: Mapping[str, str] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()
    capacity: Mapping[tuple[str, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Prepared:
    """The instance the solver sees, the pinned people set aside, and pins over capacity."""

    instance: Instance
    pinned: dict[str, str]
    over_capacity: frozenset[str]


def units_of(
    person: Beneficiary, centre: Centre, service_professions: Mapping[str, Sequence[str]]
) -> dict[str, int]:
    """The resource units ``person`` takes at ``centre`` (services; capped professions there)."""
    units = dict.fromkeys(person.needs, 1)
    if centre.staff is not None:
        capped = set(centre.staff)
        if CASE_MANAGER_PROFESSION in capped:
            units[CASE_MANAGER_PROFESSION] = units.get(CASE_MANAGER_PROFESSION, 0) + 1
        for need in person.needs:
            for profession in service_professions.get(need, ()):
                if profession in capped:
                    units[profession] = units.get(profession, 0) + 1
    return units


def _free_of(centre: Centre) -> dict[str, int]:
    free = dict(centre.capacity)
    free.update(centre.staff or {})
    return free


def adjust(instance: Instance, adjustments: Adjustments) -> Instance:
    """The instance after exclusions and capacity changes, before pins (what reasons compare with)."""
    centres: list[Centre] = []
    for centre in instance.centres:
        if centre.id in adjustments.excluded:
            continue
        capacity = dict(centre.capacity)
        for (centre_id, service), delta in adjustments.capacity.items():
            if centre_id == centre.id:
                capacity[service] = max(0, capacity.get(service, 0) + delta)
        centres.append(replace(centre, capacity=capacity))
    return replace(instance, centres=centres)


def prepare(instance: Instance, adjustments: Adjustments) -> Prepared:
    """Apply capacity changes, exclusions and pins; unknown ids in the adjustments are ignored."""
    centres = list(adjust(instance, adjustments).centres)
    by_id = {centre.id: centre for centre in centres}
    free = {centre.id: _free_of(centre) for centre in centres}
    pinned: dict[str, str] = {}
    over: set[str] = set()
    people: list[Beneficiary] = []
    for person in instance.beneficiaries:
        target = adjustments.pins.get(person.id)
        if target is None or target not in by_id:
            people.append(person)
            continue
        pinned[person.id] = target
        for resource, amount in units_of(person, by_id[target], instance.service_professions).items():
            left = free[target].get(resource, 0) - amount
            if left < 0:
                over.add(person.id)
            free[target][resource] = max(0, left)
    reduced = [
        replace(
            centre,
            capacity={service: free[centre.id].get(service, 0) for service in centre.capacity},
            staff=None if centre.staff is None else {p: free[centre.id].get(p, 0) for p in centre.staff},
        )
        for centre in centres
    ]
    return Prepared(
        instance=replace(instance, centres=reduced, beneficiaries=people),
        pinned=pinned,
        over_capacity=frozenset(over),
    )


def remaining_capacity(
    instance: Instance, assignments: Mapping[str, str | None]
) -> dict[str, dict[str, int]]:
    """Free units per centre and resource once everyone in ``assignments`` has taken theirs."""
    by_id = {centre.id: centre for centre in instance.centres}
    free = {centre.id: _free_of(centre) for centre in instance.centres}
    for person in instance.beneficiaries:
        target = assignments.get(person.id)
        if target is None or target not in by_id:
            continue
        for resource, amount in units_of(person, by_id[target], instance.service_professions).items():
            if resource in free[target]:
                free[target][resource] -= amount
    return free


def _allowed(person: Beneficiary, centre: Centre, instance: Instance) -> bool:
    if instance.policy.children_in_province and person.child and person.province:
        return centre.province == person.province
    return True


def _why_not(
    person: Beneficiary, centre: Centre, free: Mapping[str, int], instance: Instance
) -> dict[str, Any]:
    missing = [need for need in person.needs if centre.capacity.get(need, 0) <= 0]
    if missing:
        return {"why": "missing", "services": missing}
    if not _allowed(person, centre, instance):
        return {"why": "province", "services": []}
    units = units_of(person, centre, instance.service_professions)
    full = [resource for resource, amount in units.items() if free.get(resource, 0) < amount]
    if full:
        services = [resource for resource in full if resource in person.needs]
        if services:
            return {"why": "full", "services": services}
        return {"why": "staff", "services": full}
    return {"why": "trade_off", "services": []}


def explain(
    instance: Instance,
    assignments: Mapping[str, str | None],
    *,
    pinned: Iterable[str] = (),
    over_capacity: Iterable[str] = (),
    excluded: Sequence[Centre] = (),
) -> dict[str, dict[str, Any]]:
    """Reasons per person (JSON-ready). ``instance`` carries the capacities the run started from
    (after exclusions and what-if changes); ``excluded`` are the centres the coordinator removed.

    Distances to every centre are computed per person as one vector (haversine), so a national list
    against thousands of sites stays fast; only the few centres a reason names are looked at in turn."""
    pinned_ids, over_ids = set(pinned), set(over_capacity)
    free = remaining_capacity(instance, assignments)
    centres = list(instance.centres)
    index = {centre.id: position for position, centre in enumerate(centres)}
    lat = np.array([centre.lat for centre in centres], dtype=np.float64)
    lon = np.array([centre.lon for centre in centres], dtype=np.float64)
    offers: dict[str, npt.NDArray[np.bool_]] = {}
    for person in instance.beneficiaries:
        for need in person.needs:
            if need not in offers:
                offers[need] = np.array(
                    [centre.capacity.get(need, 0) > 0 for centre in centres], dtype=np.bool_
                )
    ex_lat = np.array([centre.lat for centre in excluded], dtype=np.float64)
    ex_lon = np.array([centre.lon for centre in excluded], dtype=np.float64)
    reasons: dict[str, dict[str, Any]] = {}
    for person in instance.beneficiaries:
        km = haversine_array(person.lat, person.lon, lat, lon)
        target = assignments.get(person.id)
        position = index.get(target) if target is not None else None
        if target is not None and position is not None:
            own = float(km[position])
            closer = np.flatnonzero(km < own)
            closer = closer[np.argsort(km[closer], kind="stable")]
            nearer = []
            for other in closer.tolist():
                if other == position:
                    continue
                centre = centres[other]
                why = _why_not(person, centre, free[centre.id], instance)
                nearer.append({"centre": centre.id, "distance_km": round(float(km[other]), 1), **why})
                if len(nearer) == REASON_CENTRES:
                    break
            ex_km = haversine_array(person.lat, person.lon, ex_lat, ex_lon)
            reasons[person.id] = {
                "kind": "pinned" if person.id in pinned_ids else "placed",
                "distance_km": round(own, 1),
                "services": list(person.needs),
                "free_after": {need: max(0, free[target].get(need, 0)) for need in person.needs},
                "over_capacity": person.id in over_ids,
                "nearer": nearer,
                "excluded_nearer": [excluded[i].id for i in np.flatnonzero(ex_km < own).tolist()],
            }
            continue
        eligible = np.ones(len(centres), dtype=np.bool_)
        for need in person.needs:
            eligible &= offers[need]
        candidates = np.flatnonzero(eligible)
        candidates = candidates[np.argsort(km[candidates], kind="stable")][:REASON_CENTRES]
        reasons[person.id] = {
            "kind": "unplaced",
            "services": list(person.needs),
            "nowhere": [need for need in person.needs if not offers[need].any()],
            "no_bundle": not eligible.any(),
            "blocked": [
                {
                    "centre": centres[other].id,
                    "distance_km": round(float(km[other]), 1),
                    **_why_not(person, centres[other], free[centres[other].id], instance),
                }
                for other in candidates.tolist()
            ],
        }
    return reasons
