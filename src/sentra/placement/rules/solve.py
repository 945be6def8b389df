"""One entry point: ``place(instance)`` → a :class:`PlacementResult` with its bound and gap, and its
improvement over the greedy coordinator.

Methods: ``"exact"`` (the MIP, proven optimal), ``"two_level"`` (the scalable method with a
Lagrangian bound), ``"greedy"`` (the baseline, with the capacity-free bound), and ``"auto"``: exact up
to ``exact_limit`` people, the scalable method above.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np

from sentra.placement.rules.compiled import Compiled, IntArray, compile_instance, objective_of
from sentra.placement.rules.exact import solve_exact
from sentra.placement.rules.greedy import greedy_assign
from sentra.placement.rules.groups import group_people, nearest_eligible
from sentra.placement.rules.model import URGENT_FROM, Instance
from sentra.placement.rules.twolevel import solve_two_level

Method = Literal["auto", "exact", "two_level", "greedy"]

#: ``auto`` solves exactly up to this many people (and this many person-centre pairs).
EXACT_LIMIT = 5_000
EXACT_ARC_LIMIT = 400_000
#: A run whose objective is within this relative distance of its bound is reported ``optimal``.
OPTIMAL_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Improvement:
    """How much the optimised proposal improves on the greedy one (positive = better)."""

    objective: float
    objective_pct: float
    distance_km: float
    mean_km_greedy: float
    mean_km_optimised: float
    placed: int
    urgent_unplaced_greedy: int
    urgent_unplaced_optimised: int

    def to_data(self) -> dict[str, float | int]:
        return {
            "objective": self.objective,
            "objective_pct": self.objective_pct,
            "distance_km": self.distance_km,
            "mean_km_greedy": self.mean_km_greedy,
            "mean_km_optimised": self.mean_km_optimised,
            "placed": self.placed,
            "urgent_unplaced_greedy": self.urgent_unplaced_greedy,
            "urgent_unplaced_optimised": self.urgent_unplaced_optimised,
        }


@dataclass
class PlacementResult:
    method: str
    status: Literal["optimal", "feasible"]
    objective: float
    total_distance_km: float
    lower_bound: float
    site_of: IntArray
    ids: list[str]
    centre_ids: list[str]
    urgency: IntArray
    seconds: float
    stats: dict[str, float] = field(default_factory=dict)
    improvement: Improvement | None = None

    @property
    def gap(self) -> float:
        """``(objective - lower_bound) / objective`` (0 when the objective is 0)."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.lower_bound) / self.objective)

    @property
    def placed(self) -> int:
        return int((self.site_of >= 0).sum())

    @cached_property
    def assignments(self) -> dict[str, str | None]:
        centre_ids: list[str | None] = [*self.centre_ids, None]
        return dict(zip(self.ids, (centre_ids[site] for site in self.site_of.tolist()), strict=True))

    @property
    def unplaced(self) -> list[str]:
        return [self.ids[i] for i in np.flatnonzero(self.site_of < 0).tolist()]

    @property
    def unplaced_by_urgency(self) -> dict[int, int]:
        counts = np.bincount(self.urgency[self.site_of < 0], minlength=6)
        return {u: int(counts[u]) for u in range(1, 6)}

    @property
    def urgent_unplaced(self) -> int:
        return int(((self.site_of < 0) & (self.urgency >= URGENT_FROM)).sum())

    def to_data(self, *, assignments: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "method": self.method,
            "status": self.status,
            "objective": round(self.objective, 6),
            "total_distance_km": round(self.total_distance_km, 6),
            "lower_bound": round(self.lower_bound, 6),
            "gap": self.gap,
            "placed": self.placed,
            "unplaced_count": len(self.ids) - self.placed,
            "unplaced_by_urgency": {str(u): count for u, count in self.unplaced_by_urgency.items()},
            "unplaced": self.unplaced,
            "seconds": round(self.seconds, 3),
        }
        if self.improvement is not None:
            data["improvement_over_greedy"] = self.improvement.to_data()
        if assignments:
            data["assignments"] = self.assignments
        return data


