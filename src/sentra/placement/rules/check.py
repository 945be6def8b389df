"""An independent check of a placement: plain Python over the instance, sharing no code with the
solvers (its own haversine, its own usage count), so a solver bug cannot hide behind itself.

It verifies that every beneficiary appears once, that each placed person is at one existing centre
that offers every need (capacity above 0), that no centre exceeds its capacity for any service or its
staff units for any capped profession, and the policy terms when they are on; and it recomputes the
objective from scratch.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from sentra.placement.rules.model import CASE_MANAGER_PROFESSION, URGENT_FROM, Instance

_RADIUS_KM = 6371.0088


def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * _RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class CheckReport:
    violations: list[str] = field(default_factory=list)
    objective: float = 0.0
    total_distance_km: float = 0.0
    unplaced: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def check_solution(instance: Instance, assignments: Mapping[str, str | None]) -> CheckReport:
    """Verify every constraint of ``assignments`` (beneficiary id → centre id or None)."""
    report = CheckReport()
    centres = {centre.id: centre for centre in instance.centres}
    known = {person.id for person in instance.beneficiaries}
    for beneficiary_id in assignments:
        if beneficiary_id not in known:
            report.violations.append(f"{beneficiary_id}: not a beneficiary of the instance")
    services_used: Counter[tuple[str, str]] = Counter()
    staff_used: Counter[tuple[str, str]] = Counter()
    family_centres: dict[str, set[str]] = {}
    per_km = instance.weights.distance_per_km
    for person in instance.beneficiaries:
        if person.id not in assignments:
            report.violations.append(f"{person.id}: missing from the assignments")
            continue
        centre_id = assignments[person.id]
        if centre_id is None:
            report.unplaced.append(person.id)
            report.objective += instance.weights.unplaced_penalty[person.urgency - 1]
            continue
        centre = centres.get(centre_id)
        if centre is None:
            report.violations.append(f"{person.id}: assigned to unknown centre {centre_id!r}")
            continue
        for service in person.needs:
            if centre.capacity.get(service, 0) <= 0:
                report.violations.append(f"{person.id}: centre {centre_id} does not offer {service}")
            services_used[(centre_id, service)] += 1
        staff_used[(centre_id, CASE_MANAGER_PROFESSION)] += 1
        for service in person.needs:
            for profession in instance.service_professions.get(service, ()):
                staff_used[(centre_id, profession)] += 1
        if (
            instance.policy.children_in_province
            and person.child
            and person.province is not None
            and centre.province != person.province
        ):
            report.violations.append(
                f"{person.id}: child from province {person.province} placed in {centre.province}"
            )
        if instance.policy.families_together and person.family is not None:
            family_centres.setdefault(person.family, set()).add(centre_id)
        km = _great_circle_km(person.lat, person.lon, centre.lat, centre.lon)
        report.total_distance_km += km
        report.objective += per_km * km
    for (centre_id, service), used in sorted(services_used.items()):
        capacity = centres[centre_id].capacity.get(service, 0)
        if used > capacity:
            report.violations.append(f"centre {centre_id}: {used} placed for {service}, capacity {capacity}")
    for (centre_id, profession), used in sorted(staff_used.items()):
        staff = centres[centre_id].staff
        if staff is not None and profession in staff and used > staff[profession]:
            report.violations.append(
                f"centre {centre_id}: {used} {profession} units needed, {staff[profession]} available"
            )
    for family, used_centres in sorted(family_centres.items()):
        if len(used_centres) > 1:
            report.violations.append(f"family {family}: split over centres {sorted(used_centres)}")
    return report


def urgent_left_out(instance: Instance, assignments: Mapping[str, str | None]) -> list[str]:
    """Urgent people (urgency ≥ 4) left unplaced although some centre could take them if only the
    non-urgent people placed there made way: the property the default weights guarantee.

    With the families policy on, a person whose family already has a centre may only use that one.
    """
    centres = {centre.id: centre for centre in instance.centres}
    urgent_services: Counter[tuple[str, str]] = Counter()
    urgent_staff: Counter[tuple[str, str]] = Counter()
    family_centre: dict[str, str] = {}

    def units(needs: tuple[str, ...]) -> Counter[str]:
        counted: Counter[str] = Counter({CASE_MANAGER_PROFESSION: 1})
        for service in needs:
            counted.update(instance.service_professions.get(service, ()))
        return counted

    for person in instance.beneficiaries:
        centre_id = assignments.get(person.id)
        if centre_id is None:
            continue
        if instance.policy.families_together and person.family is not None:
            family_centre[person.family] = centre_id
        if person.urgency >= URGENT_FROM:
            for service in person.needs:
                urgent_services[(centre_id, service)] += 1
            for profession, count in units(person.needs).items():
                urgent_staff[(centre_id, profession)] += count
    left_out: list[str] = []
    for person in instance.beneficiaries:
        if person.urgency < URGENT_FROM or assignments.get(person.id) is not None:
            continue
        allowed = list(centres.values())
        if instance.policy.families_together and person.family in family_centre:
            allowed = [centres[family_centre[person.family]]]
        for centre in allowed:
            if any(centre.capacity.get(s, 0) <= urgent_services[(centre.id, s)] for s in person.needs):
                continue
            if (
                instance.policy.children_in_province
                and person.child
                and person.province is not None
                and centre.province != person.province
            ):
                continue
            staff = centre.staff or {}
            if any(
                profession in staff and staff[profession] < urgent_staff[(centre.id, profession)] + count
                for profession, count in units(person.needs).items()
            ):
                continue
            left_out.append(person.id)
            break
    return left_out
