"""Helpers of the placement tests: tiny instances on the equator, and a brute-force optimum."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from sentra.placement.rules import Beneficiary, Centre, Instance, Policy, Weights, check_solution

KM_PER_DEGREE = 6371.0088 * math.pi / 180  # along the equator


def centre(
    identifier: str,
    lon: float,
    lat: float = 0.0,
    staff: dict[str, int] | None = None,
    province: str | None = None,
    **capacity: int,
) -> Centre:
    return Centre(id=identifier, lat=lat, lon=lon, capacity=capacity, staff=staff, province=province)


def person(
    identifier: str,
    lon: float,
    needs: Sequence[str] = ("x",),
    urgency: int = 1,
    lat: float = 0.0,
    **extra: object,
) -> Beneficiary:
    return Beneficiary(id=identifier, lat=lat, lon=lon, needs=tuple(needs), urgency=urgency, **extra)  # type: ignore[arg-type]


def instance(
    centres: Sequence[Centre],
    people: Sequence[Beneficiary],
    *,
    service_professions: dict[str, tuple[str, ...]] | None = None,
    policy: Policy | None = None,
    weights: Weights | None = None,
) -> Instance:
    return Instance(
        centres=tuple(centres),
        beneficiaries=tuple(people),
        weights=weights or Weights(),
        service_professions=service_professions or {},
        policy=policy or Policy(),
    )


def brute_force(problem: Instance) -> tuple[float, dict[str, str | None]]:
    """The optimum by trying every assignment (tiny instances only), feasibility by the checker."""
    options: list[str | None] = [None, *(c.id for c in problem.centres)]
    best: tuple[float, dict[str, str | None]] | None = None
    ids = [p.id for p in problem.beneficiaries]
    for choice in itertools.product(options, repeat=len(ids)):
        assignments = dict(zip(ids, choice, strict=True))
        report = check_solution(problem, assignments)
        if report.ok and (best is None or report.objective < best[0] - 1e-9):
            best = (report.objective, assignments)
    assert best is not None
    return best
