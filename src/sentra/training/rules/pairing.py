"""Knowledge exchange: pair centres strong in a competency with centres weak in it.

Each candidate pairing (host, visitor, competency) is worth
``benefit = need of the visitor x (host strength - visitor strength)`` (strengths are mean staff
levels on the 0..4 competency scale; need is the visitor's demand for the competency, 0..1) minus a
travel cost proportional to the distance between the two centres. CP-SAT chooses pairings to
maximise the total net value subject to each host's capacity (visits it can receive), each visitor's
limit on visits sent, and at most one host per (visitor, competency). Pairings of non-positive value
are never proposed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

SCALE = 1000  # CP-SAT works on integers: values are kept to a thousandth


@dataclass(frozen=True)
class CentreProfile:
    key: str
    latitude: float
    longitude: float
    strength: Mapping[str, float]  # competency code -> mean staff level 0..4
    need: Mapping[str, float]  # competency code -> demand 0..1
    host_capacity: int = 2
    max_visits: int = 2


@dataclass(frozen=True)
class PairingPolicy:
    min_strength_gap: float = 1.0  # the host must be at least this many levels ahead
    cost_per_1000_km: float = 0.5


@dataclass(frozen=True)
class Pairing:
    host: str
    visitor: str
    competency: str
    benefit: float
    distance_km: float
    value: float  # benefit - travel cost


def distance_km(a: CentreProfile, b: CentreProfile) -> float:
    """Great-circle distance on a sphere of mean Earth radius (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def candidate_pairings(centres: list[CentreProfile], policy: PairingPolicy) -> list[Pairing]:
    """Every pairing worth proposing on its own (positive value), in a fixed order."""
    pairings = []
    for visitor in centres:
        for competency, need in sorted(visitor.need.items()):
            if need <= 0:
                continue
            own = visitor.strength.get(competency, 0.0)
            for host in centres:
                if host.key == visitor.key:
                    continue
                lead = host.strength.get(competency, 0.0) - own
                if lead < policy.min_strength_gap:
                    continue
                km = distance_km(host, visitor)
                benefit = round(need * lead, 3)
                value = round(benefit - policy.cost_per_1000_km * km / 1000, 3)
                if value > 0:
                    pairings.append(Pairing(host.key, visitor.key, competency, benefit, round(km, 1), value))
    return pairings


def total_value(pairings: list[Pairing]) -> float:
    return round(sum(p.value for p in pairings), 3)


def violations(centres: list[CentreProfile], chosen: list[Pairing]) -> list[str]:
    by_key = {c.key: c for c in centres}
    problems = []
    hosted: dict[str, int] = {}
    sent: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for p in chosen:
        hosted[p.host] = hosted.get(p.host, 0) + 1
        sent[p.visitor] = sent.get(p.visitor, 0) + 1
        if (p.visitor, p.competency) in seen:
            problems.append(f"{p.visitor}/{p.competency} paired twice")
        seen.add((p.visitor, p.competency))
    problems += [
        f"{k} hosts {n} > {by_key[k].host_capacity}" for k, n in hosted.items() if n > by_key[k].host_capacity
    ]
    problems += [
        f"{k} sends {n} > {by_key[k].max_visits}" for k, n in sent.items() if n > by_key[k].max_visits
    ]
    return problems


def pair_centres(
    centres: list[CentreProfile], policy: PairingPolicy | None = None, *, time_limit: float = 10.0
) -> list[Pairing]:
    """The best set of pairings; sorted by value, best first."""
    policy = policy or PairingPolicy()
    candidates = candidate_pairings(centres, policy)
    if not candidates:
        return []
    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"p{i}") for i in range(len(candidates))]
    by_host: dict[str, list[cp_model.IntVar]] = {}
    by_visitor: dict[str, list[cp_model.IntVar]] = {}
    by_need: dict[tuple[str, str], list[cp_model.IntVar]] = {}
    for pairing, x in zip(candidates, xs, strict=True):
        by_host.setdefault(pairing.host, []).append(x)
        by_visitor.setdefault(pairing.visitor, []).append(x)
        by_need.setdefault((pairing.visitor, pairing.competency), []).append(x)
    capacity = {c.key: c for c in centres}
    for key, group in by_host.items():
        model.add(sum(group) <= capacity[key].host_capacity)
    for key, group in by_visitor.items():
        model.add(sum(group) <= capacity[key].max_visits)
    for group in by_need.values():
        model.add(sum(group) <= 1)
    model.maximize(sum(round(p.value * SCALE) * x for p, x in zip(candidates, xs, strict=True)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 1
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    chosen = [p for p, x in zip(candidates, xs, strict=True) if solver.value(x)]
    return sorted(chosen, key=lambda p: (-p.value, p.visitor, p.competency, p.host))