def capacity_free_bound(compiled: Compiled) -> float:
    """Everyone at their nearest eligible centre or unplaced, ignoring capacity: a weak but valid
    lower bound (the greedy method's, which solves no relaxation)."""
    if compiled.n == 0:
        return 0.0
    groups = group_people(compiled)
    _, km = nearest_eligible(
        compiled, groups.loc_lat[groups.group_loc], groups.loc_lon[groups.group_loc], groups.group_class, 1
    )
    per_person = np.minimum(compiled.per_km * km[:, 0][:, None], compiled.penalty[None, 1:])
    return float((groups.counts[:, 1:] * per_person).sum()) * (1 - 1e-12)


def _result(
    compiled: Compiled, method: str, site_of: IntArray, bound: float, started: float, stats: dict[str, float]
) -> PlacementResult:
    objective, distance = objective_of(compiled, site_of)
    bound = min(bound, objective)
    optimal = objective - bound <= OPTIMAL_TOLERANCE * max(1.0, abs(objective))
    return PlacementResult(
        method=method,
        status="optimal" if optimal else "feasible",
        objective=objective,
        total_distance_km=distance,
        lower_bound=bound,
        site_of=site_of,
        ids=compiled.ids,
        centre_ids=compiled.centre_ids,
        urgency=compiled.urgency,
        seconds=time.perf_counter() - started,
        stats=stats,
    )


def improvement(greedy: PlacementResult, optimised: PlacementResult) -> Improvement:
    placed_g, placed_o = max(1, greedy.placed), max(1, optimised.placed)
    return Improvement(
        objective=greedy.objective - optimised.objective,
        objective_pct=100.0 * (greedy.objective - optimised.objective) / greedy.objective
        if greedy.objective
        else 0.0,
        distance_km=greedy.total_distance_km - optimised.total_distance_km,
        mean_km_greedy=greedy.total_distance_km / placed_g,
        mean_km_optimised=optimised.total_distance_km / placed_o,
        placed=optimised.placed - greedy.placed,
        urgent_unplaced_greedy=greedy.urgent_unplaced,
        urgent_unplaced_optimised=optimised.urgent_unplaced,
    )


def place_greedy(instance: Instance | Compiled) -> PlacementResult:
    started = time.perf_counter()
    compiled = instance if isinstance(instance, Compiled) else compile_instance(instance)
    site_of = greedy_assign(compiled)
    return _result(compiled, "greedy", site_of, capacity_free_bound(compiled), started, {})


def place(
    instance: Instance | Compiled,
    *,
    method: Method = "auto",
    compare_with_greedy: bool = True,
    exact_limit: int = EXACT_LIMIT,
    time_limit: float = 60.0,
    options: Mapping[str, Any] | None = None,
) -> PlacementResult:
    """Optimise a placement.

    With ``compare_with_greedy`` the greedy baseline runs too: the result carries the improvement
    over it, and should the heuristic ever come out worse than greedy, greedy's proposal is kept
    (``stats["kept_greedy"] = 1``) with the optimiser's bound, so a proposal is never worse.
    """
    started = time.perf_counter()
    compiled = instance if isinstance(instance, Compiled) else compile_instance(instance)
    if method == "greedy":
        return place_greedy(compiled)
    greedy = place_greedy(compiled) if compare_with_greedy or method in ("auto", "exact") else None
    if method == "auto":
        arcs = int(compiled.eligible[compiled.person_class].sum()) if compiled.n <= exact_limit else 0
        method = "exact" if compiled.n <= exact_limit and arcs <= EXACT_ARC_LIMIT else "two_level"
    stats: dict[str, float] = {}
    if method == "exact":
        outcome = solve_exact(compiled, start=greedy.site_of if greedy else None, time_limit=time_limit)
        site_of, bound = outcome.site_of, outcome.lower_bound
        stats["mip_nodes"] = outcome.nodes
        result = _result(compiled, "exact", site_of, bound, started, stats)
        if outcome.optimal:
            result.status = "optimal"
    else:
        two_level = solve_two_level(compiled, **dict(options or {}))
        stats.update(two_level.stats)
        result = _result(compiled, "two_level", two_level.site_of, two_level.lower_bound, started, stats)
    if greedy is not None:
        if greedy.objective < result.objective:
            kept = _result(compiled, result.method, greedy.site_of.copy(), result.lower_bound, started, stats)
            kept.stats["kept_greedy"] = 1
            result = kept
        result.improvement = improvement(greedy, result)
        result.seconds = time.perf_counter() - started
    return result
