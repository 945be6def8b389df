"""An instance turned into arrays the solvers share.

* A *class* is what makes two people interchangeable apart from home and urgency: the sorted need
  bundle, plus the province a child must stay in when that policy is on.
* *Resources* are the services (capacity per centre) and the capped professions (staff units per
  centre). ``usage[c, r]`` is what one person of class ``c`` takes of resource ``r``; ``cap[j, r]``
  what centre ``j`` has (``UNCAPPED`` where no cap applies).
* ``eligible[c, j]``: centre ``j`` offers every service of class ``c`` (capacity above 0), has at least
  one person's worth of every resource, and respects the province restriction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sentra.placement.rules.geo import haversine_array
from sentra.placement.rules.model import Instance

UNCAPPED = 1 << 40

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class PersonClass:
    needs: tuple[str, ...]
    province: str | None


@dataclass
class Compiled:
    instance: Instance
    ids: list[str]
    centre_ids: list[str]
    lat: FloatArray
    lon: FloatArray
    site_lat: FloatArray
    site_lon: FloatArray
    urgency: IntArray
    person_class: IntArray
    classes: list[PersonClass]
    resources: list[tuple[str, str]]
    usage: IntArray
    cap: IntArray
    eligible: BoolArray
    penalty: FloatArray  # index by urgency 1..5 (index 0 unused)
    per_km: float
    family: IntArray  # family index per person, -1 when none or when the policy is off
    family_count: int

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        return len(self.centre_ids)

    def person_penalty(self) -> FloatArray:
        result: FloatArray = self.penalty[self.urgency]
        return result

    def usage_lists(self) -> list[list[tuple[int, int]]]:
        """Per class, the (resource, units) pairs it takes."""
        return [
            [(int(r), int(self.usage[c, r])) for r in np.flatnonzero(self.usage[c])]
            for c in range(len(self.classes))
        ]


def compile_instance(instance: Instance) -> Compiled:
    people = instance.beneficiaries
    centres = instance.centres
    n, m = len(people), len(centres)
    restrict = instance.policy.children_in_province

    class_index: dict[tuple[tuple[str, ...], str | None], int] = {}
    classes: list[PersonClass] = []
    person_class = np.empty(n, dtype=np.int64)
    for position, person in enumerate(people):
        province = person.province if restrict and person.child else None
        key = (person.needs, province)
        index = class_index.get(key)
        if index is None:
            bundle = tuple(sorted(person.needs))
            canonical = (bundle, province)
            index = class_index.get(canonical)
            if index is None:
                index = len(classes)
                classes.append(PersonClass(needs=bundle, province=province))
                class_index[canonical] = index
            class_index[key] = index
        person_class[position] = index

    services = sorted(
        {s for c in classes for s in c.needs} | {s for centre in centres for s in centre.capacity}
    )
    professions = sorted({p for centre in centres if centre.staff for p in centre.staff})
    resources = [("service", s) for s in services] + [("staff", p) for p in professions]
    service_column = {s: i for i, s in enumerate(services)}
    profession_column = {p: len(services) + i for i, p in enumerate(professions)}

    usage = np.zeros((len(classes), len(resources)), dtype=np.int64)
    for c, person_class_info in enumerate(classes):
        for s in person_class_info.needs:
            usage[c, service_column[s]] += 1
        for profession, units in instance.units_needed(person_class_info.needs).items():
            column = profession_column.get(profession)
            if column is not None:
                usage[c, column] += units

    cap = np.zeros((m, len(resources)), dtype=np.int64)
    for j, centre in enumerate(centres):
        for s, amount in centre.capacity.items():
            cap[j, service_column[s]] = amount
        for p in professions:
            staff = centre.staff
            cap[j, profession_column[p]] = staff[p] if staff is not None and p in staff else UNCAPPED

    eligible = np.zeros((len(classes), m), dtype=np.bool_)
    if m and classes:
        eligible = np.all(usage[:, None, :] <= cap[None, :, :], axis=2)
        offered = cap[:, : len(services)] > 0
        needed = usage[:, : len(services)] > 0
        eligible &= ~np.any(needed[:, None, :] & ~offered[None, :, :], axis=2)
        for c, person_class_info in enumerate(classes):
            if person_class_info.province is not None:
                eligible[c] &= np.array([centre.province == person_class_info.province for centre in centres])

    family = np.full(n, -1, dtype=np.int64)
    family_count = 0
    if instance.policy.families_together:
        family_index: dict[str, int] = {}
        for position, person in enumerate(people):
            if person.family is not None:
                family[position] = family_index.setdefault(person.family, len(family_index))
        family_count = len(family_index)

    penalty = np.zeros(6, dtype=np.float64)
    penalty[1:] = instance.weights.unplaced_penalty
    return Compiled(
        instance=instance,
        ids=[person.id for person in people],
        centre_ids=[centre.id for centre in centres],
        lat=np.fromiter((person.lat for person in people), dtype=np.float64, count=n),
        lon=np.fromiter((person.lon for person in people), dtype=np.float64, count=n),
        site_lat=np.fromiter((centre.lat for centre in centres), dtype=np.float64, count=m),
        site_lon=np.fromiter((centre.lon for centre in centres), dtype=np.float64, count=m),
        urgency=np.fromiter((person.urgency for person in people), dtype=np.int64, count=n),
        person_class=person_class,
        classes=classes,
        resources=resources,
        usage=usage,
        cap=cap,
        eligible=eligible,
        penalty=penalty,
        per_km=instance.weights.distance_per_km,
        family=family,
        family_count=family_count,
    )


def travel_km(compiled: Compiled, site_of: IntArray) -> FloatArray:
    """Per person the km to their assigned centre (0 when unplaced)."""
    placed = site_of >= 0
    result = np.zeros(compiled.n, dtype=np.float64)
    if placed.any():
        sites = site_of[placed]
        result[placed] = haversine_array(
            compiled.lat[placed], compiled.lon[placed], compiled.site_lat[sites], compiled.site_lon[sites]
        )
    return result


def objective_of(compiled: Compiled, site_of: IntArray) -> tuple[float, float]:
    """(objective, total distance in km) of an assignment."""
    distance = float(travel_km(compiled, site_of).sum())
    unplaced = site_of < 0
    penalty = float(compiled.person_penalty()[unplaced].sum())
    return compiled.per_km * distance + penalty, distance


def remaining_capacity(compiled: Compiled, site_of: IntArray) -> IntArray:
    """``cap - used`` per centre and resource for an assignment."""
    used = np.zeros_like(compiled.cap)
    placed = site_of >= 0
    if placed.any():
        pairs = site_of[placed] * len(compiled.classes) + compiled.person_class[placed]
        counts = np.bincount(pairs, minlength=compiled.m * len(compiled.classes)).reshape(
            compiled.m, len(compiled.classes)
        )
        used = counts @ compiled.usage
    result: IntArray = compiled.cap - used
    return result


__all__ = [
    "UNCAPPED",
    "Compiled",
    "PersonClass",
    "compile_instance",
    "objective_of",
    "remaining_capacity",
    "travel_km",
]
